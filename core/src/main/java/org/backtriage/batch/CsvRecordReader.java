package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import org.backtriage.intake.Excerpt;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * CSV with the contract's column names as a header row: nested fields as dotted columns, lists
 * {@code ;}-separated, booleans {@code true}/{@code false}, an empty cell meaning "absent". Records are
 * cut by Jackson's CSV parser, not by line, so a quoted cell may hold a line break and still be one record
 * (RFC 4180). A broken row is one error record and the rest of the file is still read; an unclosed quote
 * runs, as CSV says, to the end of the file, and that one record says so. Cells become typed JSON values;
 * the shared validator then checks the contract.
 *
 * <p>Rows are read token by token rather than as whole rows (Jackson's {@code MappingIterator}), so a row
 * over the record limit is refused without being kept: the parser holds at most one cell of the limit's
 * size, and this reader at most the limit's worth of cells.
 */
final class CsvRecordReader implements RecordReader {
    private static final Set<String> INTEGERS = Set.of("age", "painScore", "routine.minutesPerSession", "routine.sessionsPerWeek");
    private static final Set<String> NUMBERS = Set.of("durationWeeks");
    private static final Set<String> BOOLEANS = Set.of("muscleKnot", "routine.newToExercise", "routine.hadTechniqueInstruction");
    private static final Set<String> LISTS = Set.of("regions", "conditions");
    /** Syntax errors tolerated in one row before the file is given up as not CSV at all. */
    private static final int MAX_ERRORS_IN_A_ROW = 1000;
    /** Rows are arrays inside the array the parser wraps the whole file in. */
    private static final int ROW_DEPTH = 2;

    private final String name;
    private final CsvParser parser;
    private final StrictUtf8Reader decoding;
    private final int maxRecordChars;
    private List<String> header;
    private String headerProblem;
    private boolean done;

    /** One row as the parser cut it: its cells, or why it cannot be used. */
    private record Row(long line, List<String> cells, String problem, boolean blank) {
    }

    CsvRecordReader(String name, StrictUtf8Reader in, int maxRecordChars) throws IOException {
        this.name = name;
        this.decoding = in;
        this.maxRecordChars = maxRecordChars;
        CsvMapper mapper = new CsvMapper();
        // a single cell is never held beyond the record limit: Jackson refuses it part-way and reads on
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxStringLength(maxRecordChars).build());
        this.parser = (CsvParser) mapper.getFactory().createParser(in);
        this.parser.enable(CsvParser.Feature.WRAP_AS_ARRAY); // each row an array of its cells
    }

    @Override
    public RawRecord next() throws IOException {
        while (true) {
            Row row = readRow();
            if (row == null) {
                return null;
            }
            if (row.blank()) {
                continue; // a blank line is not a record
            }
            String location = name + ":" + row.line();
            if (header == null) {
                if (row.problem() != null) {
                    header = List.of();
                    return RawRecord.unreadable(location, "the header row cannot be read (" + row.problem()
                            + "); the file's rows cannot be read");
                }
                if (row.cells().stream().anyMatch(cell -> cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0)) {
                    // no column name holds a line break: a quote opened in the header took in the rows below it
                    header = List.of();
                    return RawRecord.unreadable(location, "a column name in the header holds a line break (a quote"
                            + " left open?), so the header took in the rows after it; the file's rows cannot be read");
                }
                header = row.cells().stream().map(String::strip).toList();
                headerProblem = repeatedColumn(header);
                continue;
            }
            if (row.problem() != null) {
                return RawRecord.unreadable(location, row.problem());
            }
            if (header.isEmpty()) {
                return RawRecord.unreadable(location, "the file has no readable header row");
            }
            if (headerProblem != null) {
                return RawRecord.unreadable(location, headerProblem);
            }
            List<String> cells = row.cells();
            if (cells.size() != header.size()) {
                return RawRecord.unreadable(location, "the row has " + cells.size() + " cells but the header has "
                        + header.size() + " columns");
            }
            return RawRecord.ofNode(location, toJson(cells));
        }
    }

    /** The next row, or {@code null} at the end of the file. */
    private Row readRow() throws IOException {
        if (done) {
            return null;
        }
        List<String> cells = new ArrayList<>();
        long chars = 0;
        long line = -1;
        long start = -1;
        boolean tooLong = false;
        String problem = null;
        int errors = 0;
        while (true) {
            JsonToken token;
            try {
                token = parser.nextToken();
            } catch (StreamConstraintsException oversizedCell) {
                tooLong = true; // Jackson skips on through the cell; the rest of the row is read and dropped
                line = line < 0 ? Math.max(1, parser.currentLocation().getLineNr()) : line;
                continue;
            } catch (JsonProcessingException broken) {
                line = line < 0 ? Math.max(1, parser.currentLocation().getLineNr()) : line;
                String message = String.valueOf(broken.getOriginalMessage());
                if (message.contains("Missing closing quote")) {
                    done = true;
                    return new Row(line, null, "a quoted cell is never closed, so the rest of the file (to line "
                            + parser.currentLocation().getLineNr() + ") is part of this record; it was not read", false);
                }
                problem = "not valid CSV (check for a stray or unclosed quote)";
                if (++errors > MAX_ERRORS_IN_A_ROW) {
                    done = true;
                    return new Row(line, null, problem + "; the rest of the file could not be read", false);
                }
                continue;
            }
            if (token == null) {
                done = true;
                return line < 0 ? null : rowOf(line, start, cells, tooLong, problem);
            }
            if (token == JsonToken.START_ARRAY) {
                if (parser.getParsingContext().getNestingDepth() == ROW_DEPTH) {
                    // where the row starts (a token's own location can still be the previous row's)
                    line = parser.currentLocation().getLineNr();
                    start = parser.currentLocation().getCharOffset();
                }
                continue; // the file's own array, or this row's
            }
            if (token == JsonToken.END_ARRAY) {
                if (line < 0) {
                    continue; // the end of the file's array
                }
                return rowOf(line, start, cells, tooLong, problem);
            }
            if (!tooLong) {
                String cell = parser.getText();
                chars += cell.length() + 1;
                if (chars > maxRecordChars) {
                    tooLong = true;
                    cells.clear();
                } else {
                    cells.add(cell);
                }
            }
        }
    }

    private Row rowOf(long line, long start, List<String> cells, boolean tooLong, String problem) {
        long end = parser.currentLocation().getCharOffset();
        if (tooLong) {
            return new Row(line, null, "the record is longer than " + maxRecordChars + " characters; it was not read", false);
        }
        if (decoding.malformedBetween(start, end)) {
            return new Row(line, null, Input.NOT_UTF8, false);
        }
        if (problem != null) {
            return new Row(line, null, problem, false);
        }
        boolean blank = cells.size() == 1 && cells.get(0).isBlank();
        return new Row(line, cells, null, blank);
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
        return parser.currentLocation().getCharOffset();
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
