package org.backtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.FaultyRules;
import org.backtriage.batch.Json;
import org.backtriage.commandline.ExitCode;
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
 * rule, the other records are assessed, records in = lines out, and the exit code is 4. The same for a rule
 * whose condition throws. A rule that would throw an Error cannot be loaded: check refuses it.
 */
class RuleFailureTest {
    private static final ObjectMapper JSON = Json.mapper();

    @TempDir
    Path dir;

    @Test
    void aRuleThatThrowsForOneRecordMakesItAnErrorRecordNamingTheRuleAndTheOthersAreAssessed() throws Exception {
        Path input = dir.resolve("records.ndjson");
        Files.write(input, List.of(
                "{\"id\":\"has-duration-1\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3,\"durationWeeks\":2}",
                "{\"id\":\"no-duration\",\"age\":41,\"regions\":[\"lower_back\"],\"painScore\":4}",
                "{\"id\":\"has-duration-2\",\"age\":42,\"regions\":[\"mid_back\"],\"painScore\":2,\"durationWeeks\":5}",
                "{\"id\":\"condition-fails\",\"age\":44,\"regions\":[\"lower_back\"],\"painScore\":2}"));
        Path rules = FaultyRules.copyWith(dir, FaultyRules.FAULTY);
        EvaluateCommandTest.Run run = EvaluateCommandTest.run("evaluate", "--rules", rules.toString(), "--quiet", input.toString());

        assertEquals(ExitCode.RULE_FAILED, run.exitCode(), run.err());
        List<String> lines = run.lines();
        assertEquals(4, lines.size(), "records in = lines out: " + run.out());
        for (int i : new int[]{0, 2}) {
            JsonNode assessed = JSON.readTree(lines.get(i));
            assertTrue(assessed.has("referral") && !assessed.has("errors"), "assessed: " + assessed);
        }
        assertEquals("has-duration-2", JSON.readTree(lines.get(2)).get("intakeId").asText());

        assertFailed(lines.get(1), "no-duration", "records.ndjson:2", FaultyRules.RULE_ID, "NullPointerException");
        assertFailed(lines.get(3), "condition-fails", "records.ndjson:4", FaultyRules.CONDITION_RULE_ID, "NullPointerException");
        assertTrue(run.err().contains("4 records: 2 assessed, 2 rejected (2 because a rule failed on them)"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());

        // a command that stops at the failing rule (here: a scenario without a duration) says which, plainly
        EvaluateCommandTest.Run test = EvaluateCommandTest.run("test", "--rules", rules.toString());
        assertEquals(ExitCode.RULE_FAILED, test.exitCode(), test.out() + test.err());
        assertTrue(test.err().contains("the rule " + FaultyRules.RULE_ID + " failed (java.lang.NullPointerException)"), test.err());
        assertFalse(test.err().contains("\tat "), "no stack trace: " + test.err());
    }

    @Test
    void aRuleThatWouldThrowAnErrorIsRefusedBeforeAnyRecordIsRead() throws Exception {
        // a rule's actions may only insert conclusions (issue 11): one that throws an Error never reaches an engine
        Path input = dir.resolve("one.ndjson");
        Files.write(input, List.of("{\"id\":\"one\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}"));
        Path rules = FaultyRules.copyWith(dir, FaultyRules.THROWS_AN_ERROR);
        EvaluateCommandTest.Run run = EvaluateCommandTest.run("evaluate", "--rules", rules.toString(), "--quiet", input.toString());

        assertEquals(ExitCode.USAGE, run.exitCode(), run.err());
        assertEquals(List.of(), run.lines(), "nothing evaluated: " + run.out());
        assertTrue(run.err().contains("faulty.drl:11:5: an if (put the condition before then) is not allowed"), run.err());
    }

    private static void assertFailed(String line, String id, String location, String rule, String thrown) throws Exception {
        JsonNode failed = JSON.readTree(line);
        assertEquals(id, failed.get("intakeId").asText());
        assertTrue(failed.get("location").asText().endsWith(location), failed.toString());
        String message = failed.at("/errors/0/message").asText();
        assertTrue(message.contains("the rule " + rule + " failed") && message.contains(thrown), message);
    }
}
