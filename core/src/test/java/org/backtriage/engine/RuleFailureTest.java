package org.backtriage.engine;

import org.backtriage.FaultyRules;
import org.backtriage.TestIntakes;
import org.backtriage.assessment.Assessment;
import org.backtriage.intake.Intake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * A rule that fails is reported as a {@link RuleFailure} naming it, without intake data, and leaves no
 * trace in the engine: a pooled session that saw a failure assesses the next intake as a fresh one would.
 */
class RuleFailureTest {
    @Test
    void failuresNameTheirRuleAndPooledSessionsAreCleanAfterwards(@TempDir Path dir) {
        TriageEngine engine = TriageEngine.fromFolder(FaultyRules.copyWith(dir, FaultyRules.FAULTY));
        Intake fine = TestIntakes.allClear().id("with-duration").durationWeeks(3.0).redFlag("fever", "yes").build();
        Assessment before = engine.assess(fine);
        for (int i = 0; i < 8; i++) { // more failures than the engine pools sessions
            RuleFailure consequence = assertThrows(RuleFailure.class,
                    () -> engine.assess(TestIntakes.allClear().id("no-duration").durationWeeks(null).build()));
            assertEquals(FaultyRules.RULE_ID, consequence.ruleId());
            assertEquals("java.lang.NullPointerException", consequence.thrown());
            assertFalse(consequence.getMessage().contains("no-duration"), "no intake data: " + consequence.getMessage());

            // (a rule that throws an Error cannot be loaded: check refuses it, see cli.RuleFailureTest)
            RuleFailure condition = assertThrows(RuleFailure.class,
                    () -> engine.assess(TestIntakes.allClear().id("condition-fails").durationWeeks(null).build()));
            assertEquals(FaultyRules.CONDITION_RULE_ID, condition.ruleId(), "Drools reports a condition apart from consequences");
            assertEquals("java.lang.NullPointerException", condition.thrown());

            assertEquals(before, engine.assess(fine), "after failures " + (i + 1));
        }
    }
}
