package org.backtriage.impact;

import org.backtriage.assessment.Assessment;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which texts a person reads count as changed, on hand-made assessments (no rules compiled). */
class AssessmentChangeTextsTest {

    private static Assessment assessment(String level, String advice, List<Assessment.Reason> reasons,
                                         List<Assessment.Exercise> exercises, List<Assessment.Warning> warnings,
                                         List<Assessment.SafetyNet> safetyNet) {
        return new Assessment("x", new Assessment.Referral(level, advice, reasons), exercises, warnings,
                List.of(), new Assessment.Ruleset("sha256:0", 1), safetyNet);
    }

    private static Assessment.Exercise exercise(String status, String reason, String dosage) {
        boolean avoid = status.equals("avoid");
        return new Assessment.Exercise("toe-reach", "Toe reach", status, reason, avoid ? null : dosage,
                avoid ? null : "Bend forward slowly.", "r", "s");
    }

    private static final List<Assessment.SafetyNet> NET = List.of(new Assessment.SafetyNet("Call 999 now if you get", List.of("chest pain")));

    @Test
    void eachChangedTextOfAFindingThereBothTimesIsOneEntryAndTheRecordChangesOnlyInTexts() {
        Assessment before = assessment("routine", "See a GP.",
                List.of(new Assessment.Reason("SEVERE_PAIN", "routine", "Pain of 8 or more.", "referral-severe-pain", "s")),
                List.of(exercise("needs_clearance", "Ask first.", "A few a day.")),
                List.of(new Assessment.Warning("OVEREXERTION", "Keep it short.", "w", "s")), NET);
        Assessment after = assessment("routine", "See a GP or physiotherapist.",
                List.of(new Assessment.Reason("SEVERE_PAIN", "routine", "Pain of 7 or more.", "referral-severe-pain", "s")),
                List.of(exercise("needs_clearance", "Ask your GP first.", "Ten a day.")),
                List.of(new Assessment.Warning("OVEREXERTION", "Keep it shorter.", "w", "s")),
                List.of(new Assessment.SafetyNet("Call 112 now if you get", List.of("chest pain"))));
        AssessmentChange change = AssessmentChange.between("f:1", before, after).orElseThrow();
        assertEquals(List.of(AssessmentChange.TEXTS), change.changes().kinds());
        assertEquals(Map.of(
                "referral advice", "See a GP. -> See a GP or physiotherapist.",
                "exercise toe-reach dosage", "A few a day. -> Ten a day.",
                "exercise toe-reach reason", "Ask first. -> Ask your GP first.",
                "reason SEVERE_PAIN message", "Pain of 8 or more. -> Pain of 7 or more.",
                "warning OVEREXERTION message", "Keep it short. -> Keep it shorter.",
                "safety net", "Call 999 now if you get: chest pain. -> Call 112 now if you get: chest pain."),
                texts(change));
        String report = new ImpactReport(ImpactReport.Format.TEXT, org.backtriage.batch.Json.mapper()).record(change);
        assertTrue(report.startsWith("x (f:1): referral routine -> routine\n"), report);
        assertTrue(report.contains("\n  text changed, referral advice: \"See a GP.\" -> \"See a GP or physiotherapist.\""), report);
        assertTrue(report.contains("\n  text changed, reason SEVERE_PAIN message: \"Pain of 8 or more.\" -> \"Pain of 7 or more.\""), report);
    }

    @Test
    void textsThatComeAndGoWithAnotherChangeAreNotCountedTwice() {
        Assessment before = assessment("routine", "See a GP.", List.of(), List.of(exercise("needs_clearance", "Ask first.", "A few a day.")),
                List.of(), NET);
        // another level (its own advice), another status (its own reason, no dose), a new reason, no safety net
        Assessment after = assessment("emergency", "Call 999.",
                List.of(new Assessment.Reason("CHEST_PAIN", "emergency", "Chest pain.", "red-flag-chest-pain", "s")),
                List.of(exercise("avoid", "Do not exercise.", null)), List.of(), null);
        AssessmentChange change = AssessmentChange.between("f:1", before, after).orElseThrow();
        assertEquals(List.of(), change.changes().textsChanged());
        assertTrue(!change.changes().kinds().contains(AssessmentChange.TEXTS), change.changes().kinds().toString());
        // and the same assessment twice is no change at all
        assertTrue(AssessmentChange.between("f:1", before, before).isEmpty());
    }

    @Test
    void aReasonCodeTwoRulesGiveIsNamedWithItsRule() {
        Assessment.Reason neck = new Assessment.Reason("OUT_OF_SCOPE", "routine", "Neck only.", "out-of-scope-neck", "s");
        Assessment before = assessment("routine", "See a GP.", List.of(neck,
                new Assessment.Reason("OUT_OF_SCOPE", "routine", "Under 16.", "out-of-scope-age", "s")), List.of(), List.of(), NET);
        Assessment after = assessment("routine", "See a GP.", List.of(neck,
                new Assessment.Reason("OUT_OF_SCOPE", "routine", "Under 16 years.", "out-of-scope-age", "s")), List.of(), List.of(), NET);
        assertEquals(Map.of("reason OUT_OF_SCOPE (out-of-scope-age) message", "Under 16. -> Under 16 years."),
                texts(AssessmentChange.between("f:1", before, after).orElseThrow()));
    }

    private static Map<String, String> texts(AssessmentChange change) {
        Map<String, String> texts = new java.util.HashMap<>();
        change.changes().textsChanged().forEach(t -> texts.put(t.text(), t.before() + " -> " + t.after()));
        assertEquals(change.changes().textsChanged().size(), texts.size(), "one entry per text");
        return texts;
    }
}
