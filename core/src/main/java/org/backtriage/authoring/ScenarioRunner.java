package org.backtriage.authoring;

import org.backtriage.assessment.Assessment;
import org.backtriage.engine.RuleFailure;
import org.backtriage.engine.RuleFiring;
import org.backtriage.engine.RuleInfo;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs scenarios through the same engine every door uses and compares what the rules said with what the
 * scenario expects, field by field. Also records which rules fired, for coverage.
 *
 * <p>The one runner of scenarios: {@code backtriage test} and the reload gate of {@code serve --watch} both
 * find a rules folder's scenarios with {@link #folderOf} and {@link ScenarioLoader#filesIn}, run them with
 * {@link #runAll} and judge each by {@link Outcome#passed()}, so they cannot disagree about a scenario.
 */
public final class ScenarioRunner {
    /** The folder of a rules folder that holds its scenarios. */
    public static final String FOLDER = "scenarios";

    private final TriageEngine engine;
    private final ScenarioLoader loader;
    private final IntakeValidator validator = new IntakeValidator();

    public ScenarioRunner(TriageEngine engine) {
        this.engine = engine;
        this.loader = new ScenarioLoader(engine.ruleBase().vocabulary());
    }

    /**
     * What one scenario file gave.
     *
     * @param file        the scenario file
     * @param name        the scenario's name ({@code null} when the file could not be read)
     * @param differences each expectation the rules did not meet, as "what: expected X, got Y"
     * @param error       why the scenario could not be run at all (bad file, invalid intake), or {@code null}
     * @param fired       the ids of the rules that fired
     * @param expect      what the scenario expects, or {@code null} when the file could not be read (for outcome coverage)
     */
    public record Result(String file, String name, List<String> differences, String error, Set<String> fired,
                         Scenario.Expectation expect) {
        public Result {
            differences = List.copyOf(differences);
            fired = Set.copyOf(fired);
        }

        public boolean passed() {
            return error == null && differences.isEmpty();
        }
    }

    /**
     * What running one scenario file came to: its {@link Result}, or the rule that failed on it (a rule's
     * consequence or condition threw; then {@code result} is {@code null}).
     */
    public record Outcome(Path file, Result result, RuleFailure failure) {
        public boolean passed() {
            return failure == null && result.passed();
        }

        /** Why the scenario did not pass, on one line; {@code null} when it passed. */
        public String why() {
            if (failure != null) {
                return "the rule " + failure.ruleId() + " failed on it (" + failure.thrown() + ")";
            }
            if (result.passed()) {
                return null;
            }
            return result.error() != null ? result.error() : String.join("; ", result.differences());
        }
    }

    /** The scenarios folder of a rules folder ({@code RULES/scenarios}). */
    public static Path folderOf(Path rulesFolder) {
        return rulesFolder.resolve(FOLDER);
    }

    /** Runs the scenario files in order; see {@link #runAll(List, Consumer)}. */
    public List<Outcome> runAll(List<Path> files) {
        return runAll(files, outcome -> { });
    }

    /**
     * Runs the scenario files in order, handing each outcome to {@code each} as soon as it is known; when
     * {@code each} throws, the run stops there (no later scenario is run).
     */
    public List<Outcome> runAll(List<Path> files, Consumer<Outcome> each) {
        List<Outcome> outcomes = new ArrayList<>();
        for (Path file : files) {
            Outcome outcome;
            try {
                outcome = new Outcome(file, run(file), null);
            } catch (RuleFailure failure) {
                outcome = new Outcome(file, null, failure);
            }
            outcomes.add(outcome);
            each.accept(outcome);
        }
        return outcomes;
    }

    public Result run(Path file) {
        Scenario scenario;
        try {
            scenario = loader.load(file);
        } catch (ScenarioLoader.ScenarioException e) {
            return new Result(file.toString(), e.name(), List.of(), e.getMessage(), Set.of(), null);
        }
        return run(scenario);
    }

    public Result run(Scenario scenario) {
        ValidationResult validation = validator.validate(scenario.intake());
        if (validation instanceof ValidationResult.Invalid invalid) {
            String errors = invalid.errors().stream().map(e -> "intake." + e.field() + ": " + e.message())
                    .collect(Collectors.joining("; "));
            return new Result(scenario.file(), scenario.name(), List.of(), "the merged intake is not valid: " + errors, Set.of(),
                    scenario.expect());
        }
        TriageEngine.Evaluation evaluation = engine.evaluate(((ValidationResult.Valid) validation).intake());
        Set<String> fired = new LinkedHashSet<>();
        for (RuleFiring firing : evaluation.firings()) {
            fired.add(firing.rule().id());
        }
        return new Result(scenario.file(), scenario.name(), compare(scenario.expect(), evaluation.assessment()), null, fired,
                scenario.expect());
    }

    static List<String> compare(Scenario.Expectation expect, Assessment actual) {
        List<String> differences = new ArrayList<>();
        if (expect.referral() != null && !expect.referral().equals(actual.referral().level())) {
            differences.add("referral: expected " + expect.referral() + ", got " + actual.referral().level());
        }
        if (expect.reasons() != null) {
            // a code may repeat (one reason per finding), so reasons compare as sorted lists, not sets
            List<String> want = expect.reasons().stream().sorted().toList();
            List<String> got = actual.referral().reasons().stream().map(Assessment.Reason::code).sorted().toList();
            if (!want.equals(got)) {
                List<String> missing = new ArrayList<>(want);
                got.forEach(missing::remove);
                List<String> extra = new ArrayList<>(got);
                want.forEach(extra::remove);
                differences.add("reasons: expected " + want + ", got " + got
                        + (missing.isEmpty() ? "" : "; missing " + missing) + (extra.isEmpty() ? "" : "; not expected " + extra));
            }
        }
        Map<String, Assessment.Exercise> exercises = actual.exercises().stream()
                .collect(Collectors.toMap(Assessment.Exercise::id, Function.identity()));
        expect.exercises().forEach((id, status) -> {
            Assessment.Exercise exercise = exercises.get(id);
            String got = exercise == null ? "absent" : exercise.status();
            if (!status.equals(got)) {
                differences.add("exercise " + id + ": expected " + status + ", got " + got
                        + (exercise == null ? "" : " (rule " + exercise.rule() + ")"));
            }
        });
        Set<String> warnings = actual.warnings().stream().map(Assessment.Warning::code).collect(Collectors.toSet());
        for (String code : expect.warningsPresent()) {
            if (!warnings.contains(code)) {
                differences.add("warning " + code + ": expected present, got absent");
            }
        }
        for (String code : expect.warningsAbsent()) {
            if (warnings.contains(code)) {
                differences.add("warning " + code + ": expected absent, got present");
            }
        }
        List<String> texts = actual.textsRead();
        for (String phrase : expect.says()) {
            if (texts.stream().noneMatch(t -> t.toLowerCase(Locale.ROOT).contains(phrase.toLowerCase(Locale.ROOT)))) {
                differences.add("says \"" + phrase + "\": no text the person reads contains it");
            }
        }
        for (String phrase : expect.doesNotSay()) {
            texts.stream().filter(t -> t.toLowerCase(Locale.ROOT).contains(phrase.toLowerCase(Locale.ROOT))).findFirst()
                    .ifPresent(t -> differences.add("does not say \"" + phrase + "\": but the person reads \"" + t + "\""));
        }
        for (String id : expect.withoutSteps()) {
            Assessment.Exercise exercise = exercises.get(id);
            if (exercise == null) {
                differences.add("exercise " + id + ": expected listed without a dose or steps, got absent");
            } else if (exercise.dosage() != null || exercise.instructions() != null) {
                differences.add("exercise " + id + ": expected without a dose or steps, but they are shown (rule " + exercise.rule() + ")");
            }
        }
        return differences;
    }

    /** The rules of the rule base that none of the results fired, in file order. */
    public List<RuleInfo> unfired(List<Result> results) {
        Set<String> fired = new LinkedHashSet<>();
        results.forEach(r -> fired.addAll(r.fired()));
        return engine.rules().stream().filter(rule -> !fired.contains(rule.id())).toList();
    }
}
