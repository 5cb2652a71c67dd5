package org.backtriage.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.InputFormat;
import org.backtriage.batch.Json;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordEvaluator;
import org.backtriage.batch.RecordReader;
import org.backtriage.batch.RecordSink;
import org.backtriage.batch.Summary;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Vocabulary;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Broken input, generated, through the real batch path ({@link BatchEvaluator} over files in a temporary
 * folder): every record gives exactly one output line, in order, nothing throws, and no error echoes
 * more than a short escaped excerpt of the input. Long injected text is a run of {@link #MARKER}, so an
 * echo of it is easy to see in the output.
 */
class HostileInputPropertiesTest {
    /** Injected text: a run of this is never echoed beyond a short excerpt (Excerpt keeps 40 chars). */
    static final String MARKER = "Qz9";
    private static final String LONG_ECHO = MARKER.repeat(15);
    private static final int MAX_MESSAGE = 300;

    private static TriageEngine engine;
    private static RecordEvaluator evaluator;
    private static final OutputFormat.Renderer RENDERER = new OutputFormat.Renderer(OutputFormat.NDJSON, Json.mapper());
    private static Path folder;
    private static final AtomicInteger FILES = new AtomicInteger();
    private static final ObjectMapper MAPPER = Json.mapper();

    @BeforeContainer
    static void setUp() throws IOException {
        engine = TriageEngine.fromFolder(Path.of("core/src/test/frozen-rules"));
        evaluator = new RecordEvaluator(engine, MAPPER);
        folder = Files.createTempDirectory("backtriage-hostile");
    }

    @AfterContainer
    static void tearDown() throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    // ---------------------------------------------------------------- NDJSON

    /** One line of bytes; shown as (abbreviated, escaped) text when jqwik reports a failing sample. */
    record Line(byte[] bytes) {
        @Override
        public String toString() {
            String text = new String(bytes, StandardCharsets.UTF_8);
            String shown = text.length() > 300 ? text.substring(0, 300) + "...(" + text.length() + " chars)" : text;
            return shown.replace("\u0000", "\\u0000").replace("\ufffd", "<bad UTF-8>");
        }
    }

    @Provide
    Arbitrary<List<Line>> ndjsonLines() {
        return hostileLine().map(Line::new).list().ofMinSize(0).ofMaxSize(4);
    }

    @Property
    void everyNdjsonLineGivesExactlyOneOutputLine(@ForAll("ndjsonLines") List<Line> lines,
                                                  @ForAll boolean crlf, @ForAll boolean finalNewline) throws Exception {
        byte[] file = join(lines.stream().map(Line::bytes).toList(), crlf, finalNewline);
        Run run = run(file, ".ndjson", InputFormat.NDJSON);
        run.assertOnePerLine(nonBlankLineNumbers(file), "one output per non-blank line, in order");
    }

    /**
     * One hostile NDJSON line (never containing a line break of its own), made from one generated intake
     * by one of eight kinds of damage, by weight: none (valid), truncated, mutated characters, a wrong
     * type or value, raw text beyond Jackson's limits, a long run of text, invalid UTF-8 bytes, not an object.
     */
    static Arbitrary<byte[]> hostileLine() {
        List<Arbitrary<Object>> parts = List.of(
                IntakeArbitraries.oneLineIdIntakes().map(o -> o),
                IntakeArbitraries.tickets(18).map(o -> o),
                Arbitraries.randoms().map(o -> o),
                Arbitraries.of(Vocabulary.FIELDS).map(o -> o),
                wrongValue().map(o -> o),
                rawValue().map(o -> o),
                longText().map(o -> o),
                Arbitraries.of("42", "\"text\"", "[]", "null", "true", "{}", "[{}]", "\u0000", "{\"id\":").map(o -> o));
        return Combinators.combine(parts).as(values -> {
            ObjectNode record = (ObjectNode) values.get(0);
            int kind = (Integer) values.get(1);
            Random random = (Random) values.get(2);
            String field = (String) values.get(3);
            String line = write(record);
            if (kind < 3) {
                return utf8(line);
            } else if (kind < 5) {
                return utf8(line.substring(0, random.nextInt(line.length())));
            } else if (kind < 8) {
                return mutate(line, random);
            } else if (kind < 11) {
                ObjectNode copy = record.deepCopy();
                copy.set(field, (JsonNode) values.get(4));
                return utf8(write(copy));
            } else if (kind < 13) {
                return replaceRaw(line, field, (String) values.get(5));
            } else if (kind < 15) {
                return withLongText(record, 1 + random.nextInt(4), (String) values.get(6));
            } else if (kind < 17) {
                return invalidUtf8(line, random);
            }
            return utf8((String) values.get(7));
        });
    }

    /** A JSON value of the wrong type or out of range for some field. */
    private static Arbitrary<JsonNode> wrongValue() {
        return Arbitraries.of("\"forty\"", "7.5", "-1", "121", "11", "true", "\"yes\"", "[]", "[\"spine\"]", "{}",
                        "{\"fever\":true}", "{\"fever\":\"maybe\"}", "{\"twisting\":\"wild\"}", "{\"sessionsPerWeek\":22}",
                        "[1,2]", "\"\"", "\"   \"", "{\"" + MARKER + "\":1}", "-0.0001", "1e400")
                .map(text -> {
                    try {
                        return MAPPER.readTree(text);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** Raw JSON text for a value, some of it beyond Jackson's limits (number length, nesting depth). */
    private static Arbitrary<String> rawValue() {
        return IntakeArbitraries.<String>weighted(new int[] {4, 1, 1, 1, 1},
                Arbitraries.of("1e999999", "-1e308", "1e-400", "123456789012345678901234567890", "NaN", "Infinity",
                        "0x10", "01", "+1", ".5", "1.", "tru", "nul", "'neck'", "\"\\ud800\"", "\"a\u0001b\""),
                Arbitraries.integers().between(50, 400).map("9"::repeat),
                Arbitraries.integers().between(60, 300).map(n -> "[".repeat(n) + "]".repeat(n)),
                Arbitraries.integers().between(60, 300).map(n -> "{\"a\":".repeat(n) + "1" + "}".repeat(n)),
                Arbitraries.integers().between(60, 300).map(n -> "[".repeat(n)));
    }

    private static byte[] replaceRaw(String line, String field, String raw) {
        int at = line.indexOf("\"" + field + "\":");
        if (at < 0) {
            return utf8(line.substring(0, line.length() - 1) + ",\"" + field + "\":" + raw + "}");
        }
        return utf8(line.substring(0, at) + "\"" + field + "\":" + raw + ",\"zz" + line.substring(at + field.length() + 3));
    }

    /** A long run of the marker, 100 to 60,000 chars. */
    private static Arbitrary<String> longText() {
        return Arbitraries.integers().between(34, 2_000).map(MARKER::repeat);
    }

    /** The long text as: 1 id, 2 an unknown field's name, 3 a region code, 4 a red flag's name and answer. */
    private static byte[] withLongText(ObjectNode record, int where, String text) {
        ObjectNode copy = record.deepCopy();
        switch (where) {
            case 1 -> copy.put("id", text);
            case 2 -> copy.put(text, text);
            case 3 -> copy.putArray("regions").add(text);
            default -> copy.putObject("redFlags").put(text, text);
        }
        return utf8(write(copy));
    }

    private static byte[] mutate(String line, Random random) {
        StringBuilder text = new StringBuilder(line);
        int edits = 1 + random.nextInt(4);
        String alphabet = "{}[]\",:\\ 0123456789aeyntrul-.e+\u00e9\t";
        for (int i = 0; i < edits && text.length() > 0; i++) {
            int at = random.nextInt(text.length());
            switch (random.nextInt(3)) {
                case 0 -> text.deleteCharAt(at);
                case 1 -> text.insert(at, alphabet.charAt(random.nextInt(alphabet.length())));
                default -> text.setCharAt(at, alphabet.charAt(random.nextInt(alphabet.length())));
            }
        }
        return utf8(text.toString());
    }

    private static final byte[][] BAD_UTF8 = {
            {(byte) 0xFF}, {(byte) 0xC3, (byte) 0x28}, {(byte) 0x80}, {(byte) 0xED, (byte) 0xA0, (byte) 0x80},
            {(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, {(byte) 0xE2, (byte) 0x82}, {(byte) 0xC0, (byte) 0xAF}};

    private static byte[] invalidUtf8(String line, Random random) {
        byte[] bytes = utf8(line);
        int at = random.nextInt(bytes.length + 1);
        byte[] bad = BAD_UTF8[random.nextInt(BAD_UTF8.length)];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(bytes, 0, at);
        out.write(bad, 0, bad.length);
        out.write(bytes, at, bytes.length - at);
        return out.toByteArray();
    }

    // ---------------------------------------------------------------- CSV

    /**
     * A CSV file: a header (maybe broken) and rows (maybe broken), as lines of bytes; {@code unclosedRow} is
     * the index of the first row with an unclosed quote, or -1.
     */
    record CsvFile(List<byte[]> lines, boolean headerReadable, int unclosedRow) {
        @Override
        public String toString() {
            return "CSV (header readable: " + headerReadable + ", unclosed quote in row: " + unclosedRow + ")\n"
                    + String.join("\n", lines.stream().map(l -> new Line(l).toString()).toList());
        }
    }

    /** A CSV file: lines shown as text when jqwik reports a failing sample. */
    @Provide
    Arbitrary<CsvFile> csvFiles() {
        Arbitrary<List<String>> headers = Arbitraries.randoms().map(random -> {
            List<String> columns = new ArrayList<>(FormatEquivalencePropertiesTest.COLUMNS);
            java.util.Collections.shuffle(columns, random);
            switch (random.nextInt(6)) {
                case 0 -> columns.remove(random.nextInt(columns.size()));
                case 1 -> columns.add(random.nextInt(columns.size()), "extra" + MARKER.repeat(random.nextInt(40)));
                case 2 -> columns.add(random.nextInt(columns.size()), columns.get(random.nextInt(columns.size())));
                default -> {
                }
            }
            return columns;
        });
        Arbitrary<List<ObjectNode>> records = IntakeArbitraries.oneLineIdIntakes().list().ofMaxSize(4);
        return Combinators.combine(headers, records, Arbitraries.randoms(), Arbitraries.integers().between(0, 9))
                .as(HostileInputPropertiesTest::csvFile);
    }

    private static CsvFile csvFile(List<String> header, List<ObjectNode> records, Random random, int headerDamage) {
        List<byte[]> lines = new ArrayList<>();
        boolean readable = headerDamage != 0;
        lines.add(utf8(readable ? String.join(",", header) : "\"" + String.join(",", header)));
        int unclosedRow = -1;
        for (ObjectNode record : records) {
            List<String> cells = new ArrayList<>();
            for (String column : header) {
                cells.add(csvCell(record, column));
            }
            switch (random.nextInt(10)) {
                case 0 -> cells.remove(random.nextInt(cells.size())); // a missing column
                case 1 -> cells.add("extra"); // an extra column
                case 2 -> cells.set(random.nextInt(cells.size()), "a\"b"); // a stray quote
                case 3 -> {
                    cells.set(random.nextInt(cells.size()), "\"unclosed"); // an unclosed quote
                    unclosedRow = unclosedRow < 0 ? lines.size() : unclosedRow; // the index this row gets
                }
                case 4 -> cells.set(random.nextInt(cells.size()), "forty");
                case 5 -> cells.set(random.nextInt(cells.size()), "9".repeat(40));
                case 6 -> cells.set(random.nextInt(cells.size()), MARKER.repeat(34 + random.nextInt(1000)));
                default -> {
                }
            }
            byte[] line = utf8(String.join(",", cells));
            if (random.nextInt(8) == 0) {
                line = invalidUtf8(new String(line, StandardCharsets.UTF_8), random);
            }
            lines.add(line);
            if (random.nextInt(10) == 0) {
                lines.add(new byte[0]); // a blank line is not a record
            }
        }
        return new CsvFile(lines, readable, unclosedRow);
    }

    /** A cell as the CSV contract writes it, quoted when it holds a comma or a quote. */
    private static String csvCell(ObjectNode record, String column) {
        int dot = column.indexOf('.');
        JsonNode value = dot < 0 ? record.get(column) : record.path(column.substring(0, dot)).get(column.substring(dot + 1));
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        String text;
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            text = String.join(";", items);
        } else {
            text = value.asText();
        }
        return text.contains(",") || text.contains("\"") ? "\"" + text.replace("\"", "\"\"") + "\"" : text;
    }

    @Property
    void everyCsvRowGivesExactlyOneOutputLine(@ForAll("csvFiles") CsvFile csv, @ForAll boolean crlf) throws Exception {
        byte[] file = join(csv.lines(), crlf, true);
        Run run = run(file, ".csv", InputFormat.CSV);
        List<String> lines = nonBlankLineNumbers(file);
        List<String> rows = lines.subList(1, lines.size());
        if (!csv.headerReadable()) {
            // the damaged header opens a quote: CSV (RFC 4180) reads on until a later quote closes it, or
            // to the end of the file; the header is an error record, and no later line gives two outputs
            assertUpToUnclosedQuote(run, lines, 0);
        } else if (csv.unclosedRow() >= 0) {
            // rows before the unclosed quote give one output each, the row that opens it an error record
            assertUpToUnclosedQuote(run, rows, nonBlankRowIndex(csv, csv.unclosedRow()));
        } else {
            run.assertOnePerLine(rows, "one output per row after the header, in order");
        }
    }

    /** One output per line up to the line at {@code unclosed}, an error record there, and at most one per line after. */
    private static void assertUpToUnclosedQuote(Run run, List<String> lines, int unclosed) {
        List<String> before = lines.subList(0, unclosed + 1);
        assertTrue(run.outputs().size() >= before.size() && run.outputs().size() <= lines.size(),
                "outputs " + run.locations() + ", lines " + lines);
        for (int i = 0; i < before.size(); i++) {
            if (run.locations().get(i) != null) {
                assertEquals(before.get(i), run.locations().get(i), "output " + (i + 1) + " names its line");
            }
        }
        assertNotNull(run.locations().get(unclosed), "the line with the unclosed quote is an error record");
    }

    /** The index among the non-blank rows after the header of the row at {@code lineIndex} (1 = first row). */
    private static int nonBlankRowIndex(CsvFile csv, int lineIndex) {
        int index = -1;
        for (int i = 1; i <= lineIndex; i++) {
            if (!new String(csv.lines().get(i), StandardCharsets.UTF_8).isBlank()) {
                index++;
            }
        }
        return index;
    }

    // ---------------------------------------------------------------- JSON files

    /**
     * A JSON file cannot be resynchronised after a syntax error, so the promise is weaker: nothing throws,
     * output is well formed, a readable file gives one line per element, and an unreadable one ends with
     * one error record.
     */
    @Property
    void aBrokenJsonFileNeverThrowsAndEndsWithOneErrorRecord(@ForAll("ndjsonLines") List<Line> elements)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write('[');
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                out.write(',');
            }
            out.write(elements.get(i).bytes());
            out.write('\n');
        }
        out.write(']');
        byte[] file = out.toByteArray();
        Run run = run(file, ".json", InputFormat.JSON);
        JsonNode whole = wholeFile(file);
        if (whole != null) {
            assertEquals(whole.size(), run.outputs().size(), "a readable array gives one output per element");
        } else {
            assertFalse(run.outputs().isEmpty(), "an unreadable file gives at least its error record");
            JsonNode last = run.outputs().get(run.outputs().size() - 1);
            assertTrue(endsTheFile(last), "an unreadable file ends with the error that says so: " + abbreviate(last));
        }
        for (int i = 0; i < run.outputs().size() - 1; i++) {
            JsonNode before = run.outputs().get(i);
            assertFalse(endsTheFile(before), "only the last output can end the file: " + abbreviate(before));
        }
    }

    /** The JSON reader's error records that end a file: a syntax error, or text after the array. */
    private static boolean endsTheFile(JsonNode output) {
        String message = output.path("errors").path(0).path("message").asText();
        return message.contains("could not be read") || message.contains("after the end of the array");
    }

    /** The file as one JSON array, read as the reader decodes it (bad UTF-8 replaced); null when unreadable. */
    private static JsonNode wholeFile(byte[] content) {
        try {
            JsonNode node = MAPPER.readTree(decode(content));
            return node != null && node.isArray() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- fixed cases and regressions

    /** Two thousand generated hostile lines in one file, through the whole batch evaluator. */
    @Example
    void aLargeHostileFileThroughTheWholeBatchEvaluator() throws Exception {
        List<byte[]> lines = hostileLine().sampleStream().limit(2000).toList();
        byte[] file = join(lines, false, true);
        runBatch(file, ".ndjson", InputFormat.NDJSON).assertOnePerLine(nonBlankLineNumbers(file), "a large hostile file");
    }

    @Example
    void emptyFilesGiveNoOutput() throws Exception {
        for (String extension : List.of(".ndjson", ".csv", ".json")) {
            Run run = runBatch(new byte[0], extension, InputFormat.byExtension(extension).orElseThrow());
            assertEquals(0, run.outputs().size(), extension);
        }
    }

    @Example
    void aCsvHeaderWithoutRowsGivesNoOutput() throws Exception {
        byte[] header = utf8(String.join(",", FormatEquivalencePropertiesTest.COLUMNS) + "\n");
        assertEquals(0, runBatch(header, ".csv", InputFormat.CSV).outputs().size());
    }

    /** A 10 MB line is refused by the line reader before any parsing, and the next line is still read. */
    @Example
    void aTenMegabyteLineIsOneErrorRecordAndTheNextLineIsRead() throws Exception {
        String huge = "{\"id\":\"" + MARKER.repeat(10 * 1024 * 1024 / MARKER.length()) + "\"}";
        String valid = "{\"id\":\"after\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}";
        Run ndjson = runBatch(utf8(huge + "\n" + valid + "\n"), ".ndjson", InputFormat.NDJSON);
        assertTooLongThenAssessed(ndjson);

        String header = String.join(",", FormatEquivalencePropertiesTest.COLUMNS);
        String row = "after,40,lower_back,3" + ",".repeat(FormatEquivalencePropertiesTest.COLUMNS.size() - 4);
        Run csv = runBatch(utf8(header + "\n" + MARKER.repeat(3_500_000) + "\n" + row + "\n"), ".csv", InputFormat.CSV);
        assertTooLongThenAssessed(csv);
    }

    private static void assertTooLongThenAssessed(Run run) {
        assertEquals(2, run.outputs().size(), String.valueOf(run.locations()));
        String message = run.outputs().get(0).path("errors").path(0).path("message").asText();
        assertTrue(message.contains("longer than " + Input.MAX_RECORD_CHARS), message);
        assertEquals("after", run.outputs().get(1).path("intakeId").asText());
    }

    /** In a JSON file (not read by lines) a 10 MB string stops at Jackson's string limit: an error, no tree. */
    @Example
    void aTenMegabyteStringInAJsonFileIsAnErrorRecord() throws Exception {
        String huge = "[{\"id\":\"" + MARKER.repeat(10 * 1024 * 1024 / MARKER.length()) + "\"}]";
        Run run = runBatch(utf8(huge), ".json", InputFormat.JSON);
        assertEquals(1, run.outputs().size());
        assertTrue(run.outputs().get(0).has("errors"), abbreviate(run.outputs().get(0)));
    }

    /**
     * Found by {@link #everyNdjsonLineGivesExactlyOneOutputLine}: an unknown top-level field's name was
     * put into the error whole, so a 100-char (or 1 MB) name was echoed; now only an excerpt is.
     */
    @Example
    void anUnknownFieldWithALongNameIsNotEchoed() throws Exception {
        String line = "{\"id\":\"a\",\"age\":40,\"regions\":[\"neck\"],\"painScore\":0,\"" + MARKER.repeat(34) + "\":1}";
        Run run = runBatch(utf8(line), ".ndjson", InputFormat.NDJSON);
        JsonNode error = run.outputs().get(0).path("errors").path(0);
        assertTrue(error.path("field").asText().length() < 50, abbreviate(error));
    }

    /**
     * A CSV header that names a column twice: JSON refuses a duplicate field, and CSV must not quietly
     * keep one of two answers (here the later {@code no} would hide a {@code yes} to fever).
     */
    @Example
    void aCsvColumnNamedTwiceIsRefused() throws Exception {
        List<String> header = new ArrayList<>(FormatEquivalencePropertiesTest.COLUMNS);
        header.add("redFlags.fever");
        List<String> row = new ArrayList<>();
        for (String column : header) {
            row.add(switch (column) {
                case "id" -> "twice";
                case "age" -> "40";
                case "regions" -> "lower_back";
                case "painScore" -> "3";
                default -> column.startsWith("redFlags.") ? "no" : "";
            });
        }
        row.set(header.indexOf("redFlags.fever"), "yes");
        Run run = runBatch(utf8(String.join(",", header) + "\n" + String.join(",", row) + "\n"), ".csv", InputFormat.CSV);
        assertEquals(1, run.outputs().size());
        JsonNode output = run.outputs().get(0);
        assertTrue(output.has("errors"), "a row under a header with a repeated column is refused: " + abbreviate(output));
        assertTrue(output.toString().contains("redFlags.fever"), abbreviate(output));
    }

    /** A record of 50,000 unknown fields (under the line limit) gives a bounded error record, not 50,000 errors. */
    @Example
    void aRecordOfManyUnknownFieldsGivesABoundedErrorRecord() throws Exception {
        StringBuilder line = new StringBuilder("{\"id\":\"many\"");
        for (int i = 0; i < 50_000; i++) {
            line.append(",\"f").append(i).append("\":0");
        }
        line.append('}');
        Run run = runBatch(utf8(line.toString()), ".ndjson", InputFormat.NDJSON);
        assertEquals(1, run.outputs().size());
        String output = run.outputs().get(0).toString();
        assertTrue(output.length() < 10_000, "error record of " + output.length() + " chars");
    }

    // ---------------------------------------------------------------- the batch run and its checks

    /** The outputs of one batch run, and their locations (line numbers; {@code null} for an assessment). */
    record Run(List<JsonNode> outputs, List<String> locations) {
        /** Exactly one output per expected line, in order: an error record names its line. */
        void assertOnePerLine(List<String> expected, String what) {
            assertEquals(expected.size(), outputs.size(), what + ": outputs " + locations + ", lines " + expected);
            for (int i = 0; i < expected.size(); i++) {
                if (locations.get(i) != null) {
                    assertEquals(expected.get(i), locations.get(i), what + ": output " + (i + 1) + " names its line");
                }
            }
        }
    }

    /**
     * Reads the file as a batch run does, record by record: the batch reader ({@link Input#open}), the
     * {@link RecordEvaluator} and the NDJSON renderer, all on this thread. (A whole {@link BatchEvaluator}
     * run costs ~2 ms of thread start-up, too slow for thousands of tries; {@link #runBatch} uses it for the
     * fixed cases and for {@link #aLargeHostileFileThroughTheWholeBatchEvaluator}.)
     */
    private static Run run(byte[] content, String extension, InputFormat format) throws Exception {
        Path file = write(content, extension);
        try {
            StringBuilder written = new StringBuilder();
            long read = 0;
            long assessed = 0;
            try (RecordReader records = new Input(file.toString(), file, format).open(null, MAPPER)) {
                RawRecord record;
                while ((record = records.next()) != null) {
                    Outcome outcome = evaluator.evaluate(record);
                    written.append(RENDERER.render(outcome)).append('\n');
                    read++;
                    assessed += outcome.isAssessed() ? 1 : 0;
                }
            }
            return parse(written.toString(), file, read, assessed);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The same through the whole {@link BatchEvaluator}: reader thread, worker pool, ordered writer. */
    private static Run runBatch(byte[] content, String extension, InputFormat format) throws Exception {
        Path file = write(content, extension);
        try {
            StringWriter written = new StringWriter();
            BatchEvaluator batch = new BatchEvaluator(engine, MAPPER, new BatchEvaluator.Options(2, OutputFormat.NDJSON, false));
            Summary summary = batch.run(List.of(new Input(file.toString(), file, format)), null,
                    RecordSink.of(written), BatchEvaluator.Progress.NONE);
            assertEquals(summary.read(), summary.assessed() + summary.rejected(), "read = assessed + rejected");
            return parse(written.toString(), file, summary.read(), summary.assessed());
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static Path write(byte[] content, String extension) throws IOException {
        Path file = folder.resolve("hostile-" + FILES.incrementAndGet() + extension);
        Files.write(file, content);
        return file;
    }

    private static Run parse(String written, Path file, long read, long assessed) throws IOException {
        List<JsonNode> outputs = new ArrayList<>();
        List<String> locations = new ArrayList<>();
        int assessments = 0;
        for (String line : written.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            JsonNode output = MAPPER.readTree(line);
            outputs.add(output);
            checkOutput(output);
            if (output.has("location")) {
                String location = output.get("location").asText();
                assertTrue(location.startsWith(file + ":"), location);
                locations.add(location.substring(file.toString().length() + 1));
            } else {
                locations.add(null); // an assessment carries no location
                assessments++;
            }
        }
        assertEquals(read, outputs.size(), "every record read gives one output line");
        assertEquals(assessed, assessments, "assessed records give assessments, the others error records");
        return new Run(outputs, locations);
    }

    /** An output is an assessment or an error record whose messages are short and echo no long input. */
    private static void checkOutput(JsonNode output) {
        if (output.has("referral")) {
            assertTrue(output.path("intakeId").isTextual(), output.toString());
            return;
        }
        assertTrue(output.path("errors").isArray() && !output.path("errors").isEmpty(), "an error record: " + abbreviate(output));
        // the id (at most 200 chars, or it is refused) is echoed by design; the errors echo only excerpts
        assertFalse(output.get("errors").toString().contains(LONG_ECHO), "an error echoes a long run of the input: "
                + abbreviate(output));
        for (JsonNode error : output.get("errors")) {
            String field = error.path("field").asText();
            String message = error.path("message").asText();
            assertTrue(field.length() < MAX_MESSAGE, "field name too long: " + abbreviate(error));
            assertTrue(message.length() < MAX_MESSAGE, "message too long: " + abbreviate(error));
            assertFalse(message.isBlank(), "an error says what is wrong");
        }
        assertTrue(output.path("intakeId").isMissingNode() || output.path("intakeId").asText().length() <= 200,
                "an echoed id is at most 200 chars");
    }

    private static String abbreviate(JsonNode node) {
        String text = node.toString();
        return text.length() > 400 ? text.substring(0, 400) + "...(" + text.length() + " chars)" : text;
    }

    /** Physical line numbers (1-based) of the lines that hold more than white space, as the readers decode them. */
    static List<String> nonBlankLineNumbers(byte[] content) {
        String text = decode(content);
        List<String> numbers = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (!lines[i].isBlank()) {
                numbers.add(String.valueOf(i + 1));
            }
        }
        return numbers;
    }

    private static String decode(byte[] content) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(content)).toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] join(List<byte[]> lines, boolean crlf, boolean finalNewline) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            out.write(lines.get(i), 0, lines.get(i).length);
            if (i < lines.size() - 1 || finalNewline) {
                if (crlf) {
                    out.write('\r');
                }
                out.write('\n');
            }
        }
        return out.toByteArray();
    }

    private static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
