package org.backtriage.cli;

import org.backtriage.batch.UnwritableFile;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFailure;
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
                ImpactCommand.class, BenchCommand.class, ServeCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:records rejected / problems found", "2:usage error or rule base that does not compile",
                "3:output could not be written", "4:a rule failed on some records (each an error record naming the rule)"})
public final class BacktriageCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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

    /** Usage mistakes found while running (a missing rules folder, say) are reported like picocli's own. */
    public static CommandLine configure(CommandLine commandLine) {
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof RuleBaseException refused) {
                // every door refuses a broken rule base the same way: each problem located, nothing evaluated
                refused.problems().forEach(cl.getErr()::println);
                cl.getErr().println("backtriage: the rule base has " + refused.problems().size()
                        + " problem(s); run 'backtriage check' and fix them first");
                cl.getErr().flush();
                return ExitCode.USAGE;
            }
            RuleFailure ruleFailure = ruleFailureIn(e);
            if (ruleFailure != null) {
                // commands that stop at a failing rule (test, explain, impact): the rule, never the intake
                cl.getErr().println("backtriage: the rule " + ruleFailure.ruleId() + " failed (" + ruleFailure.thrown()
                        + "); fix the rule, then run 'backtriage test'");
                cl.getErr().flush();
                return ExitCode.RULE_FAILED;
            }
            if (e instanceof UnwritableFile unwritable) {
                cl.getErr().println("backtriage: " + unwritable.getMessage());
                cl.getErr().flush();
                return ExitCode.OUTPUT_FAILED;
            }
            if (e instanceof IllegalArgumentException) {
                cl.getErr().println("backtriage: " + (e.getMessage() != null ? e.getMessage() : "invalid argument"));
                cl.getErr().flush();
                return ExitCode.USAGE;
            }
            throw e;
        });
        return commandLine;
    }

    private static RuleFailure ruleFailureIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RuleFailure failure) {
                return failure;
            }
        }
        return null;
    }
}
