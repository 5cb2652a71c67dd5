package org.backtriage.commandline;

import org.backtriage.batch.UnwritableFile;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFailure;
import picocli.CommandLine;

/**
 * How every program of backtriage (the command line and the Spark job) reports an error found while a
 * command runs: in words on its error writer, with the {@link ExitCode} that names it. Shared here so the
 * Spark job does not depend on the command line's module.
 */
public final class CommandErrors {
    private CommandErrors() {
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
