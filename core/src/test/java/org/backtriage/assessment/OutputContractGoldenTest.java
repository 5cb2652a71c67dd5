package org.backtriage.assessment;

import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.Json;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.RecordSink;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Pins the output contract (design.md, revision 2): two complete assessments, every field, in order, as
 * batch NDJSON writes them, compared character for character with a file written by hand. A renamed,
 * dropped, reordered or added field fails here. The rule base is a small fixed one in test resources, so
 * the clinic's edits to rules/ never touch this test.
 */
class OutputContractGoldenTest {
    private static final Path GOLDEN = Path.of("core/src/test/resources/golden");

    @Test
    void anAssessmentHasExactlyTheFieldsOfTheContract() throws Exception {
        TriageEngine engine = TriageEngine.fromFolder(GOLDEN.resolve("rules"));
        StringWriter out = new StringWriter();
        new BatchEvaluator(engine, Json.mapper(), new BatchEvaluator.Options(1, OutputFormat.NDJSON, false))
                .run(Input.expand(List.of(GOLDEN.resolve("intakes.ndjson").toString()), null), System.in,
                        RecordSink.of(out), BatchEvaluator.Progress.NONE);
        List<String> expected = Files.readAllLines(GOLDEN.resolve("assessments.ndjson"));
        assertEquals(expected, out.toString().lines().toList());
    }
}
