package org.backtriage.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.Input;
import org.backtriage.batch.InputFormat;
import org.backtriage.batch.Json;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordEvaluator;
import org.backtriage.batch.RecordReader;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Vocabulary;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The same intake written as JSON (a single object or an array), as an NDJSON line and as a CSV row (in
 * any column order, columns of absent fields sometimes left out), each written with Jackson and read
 * back through the batch reader ({@link Input#open}), gives the same assessment as the engine's own.
 */
class FormatEquivalencePropertiesTest {
    private static TriageEngine engine;
    private static RecordEvaluator evaluator;
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final CsvMapper CSV = new CsvMapper();

    /** Every CSV column of the contract: nested fields as dotted columns. */
    static final List<String> COLUMNS = columns();

    @BeforeContainer
    static void buildEngine() {
        engine = TriageEngine.fromFolder(Path.of("core/src/test/frozen-rules"));
        evaluator = new RecordEvaluator(engine, MAPPER);
    }

    private static List<String> columns() {
        List<String> columns = new ArrayList<>();
        for (String field : Vocabulary.FIELDS) {
            if (field.equals("redFlags")) {
                Vocabulary.RED_FLAGS.forEach(f -> columns.add("redFlags." + f));
            } else if (field.equals("routine")) {
                Vocabulary.ROUTINE_FIELDS.forEach(f -> columns.add("routine." + f));
            } else {
                columns.add(field);
            }
        }
        return List.copyOf(columns);
    }

    @Provide
    Arbitrary<ObjectNode> intakes() {
        return IntakeArbitraries.oneLineIdIntakes();
    }

    @Property
    void sameIntakeFromJsonNdjsonAndCsvGivesTheSameAssessment(@ForAll("intakes") ObjectNode record,
                                                              @ForAll Random random) throws IOException {
        AssessmentPropertiesTest.valid(record);
        // a JSON file holds one object (here pretty-printed over several lines) or an array of them
        String asJson = random.nextBoolean()
                ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(record)
                : MAPPER.writeValueAsString(MAPPER.createArrayNode().add(record));
        String asLine = MAPPER.writeValueAsString(record) + "\n";
        String asCsv = csv(record, random);

        Assessment fromLine = readOne(InputFormat.NDJSON, asLine);
        assertEquals(record.get("id").asText(), fromLine.intakeId());
        assertEquals(fromLine, readOne(InputFormat.JSON, asJson), "JSON:\n" + asJson);
        assertEquals(fromLine, readOne(InputFormat.CSV, asCsv), "CSV:\n" + asCsv);
    }

    /**
     * Found by the property above: the CSV reader stripped every cell, so the id {@code "a "} came back
     * as {@code "a"} from CSV but {@code "a "} from JSON, and the two assessments named different intakes.
     */
    @Example
    void anIdWithSurroundingSpaceIsEchoedAsWrittenFromCsv() throws IOException {
        ObjectNode record = (ObjectNode) MAPPER.readTree(
                "{\"id\":\" a \",\"age\":0.0,\"regions\":[\"neck\",\"lower_back\"],\"painScore\":6,"
                        + "\"conditions\":[\"recent_spinal_surgery\"],\"routine\":{\"minutesPerSession\":30}}");
        Assessment fromJson = readOne(InputFormat.NDJSON, MAPPER.writeValueAsString(record));
        Assessment fromCsv = readOne(InputFormat.CSV, csv(record, new Random(1)));
        assertEquals(" a ", fromCsv.intakeId());
        assertEquals(fromJson, fromCsv);
    }

    /** Reads the only record of the text through the batch reader and evaluates it as the batch does. */
    static Assessment readOne(InputFormat format, String text) throws IOException {
        try (RecordReader reader = Input.stdin(format).open(
                new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), MAPPER)) {
            RawRecord raw = reader.next();
            assertTrue(raw != null, "no record read");
            Outcome outcome = evaluator.evaluate(raw);
            assertTrue(outcome.isAssessed(), () -> "rejected: " + outcome.rejection());
            assertNull(reader.next(), "exactly one record");
            return outcome.assessment();
        }
    }

    /**
     * The record as a CSV file with a header: columns shuffled, and a column whose field is absent
     * sometimes left out altogether (absent either way).
     */
    static String csv(ObjectNode record, Random random) throws IOException {
        List<String> columns = new ArrayList<>(COLUMNS);
        Collections.shuffle(columns, random);
        List<String> kept = new ArrayList<>();
        List<String> cells = new ArrayList<>();
        for (String column : columns) {
            String cell = cell(record, column);
            if (cell.isEmpty() && random.nextInt(3) == 0) {
                continue;
            }
            kept.add(column);
            cells.add(cell);
        }
        CsvSchema.Builder schema = CsvSchema.builder();
        kept.forEach(schema::addColumn);
        return CSV.writer(schema.build().withHeader()).writeValueAsString(cells.toArray(new String[0]));
    }

    private static String cell(ObjectNode record, String column) {
        int dot = column.indexOf('.');
        JsonNode value = dot < 0 ? record.get(column) : record.path(column.substring(0, dot)).get(column.substring(dot + 1));
        if (value == null || value.isNull() || value.isMissingNode()) {
            return "";
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(item -> items.add(item.asText()));
            return items.stream().collect(Collectors.joining(";"));
        }
        return value.asText();
    }
}
