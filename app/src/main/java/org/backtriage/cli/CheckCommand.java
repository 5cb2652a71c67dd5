package org.backtriage.cli;

import org.backtriage.authoring.RuleCheck;
import org.backtriage.commandline.ExitCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code backtriage check}: the rule author's first step, every problem in the rule files as FILE:LINE:COLUMN. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Compiles the rule files and checks the rule authors' conventions (@id, @source, vocabulary, thresholds).",
                "Prints every problem as FILE:LINE:COLUMN: message, then a summary.",
                "Exit 0 when clean, 1 with problems, 2 when there is no rules folder (the rules built into the jar are never checked)."})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        RuleCheck.Report report = new RuleCheck().check(rules.authoringFiles());
        report.problems().forEach(out::println);
        out.println(report.summary());
        out.flush();
        return report.clean() ? ExitCode.OK : ExitCode.PROBLEMS;
    }
}
