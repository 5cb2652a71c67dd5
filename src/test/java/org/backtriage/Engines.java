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
}
