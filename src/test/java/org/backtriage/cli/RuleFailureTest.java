package org.backtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.FaultyRules;
import org.backtriage.batch.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, first row: a rule that throws for one record. That record becomes an error record naming the
 * rule, the other records are assessed, records in = lines out, and the exit code is 4.
 */
class RuleFailureTest {
    private static final ObjectMapper JSON = Json.mapper();

    @TempDir
    Path dir;

    private Path threeRecords() throws Exception {
        Path input = dir.resolve("three.ndjson");
        Files.write(input, List.of(
                "{\"id\":\"has-duration-1\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3,\"durationWeeks\":2}",
                "{\"id\":\"no-duration\",\"age\":41,\"regions\":[\"lower_back\"],\"painScore\":4}",
                "{\"id\":\"has-duration-2\",\"age\":42,\"regions\":[\"mid_back\"],\"painScore\":2,\"durationWeeks\":5}"));
        return input;
    }

    @Test
    void aRuleThatThrowsForOneRecordMakesItAnErrorRecordNamingTheRuleAndTheOthersAreAssessed() throws Exception {
        Path rules = FaultyRules.copyWith(dir, FaultyRules.READS_MISSING_DURATION);
        EvaluateCommandTest.Run run = EvaluateCommandTest.run("evaluate", "--rules", rules.toString(), "--quiet",
                threeRecords().toString());

        assertEquals(ExitCode.RULE_FAILED, run.exitCode(), run.err());
        List<String> lines = run.lines();
        assertEquals(3, lines.size(), "records in = lines out: " + run.out());
        assertEquals("has-duration-1", JSON.readTree(lines.get(0)).get("intakeId").asText());
        assertTrue(JSON.readTree(lines.get(0)).has("referral"), "assessed: " + lines.get(0));
        assertEquals("has-duration-2", JSON.readTree(lines.get(2)).get("intakeId").asText());
        assertTrue(JSON.readTree(lines.get(2)).has("referral"), "assessed: " + lines.get(2));

        JsonNode failed = JSON.readTree(lines.get(1));
        assertEquals("no-duration", failed.get("intakeId").asText());
        assertTrue(failed.get("location").asText().endsWith("three.ndjson:2"), failed.toString());
        String message = failed.at("/errors/0/message").asText();
        assertTrue(message.contains(FaultyRules.RULE_ID), message);
        assertTrue(message.contains("NullPointerException"), message);
        assertTrue(run.err().contains("1 because a rule failed"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void aRuleThatWouldThrowAnErrorIsRefusedBeforeAnyRecordIsRead() throws Exception {
        // a rule's actions may only insert conclusions (issue 11): one that throws never reaches an engine
        Path rules = FaultyRules.copyWith(dir, FaultyRules.THROWS_AN_ERROR);
        EvaluateCommandTest.Run run = EvaluateCommandTest.run("evaluate", "--rules", rules.toString(), "--quiet",
                "--format", "csv", threeRecords().toString());

        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertEquals(List.of(), run.lines(), "nothing evaluated: " + run.out());
        assertTrue(run.err().contains("faulty.drl:11:5: an if (put the condition before then) is not allowed"), run.err());
    }
}
