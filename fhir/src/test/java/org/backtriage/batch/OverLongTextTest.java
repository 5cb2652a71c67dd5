package org.backtriage.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.Engines;
import org.backtriage.fhir.FhirBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, "a JSON array element (or FHIR Bundle entry) with one string over 1 MiB": that record is one
 * error record naming the field and the limit, and every record after it is still read and assessed, in
 * each input format. Runs the whole evaluate pipeline (readers, FHIR mapping, frozen rules).
 */
class OverLongTextTest {
    private static final ObjectMapper JSON = Json.mapper();
    /** One and a half MiB of text: over the record limit, as in the issue. */
    private static final int HUGE = Input.MAX_RECORD_CHARS + Input.MAX_RECORD_CHARS / 2;

    @TempDir
    Path dir;

    record Run(Summary summary, List<JsonNode> lines) {
        JsonNode line(int index) {
            return lines.get(index);
        }

        String text() {
            return lines.toString().length() > 4000 ? lines.toString().substring(0, 4000) + "..." : lines.toString();
        }
    }

    /** Evaluates the files as the evaluate command does (FHIR found by content), one output line per record. */
    private static Run evaluate(Path... files) throws Exception {
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            names.add(file.toString());
        }
        List<Input> inputs = FhirBatch.detect(Input.expand(names, null), JSON);
        try (FhirBatch fhir = FhirBatch.prepare(inputs, InputStream.nullInputStream(), JSON)) {
            StringWriter out = new StringWriter();
            Summary summary = new BatchEvaluator(new RecordEvaluator(Engines.frozen(), JSON, fhir.active() ? fhir : null), JSON,
                    new BatchEvaluator.Options(2, OutputFormat.NDJSON, false))
                    .run(fhir.inputs(), InputStream.nullInputStream(), RecordSink.of(out), BatchEvaluator.Progress.NONE);
            List<JsonNode> lines = new ArrayList<>();
            for (String line : out.toString().lines().toList()) {
                lines.add(JSON.readTree(line));
            }
            assertEquals(summary.read(), lines.size(), "records in = lines out");
            return new Run(summary, lines);
        }
    }

    private static ObjectNode intake(String id) {
        ObjectNode intake = JSON.createObjectNode().put("id", id).put("age", 40).put("painScore", 3);
        intake.putArray("regions").add("lower_back");
        return intake;
    }

    private static boolean assessed(JsonNode line) {
        return line.has("referral") && !line.has("errors");
    }

    /** The error of a record refused for a long text: the field named, the limit said in plain words. */
    private static void assertOverLongText(JsonNode line, String field, String locationEnd) {
        assertTrue(line.has("errors") && !line.has("referral"), line.toString());
        assertTrue(line.toString().length() < 1000, "an error record never echoes the long text: " + line.toString().length());
        assertEquals(1, line.get("errors").size(), "one error for the record: " + line);
        assertEquals(field, line.at("/errors/0/field").asText(), line.toString());
        String message = line.at("/errors/0/message").asText();
        assertTrue(message.contains("1 MiB"), "the limit in plain words: " + message);
        assertTrue(line.get("location").asText().endsWith(locationEnd), line.get("location").asText() + " ends with " + locationEnd);
    }

    @Test
    void aJsonArrayElementWithOneTextOverTheLimitIsOneErrorNamingTheFieldAndTheNextIsAssessed() throws Exception {
        Path file = dir.resolve("intakes.json");
        Files.writeString(file, "[" + intake("first") + ",\n"
                + intake("huge").put("stiffness", "x".repeat(HUGE)) + ",\n"
                + intake("third") + "]\n");
        Run run = evaluate(file);
        assertEquals(3, run.lines().size(), run.text());
        assertEquals("first", run.line(0).get("intakeId").asText());
        assertTrue(assessed(run.line(0)), run.line(0).toString());
        assertOverLongText(run.line(1), "stiffness", "intakes.json:2");
        assertEquals("third", run.line(2).get("intakeId").asText(), run.text());
        assertTrue(assessed(run.line(2)), run.line(2).toString());
        assertEquals(1, run.summary().rejected());
    }

    @Test
    void theLastElementHoldingTheLongTextEndsTheFileCleanlyAndTheNextFileIsRead() throws Exception {
        Path file = dir.resolve("a-last.json");
        Files.writeString(file, "[\n" + intake("first") + ",\n" + intake("huge").put("id", "y".repeat(HUGE)) + "\n]\n");
        Path next = dir.resolve("b-next.json");
        Files.writeString(next, "[" + intake("next-file") + "]");
        Run run = evaluate(file, next);
        assertEquals(3, run.lines().size(), run.text());
        assertTrue(assessed(run.line(0)), run.line(0).toString());
        assertOverLongText(run.line(1), "id", "a-last.json:3");
        assertEquals("next-file", run.line(2).get("intakeId").asText(), run.text());
        assertTrue(assessed(run.line(2)));
    }

    @Test
    void aLongTextNestedInAnObjectOrAListIsNamedByItsPathAndLaterLinesStayRight() throws Exception {
        ObjectNode inObject = intake("in-object");
        inObject.putObject("redFlags").put("fever", "z".repeat(HUGE));
        ObjectNode inList = intake("in-list");
        inList.putArray("regions").add("lower_back").add("w".repeat(HUGE));
        ObjectNode invalid = intake("invalid").put("age", 200);
        Path file = dir.resolve("nested.json");
        // pretty-printed: each record spans several lines, so the line of each later record is checked
        ArrayNode all = JSON.createArrayNode().add(intake("first")).add(inObject).add(inList).add(invalid).add(intake("last"));
        String text = all.toPrettyString();
        Files.writeString(file, text);
        Run run = evaluate(file);
        assertEquals(5, run.lines().size(), run.text());
        assertTrue(assessed(run.line(0)));
        assertOverLongText(run.line(1), "redFlags.fever", "nested.json:" + lineOf(text, "\"in-object\"", 1));
        assertOverLongText(run.line(2), "regions", "nested.json:" + lineOf(text, "\"in-list\"", 1));
        assertEquals("age", run.line(3).at("/errors/0/field").asText(), run.line(3).toString());
        assertTrue(run.line(3).get("location").asText().endsWith("nested.json:" + lineOf(text, "\"invalid\"", 1)),
                "the line of a record after the long texts: " + run.line(3));
        assertTrue(assessed(run.line(4)), run.line(4).toString());
        assertEquals(3, run.summary().rejected());
    }

    /** The line (1-based) of the record whose id is {@code id}: its opening brace is {@code back} lines above. */
    private static int lineOf(String text, String id, int back) {
        int at = text.indexOf("\"id\" : " + id);
        assertTrue(at > 0, id);
        return (int) text.substring(0, at).lines().count() - back; // the count includes the id's own line
    }

    @Test
    void escapedQuotesAndBackslashesInsideTheLongTextDoNotEndItEarly() throws Exception {
        // the text as written in the file (JSON escapes), built of whole escapes: it looks like JSON to a
        // careless scanner (escaped quotes, escaped backslashes before escaped quotes, a fake record), a
        // \\u escape straddles the limit, and it ends with an escaped backslash right before its quote
        String[] pieces = {"a", "\\\"", "\\\\", "\\\\\\\"", "},{", "\\\"id\\\":\\\"fake\\\",\\\"age\\\":40}]", "\\u00e9"};
        StringBuilder written = new StringBuilder();
        for (int i = 0; written.length() + pieces[i % pieces.length].length() <= Input.MAX_RECORD_CHARS - 2; i++) {
            written.append(pieces[i % pieces.length]);
        }
        while (written.length() < Input.MAX_RECORD_CHARS - 2) {
            written.append('a');
        }
        written.append("\\u00e9"); // from just before the limit to just after it
        for (int i = 0; written.length() < HUGE; i++) {
            written.append(pieces[i % pieces.length]);
        }
        written.append("\\\\");
        Path file = dir.resolve("escapes.json");
        Files.writeString(file, "[" + intake("first") + ",\n{\"id\":\"tricky\",\"stiffness\":\"" + written + "\"},\n"
                + intake("third") + "\n,\n" + intake("fourth").put("age", 200) + "]");
        Run run = evaluate(file);
        assertEquals(4, run.lines().size(), run.text());
        assertOverLongText(run.line(1), "stiffness", "escapes.json:2");
        assertFalse(run.text().contains("fake"), "nothing inside the text was read as a record");
        assertEquals("third", run.line(2).get("intakeId").asText());
        assertTrue(assessed(run.line(2)));
        assertEquals("fourth", run.line(3).get("intakeId").asText());
        assertEquals("age", run.line(3).at("/errors/0/field").asText(), run.line(3).toString());
        assertTrue(run.line(3).get("location").asText().endsWith("escapes.json:5"), "the line of a record after the text: " + run.line(3));
    }

    @Test
    void aFieldNameOverJacksonsNameLimitIsOneErrorAndTheNextIsRead() throws Exception {
        int nameLimit = JSON.getFactory().streamReadConstraints().getMaxNameLength();
        Path file = dir.resolve("names.json");
        Files.writeString(file, "[" + intake("first") + ",\n{\"id\":\"long-name\",\"" + "n".repeat(nameLimit + 10) + "\":1},\n"
                + intake("third") + "]");
        Run run = evaluate(file);
        assertEquals(3, run.lines().size(), run.text());
        assertTrue(run.line(1).at("/errors/0/message").asText().contains("field name"), run.line(1).toString());
        assertTrue(run.line(1).at("/errors/0/message").asText().contains(String.valueOf(nameLimit)), run.line(1).toString());
        assertTrue(run.line(1).get("location").asText().endsWith("names.json:2"));
        assertTrue(assessed(run.line(2)), run.line(2).toString());
    }

    @Test
    void aLoneJsonObjectWithALongTextIsOneErrorNotACutText() throws Exception {
        Path file = dir.resolve("one.json");
        Files.writeString(file, intake("alone").put("stiffness", "x".repeat(HUGE)).toPrettyString());
        Run run = evaluate(file);
        assertEquals(1, run.lines().size(), run.text());
        assertOverLongText(run.line(0), "stiffness", "one.json:1");
    }

    private static ObjectNode form(String id, String subject) throws Exception {
        ObjectNode form = FhirInputTest.exampleForm();
        form.put("id", id);
        form.putObject("subject").put("reference", subject);
        return form;
    }

    @Test
    void aBundleEntryWithOneTextOverTheLimitIsOneErrorAndTheLaterEntriesAndPatientAreRead() throws Exception {
        ObjectNode huge = form("qr-huge", "Patient/example-patient");
        ((ArrayNode) huge.get("item")).addObject().put("linkId", "notes").putArray("answer").addObject()
                .put("valueString", "v".repeat(HUGE));
        ObjectNode bundle = JSON.createObjectNode().put("resourceType", "Bundle").put("type", "collection");
        ArrayNode entries = bundle.putArray("entry");
        entries.addObject().set("resource", form("qr-first", "Patient/example-patient"));
        entries.addObject().put("fullUrl", "urn:uuid:huge").set("resource", huge);
        entries.addObject().set("resource", form("qr-third", "Patient/example-patient"));
        // the Patient comes last: the pre-scan must read past the long entry to give the forms their age
        entries.addObject().set("resource", JSON.readTree(FhirInputTest.patient("example-patient", "1980-06-02")));
        Path file = dir.resolve("bundle.json");
        String text = bundle.toPrettyString();
        Files.writeString(file, text);
        Run run = evaluate(file);
        assertEquals(3, run.lines().size(), "two forms and the refused entry; the Patient is no record: " + run.text());
        assertEquals("qr-first", run.line(0).get("intakeId").asText());
        assertTrue(assessed(run.line(0)), run.line(0).toString());
        int entryLine = (int) text.substring(0, text.indexOf("\"urn:uuid:huge\"")).lines().count() - 1;
        assertOverLongText(run.line(1), "item.answer.valueString", "bundle.json:" + entryLine + " entry 1");
        assertEquals("qr-third", run.line(2).get("intakeId").asText(), run.text());
        assertTrue(assessed(run.line(2)), "the Patient after the long entry gave the age: " + run.line(2));
        assertEquals(1, run.summary().rejected());
    }

    @Test
    void aLoneFhirResourceWithALongTextIsOneErrorNamingTheField() throws Exception {
        ObjectNode huge = form("qr-huge", "Patient/example-patient");
        huge.putObject("text").put("status", "generated").put("div", "<div>" + "d".repeat(HUGE) + "</div>");
        Path file = dir.resolve("form.json");
        Files.writeString(file, huge.toPrettyString());
        Run run = evaluate(file);
        assertEquals(1, run.lines().size(), run.text());
        assertOverLongText(run.line(0), "text.div", "form.json:1");
    }

    @Test
    void ndjsonAndCsvAlreadyRefuseOnlyTheLongRecord() throws Exception {
        Path ndjson = dir.resolve("lines.ndjson");
        Files.writeString(ndjson, intake("first") + "\n" + intake("huge").put("stiffness", "x".repeat(HUGE)) + "\n"
                + intake("third") + "\n");
        Path csv = dir.resolve("rows.csv");
        Files.writeString(csv, "id,age,regions,painScore,stiffness\n"
                + "first,40,lower_back,3,\n"
                + "huge,40,lower_back,3,\"" + "x".repeat(HUGE) + "\"\n"
                + "third,40,lower_back,3,\n"
                + "fourth,200,lower_back,3,\n");
        Run run = evaluate(ndjson, csv);
        assertEquals(7, run.lines().size(), run.text());
        for (int i : new int[]{0, 2, 3, 5}) {
            assertTrue(assessed(run.line(i)), run.line(i).toString());
        }
        assertTrue(run.line(1).at("/errors/0/message").asText().contains("longer than"), run.line(1).toString());
        assertTrue(run.line(1).get("location").asText().endsWith("lines.ndjson:2"));
        assertEquals("third", run.line(2).get("intakeId").asText());
        assertTrue(run.line(4).at("/errors/0/message").asText().contains("longer than"), run.line(4).toString());
        assertTrue(run.line(4).get("location").asText().endsWith("rows.csv:3"), run.line(4).toString());
        assertEquals("third", run.line(5).get("intakeId").asText());
        assertTrue(run.line(6).get("location").asText().endsWith("rows.csv:5"), run.line(6).toString());
    }
}
