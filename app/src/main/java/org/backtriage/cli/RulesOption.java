package org.backtriage.cli;

import org.backtriage.engine.RuleBaseCache;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * {@code --rules DIR}: the rules folder. Without it: {@code ./rules}, or the current folder when it is a
 * rules folder itself (it holds {@code vocabulary.yaml} and {@code .drl} files).
 * <p>
 * The authoring commands (check, test, explain, impact) use a rules folder or nothing: checking the copy
 * built into the jar would answer a question the author did not ask. evaluate and serve may fall back to
 * that copy, and say so on stderr.
 */
public final class RulesOption {
    @Option(names = "--rules", paramLabel = "DIR",
            description = "Folder of rule files (default: ./rules, or the current folder when it holds vocabulary.yaml and .drl files).")
    Path rules;

    // the command this option belongs to, for the command line's compiled rule bases
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** The rules folder an authoring command works on; a usage error (exit 2) saying where it looked when there is none. */
    public Path authoringFolder() {
        return authoringFolder(rules);
    }

    /** The rule files an authoring command works on. */
    public RuleFiles authoringFiles() {
        return RuleFiles.fromFolder(authoringFolder());
    }

    /** The rules folder {@code given}, or the one found from the current folder; never the jar's copy. */
    static Path authoringFolder(Path given) {
        if (given != null) {
            if (!Files.isDirectory(given)) {
                throw new IllegalArgumentException("rules folder not found: " + given);
            }
            return given;
        }
        Path found = localFolder();
        if (found == null) {
            Path here = Path.of("").toAbsolutePath();
            throw new IllegalArgumentException("no rules folder: looked for " + here.resolve("rules")
                    + " and for vocabulary.yaml with .drl files in " + here
                    + "; run this from the folder that holds rules/ or from inside rules/, or give --rules DIR");
        }
        return found;
    }

    /** ./rules when it exists; the current folder when it is a rules folder; otherwise null. */
    private static Path localFolder() {
        Path local = Path.of("rules");
        if (Files.isDirectory(local)) {
            return local;
        }
        Path here = Path.of(".");
        return isRulesFolder(here) ? here : null;
    }

    private static boolean isRulesFolder(Path folder) {
        if (!Files.isRegularFile(folder.resolve(RuleFiles.VOCABULARY))) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.anyMatch(p -> p.getFileName().toString().endsWith(".drl"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + folder, e);
        }
    }

    /** The rule files evaluate and serve use: the rules folder, or else the jar's copy, saying so on {@code err}. */
    public RuleFiles files(PrintWriter err) {
        if (rules != null) {
            return RuleFiles.fromFolder(authoringFolder());
        }
        Path found = localFolder();
        if (found != null) {
            return RuleFiles.fromFolder(found);
        }
        err.println("backtriage: no rules folder here (no ./rules, and no vocabulary.yaml with .drl files in "
                + Path.of("").toAbsolutePath() + "); using the rules built into the jar");
        err.flush();
        return RuleFiles.embedded();
    }

    /** The engine evaluate and serve use (see {@link #files}). */
    public TriageEngine engine(PrintWriter err) {
        return engines().engine(files(err));
    }

    /** The engine an authoring command uses (see {@link #authoringFolder()}). */
    public TriageEngine authoringEngine() {
        return engines().engine(authoringFiles());
    }

    private RuleBaseCache engines() {
        return BacktriageCommand.engines(command);
    }
}
