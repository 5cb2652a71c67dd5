package org.backtriage.cli;

import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;

import java.nio.file.Path;

/** Lets tests outside this package go through serve's reload gate, exactly as a reload does. */
public final class ServeCommandAccess {
    private ServeCommandAccess() {
    }

    public static TriageEngine compileAndTest(RuleFiles files, Path folder) {
        return ServeCommand.compileAndTest(files, folder);
    }
}
