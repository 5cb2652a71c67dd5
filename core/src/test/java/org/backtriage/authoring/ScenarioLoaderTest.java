package org.backtriage.authoring;

import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.engine.RuleVocabulary;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading scenario files: the merge over the all-clear intake, and every authoring mistake named. No rules compiled. */
class ScenarioLoaderTest {
    private static final RuleVocabulary VOCABULARY = new RuleVocabulary(
            Map.of("toe-reach", new RuleVocabulary.ExerciseEntry("Toe reach", "light", "reach")),
            List.of("OVEREXERTION", "SCREENING_INCOMPLETE"), List.of("CHEST_PAIN", "SCREENING_INCOMPLETE"));
    private final ScenarioLoader loader = new ScenarioLoader(VOCABULARY);

    private static final String EXPECT = "expect:\n  referral: none\n";

    @Test
    void theAllClearIntakeIsValidAndMatchesTheBrief() {
        ObjectNode intake = ScenarioLoader.allClearIntake();
        assertEquals("{\"id\":\"scenario\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3,\"durationWeeks\":2,"
                + "\"stiffness\":\"mild\",\"muscleKnot\":false,\"conditions\":[],\"redFlags\":{\"saddleNumbness\":\"no\","
                + "\"bladderOrBowelDysfunction\":\"no\",\"bilateralLegSymptoms\":\"no\",\"newSexualDysfunction\":\"no\","
                + "\"chestPain\":\"no\",\"progressiveLegWeakness\":\"no\",\"fever\":\"no\",\"immunosuppressed\":\"no\","
                + "\"historyOfCancer\":\"no\",\"unexplainedWeightLoss\":\"no\",\"nightPain\":\"no\",\"significantTrauma\":\"no\"},"
                + "\"routine\":{\"minutesPerSession\":20,\"sessionsPerWeek\":3,\"twisting\":\"gentle\",\"newToExercise\":false,"
                + "\"hadTechniqueInstruction\":true}}", intake.toString());
        assertInstanceOf(ValidationResult.Valid.class, new IntakeValidator().validate(intake));
    }

    @Test
    void objectsMergeKeyByKeyListsReplaceAndNullRemoves() {
        Scenario s = loader.parse("s.yaml", "name: merge\nintake:\n  regions: [neck, mid_back]\n  durationWeeks: null\n"
                + "  redFlags:\n    fever: \"yes\"\n    nightPain: null\n  routine:\n    twisting: vigorous\n" + EXPECT);
        ObjectNode intake = s.intake();
        assertEquals("[\"neck\",\"mid_back\"]", intake.get("regions").toString());
        assertFalse(intake.has("durationWeeks"));
        assertEquals("yes", intake.get("redFlags").get("fever").asText());
        assertEquals("no", intake.get("redFlags").get("chestPain").asText());
        assertFalse(intake.get("redFlags").has("nightPain"));
        assertEquals(11, intake.get("redFlags").size());
        assertEquals("vigorous", intake.get("routine").get("twisting").asText());
        assertEquals(20, intake.get("routine").get("minutesPerSession").asInt());
        assertEquals(40, intake.get("age").asInt());
    }

    @Test
    void aWholeSectionSetToNullIsRemoved() {
        Scenario s = loader.parse("s.yaml", "name: no screening\nintake:\n  redFlags: null\n" + EXPECT);
        assertFalse(s.intake().has("redFlags"));
    }

    @Test
    void anUnquotedYesUnderRedFlagsIsAnErrorTellingTheAuthorToQuoteIt() {
        var e = assertThrows(ScenarioLoader.ScenarioException.class,
                () -> loader.parse("s.yaml", "name: x\nintake:\n  redFlags:\n    chestPain: yes\n" + EXPECT));
        assertEquals("intake.redFlags.chestPain: YAML reads an unquoted yes or no as true/false; write it in quotes: chestPain: \"yes\"",
                e.getMessage());
        var no = assertThrows(ScenarioLoader.ScenarioException.class,
                () -> loader.parse("s.yaml", "name: x\nintake:\n  redFlags:\n    fever: no\n" + EXPECT));
        assertTrue(no.getMessage().endsWith("fever: \"no\""), no.getMessage());
    }

    @Test
    void expectationsParseAndUnknownCodesAreNamed() {
        Scenario s = loader.parse("s.yaml", "name: x\nintake: {}\nexpect:\n  referral: routine\n  reasons: [SCREENING_INCOMPLETE]\n"
                + "  exercises:\n    toe-reach: avoid\n  warnings:\n    present: [SCREENING_INCOMPLETE]\n    absent: [OVEREXERTION]\n");
        assertEquals(new Scenario.Expectation("routine", List.of("SCREENING_INCOMPLETE"), Map.of("toe-reach", "avoid"),
                List.of("SCREENING_INCOMPLETE"), List.of("OVEREXERTION")), s.expect());

        assertEquals("expect.warnings.absent: unknown \"OVEREXERTON\"; allowed: [OVEREXERTION, SCREENING_INCOMPLETE]",
                assertThrows(ScenarioLoader.ScenarioException.class, () -> loader.parse("s.yaml",
                        "name: x\nexpect:\n  warnings:\n    absent: [OVEREXERTON]\n")).getMessage());
        assertEquals("expect.exercises: unknown \"toe-reaches\"; allowed: [toe-reach]",
                assertThrows(ScenarioLoader.ScenarioException.class, () -> loader.parse("s.yaml",
                        "name: x\nexpect:\n  exercises:\n    toe-reaches: avoid\n")).getMessage());
        assertEquals("expect.exercises.toe-reach: unknown \"avoided\"; allowed: [recommended, needs_clearance, avoid, absent]",
                assertThrows(ScenarioLoader.ScenarioException.class, () -> loader.parse("s.yaml",
                        "name: x\nexpect:\n  exercises:\n    toe-reach: avoided\n")).getMessage());
        assertEquals("expect.referral: unknown \"soon\"; allowed: [none, routine, urgent, emergency]",
                assertThrows(ScenarioLoader.ScenarioException.class, () -> loader.parse("s.yaml",
                        "name: x\nexpect:\n  referral: soon\n")).getMessage());
        assertEquals("expect.warning: unknown section; allowed: [doesNotSay, exercises, reasons, referral, says, warnings, withoutSteps]",
                assertThrows(ScenarioLoader.ScenarioException.class, () -> loader.parse("s.yaml",
                        "name: x\nexpect:\n  warning: []\n")).getMessage());
        assertEquals("expect: say what the rules must give (referral, reasons, exercises, warnings)",
                assertThrows(ScenarioLoader.ScenarioException.class, () -> loader.parse("s.yaml", "name: x\nintake: {}\n")).getMessage());
    }

    @Test
    void everyProblemOfAFileIsReportedAtOnce() {
        var e = assertThrows(ScenarioLoader.ScenarioException.class, () -> loader.parse("s.yaml",
                "name: x\nintake:\n  age: 150\n  painScore: 11\nexpect:\n  referral: soon\n  reasons: [CHEST_PAINS, SCREENING]\n  warning: []\n"));
        assertEquals(List.of(
                "the merged intake is not valid: intake.age: must be from 0 to 120, got 150",
                "the merged intake is not valid: intake.painScore: must be from 0 to 10, got 11",
                "expect.warning: unknown section; allowed: [doesNotSay, exercises, reasons, referral, says, warnings, withoutSteps]",
                "expect.referral: unknown \"soon\"; allowed: [none, routine, urgent, emergency]",
                "expect.reasons: unknown \"CHEST_PAINS\"; allowed: [CHEST_PAIN, SCREENING_INCOMPLETE]",
                "expect.reasons: unknown \"SCREENING\"; allowed: [CHEST_PAIN, SCREENING_INCOMPLETE]"), e.problems());
    }

    @Test
    void aFileThatIsNotYamlIsExplainedInWordsNotTheParsers() {
        var e = assertThrows(ScenarioLoader.ScenarioException.class,
                () -> loader.parse("s.yaml", "name: Pain: 8 of 10\n" + EXPECT));
        assertEquals("line 1: this text contains ': ': put a text that contains ': ' in quotes, e.g. name: \"Pain: 8 of 10\"",
                e.getMessage());
    }
}
