package org.backtriage.batch;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import org.backtriage.intake.Excerpt;

import java.io.IOException;
import java.io.Reader;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CSV with the contract's column names as a header row: nested fields as dotted columns, lists
 * {@code ;}-separated, booleans {@code true}/{@code false}, an empty cell meaning "absent". Each line is
 * parsed on its own (by Jackson's CSV parser), so a broken line is one error record and the rest of the
 * file is still read. Cells become typed JSON values; the shared validator then checks the contract.
 */
final class CsvRecordReader implements RecordReader {
    private static final Set<String> INTEGERS = Set.of("age", "painScore", "routine.minutesPerSession", "routine.sessionsPerWeek");
    private static final Set<String> NUMBERS = Set.of("durationWeeks");
    private static final Set<String> BOOLEANS = Set.of("muscleKnot", "routine.newToExercise", "routine.hadTechniqueInstruction");
    private static final Set<String> LISTS = Set.of("regions", "conditions");

    private final String name;
    private final Reader in;
    private final BoundedLineReader lines;
    private final ObjectReader rowReader;
    private final int maxRecordChars;
    private List<String> header;
    private String headerProblem;
    private long lineNumber;

    CsvRecordReader(String name, Reader in, int maxRecordChars) {
        this.name = name;
        this.in = in;
        this.maxRecordChars = maxRecordChars;
        this.lines = new BoundedLineReader(in, maxRecordChars);
        this.rowReader = new CsvMapper().readerFor(String[].class);
    }

    @Override
    public RawRecord next() throws IOException {
        while (true) {
            String line = lines.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            String location = name + ":" + lineNumber;
            if (line == BoundedLineReader.TOO_LONG) {
                if (header == null) {
                    header = List.of();
                }
                return RawRecord.unreadable(location, "the line is longer than " + maxRecordChars + " characters; it was not read");
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> cells;
            try {
                cells = parse(line);
            } catch (IOException e) {
                if (header == null) {
                    header = List.of();
                    return RawRecord.unreadable(location, "the header row is not valid CSV; the file's rows cannot be read");
                }
                return RawRecord.unreadable(location, "not valid CSV (check for a stray or unclosed quote)");
            }
            if (header == null) {
                header = cells.stream().map(String::strip).toList();
                headerProblem = repeatedColumn(header);
                continue;
            }
            if (header.isEmpty()) {
                return RawRecord.unreadable(location, "the file has no readable header row");
            }
            if (headerProblem != null) {
                return RawRecord.unreadable(location, headerProblem);
            }
            if (cells.size() != header.size()) {
                return RawRecord.unreadable(location, "the row has " + cells.size() + " cells but the header has "
                        + header.size() + " columns");
            }
            return RawRecord.ofNode(location, toJson(cells));
        }
    }

    /**
     * A column named twice would let one cell silently overwrite the other (a later {@code no} hiding a
     * {@code yes} to a red flag), so such a header makes every row an error, as a repeated JSON field does.
     */
    private static String repeatedColumn(List<String> header) {
        Set<String> seen = new HashSet<>();
        for (String column : header) {
            if (!column.isEmpty() && !seen.add(column)) {
                return "the header names the column " + Excerpt.of(column) + " more than once; the rows cannot be read";
            }
        }
        return null;
    }

    private List<String> parse(String line) throws IOException {
        String[] cells = rowReader.readValue(line);
        return List.of(cells);
    }

    private JsonNode toJson(List<String> cells) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode record = json.objectNode();
        for (int i = 0; i < header.size(); i++) {
            String column = header.get(i);
            String cell = cells.get(i).strip();
            if (cell.isEmpty()) {
                continue; // an empty cell means the field is absent
            }
            if (column.equals("id")) {
                cell = cells.get(i); // an id is echoed as written, as from JSON: " a1" stays " a1"
            }
            int dot = column.indexOf('.');
            ObjectNode target = record;
            String field = column;
            if (dot > 0 && (column.startsWith("redFlags.") || column.startsWith("routine."))) {
                String parent = column.substring(0, dot);
                JsonNode existing = record.get(parent);
                target = existing instanceof ObjectNode o ? o : record.putObject(parent);
                field = column.substring(dot + 1);
            }
            target.set(field, typed(column, cell, json));
        }
        return record;
    }

    private static JsonNode typed(String column, String cell, JsonNodeFactory json) {
        if (LISTS.contains(column)) {
            ArrayNode list = json.arrayNode();
            for (String item : cell.split(";")) {
                if (!item.isBlank()) {
                    list.add(item.strip());
                }
            }
            return list;
        }
        if (INTEGERS.contains(column) || NUMBERS.contains(column)) {
            try {
                if (cell.length() <= 30) {
                    return json.numberNode(new BigDecimal(cell));
                }
            } catch (NumberFormatException notANumber) {
                // left as text: the validator reports the wrong type with the field's name
            }
            return json.textNode(cell);
        }
        if (BOOLEANS.contains(column)) {
            if (cell.equalsIgnoreCase("true")) {
                return json.booleanNode(true);
            }
            if (cell.equalsIgnoreCase("false")) {
                return json.booleanNode(false);
            }
        }
        return json.textNode(cell);
    }

    @Override
    public long consumed() {
        return lines.consumed();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
