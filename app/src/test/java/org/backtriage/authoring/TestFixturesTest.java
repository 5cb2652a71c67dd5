package org.backtriage.authoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 19: {@code test} judges the rules by the fixtures' hand-written expectations too, and says which
 * line of which expected file to update when an outcome moves. Its own small project: a copy of the frozen
 * rules with a fixtures folder beside it, so no edit of the shipped rules or fixtures touches this test.
 */
class TestFixturesTest {
    @TempDir
    Path temp;

    private static final String PAIN_8 = "{\"id\":\"pain-8\",\"age\":40,\"regions\":[\"mid_back\"],\"painScore\":8,\"redFlags\":"
            + "{\"saddleNumbness\":\"no\",\"bladderOrBowelDysfunction\":\"no\",\"bilateralLegSymptoms\":\"no\","
            + "\"newSexualDysfunction\":\"no\",\"chestPain\":\"no\",\"progressiveLegWeakness\":\"no\",\"fever\":\"no\","
            + "\"immunosuppressed\":\"no\",\"historyOfCancer\":\"no\",\"unexplainedWeightLoss\":\"no\",\"nightPain\":\"no\","
            + "\"significantTrauma\":\"no\"},\"routine\":{\"hadTechniqueInstruction\":true}}";
    private static final String EXPECTED = "{\"intakeId\":\"pain-8\",\"level\":\"routine\",\"reasons\":[\"SEVERE_PAIN\"],"
            + "\"exercises\":{\"side-bend-overhead\":\"recommended\"},\"warnings\":[]}";

    private RuleCopy project() throws Exception {
        RuleCopy rules = RuleCopy.of(temp);
        Path fixtures = temp.resolve("fixtures");
        Files.createDirectories(fixtures.resolve("expected"));
        Files.writeString(fixtures.resolve("clinic.ndjson"), PAIN_8 + "\n");
        Files.writeString(fixtures.resolve("expected/clinic.expected.ndjson"), EXPECTED + "\n");
        return rules;
    }

    @Test
    void theFixturesBesideTheRulesAreComparedWithTheirExpectations() throws Exception {
        RuleCopy rules = project();
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", rules.root.toString());
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("1 fixture record(s) in 1 file(s): 1 as expected, 0 changed"), run.out());
    }

    @Test
    void aThresholdEditThatMovesAFixtureSaysWhichExpectedLineToUpdate() throws Exception {
        RuleCopy rules = project().replace("thresholds.drl", "severePainScore : int = 8", "severePainScore : int = 9");
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", rules.root.toString());
        assertEquals(1, run.exit(), run.out() + run.err());
        Path expectedFile = temp.resolve("fixtures/expected/clinic.expected.ndjson");
        assertTrue(run.out().contains("FIXTURE " + expectedFile + ":1: the outcome changed"), run.out());
        assertTrue(run.out().contains("  expected " + EXPECTED), run.out());
        assertTrue(run.out().contains("  actual   {\"intakeId\":\"pain-8\",\"level\":\"none\",\"reasons\":[]"), run.out());
        assertTrue(run.out().contains("replace that line of the expected file with the 'actual' line above"), run.out());
    }

    @Test
    void aFixtureWithoutItsExpectedFileIsNamed() throws Exception {
        RuleCopy rules = project();
        Files.writeString(temp.resolve("fixtures/new-clinic.ndjson"), PAIN_8 + "\n");
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", rules.root.toString());
        assertEquals(1, run.exit(), run.out());
        assertTrue(run.out().contains("new-clinic.ndjson has no expected outcomes: write them in"), run.out());
    }
}
