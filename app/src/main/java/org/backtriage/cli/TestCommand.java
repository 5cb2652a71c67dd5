package org.backtriage.cli;

import org.backtriage.batch.Json;
import org.backtriage.authoring.FixtureCheck;
import org.backtriage.authoring.OutcomeCoverage;
import org.backtriage.authoring.ScenarioLoader;
import org.backtriage.authoring.ScenarioRunner;
import org.backtriage.commandline.ExitCode;
import org.backtriage.engine.RuleInfo;
import org.backtriage.engine.TriageEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code backtriage test}: runs the rule authors' scenarios and, with --coverage, names the rules none of them
 * fired and the outcomes none of them expects ({@link OutcomeCoverage}); --strict makes a missing outcome fail.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Runs the rule authors' scenarios and shows expected against actual for each failing one (each passing one too with --verbose).",
                "Scenarios: the rules folder's scenarios/*.yaml, or the SCENARIO files or names given.",
                "Exit 0 when all pass, 1 when one fails (or, with --coverage, when no scenario fired a rule;",
                "with --strict also when no passing scenario expects an outcome),",
                "2 when the rules do not compile (run check), a scenario is not found, or there is no rules folder."})
public final class TestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Option(names = "--coverage", description = {"Also list the rules that no scenario fired (exit 1 if there is one),",
            "and the outcome coverage: each exercise with each status, each warning, reason and referral level",
            "that some passing scenario expects, and plainly each one none does."})
    boolean coverage;

    @Option(names = "--strict", description = "With --coverage (implied): exit 1 when no passing scenario expects an outcome.")
    boolean strict;

    @Option(names = "--verbose", description = "Also print a line for each scenario that passes.")
    boolean verbose;

    @Option(names = "--fixtures", paramLabel = "DIR", description = {"The fixtures to compare with their expected outcomes",
            "(DIR/expected/*.expected.ndjson). Default: the fixtures folder beside the rules folder, when there is one."})
    Path fixtures;

    @Parameters(paramLabel = "SCENARIO", arity = "0..*",
            description = "Scenario files, or names of files in the scenarios folder (with or without .yaml). Default: all of them.")
    List<String> scenarios = new ArrayList<>();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path folder = ScenarioRunner.folderOf(rules.authoringFolder());
        List<Path> files = scenarioFiles(folder);

        TriageEngine engine = rules.authoringEngine();
        ScenarioRunner runner = new ScenarioRunner(engine);
        // the runner serve --watch's reload gate uses too: a scenario fails here exactly when it fails there
        List<ScenarioRunner.Result> results = runner.runAll(files, outcome -> print(outcome, out)).stream()
                .map(ScenarioRunner.Outcome::result).toList();
        long failed = results.stream().filter(result -> !result.passed()).count();
        out.println(files.size() + " scenario(s): " + (files.size() - failed) + " passed, " + failed + " failed");
        boolean fixturesDiffer = scenarios.isEmpty() && !fixturesMatch(engine, out);
        boolean gap = false;
        if (coverage || strict) {
            List<RuleInfo> unfired = runner.unfired(results);
            int total = engine.rules().size();
            out.println("coverage: " + (total - unfired.size()) + " of " + total + " rules fired in at least one scenario");
            for (RuleInfo rule : unfired) {
                out.println("  not fired: " + rule.id() + " (" + rule.file() + ": \"" + rule.name() + "\")");
            }
            gap = !unfired.isEmpty();
            OutcomeCoverage.Report outcomes = OutcomeCoverage.ofPassed(engine.ruleBase().vocabulary(), results);
            printOutcomes(out, outcomes);
            gap |= strict && !outcomes.missing().isEmpty();
        }
        out.flush();
        return failed > 0 || gap || fixturesDiffer ? ExitCode.PROBLEMS : ExitCode.OK;
    }

    /**
     * One scenario's lines: FAIL and why (PASS too with --verbose). A rule that failed on the scenario stops
     * the command: that is the rule author's first thing to fix, named as every command names it.
     */
    private void print(ScenarioRunner.Outcome outcome, PrintWriter out) {
        if (outcome.failure() != null) {
            throw outcome.failure();
        }
        ScenarioRunner.Result result = outcome.result();
        Path file = outcome.file();
        if (result.passed()) {
            if (verbose) {
                out.println("PASS " + file.getFileName() + ": " + result.name());
            }
            return;
        }
        out.println("FAIL " + file.getFileName() + (result.name() == null ? "" : ": " + result.name()));
        if (result.error() != null) {
            result.error().lines().forEach(line -> out.println("  " + line));
        }
        result.differences().forEach(d -> out.println("  " + d));
    }

    /**
     * The fixtures against their hand-written expected outcomes (when there are fixtures to compare): each
     * record that differs, and how to update its expectation when the change is what the author meant.
     */
    private boolean fixturesMatch(TriageEngine engine, PrintWriter out) {
        Path folder = fixtures != null ? fixtures : rules.authoringFolder().toAbsolutePath().normalize().resolveSibling("fixtures");
        if (fixtures == null && !Files.isDirectory(folder.resolve("expected"))) {
            return true; // a rules folder without fixtures beside it: the scenarios are all there is to run
        }
        if (!Files.isDirectory(folder.resolve("expected"))) {
            throw new IllegalArgumentException("no expected outcomes: " + folder.resolve("expected") + " is not a folder");
        }
        FixtureCheck.Report report = new FixtureCheck(Json.mapper()).check(engine, folder);
        for (String problem : report.problems()) {
            out.println("FIXTURE " + problem);
        }
        for (FixtureCheck.Mismatch m : report.mismatches()) {
            out.println("FIXTURE " + shown(m.expectedFile()) + ":" + m.line() + ": the outcome changed");
            out.println("  expected " + m.expected());
            out.println("  actual   " + m.actual());
        }
        out.println(report.records() + " fixture record(s) in " + report.files() + " file(s): "
                + (report.records() - report.mismatches().size()) + " as expected, " + report.mismatches().size() + " changed");
        if (!report.mismatches().isEmpty()) {
            out.println("  If a change is what you meant (check it against the clinical notes first), replace that line of the"
                    + " expected file with the 'actual' line above; otherwise fix the rule. The expected files are written by"
                    + " hand: never copy a whole run over them.");
        }
        return report.clean();
    }

    private void printOutcomes(PrintWriter out, OutcomeCoverage.Report report) {
        out.println("outcome coverage: " + report.covered().size() + " of " + report.total()
                + " outcomes are expected by a passing scenario");
        for (OutcomeCoverage.Kind kind : OutcomeCoverage.Kind.values()) {
            String line = report.coveredLine(kind);
            out.println("  covered " + kind.plural() + ": " + (line.isEmpty() ? "none" : line));
        }
        if (report.missing().isEmpty()) {
            out.println("  missing: nothing");
            return;
        }
        report.missing().forEach(outcome -> out.println("  missing: " + outcome.missing()));
        if (!strict) {
            out.println("  (a missing outcome does not change the exit code; test --coverage --strict exits 1 on it)");
        }
    }

    /** A path as the author typed it: relative to the current folder when it is inside it. */
    private static Path shown(Path file) {
        Path here = Path.of("").toAbsolutePath();
        Path absolute = file.toAbsolutePath().normalize();
        return absolute.startsWith(here) ? here.relativize(absolute) : absolute;
    }

    private List<Path> scenarioFiles(Path folder) {
        if (scenarios.isEmpty()) {
            if (!Files.isDirectory(folder)) {
                throw new IllegalArgumentException("no scenarios folder: " + folder);
            }
            List<Path> all = ScenarioLoader.filesIn(folder);
            if (all.isEmpty()) {
                throw new IllegalArgumentException("no scenario files (.yaml) in " + folder);
            }
            return all;
        }
        List<Path> files = new ArrayList<>();
        for (String name : scenarios) {
            Path given = Path.of(name);
            Path inFolder = folder.resolve(name.endsWith(".yaml") || name.endsWith(".yml") ? name : name + ".yaml");
            if (Files.isRegularFile(given)) {
                files.add(given);
            } else if (Files.isRegularFile(inFolder)) {
                files.add(inFolder);
            } else {
                throw new IllegalArgumentException("scenario not found: " + name + " (looked for " + given + " and " + inFolder + ")");
            }
        }
        return files;
    }
}
