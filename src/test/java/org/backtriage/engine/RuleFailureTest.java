package org.backtriage.engine;

import org.backtriage.FaultyRules;
import org.backtriage.TestIntakes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The engine names the rule that failed also when it is a rule's condition that throws (Drools reports
 * those apart from consequences). The consequence and Error cases run through the CLI in
 * {@code cli.RuleFailureTest}.
 */
class RuleFailureTest {
    @Test
    void aConditionThatThrowsIsARuleFailureNamingItsRule(@TempDir Path dir) {
        TriageEngine engine = TriageEngine.fromFolder(FaultyRules.copyWith(dir, FaultyRules.CONDITION_THROWS));
        RuleFailure failure = assertThrows(RuleFailure.class,
                () -> engine.assess(TestIntakes.allClear().id("no-duration").durationWeeks(null).build()));
        assertEquals(FaultyRules.RULE_ID, failure.ruleId());
        assertEquals("java.lang.NullPointerException", failure.thrown());
        assertFalse(failure.getMessage().contains("no-duration"), "no intake data in the message: " + failure.getMessage());
        engine.assess(TestIntakes.allClear().id("with-duration").durationWeeks(3.0).build()); // the others are fine
    }
}
