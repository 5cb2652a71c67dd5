package org.backtriage.authoring;

import org.backtriage.cli.BacktriageCommand;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A copy of a rule base in a temporary folder, to break or extend, and the CLI run against it: the frozen
 * rule base of the tests ({@link #of}), or the shipped rules/ where a test follows the rule authors' README
 * on the rules they edit ({@link #ofShipped}).
 */
final class RuleCopy {
    static final Path SHIPPED = org.backtriage.Engines.SHIPPED_RULES;
    static final Path FROZEN = org.backtriage.Engines.FROZEN_RULES;

    final Path root;

    private RuleCopy(Path root) {
        this.root = root;
    }

    /** A copy of the frozen rule base of the tests. */
    static RuleCopy of(Path temp) {
        return new RuleCopy(org.backtriage.FaultyRules.copy(org.backtriage.Engines.FROZEN_RULES, temp));
    }

    /** A copy of the shipped rules/, as a rule author would edit them. */
    static RuleCopy ofShipped(Path temp) {
        return new RuleCopy(org.backtriage.FaultyRules.copy(org.backtriage.Engines.SHIPPED_RULES, temp));
    }

    /** Replaces the first occurrence of {@code from} (which must be there) in {@code file}. */
    RuleCopy replace(String file, String from, String to) {
        String text = read(file);
        assertTrue(text.contains(from), file + " no longer contains: " + from);
        write(file, text.replaceFirst(java.util.regex.Pattern.quote(from), java.util.regex.Matcher.quoteReplacement(to)));
        return this;
    }

    String read(String file) {
        try {
            return Files.readString(root.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    RuleCopy write(String file, String text) {
        try {
            Files.createDirectories(root.resolve(file).getParent());
            Files.writeString(root.resolve(file), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** "LINE:COLUMN" of {@code needle} in {@code file}, plus {@code offset} characters into it. */
    String position(String file, String needle, int offset) {
        String text = read(file);
        int at = text.indexOf(needle);
        assertTrue(at >= 0, file + " does not contain " + needle);
        at += offset;
        int line = 1 + (int) text.substring(0, at).chars().filter(c -> c == '\n').count();
        int column = at - (text.lastIndexOf('\n', at - 1) + 1) + 1;
        return line + ":" + column;
    }

    /** The result of one command line run. */
    record Run(int exit, String out, String err) {
    }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = BacktriageCommand.configure(new CommandLine(new BacktriageCommand(org.backtriage.Engines.COMPILED)));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }
}
