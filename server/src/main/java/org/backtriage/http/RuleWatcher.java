package org.backtriage.http;

import org.backtriage.check.RuleProblem;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * {@code serve --watch}: polls the rules folder and, when its content hash changes, compiles the new
 * rule base off to the side. It goes live only if it compiles; otherwise the old one keeps serving and
 * each problem is logged with file and line. Polling (not a WatchService) because editors save by
 * rename and temporary files, and a content hash sees through all of that; a rule folder is small.
 */
public final class RuleWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RuleWatcher.class);

    /** What one reload attempt did: the version it tried, whether it went live, and why not. */
    public record Reload(String version, boolean live, List<RuleProblem> problems) {
        public Reload {
            problems = List.copyOf(problems);
        }
    }

    private final Path folder;
    private final LiveEngine live;
    private final Function<RuleFiles, TriageEngine> compiler;
    private final Consumer<Reload> listener;
    private final ScheduledExecutorService scheduler;
    // only the scheduler thread reads and writes it
    private String lastSeen;

    /**
     * @param compiler builds an engine from rule files (throws {@link RuleBaseException} when they do not compile);
     *                 the place where scenario checks can join when they exist
     * @param listener told of every attempt (tests wait on it; may be a no-op)
     */
    public RuleWatcher(Path folder, LiveEngine live, Function<RuleFiles, TriageEngine> compiler, Consumer<Reload> listener) {
        this.folder = folder;
        this.live = live;
        this.compiler = compiler;
        this.listener = listener;
        this.lastSeen = live.current().map(e -> e.ruleBase().version()).orElse(null);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "backtriage-rule-watcher");
            thread.setDaemon(true);
            return thread;
        });
    }

    public RuleWatcher start(Duration interval) {
        scheduler.scheduleWithFixedDelay(this::check, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** One poll: rebuild if the files changed since the last attempt. */
    void check() {
        RuleFiles files;
        try {
            files = RuleFiles.fromFolder(folder);
        } catch (RuntimeException unreadable) {
            LOG.warn("rule reload: cannot read {} right now; will look again", folder);
            return;
        }
        String version = files.version();
        if (version.equals(lastSeen)) {
            return;
        }
        lastSeen = version;
        String serving = live.current().map(e -> e.ruleBase().version()).orElse("none");
        try {
            TriageEngine next = compiler.apply(files);
            live.replace(next);
            LOG.info("rule reload: rule set {} ({} rules) is live; it replaces {}", version, next.rules().size(), serving);
            listener.accept(new Reload(version, true, List.of()));
        } catch (RuleBaseException e) {
            for (RuleProblem problem : e.problems()) {
                LOG.warn("rule reload failed: {}:{}:{}: {}", problem.file(), problem.line(), problem.column(), problem.message());
            }
            LOG.warn("rule reload: rule set {} has {} problem(s); rule set {} keeps serving", version, e.problems().size(), serving);
            listener.accept(new Reload(version, false, e.problems()));
        } catch (RuntimeException | Error e) {
            // an Error too (a rule's static code, a runaway recursion): a throwable that escaped would end the
            // scheduled polling silently, and no later edit would ever load
            LOG.warn("rule reload: rule set {} could not be built ({}); rule set {} keeps serving", version,
                    e.getClass().getName(), serving);
            listener.accept(new Reload(version, false, List.of(new RuleProblem(folder.toString(), 0, 0,
                    "could not be built: " + e.getClass().getName()))));
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
