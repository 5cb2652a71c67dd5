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
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * Evaluates every fixture file and compares each output line with the expectation written by hand from
 * the design and clinical notes (fixtures/expected/NAME.expected.ndjson): the referral level, the reason
 * and warning codes, each exercise's status, or the rejected fields.
 */
class FixturesTest {
    private static TriageEngine engine;
    private static final ObjectMapper JSON = Json.mapper();
    private static final String EXPECTED_SUFFIX = ".expected.ndjson";

    @BeforeAll
    static void compileOnce() {
        engine = Engines.shipped();
    }

    @TestFactory
    Stream<DynamicTest> everyFixtureGivesItsExpectedAssessments() throws IOException {
        List<Input> inputs = Input.expand(List.of("fixtures"), null);
        // every input has its expected file and every expected file its input, however many files there are
        Set<String> inputBases = new TreeSet<>(inputs.stream().map(FixturesTest::base).toList());
        Set<String> expectedBases;
        try (Stream<Path> files = Files.list(Path.of("fixtures", "expected"))) {
            expectedBases = new TreeSet<>(files.map(f -> f.getFileName().toString())
                    .filter(n -> n.endsWith(EXPECTED_SUFFIX))
                    .map(n -> n.substring(0, n.length() - EXPECTED_SUFFIX.length())).toList());
        }
        assertFalse(inputBases.isEmpty(), "fixtures/ holds intake files");
        assertEquals(inputs.size(), inputBases.size(), "no two fixture files share a base name (they would share an expected file)");
        assertEquals(expectedBases, inputBases, "fixtures/expected/ holds one BASE" + EXPECTED_SUFFIX + " per fixture file");
        return inputs.stream().map(input -> DynamicTest.dynamicTest(input.name(), () -> check(input)));
    }

    private static String base(Input input) {
        return input.path().getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }

    private static void check(Input input) throws Exception {
        List<String> expected = Files.readAllLines(Path.of("fixtures", "expected", base(input) + EXPECTED_SUFFIX));
        StringWriter out = new StringWriter();
        Summary summary = new BatchEvaluator(engine, JSON, new BatchEvaluator.Options(2, OutputFormat.NDJSON, false))
                .run(List.of(input), System.in, RecordSink.of(out), BatchEvaluator.Progress.NONE);
        List<String> actual = out.toString().lines().toList();
        assertEquals(expected.size(), actual.size(), "one output line per input record");
        assertEquals(summary.read(), summary.assessed() + summary.rejected());
        Set<String> named = exercisesNamed();
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = JSON.readTree(expected.get(i));
            JsonNode got = compact(JSON.readTree(actual.get(i)), named);
            if (!want.equals(got)) {
                mismatches.add("record " + (i + 1) + "\n  expected " + want + "\n  actual   " + got);
            }
        }
        assertEquals(List.of(), mismatches);
    }

    /**
     * The exercises the expected files speak about. An exercise the clinic adds later is not listed in
     * them: its scenarios judge it, and adding it keeps this test true.
     */
    private static Set<String> exercisesNamed() throws IOException {
        Set<String> named = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("fixtures", "expected"))) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(EXPECTED_SUFFIX)).toList()) {
                for (String line : Files.readAllLines(file)) {
                    JSON.readTree(line).path("exercises").fieldNames().forEachRemaining(named::add);
                }
            }
        }
        return named;
    }

    /** The actual output line in the expected files' compact form. */
    static JsonNode compact(JsonNode line) throws IOException {
        return compact(line, exercisesNamed());
    }

    private static JsonNode compact(JsonNode line, Set<String> named) throws IOException {
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
        a.exercises().stream().filter(e -> named.contains(e.id())).forEach(e -> exercises.put(e.id(), e.status()));
        out.set("exercises", JSON.valueToTree(exercises));
        out.set("warnings", JSON.valueToTree(new TreeSet<>(a.warnings().stream().map(Assessment.Warning::code).toList())));
        return out;
    }
}
