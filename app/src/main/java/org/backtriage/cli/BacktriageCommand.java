package org.backtriage.cli;

import org.backtriage.commandline.CommandErrors;
import org.backtriage.engine.RuleBaseCache;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The top-level command: its subcommands are the doors of the command line. */
@Command(name = "backtriage", mixinStandardHelpOptions = true, version = "backtriage 0.1.0",
        description = "Rule-based back-exercise triage: intakes in, traceable advice, warnings and referrals out.",
        subcommands = {EvaluateCommand.class, CheckCommand.class, TestCommand.class, ExplainCommand.class,
                ImpactCommand.class, BenchCommand.class, ServeCommand.class, CatalogueCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:records rejected / problems found", "2:usage error or rule base that does not compile",
                "3:output could not be written", "4:a rule failed on some records (each an error record naming the rule)"})
public final class BacktriageCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    // the process's compiled rule bases: commands given the same rule files share one engine
    private final RuleBaseCache engines;

    public BacktriageCommand() {
        this(new RuleBaseCache(4));
    }

    /** With the compiled rule bases of {@code engines} (tests share one across many command lines). */
    public BacktriageCommand(RuleBaseCache engines) {
        this.engines = engines;
    }

    /**
     * The compiled rule bases of the command line that {@code command} belongs to; a cache of its own when
     * the command runs without this top-level command (a test running one subcommand).
     */
    static RuleBaseCache engines(CommandLine.Model.CommandSpec command) {
        for (CommandLine.Model.CommandSpec at = command; at != null; at = at.parent()) {
            if (at.userObject() instanceof BacktriageCommand top) {
                return top.engines;
            }
        }
        return new RuleBaseCache(1);
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a command, e.g. evaluate");
    }

    /**
     * The command line wired to the process's real output: stdout is a buffered writer on the file
     * descriptor itself (not System.out, which hides write errors), so a closed pipe is noticed.
     */
    public static CommandLine commandLine() {
        CommandLine commandLine = configure(new CommandLine(new BacktriageCommand()));
        commandLine.setOut(new PrintWriter(new BufferedWriter(new OutputStreamWriter(
                new FileOutputStream(FileDescriptor.out), StandardCharsets.UTF_8), 1 << 16)));
        commandLine.setErr(new PrintWriter(new OutputStreamWriter(System.err, StandardCharsets.UTF_8), true));
        return commandLine;
    }

    /** The shared handling of errors found while running: {@link CommandErrors#configure}. */
    public static CommandLine configure(CommandLine commandLine) {
        return CommandErrors.configure(commandLine);
    }
}
