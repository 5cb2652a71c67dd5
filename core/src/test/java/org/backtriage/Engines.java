package org.backtriage;

import org.backtriage.engine.RuleBaseCache;
import org.backtriage.engine.TriageEngine;

import java.nio.file.Path;

/**
 * The rule bases the tests run on. Java tests of the engine, the commands, the server and the pages run on
 * the frozen copy ({@link #FROZEN_RULES}), so a physiotherapist's correct edit of {@code rules/} never
 * turns them red; only the scenarios and {@code fixtures/expected/} judge the shipped rules ({@link #shipped()}).
 */
public final class Engines {
    /** The frozen rule base of the Java tests (a copy of rules/ at clinical revision 3). */
    public static final Path FROZEN_RULES = Path.of("core/src/test/frozen-rules");
    /** The rules physiotherapists edit. */
    public static final Path SHIPPED_RULES = Path.of("rules");
    /** The rule bases the command tests compile, shared: a command on unchanged rules reuses the engine. */
    public static final RuleBaseCache COMPILED = new RuleBaseCache(8);

    private Engines() {
    }

    /** The shipped rule base, built anew: for the tests that judge it (fixtures and their expected outcomes). */
    public static TriageEngine shipped() {
        return TriageEngine.fromFolder(SHIPPED_RULES);
    }

    /**
     * The frozen rule base, built once for all the test classes in this JVM (an engine is immutable and
     * thread-safe), so no test class pays a build of its own for the same rules.
     */
    public static TriageEngine frozen() {
        return Frozen.ENGINE;
    }

    private static final class Frozen {
        static final TriageEngine ENGINE = TriageEngine.fromFolder(FROZEN_RULES); // built on first use (lazy holder)
    }
}
