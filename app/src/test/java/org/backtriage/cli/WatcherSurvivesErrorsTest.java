package org.backtriage.cli;

import org.backtriage.Engines;
import org.backtriage.FaultyRules;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.backtriage.http.LiveEngine;
import org.backtriage.http.RuleWatcher;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, the --watch row: a rule whose consequence throws an Error used to end the watcher silently, so
 * no later edit ever loaded. Now the reload is refused and logged (check refuses such a rule before it can
 * run), and the watcher goes on.
 */
class WatcherSurvivesErrorsTest {
    @TempDir
    Path dir;

    @Test
    void aRuleThatThrowsAnErrorIsRefusedNamingTheRuleAndALaterGoodEditStillLoads() throws Exception {
        Path rules = FaultyRules.copy(org.backtriage.Engines.FROZEN_RULES, dir);
        LiveEngine live = new LiveEngine(Engines.frozen()); // the same rules as the copy: nothing to reload yet
        String serving = live.current().orElseThrow().ruleBase().version();
        BlockingQueue<RuleWatcher.Reload> reloads = new LinkedBlockingQueue<>();
        try (RuleWatcher watcher = new RuleWatcher(rules, live, files -> ServeCommand.compileAndTest(files, rules),
                reloads::add).start(Duration.ofMillis(100))) {
            FaultyRules.write(rules.resolve("faulty.drl"), FaultyRules.THROWS_AN_ERROR);
            RuleWatcher.Reload refused = reloads.poll(120, TimeUnit.SECONDS);
            assertNotNull(refused, "the watcher tried the new rules");
            assertFalse(refused.live());
            // refused by check (a rule's actions only insert conclusions) before any scenario could run it
            assertTrue(refused.problems().stream().anyMatch(p -> p.file().equals("faulty.drl")
                    && p.message().contains("is not allowed")), refused.problems().toString());
            assertEquals(serving, live.current().orElseThrow().ruleBase().version(), "the old rules keep serving");

            Files.delete(rules.resolve("faulty.drl"));
            Files.writeString(rules.resolve("warnings.drl"), Files.readString(rules.resolve("warnings.drl")) + "\n// reviewed\n");
            RuleWatcher.Reload fixed = reloads.poll(120, TimeUnit.SECONDS);
            assertNotNull(fixed, "the watcher is still polling");
            assertTrue(fixed.live(), fixed.problems().toString());
            assertEquals(RuleFiles.fromFolder(rules).version(), live.current().orElseThrow().ruleBase().version());
        }
    }

    @Test
    void anErrorThrownWhileBuildingDoesNotEndTheWatcher() throws Exception {
        Path rules = FaultyRules.copy(org.backtriage.Engines.FROZEN_RULES, dir);
        LiveEngine live = new LiveEngine(Engines.frozen());
        AtomicBoolean first = new AtomicBoolean(true);
        Function<RuleFiles, TriageEngine> compiler = files -> {
            if (first.getAndSet(false)) {
                throw new StackOverflowError("a runaway rule helper"); // an Error, not an Exception
            }
            return TriageEngine.from(files);
        };
        BlockingQueue<RuleWatcher.Reload> reloads = new LinkedBlockingQueue<>();
        try (RuleWatcher watcher = new RuleWatcher(rules, live, compiler, reloads::add).start(Duration.ofMillis(100))) {
            Path warnings = rules.resolve("warnings.drl");
            Files.writeString(warnings, Files.readString(warnings) + "\n// first edit\n");
            RuleWatcher.Reload refused = reloads.poll(120, TimeUnit.SECONDS);
            assertNotNull(refused);
            assertFalse(refused.live());
            assertTrue(refused.problems().get(0).message().contains("StackOverflowError"), refused.problems().toString());

            Files.writeString(warnings, Files.readString(warnings) + "\n// second edit\n");
            RuleWatcher.Reload loaded = reloads.poll(120, TimeUnit.SECONDS);
            assertNotNull(loaded, "the watcher survived the Error and saw the next edit");
            assertTrue(loaded.live(), loaded.problems().toString());
        }
    }
}
