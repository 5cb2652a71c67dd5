package org.backtriage.batch;

import org.backtriage.fhir.FhirBatch;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.Engines;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FHIR as batch input: Bulk Data NDJSON and Bundles, found by their resourceType or named with
 * --input-format fhir; Patients give ages and are not records; records in = lines out.
 */
class FhirInputTest {
    static final ObjectMapper JSON = Json.mapper();
    static TriageEngine engine;

    @TempDir
    Path dir;

    @BeforeAll
    static void compileOnce() {
        if (engine != null) {
            return;
        }
        engine = Engines.shipped();
    }

    record Result(Summary summary, List<JsonNode> lines, long patients) {
    }

    static Result evaluate(List<Input> inputs, InputStream stdin) throws Exception {
        List<Input> detected = FhirBatch.detect(inputs, JSON);
        try (FhirBatch fhir = FhirBatch.prepare(detected, stdin, JSON)) {
            StringWriter out = new StringWriter();
            Summary summary = new BatchEvaluator(new RecordEvaluator(engine, JSON, fhir.active() ? fhir : null), JSON,
                    new BatchEvaluator.Options(2, OutputFormat.NDJSON, false))
                    .run(fhir.inputs(), stdin, RecordSink.of(out), BatchEvaluator.Progress.NONE);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.toString().lines().toList()) {
                lines.add(JSON.readTree(line));
            }
            assertEquals(summary.read(), lines.size(), "records in = lines out");
            return new Result(summary, lines, fhir.patients());
        }
    }

    static ObjectNode exampleForm() throws Exception {
        return (ObjectNode) JSON.readTree(Path.of("fixtures/fhir/back-pain-intake.response.example.json").toFile());
    }

    static String patient(String id, String birthDate) {
        return "{\"resourceType\":\"Patient\",\"id\":\"" + id + "\",\"birthDate\":\"" + birthDate + "\"}";
    }

    /** The hand-written expectations of fixtures/fhir/bulk (Bulk Data layout: one file per resource type). */
    @Test
    void theBulkDataSampleGivesItsExpectedOutcomes() throws Exception {
        Result result = evaluate(Input.expand(List.of("fixtures/fhir/bulk"), null), InputStream.nullInputStream());
        List<String> expected = Files.readAllLines(Path.of("fixtures/fhir/expected/bulk.expected.ndjson"));
        long formLines = Files.readAllLines(Path.of("fixtures/fhir/bulk/QuestionnaireResponse.ndjson")).size();
        assertEquals(formLines, expected.size());
        assertEquals(expected.size(), result.lines().size(), "one line per form; Patient.ndjson gives none");
        assertEquals(Files.readAllLines(Path.of("fixtures/fhir/bulk/Patient.ndjson")).size(), result.patients());
        List<String> mismatches = new ArrayList<>();
        for (int i = 0; i < expected.size(); i++) {
            JsonNode want = JSON.readTree(expected.get(i));
            JsonNode got = FixturesTest.compact(result.lines().get(i));
            if (!want.equals(got)) {
                mismatches.add("form " + (i + 1) + "\n  expected " + want + "\n  actual   " + got);
            }
        }
        assertEquals(List.of(), mismatches);
        assertEquals("fixtures/fhir/bulk/QuestionnaireResponse.ndjson:13", result.lines().get(12).get("location").asText());
    }

    @Test
    void aPatientLaterInTheSameFileGivesTheAgeAndIsNotARecord() throws Exception {
        Path file = dir.resolve("export.ndjson");
        Files.writeString(file, exampleForm().toString() + "\n\n" + patient("example-patient", "1980-06-02") + "\n");
        Result result = evaluate(Input.expand(List.of(file.toString()), null), InputStream.nullInputStream());
        assertEquals(1, result.lines().size());
        assertEquals(1, result.summary().read());
        assertEquals(1, result.patients());
        assertEquals("qr-example-1", result.lines().get(0).get("intakeId").asText());
        assertTrue(result.lines().get(0).has("referral"), result.lines().get(0).toString());
    }

    @Test
    void aFormWhosePatientIsMissingIsAnErrorRecordNamingAge() throws Exception {
        Path file = dir.resolve("forms.ndjson");
        Files.writeString(file, exampleForm().toString() + "\n" + patient("someone-else", "1980-06-02") + "\n");
        Result result = evaluate(Input.expand(List.of(file.toString()), null), InputStream.nullInputStream());
        JsonNode line = result.lines().get(0);
        assertEquals("qr-example-1", line.get("intakeId").asText());
        assertEquals(file + ":1", line.get("location").asText());
        assertEquals("age", line.at("/errors/0/field").asText());
        assertEquals(1, line.get("errors").size());
    }

    @Test
    void aBundleIsOpenedIntoItsEntriesWithPatientsByFullUrl() throws Exception {
        ObjectNode form = exampleForm();
        form.putObject("subject").put("reference", "urn:uuid:9a3f0c2e-7d41-4c55-b1e0-3f2a6d8c4b10");
        ObjectNode second = exampleForm();
        second.put("id", "qr-example-2");
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
        ArrayNode entries = bundle.putArray("entry");
        entries.addObject().put("fullUrl", "urn:uuid:1b6d2f9a-0c3e-4e8f-a2d1-5c7b9e0f3a24").set("resource", form);
        entries.addObject().set("resource", JSON.readTree("{\"resourceType\":\"OperationOutcome\",\"issue\":[]}"));
        entries.addObject().put("fullUrl", "urn:uuid:9a3f0c2e-7d41-4c55-b1e0-3f2a6d8c4b10")
                .set("resource", JSON.readTree(patient("p-urn", "2010-01-01")));
        entries.addObject().set("resource", second);
        entries.addObject().set("resource", JSON.readTree(patient("example-patient", "1980-06-02")));
        Path file = dir.resolve("bundle.json");
        Files.writeString(file, bundle.toPrettyString());

        Result result = evaluate(Input.expand(List.of(file.toString()), null), InputStream.nullInputStream());
        assertEquals(3, result.lines().size(), "two forms and the OperationOutcome; the Patients are not records");
        assertEquals(2, result.patients());
        // the urn: Patient is 15 at the form's date: out of scope; example-patient is 44
        assertTrue(reasons(result.lines().get(0)).contains("OUT_OF_SCOPE"), result.lines().get(0).toString());
        assertEquals("resourceType", result.lines().get(1).at("/errors/0/field").asText());
        assertTrue(result.lines().get(1).get("location").asText().contains("entry 1"), result.lines().get(1).toString());
        assertEquals("qr-example-2", result.lines().get(2).get("intakeId").asText());
        assertTrue(result.lines().get(2).has("referral"), "its Patient is the last entry");
        assertFalse(reasons(result.lines().get(2)).contains("OUT_OF_SCOPE"));
    }

    @Test
    void aJsonFileOfOneResourceIsOneRecordAndAPatientFileNone() throws Exception {
        Files.writeString(dir.resolve("1-form.json"), exampleForm().toPrettyString());
        Files.writeString(dir.resolve("2-patient.json"), JSON.readTree(patient("example-patient", "1980-06-02")).toPrettyString());
        Files.writeString(dir.resolve("3-two.json"), exampleForm().toPrettyString() + "\n" + exampleForm().toPrettyString());
        Result result = evaluate(Input.expand(List.of(dir.toString()), null), InputStream.nullInputStream());
        assertEquals(2, result.lines().size());
        assertTrue(result.lines().get(0).has("referral"), "its Patient is in the next file: " + result.lines().get(0));
        assertEquals(dir.resolve("3-two.json") + ":1", result.lines().get(1).get("location").asText().replaceAll(":\\d+$", ":1"));
        assertEquals("$record", result.lines().get(1).at("/errors/0/field").asText(), "a second resource after the first");
    }

    @Test
    void standardInputWithInputFormatFhirTakesNdjsonOrABundle() throws Exception {
        String ndjson = patient("example-patient", "1980-06-02") + "\n" + exampleForm() + "\n{\"resourceType\":\n";
        Result lines = evaluate(List.of(Input.stdin(InputFormat.FHIR)), stream(ndjson));
        assertEquals(2, lines.lines().size());
        assertTrue(lines.lines().get(0).has("referral"));
        assertEquals("$record", lines.lines().get(1).at("/errors/0/field").asText());
        assertEquals("-:3", lines.lines().get(1).get("location").asText(), "standard input keeps its name in locations");

        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "searchset");
        bundle.putArray("entry").addObject().set("resource", exampleForm());
        ((ArrayNode) bundle.get("entry")).addObject().set("resource", JSON.readTree(patient("example-patient", "1980-06-02")));
        Result pretty = evaluate(List.of(Input.stdin(InputFormat.FHIR)), stream(bundle.toPrettyString()));
        assertEquals(1, pretty.lines().size());
        assertTrue(pretty.lines().get(0).has("referral"), pretty.lines().get(0).toString());
    }

    @Test
    void onlyFilesWhoseFirstValueHasAResourceTypeAreFhir() throws Exception {
        Path fhir = dir.resolve("a.ndjson");
        Files.writeString(fhir, "\uFEFF" + patient("p", "1980-01-01") + "\n");
        Path intakes = dir.resolve("b.ndjson");
        Files.writeString(intakes, "{\"id\":\"x\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":2}\n");
        Path array = dir.resolve("c.json");
        Files.writeString(array, "[" + exampleForm() + "]");
        List<Input> detected = FhirBatch.detect(Input.expand(List.of(dir.toString()), null), JSON);
        assertEquals(List.of(InputFormat.FHIR, InputFormat.NDJSON, InputFormat.JSON), detected.stream().map(Input::format).toList());
        try (FhirBatch plain = FhirBatch.prepare(List.of(detected.get(1)), InputStream.nullInputStream(), JSON)) {
            assertFalse(plain.active(), "no FHIR input: HAPI is not started");
        }
    }

    @Test
    void aStdinCopyIsRemovedWhenTheRunEnds() throws Exception {
        List<Input> inputs = List.of(Input.stdin(InputFormat.FHIR));
        Path copy;
        try (FhirBatch fhir = FhirBatch.prepare(inputs, stream(patient("p", "1980-01-01")), JSON)) {
            copy = fhir.inputs().get(0).path();
            assertTrue(Files.exists(copy));
            assertEquals("-", fhir.inputs().get(0).name());
        }
        assertFalse(Files.exists(copy));
    }

    private static List<String> reasons(JsonNode assessment) {
        return assessment.at("/referral/reasons").findValuesAsText("code");
    }

    private static InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
