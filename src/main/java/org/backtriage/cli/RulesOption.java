package org.backtriage.cli;

import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code --rules DIR}: the rules folder; without it ./rules, or the jar's embedded copy when ./rules is absent. */
public final class RulesOption {
    @Option(names = "--rules", paramLabel = "DIR",
            description = "Folder of rule files (default: ./rules, or the rules built into the jar when ./rules is absent).")
    Path rules;

    /** The rule files to use, saying on {@code err} which ones. */
    public RuleFiles files(PrintWriter err) {
        if (rules != null) {
            if (!Files.isDirectory(rules)) {
                throw new IllegalArgumentException("rules folder not found: " + rules);
            }
            return RuleFiles.fromFolder(rules);
        }
        Path local = Path.of("rules");
        if (Files.isDirectory(local)) {
            return RuleFiles.fromFolder(local);
        }
        err.println("backtriage: no ./rules folder here; using the rules built into the jar");
        return RuleFiles.embedded();
    }

    public TriageEngine engine(PrintWriter err) {
        return TriageEngine.from(files(err));
    }
}
