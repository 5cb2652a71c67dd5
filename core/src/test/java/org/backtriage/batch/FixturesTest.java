package org.backtriage.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.Engines;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.TriageEngine;
import org.backtriage.authoring.FixtureCheck;
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
        // the comparison `backtriage test` makes (FixtureCheck), one dynamic test per fixture file's mismatches
        FixtureCheck.Report report = new FixtureCheck(JSON).check(engine, Path.of("fixtures"));
        assertEquals(List.of(), report.problems());
        return inputs.stream().map(input -> DynamicTest.dynamicTest(input.name(), () -> assertEquals(List.of(),
                report.mismatches().stream().filter(m -> m.expectedFile().getFileName().toString().equals(base(input) + EXPECTED_SUFFIX))
                        .map(m -> "line " + m.line() + "\n  expected " + m.expected() + "\n  actual   " + m.actual()).toList())));
    }

    private static String base(Input input) {
        return input.path().getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }

    /** An output line in the expected files' compact form (the FHIR sample's expectations use it too). */
    static JsonNode compact(JsonNode line) throws IOException {
        FixtureCheck check = new FixtureCheck(JSON);
        return check.compact(line, check.exercisesNamed(Path.of("fixtures", "expected")));
    }
}
