package org.backtriage.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.Engines;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Evaluates every fixture file and compares each output line with the expectation written by hand from
 * the design and clinical notes (fixtures/expected/NAME.expected.ndjson): the referral level, the reason
 * and warning codes, each exercise's status, or the rejected fields.
 */
class FixturesTest {
    private static TriageEngine engine;
    private static final ObjectMapper JSON = Json.mapper();

    @BeforeAll
    static void compileOnce() {
        engine = Engines.shipped();
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureGivesItsExpectedAssessments() throws IOException {
        List<Input> inputs = Input.expand(List.of("fixtures"), null);
        assertEquals(3, inputs.size(), "fixtures/ holds one file per format");
        return inputs.stream().map(input -> DynamicTest.dynamicTest(input.name(), () -> check(input)));
    }

    private static void check(Input input) throws Exception {
        String base = input.path().getFileName().toString().replaceFirst("\\.[^.]+$", "");
        List<String> expected = Files.readAllLines(Path.of("fixtures", "expected", base + ".expected.ndjson"));
        StringWriter out = new StringWriter();
        Summary summary = new BatchEvaluator(engine, JSON, new BatchEvaluator.Options(2, OutputFormat.NDJSON, false))
                .run(List.of(input), System.in, RecordSink.of(out), BatchEvaluator.Progress.NONE);
        List<String> actual = out.toString().lines().toList();
        assertEquals(expected.size(), actual.size(), "one output line per input record");
        assertEquals(summary.read(), summary.assessed() + summary.rejected());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = JSON.readTree(expected.get(i));
            JsonNode got = compact(JSON.readTree(actual.get(i)));
            if (!want.equals(got)) {
                mismatches.add("record " + (i + 1) + "\n  expected " + want + "\n  actual   " + got);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    /** The actual output line in the expected files' compact form. */
    static JsonNode compact(JsonNode line) throws IOException {
        ObjectNode out = JSON.createObjectNode();
        out.set("intakeId", line.get("intakeId") == null ? JSON.nullNode() : line.get("intakeId"));
        if (line.has("errors")) {
            TreeSet<String> fields = new TreeSet<>();
            line.get("errors").forEach(e -> fields.add(e.get("field").asText()));
            out.set("errorFields", JSON.valueToTree(fields));
            return out;
        }
        Assessment a = JSON.treeToValue(line, Assessment.class);
        out.put("level", a.referral().level());
        // one reason per finding: a code may repeat, so the reasons are a sorted list, not a set
        out.set("reasons", JSON.valueToTree(a.referral().reasons().stream().map(Assessment.Reason::code).sorted().toList()));
        Map<String, String> exercises = new TreeMap<>();
        a.exercises().forEach(e -> exercises.put(e.id(), e.status()));
        out.set("exercises", JSON.valueToTree(exercises));
        out.set("warnings", JSON.valueToTree(new TreeSet<>(a.warnings().stream().map(Assessment.Warning::code).toList())));
        return out;
    }
}
