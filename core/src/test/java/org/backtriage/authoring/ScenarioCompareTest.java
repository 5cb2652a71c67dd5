package org.backtriage.authoring;

import org.backtriage.assessment.Assessment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Expected against actual, field by field, on a hand-made assessment (no rules compiled). */
class ScenarioCompareTest {
    private static final Assessment ACTUAL = new Assessment("scenario",
            new Assessment.Referral("urgent", "advice", List.of(
                    new Assessment.Reason("INFECTION", "urgent", "m", "red-flag-fever", "s"),
                    new Assessment.Reason("SEVERE_PAIN", "routine", "m", "referral-severe-pain", "s"))),
            List.of(new Assessment.Exercise("toe-reach", "Toe reach", "needs_clearance", "r", "d", "i", "urgent-referral-needs-clearance", "s")),
            List.of(new Assessment.Warning("OVEREXERTION", "m", "warn-overexertion", "s")),
            List.of(), new Assessment.Ruleset("sha256:0", 1));

    @Test
    void aMatchingExpectationHasNoDifferences() {
        assertEquals(List.of(), ScenarioRunner.compare(new Scenario.Expectation("urgent", List.of("SEVERE_PAIN", "INFECTION"),
                Map.of("toe-reach", "needs_clearance", "side-bend-overhead", "absent"), List.of("OVEREXERTION"), List.of("HEAT_OR_ICE_FIRST")), ACTUAL));
    }

    @Test
    void eachUnmetExpectationIsOneLine() {
        List<String> differences = ScenarioRunner.compare(new Scenario.Expectation("routine", List.of("SEVERE_PAIN", "FRACTURE"),
                orderedMap("toe-reach", "recommended", "posture-correction", "recommended"),
                List.of("START_GRADUALLY"), List.of("OVEREXERTION")), ACTUAL);
        assertEquals(List.of(
                "referral: expected routine, got urgent",
                "reasons: expected [FRACTURE, SEVERE_PAIN], got [INFECTION, SEVERE_PAIN]; missing [FRACTURE]; not expected [INFECTION]",
                "exercise toe-reach: expected recommended, got needs_clearance (rule urgent-referral-needs-clearance)",
                "exercise posture-correction: expected recommended, got absent",
                "warning START_GRADUALLY: expected present, got absent",
                "warning OVEREXERTION: expected absent, got present"), differences);
    }

    private static Map<String, String> orderedMap(String... keysAndValues) {
        Map<String, String> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }

    @Test
    void partsLeftOutAreNotChecked() {
        assertEquals(List.of(), ScenarioRunner.compare(new Scenario.Expectation(null, null, Map.of(), List.of(), List.of()), ACTUAL));
    }
}
