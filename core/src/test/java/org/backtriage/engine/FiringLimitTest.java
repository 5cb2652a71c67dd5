package org.backtriage.engine;

import org.backtriage.Engines;
import org.backtriage.TestIntakes;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22: rules that keep firing each other (a loop check could not see) stop at the firing limit: the
 * record fails as a rule failure naming the rule that fired most, instead of running until memory is gone.
 * A limit an ordinary assessment reaches stands in for the loop here, since check refuses every loop it can
 * write (RuleLoopsTest).
 */
class FiringLimitTest {
    @Test
    void anAssessmentThatFiresMoreThanTheLimitFailsAsARuleFailure() {
        TriageEngine engine = Engines.frozen();
        int fired = engine.evaluate(TestIntakes.allClear().build()).firings().size();
        assertTrue(fired > 5 && fired < TriageEngine.FIRING_LIMIT, fired + " firings for an all-clear intake");
        RuleFailure failure = assertThrows(RuleFailure.class,
                () -> engine.withFiringLimit(5).assess(TestIntakes.allClear().build()));
        assertEquals(RuleFailure.Runaway.class.getName(), failure.thrown());
        assertFalse(failure.ruleId().equals(RuleFailure.UNKNOWN_RULE), failure.ruleId());
        assertTrue(engine.rules().stream().anyMatch(r -> r.id().equals(failure.ruleId())), failure.ruleId());
    }
}
