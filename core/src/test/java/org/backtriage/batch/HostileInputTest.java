package org.backtriage.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.backtriage.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
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
 * Issue 12, the batch input rows, through the evaluate pipeline ({@link BatchEvaluator}, the shipped rules):
 * records in = lines out in each, and each hostile record becomes an error record while the records around
 * it are assessed.
 */
class HostileInputTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final String HEADER = "id,age,regions,painScore";

    @TempDir
    Path dir;

    /** What a run wrote (one string per line) and its summary. */
    record Run(String out, Summary summary) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    private static Run evaluate(OutputFormat format, Path... files) throws Exception {
        List<String> names = new ArrayList<>();
        for (Path file : files) {
            names.add(file.toString());
        }
        StringWriter out = new StringWriter();
        Summary summary = new BatchEvaluator(Engines.frozen(), JSON, new BatchEvaluator.Options(2, format, false))
                .run(Input.expand(names, null), InputStream.nullInputStream(), RecordSink.of(out), BatchEvaluator.Progress.NONE);
        return new Run(out.toString(), summary);
    }

    private static List<JsonNode> outputOf(Run run) throws Exception {
        List<JsonNode> nodes = new java.util.ArrayList<>();
        for (String line : run.lines()) {
            nodes.add(JSON.readTree(line));
        }
        return nodes;
    }

    private static boolean assessed(JsonNode line) {
        return line.has("referral") && !line.has("errors");
    }

    @Test
    void aQuotedLineBreakInACsvCellStaysInOneRecord() throws Exception {
        Path csv = dir.resolve("quoted.csv");
        Files.writeString(csv, HEADER + "\n"
                + "first,40,\"lower_back;\nmid_back\",3\n"
                + "second,41,lower_back,4\n");
        Run run = evaluate(OutputFormat.NDJSON, csv);
        assertEquals(0, run.summary().rejected(), run.out());
        List<JsonNode> out = outputOf(run);
        assertEquals(2, out.size(), "2 records in, 2 lines out: " + run.out());
        assertEquals("first", out.get(0).get("intakeId").asText());
        assertTrue(out.get(0).toString().contains("side-bend-overhead"), "mid_back, after the line break, was read: " + out.get(0));
        assertEquals("second", out.get(1).get("intakeId").asText());
    }

    @Test
    void anUnclosedCsvQuoteIsOneErrorRecordSayingTheRestIsPartOfIt() throws Exception {
        Path csv = dir.resolve("unclosed.csv");
        Files.writeString(csv, HEADER + "\n"
                + "first,40,lower_back,3\n"
                + "\"second,41,lower_back,4\n"
                + "third,42,lower_back,5\n");
        Run run = evaluate(OutputFormat.NDJSON, csv);
        List<JsonNode> out = outputOf(run);
        assertEquals(2, out.size(), "CSV reads the quote to the end of the file: one record, one error: " + run.out());
        assertTrue(assessed(out.get(0)));
        assertTrue(out.get(1).get("location").asText().endsWith("unclosed.csv:3"), out.get(1).toString());
        assertTrue(out.get(1).at("/errors/0/message").asText().contains("never closed"), out.get(1).toString());
    }

    @Test
    void aJsonArrayElementOverTheLimitIsOneErrorRecordAndTheRestIsRead() throws Exception {
        Path json = dir.resolve("big.json");
        Files.writeString(json, "[{\"id\":\"before\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3},\n"
                + "{\"id\":\"huge\",\"notes\":\"" + "x".repeat(Input.MAX_RECORD_CHARS + 100) + "\"},\n"
                + "{\"id\":\"after\",\"age\":41,\"regions\":[\"lower_back\"],\"painScore\":4}]\n");
        Run run = evaluate(OutputFormat.NDJSON, json);
        List<JsonNode> out = outputOf(run);
        assertEquals(3, out.size(), "3 in, 3 out: " + run.out());
        assertEquals("before", out.get(0).get("intakeId").asText());
        assertTrue(out.get(1).at("/errors/0/message").asText().contains("longer than"), out.get(1).toString());
        assertTrue(out.get(1).get("location").asText().endsWith("big.json:2"), out.get(1).toString());
        assertEquals("after", out.get(2).get("intakeId").asText());
        assertTrue(assessed(out.get(2)));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** An NDJSON line whose id holds {@code bytes} in the middle. */
    private static byte[] lineWithIdBytes(String idStart, byte... bytes) {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.writeBytes(utf8("{\"id\":\"" + idStart));
        line.writeBytes(bytes);
        line.writeBytes(utf8("\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}\n"));
        return line.toByteArray();
    }

    @Test
    void invalidUtf8OrALoneSurrogateInAnIdIsAnErrorRecordNotAChangedId() throws Exception {
        ByteArrayOutputStream ndjson = new ByteArrayOutputStream();
        ndjson.writeBytes(utf8("{\"id\":\"good-1\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}\n"));
        ndjson.writeBytes(lineWithIdBytes("bad-byte-", (byte) 0xFF));
        ndjson.writeBytes(lineWithIdBytes("encoded-surrogate-", (byte) 0xED, (byte) 0xA0, (byte) 0x80));
        ndjson.writeBytes(utf8("{\"id\":\"escaped-surrogate-\\ud800\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}\n"));
        ndjson.writeBytes(lineWithIdBytes("truncated-", (byte) 0xE2, (byte) 0x82));
        ndjson.writeBytes(utf8("{\"id\":\"good-2 \u00e9\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}\n"));
        Path file = dir.resolve("bytes.ndjson");
        Files.write(file, ndjson.toByteArray());

        Run run = evaluate(OutputFormat.NDJSON, file);
        List<JsonNode> out = outputOf(run);
        assertEquals(6, out.size(), run.out());
        assertEquals("good-1", out.get(0).get("intakeId").asText());
        for (int i = 1; i <= 4; i++) {
            assertTrue(out.get(i).has("errors"), "line " + (i + 1) + " is refused: " + out.get(i));
            assertFalse(out.get(i).toString().contains("\uFFFD"), "no replaced id is echoed: " + out.get(i));
        }
        assertTrue(out.get(1).at("/errors/0/message").asText().contains("not valid UTF-8"), out.get(1).toString());
        assertEquals("id", out.get(3).at("/errors/0/field").asText(), out.get(3).toString());
        assertEquals("good-2 \u00e9", out.get(5).get("intakeId").asText(), "valid UTF-8 is read as written");
        assertEquals(4, run.summary().rejected());
    }

    @Test
    void invalidUtf8InACsvRowOrAJsonElementIsThatRecordsErrorOnly() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        csv.writeBytes(utf8(HEADER + "\nfirst,40,lower_back,3\nbad"));
        csv.write(0xC3);
        csv.write(0x28);
        csv.writeBytes(utf8(",41,lower_back,4\nthird,42,lower_back,5\n"));
        Path csvFile = dir.resolve("bytes.csv");
        Files.write(csvFile, csv.toByteArray());
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        json.writeBytes(utf8("[{\"id\":\"first\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3},\n{\"id\":\"bad"));
        json.write(0x80);
        json.writeBytes(utf8("\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3},\n"
                + "{\"id\":\"third\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}]"));
        Path jsonFile = dir.resolve("bytes.json");
        Files.write(jsonFile, json.toByteArray());

        Run run = evaluate(OutputFormat.NDJSON, csvFile, jsonFile);
        List<JsonNode> out = outputOf(run);
        assertEquals(6, out.size(), run.out());
        for (int i : new int[]{0, 2, 3, 5}) {
            assertTrue(assessed(out.get(i)), out.get(i).toString());
        }
        for (int i : new int[]{1, 4}) {
            assertTrue(out.get(i).at("/errors/0/message").asText().contains("not valid UTF-8"), out.get(i).toString());
        }
        assertTrue(out.get(1).get("location").asText().endsWith("bytes.csv:3"));
        assertTrue(out.get(4).get("location").asText().endsWith("bytes.json:2"));
    }

    @Test
    void csvOutputNeutralisesCellsASpreadsheetWouldRunAsFormulas() throws Exception {
        List<String> ids = List.of("=HYPERLINK(\"http://evil.example\",\"x\")", "+cmd|' /C calc'!A0", "@SUM(A1:A2)", "-2+3",
                "\tTAB", "plain-id");
        StringBuilder ndjson = new StringBuilder();
        for (String id : ids) {
            ndjson.append(JSON.writeValueAsString(JSON.createObjectNode().put("id", id).put("age", 40)
                    .put("painScore", 3).set("regions", JSON.createArrayNode().add("lower_back")))).append('\n');
        }
        Path file = dir.resolve("formulas.ndjson");
        Files.writeString(file, ndjson.toString());

        Run run = evaluate(OutputFormat.CSV, file);
        assertEquals(0, run.summary().rejected(), run.out());
        try (MappingIterator<List<String>> rows = new CsvMapper().readerForListOf(String.class)
                .with(CsvParser.Feature.WRAP_AS_ARRAY).readValues(run.out())) {
            List<List<String>> all = rows.readAll();
            assertEquals(ids.size() + 1, all.size(), run.out());
            for (int i = 0; i < ids.size() - 1; i++) {
                assertEquals("'" + ids.get(i), all.get(i + 1).get(0), "a formula is shown as text");
            }
            assertEquals("plain-id", all.get(ids.size()).get(0), "other cells are left as they are");
        }
    }
}
