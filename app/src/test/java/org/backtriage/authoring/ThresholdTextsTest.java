package org.backtriage.authoring;

import org.backtriage.TestIntakes;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Texts state the clinic's numbers from the thresholds (clinical notes, revision 2): a threshold edit
 * changes every text that names it, so the dose and the overexertion warning never contradict each other.
 */
class ThresholdTextsTest {

    @Test
    void aShorterLongestSessionChangesTheDoseAndTheWarningTogether(@TempDir Path temp) {
        RuleCopy rules = RuleCopy.of(temp).replace("thresholds.drl", "longestSessionMinutes : int = 30",
                "longestSessionMinutes : int = 20");
        TriageEngine engine = TriageEngine.fromFolder(rules.root);
        Assessment a = engine.assess(TestIntakes.allClear().routine(new org.backtriage.intake.Routine(25, 3, "gentle", false, true)).build());
        String dose = a.exercises().stream().filter(e -> e.id().equals("abdominal-crunch")).findFirst().orElseThrow().dosage();
        assertTrue(dose.contains("15 to 20 minutes"), dose);
        Assessment.Warning overexertion = a.warnings().stream().filter(w -> w.code().equals("OVEREXERTION")).findFirst().orElseThrow();
        assertTrue(overexertion.message().contains("longer than 20 minutes"), overexertion.message());
        assertTrue(!dose.contains("30") && !overexertion.message().contains("30"), dose + " / " + overexertion.message());
    }

    @Test
    void aTextNamingAThresholdThatDoesNotExistIsRefusedAtItsLine(@TempDir Path temp) {
        RuleCopy rules = RuleCopy.of(temp).replace("vocabulary.yaml", "15 to {longestSessionMinutes} minutes",
                "15 to {longestSession} minutes");
        RuleBaseException refused = assertThrows(RuleBaseException.class, () -> TriageEngine.fromFolder(rules.root));
        String at = rules.position("vocabulary.yaml", "abdominal-crunch:", 0).split(":")[0];
        assertTrue(refused.getMessage().contains("vocabulary.yaml:" + at + ":1: {longestSession} is not a threshold"),
                refused.getMessage());
        assertEquals(1, refused.problems().size(), refused.getMessage());
    }
}
