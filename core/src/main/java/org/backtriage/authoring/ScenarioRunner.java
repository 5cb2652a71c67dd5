package org.backtriage.authoring;

import org.backtriage.assessment.Assessment;
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
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs scenarios through the same engine every door uses and compares what the rules said with what the
 * scenario expects, field by field. Also records which rules fired, for coverage.
 */
public final class ScenarioRunner {
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
