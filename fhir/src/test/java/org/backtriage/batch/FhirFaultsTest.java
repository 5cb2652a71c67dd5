package org.backtriage.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.backtriage.batch.FhirInputTest.evaluate;
import static org.backtriage.batch.FhirInputTest.exampleForm;
import static org.backtriage.batch.FhirInputTest.patient;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 22's FHIR rows: each a record of its own, named by its field, and the rest of the run goes on. */
class FhirFaultsTest {
    private static final com.fasterxml.jackson.databind.ObjectMapper JSON = Json.mapper();

    @TempDir
    Path dir;

    @BeforeAll
    static void engine() {
        FhirInputTest.compileOnce();
    }

    @Test
    void aBirthDateThatIsNoRealDayIsAnErrorNamingAgeAndTheRunGoesOn() throws Exception {
        Path file = dir.resolve("export.ndjson");
        ObjectNode second = exampleForm();
        second.put("id", "qr-example-2");
        second.putObject("subject").put("reference", "Patient/fine");
        Files.writeString(file, exampleForm() + "\n" + second + "\n" + patient("example-patient", "1980-02-30") + "\n"
                + patient("fine", "1980-06-02") + "\n");
        FhirInputTest.Result result = evaluate(org.backtriage.batch.Input.expand(List.of(file.toString()), null), InputStream.nullInputStream());
        assertEquals(2, result.lines().size());
        JsonNode bad = result.lines().get(0);
        assertEquals("age", bad.at("/errors/0/field").asText(), bad.toString());
        assertTrue(bad.at("/errors/0/message").asText().contains("not a real date"), bad.toString());
        assertTrue(result.lines().get(1).has("referral"), "the next form is assessed: " + result.lines().get(1));
    }

    @Test
    void anAbsoluteSubjectMatchesOnlyThatServersPatient() throws Exception {
        ObjectNode form = exampleForm();
        form.putObject("subject").put("reference", "http://a.example/fhir/Patient/p1");
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
        ArrayNode entries = bundle.putArray("entry");
        entries.addObject().set("resource", form);
        entries.addObject().put("fullUrl", "http://b.example/fhir/Patient/p1").set("resource", JSON.readTree(patient("p1", "2012-01-01")));
        Path file = dir.resolve("bundle.json");
        Files.writeString(file, bundle.toPrettyString());
        FhirInputTest.Result result = evaluate(org.backtriage.batch.Input.expand(List.of(file.toString()), null), InputStream.nullInputStream());
        JsonNode line = result.lines().get(0);
        assertEquals("age", line.at("/errors/0/field").asText(), "another server's p1 is another person: " + line);
        assertTrue(line.at("/errors/0/message").asText().contains("a.example"), line.toString());

        // the same server's Patient, under the exact URL, gives the age
        ((ObjectNode) entries.get(1)).put("fullUrl", "http://a.example/fhir/Patient/p1");
        Files.writeString(file, bundle.toPrettyString());
        result = evaluate(org.backtriage.batch.Input.expand(List.of(file.toString()), null), InputStream.nullInputStream());
        assertTrue(result.lines().get(0).has("referral"), result.lines().get(0).toString());
    }

    @Test
    void anUnfinishedFormIsRefusedNamingItsStatus() throws Exception {
        Path file = dir.resolve("forms.ndjson");
        ObjectNode inProgress = exampleForm().put("status", "in-progress");
        ObjectNode stopped = exampleForm().put("status", "stopped");
        stopped.put("id", "qr-stopped");
        ObjectNode amended = exampleForm().put("status", "amended");
        amended.put("id", "qr-amended");
        Files.writeString(file, inProgress + "\n" + stopped + "\n" + amended + "\n" + patient("example-patient", "1980-06-02") + "\n");
        FhirInputTest.Result result = evaluate(org.backtriage.batch.Input.expand(List.of(file.toString()), null), InputStream.nullInputStream());
        assertEquals(3, result.lines().size());
        assertEquals("status", result.lines().get(0).at("/errors/0/field").asText(), result.lines().get(0).toString());
        assertTrue(result.lines().get(0).at("/errors/0/message").asText().contains("in-progress"));
        assertEquals("status", result.lines().get(1).at("/errors/0/field").asText(), result.lines().get(1).toString());
        assertTrue(result.lines().get(2).has("referral"), "an amended form is assessed: " + result.lines().get(2));
    }
}
