package org.backtriage.authoring;

import org.backtriage.engine.RuleVocabulary;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Outcome coverage on a hand-made vocabulary and expectations (no rules compiled). */
class OutcomeCoverageTest {
    private static final RuleVocabulary VOCABULARY = new RuleVocabulary(
            Map.of("toe-reach", new RuleVocabulary.ExerciseEntry("Toe reach", "d", "i")),
            List.of("OVEREXERTION", "NECK_NOT_COVERED"), List.of("FEVER", "FRACTURE"));

    private static Scenario.Expectation expect(String referral, List<String> reasons, Map<String, String> exercises,
                                               List<String> present, List<String> absent) {
        return new Scenario.Expectation(referral, reasons, exercises, present, absent);
    }

    @Test
    void everyStatusOfEveryExerciseEveryCodeAndEveryLevelIsAnOutcome() {
        List<OutcomeCoverage.Outcome> possible = OutcomeCoverage.possible(VOCABULARY);
        // one exercise with three statuses, two warnings, two reasons, four levels
        assertEquals(3 + 2 + 2 + 4, possible.size());
        assertEquals(Set.of("recommended", "needs_clearance", "avoid"), Set.copyOf(possible.stream()
                .filter(o -> o.kind() == OutcomeCoverage.Kind.EXERCISE).map(OutcomeCoverage.Outcome::status).toList()));
    }

    @Test
    void whatNoExpectationNamesIsMissingInPlainWords() {
        OutcomeCoverage.Report report = OutcomeCoverage.of(VOCABULARY, List.of(
                expect("urgent", List.of("FEVER"), Map.of("toe-reach", "needs_clearance"), List.of("OVEREXERTION"), List.of()),
                // absent is no outcome, and a warning expected absent covers nothing
                expect("none", List.of(), Map.of("toe-reach", "absent"), List.of(), List.of("NECK_NOT_COVERED")),
                expect(null, null, Map.of("toe-reach", "recommended"), List.of(), List.of())));
        assertEquals(List.of(
                "no scenario expects toe-reach to be avoid",
                "no scenario expects the warning NECK_NOT_COVERED (expect.warnings.present)",
                "no scenario expects the reason FRACTURE (expect.reasons)",
                "no scenario expects the referral routine (expect.referral)",
                "no scenario expects the referral emergency (expect.referral)"),
                report.missing().stream().map(OutcomeCoverage.Outcome::missing).toList());
        assertEquals(6, report.covered().size());
        assertEquals(11, report.total());
        assertEquals("toe-reach (recommended, needs_clearance)", report.coveredLine(OutcomeCoverage.Kind.EXERCISE));
        assertEquals("none, urgent", report.coveredLine(OutcomeCoverage.Kind.LEVEL));
        assertEquals("FEVER", report.coveredLine(OutcomeCoverage.Kind.REASON));
    }

    @Test
    void aFailingScenarioCoversNothing() {
        Scenario.Expectation avoid = expect(null, null, Map.of("toe-reach", "avoid"), List.of(), List.of());
        ScenarioRunner.Result failed = new ScenarioRunner.Result("a.yaml", "a", List.of("exercise toe-reach: expected avoid, got recommended"),
                null, Set.of(), avoid);
        ScenarioRunner.Result unreadable = new ScenarioRunner.Result("b.yaml", null, List.of(), "line 1: bad", Set.of(), null);
        OutcomeCoverage.Report report = OutcomeCoverage.ofPassed(VOCABULARY, List.of(failed, unreadable));
        assertEquals(List.of(), report.covered());
        ScenarioRunner.Result passed = new ScenarioRunner.Result("c.yaml", "c", List.of(), null, Set.of(), avoid);
        assertEquals("toe-reach (avoid)", OutcomeCoverage.ofPassed(VOCABULARY, List.of(failed, passed))
                .coveredLine(OutcomeCoverage.Kind.EXERCISE));
    }
}
