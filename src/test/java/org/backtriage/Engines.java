package org.backtriage;

import org.backtriage.engine.TriageEngine;

import java.nio.file.Path;

/** The shipped rule base, compiled once per test class that asks for it (a build takes about two seconds). */
public final class Engines {
    private Engines() {
    }

    public static TriageEngine shipped() {
        return TriageEngine.fromFolder(Path.of("rules"));
    }

    /**
     * The shipped rule base built once for all the test classes in this JVM that only run it (an engine is
     * immutable and thread-safe), so the fault tests do not each pay a build.
     */
    public static TriageEngine shared() {
        return Shared.ENGINE;
    }

    private static final class Shared {
        static final TriageEngine ENGINE = shipped(); // built on first use (lazy holder)
    }
}
