package org.backtriage.batch;

import org.backtriage.intake.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The readers: every record comes out once, located by file and line, whatever the file looks like. */
class InputReadersTest {
    @TempDir
    Path dir;

    private List<RawRecord> read(String name, byte[] content) throws Exception {
        Path file = dir.resolve(name);
        Files.write(file, content);
        List<RawRecord> records = new ArrayList<>();
        Input input = Input.expand(List.of(file.toString()), null).get(0);
        try (RecordReader reader = input.open(new ByteArrayInputStream(new byte[0]), Json.mapper())) {
            for (RawRecord r = reader.next(); r != null; r = reader.next()) {
                records.add(r);
            }
        }
        return records;
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aByteOrderMarkAndWindowsLineEndingsAreNotPartOfTheData() throws Exception {
        byte[] csv = utf8("\uFEFFid,age,regions,painScore\r\nx-1,40,lower_back;neck,3\r\n");
        List<RawRecord> rows = read("bom.csv", csv);
        assertEquals(1, rows.size());
        assertEquals("x-1", rows.get(0).node().get("id").asText());
        assertEquals(2, rows.get(0).node().get("regions").size());
        List<RawRecord> lines = read("bom.ndjson", utf8("\uFEFF{\"id\":\"x-2\"}\r\n"));
        assertEquals("{\"id\":\"x-2\"}", lines.get(0).text());
    }

    @Test
    void csvCellsBecomeTypedValuesAndEmptyCellsAreAbsent() throws Exception {
        List<RawRecord> rows = read("typed.csv", utf8("id,age,muscleKnot,redFlags.fever,routine.minutesPerSession,durationWeeks\n"
                + "t-1,40,TRUE,,25,5.5\n"));
        var node = rows.get(0).node();
        assertTrue(node.get("age").isNumber());
        assertTrue(node.get("muscleKnot").asBoolean());
        assertNull(node.get("redFlags"), "an empty cell means the field is absent");
        assertEquals(25, node.at("/routine/minutesPerSession").asInt());
        assertEquals(5.5, node.get("durationWeeks").asDouble());
    }

    @Test
    void brokenCsvRowsAreErrorRecordsAndTheRestIsRead() throws Exception {
        List<RawRecord> rows = read("broken.csv", utf8("id,age,regions,painScore\n"
                + "a,40,lower_back,3\n"
                + "b,40,lower_back\n"
                + "c,40,lower_back,3,extra\n"
                + "\"d\"x,40,lower_back,3\n"
                + "e,40,lower_back,3\n"));
        assertEquals(5, rows.size());
        assertNull(rows.get(0).problem());
        assertEquals(FieldError.RECORD, rows.get(1).problem().field());
        assertTrue(rows.get(1).location().endsWith("broken.csv:3"));
        assertNotNull(rows.get(2).problem());
        assertNotNull(rows.get(3).problem());
        assertEquals("e", rows.get(4).node().get("id").asText());
    }

    @Test
    void aHeaderOnlyOrEmptyFileHoldsNoRecords() throws Exception {
        assertEquals(0, read("header.csv", utf8("id,age,regions,painScore\n")).size());
        assertEquals(0, read("empty.ndjson", new byte[0]).size());
        assertEquals(0, read("empty.json", new byte[0]).size());
        assertEquals(0, read("array.json", utf8("[]")).size());
    }

    @Test
    void aLineOverTheLimitIsRefusedWithoutBeingKept() throws Exception {
        String huge = "{\"id\":\"" + "x".repeat(Input.MAX_RECORD_CHARS + 10) + "\"}";
        List<RawRecord> lines = read("huge.ndjson", utf8(huge + "\n{\"id\":\"after\"}\n"));
        assertEquals(2, lines.size());
        assertNull(lines.get(0).text());
        assertTrue(lines.get(0).problem().message().length() < 200);
        assertEquals("{\"id\":\"after\"}", lines.get(1).text());
    }

    @Test
    void aJsonArrayIsReadElementByElementWithLines() throws Exception {
        List<RawRecord> records = read("arr.json", utf8("[\n {\"id\":\"a\"},\n {\"id\":\"b\"}\n]\n"));
        assertEquals(2, records.size());
        assertTrue(records.get(1).location().endsWith("arr.json:3"), records.get(1).location());
    }

    @Test
    void aHugeElementOfAJsonArrayIsRefusedWithoutBeingBuiltAndTheNextIsRead() throws Exception {
        StringBuilder huge = new StringBuilder("[{\"id\":\"huge\"");
        for (int i = 0; huge.length() < Input.MAX_RECORD_CHARS + 1000; i++) {
            huge.append(",\"f").append(i).append("\":").append(i);
        }
        huge.append("},\n{\"id\":\"after\"}, 7]");
        List<RawRecord> records = read("huge.json", utf8(huge.toString()));
        assertEquals(3, records.size());
        assertTrue(records.get(0).problem().message().contains("longer than"), records.get(0).toString());
        assertEquals("after", records.get(1).node().get("id").asText());
        assertEquals(7, records.get(2).node().asInt(), "a non-object element is passed on for the validator to refuse");
    }

    /** Found by the hostile-input property: a quote opened in the header and closed in a row hid that row. */
    @Test
    void aHeaderThatTakesInARowThroughAnOpenQuoteIsAnErrorRecord() throws Exception {
        List<RawRecord> rows = read("open-header.csv", utf8("\"id,age,regions,painScore\n"
                + "x,40,\",a\",3\n"));
        assertEquals(1, rows.size(), "the row is part of the header record, and that record is refused");
        assertTrue(rows.get(0).location().endsWith("open-header.csv:1"));
        assertTrue(rows.get(0).problem().message().contains("line break"), rows.get(0).problem().message());
    }
}
