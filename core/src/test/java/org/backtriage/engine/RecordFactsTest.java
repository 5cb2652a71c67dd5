package org.backtriage.engine;

import org.backtriage.intake.Intake;
import org.backtriage.intake.Routine;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drools 10 (drools-mvel) reads Java records as facts: a constraint on a record component (which has
 * no getX accessor) matches, and a rule can bind and compare components of two records.
 */
class RecordFactsTest {
    @Test
    void constraintsOnRecordComponentsMatch() {
        SortedMap<String, String> files = new TreeMap<>();
        files.put("vocabulary.yaml", "exercises:\n  x:\n    name: X\n    dosage: d\n    instructions: i\nwarnings: [W_SEEN]\nreasons: [R_SEEN]\n"
                + TestVocabulary.TEXTS);
        files.put("records.drl", """
                package org.backtriage.rules
                import org.backtriage.intake.Intake
                import org.backtriage.intake.Routine
                import org.backtriage.facts.Warning
                import org.backtriage.facts.ReferralReason

                rule "A record component is matched"
                    @id("record-component") @source("test")
                when
                    Intake( muscleKnot == true, regions contains "neck", $age : age )
                then
                    insert(new Warning("W_SEEN", "age " + $age));
                end

                rule "Two records are joined on their components"
                    @id("record-join") @source("test")
                when
                    Intake( $pain : painScore )
                    Routine( sessionsPerWeek != null, sessionsPerWeek == $pain )
                then
                    insert(new ReferralReason("R_SEEN", "routine", "joined"));
                end
                """);
        // every rule base has its thresholds (check refuses one without)
        files.put("thresholds.drl", """
                package org.backtriage.rules
                declare Thresholds
                    youngestAge : int = 16
                end
                rule "The thresholds apply to every intake"
                    @id("thresholds") @source("test")
                when
                then
                    insert(new Thresholds());
                end
                """);
        TriageEngine engine = TriageEngine.from(new RuleFiles("test rules", files));
        var a = engine.assess(new Intake("r-1", 33, List.of("neck"), 4, null, null, true, List.of(), Map.of(),
                new Routine(null, 4, null, null, null)));
        assertEquals("age 33", a.warnings().get(0).message());
        assertEquals("R_SEEN", a.referral().reasons().get(0).code());
        assertTrue(a.firedRules().stream().anyMatch(r -> r.id().equals("record-join")));
    }
}
