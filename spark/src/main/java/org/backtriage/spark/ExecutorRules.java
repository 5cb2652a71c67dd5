package org.backtriage.spark;

import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.TreeMap;

/**
 * The rule files as they travel to the executors (a Spark broadcast value), and the one engine each
 * executor JVM compiles from them.
 *
 * <p>Only the texts are shipped, never a KieBase: each executor compiles them with the same
 * {@link TriageEngine#from} that every other door uses. Why this gives one engine per executor JVM,
 * without a static cache: Spark deserializes a broadcast value once per executor and hands that same
 * object to every task there (TorrentBroadcast keeps it in the executor's block manager), so the engine
 * cached in this object's transient field is shared by all the executor's tasks and threads. The holder
 * is its own key: one broadcast carries one rule set version. On the driver (and so in {@code local[N]},
 * where the driver is the executor) it is the very object the driver compiled to check the rules.
 */
public final class ExecutorRules implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ExecutorRules.class);

    private final String origin;
    private final TreeMap<String, String> files;
    private final String version;
    private transient volatile TriageEngine engine;

    public ExecutorRules(RuleFiles ruleFiles) {
        this.origin = ruleFiles.origin();
        this.files = new TreeMap<>(ruleFiles.files());
        this.version = ruleFiles.version();
    }

    /** The rule set version (a content hash of the files). */
    public String version() {
        return version;
    }

    /** The engine for these rule files, compiled on first use in this JVM and then shared. */
    public TriageEngine engine() {
        TriageEngine compiled = engine;
        if (compiled == null) {
            synchronized (this) {
                compiled = engine;
                if (compiled == null) {
                    long start = System.nanoTime();
                    RuleFiles ruleFiles = new RuleFiles(origin, files);
                    if (!ruleFiles.version().equals(version)) {
                        throw new IllegalStateException("the rule files changed on their way to this executor: "
                                + ruleFiles.version() + " is not " + version);
                    }
                    compiled = TriageEngine.from(ruleFiles);
                    engine = compiled;
                    LOG.info("backtriage: compiled rule set {} ({} rules) in this JVM in {} ms", version,
                            compiled.rules().size(), (System.nanoTime() - start) / 1_000_000);
                }
            }
        }
        return compiled;
    }
}
