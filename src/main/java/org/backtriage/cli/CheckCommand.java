package org.backtriage.cli;

import org.backtriage.authoring.RuleCheck;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.TriageEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code backtriage check}: the rule author's first step, every problem in the rule files as FILE:LINE:COLUMN. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Compiles the rule files and checks the rule authors' conventions (@id, @source, vocabulary, thresholds).",
                "Prints every problem as FILE:LINE:COLUMN: message, then a summary. Exit 0 when clean, 1 with problems."})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RuleCheck.Report report = new RuleCheck().check(rules.files(spec.commandLine().getErr()));
        report.problems().forEach(out::println);
        out.println(report.summary());
        out.flush();
        return report.clean() ? ExitCode.OK : ExitCode.PROBLEMS;
    }

    /**
     * The engine for the test and explain commands, or {@code null} after printing the rule base's problems
     * on {@code err}: those commands cannot run on rules that do not compile, and point the author to check.
     */
    static TriageEngine engineOrReport(RulesOption rules, PrintWriter err) {
        try {
            return rules.engine(err);
        } catch (RuleBaseException e) {
            e.problems().forEach(err::println);
            err.println("backtriage: the rule base has " + e.problems().size() + " problem(s); run 'backtriage check' and fix them first");
            err.flush();
            return null;
        }
    }
}
