package org.backtriage.facts;

import org.backtriage.TestIntakes;
import org.backtriage.intake.Intake;
import org.backtriage.intake.Vocabulary;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 20: the red-flag names come from one place, the vocabulary; the fact's fields are read by name. */
class RedFlagsTest {

    /** The field a rule reads as {@code RedFlags( <code> == ... )}. */
    private static String field(RedFlags flags, String code) throws ReflectiveOperationException {
        return (String) RedFlags.class.getMethod(code).invoke(flags);
    }

    @Test
    void eachRedFlagsAnswerLandsInTheFieldOfItsOwnCode() throws Exception {
        for (String raised : Vocabulary.RED_FLAGS) {
            RedFlags flags = RedFlags.of(TestIntakes.allClear().redFlag(raised, "yes").build(), Map.of());
            for (String code : Vocabulary.RED_FLAGS) {
                assertEquals(code.equals(raised) ? "yes" : "no", field(flags, code), raised + " raised, " + code + " read");
            }
            assertTrue(flags.complete());
        }
    }

    @Test
    void anUnansweredQuestionIsUnknownAndNamedInPlainWords() throws Exception {
        String left = Vocabulary.RED_FLAGS.get(Vocabulary.RED_FLAGS.size() - 1);
        Intake intake = TestIntakes.allClear().withoutRedFlag(left).build();
        RedFlags flags = RedFlags.of(intake, Map.of(left, "Did the pain start after a fall?"));
        assertEquals("unknown", field(flags, left));
        assertFalse(flags.complete());
        assertEquals("Did the pain start after a fall?", flags.unanswered());
    }
}
