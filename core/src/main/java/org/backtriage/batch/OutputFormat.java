package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.backtriage.assessment.Assessment;
import org.backtriage.assessment.CompactAssessment;

import java.util.List;
import java.util.stream.Collectors;

/**
 * How outcomes are written: NDJSON (one line each), a JSON array, or CSV (one flat row each). Each
 * outcome is rendered on its own, so the writer streams and the workers do the rendering.
 */
public enum OutputFormat {
    NDJSON, JSON, CSV;

    private static final List<String> CSV_COLUMNS = List.of("intakeId", "location", "outcome", "referralLevel",
            "reasons", "exercises", "warnings", "errors", "rulesetVersion");

    /** How much of each assessment is written: everything, or codes only (CSV is always codes). */
    public enum Detail {
        FULL, CODES
    }

    /** Renders outcomes of one format; thread-safe. */
    public static final class Renderer implements RecordFormat {
        private final OutputFormat format;
        private final Detail detail;
        private final ObjectWriter json;
        private final ObjectWriter csv;

        public Renderer(OutputFormat format, ObjectMapper mapper) {
            this(format, Detail.FULL, mapper);
        }

        public Renderer(OutputFormat format, Detail detail, ObjectMapper mapper) {
            this.format = format;
            this.detail = detail;
            this.json = mapper.writer();
            CsvSchema.Builder schema = CsvSchema.builder();
            CSV_COLUMNS.forEach(schema::addColumn);
            this.csv = new CsvMapper().writerFor(List.class).with(schema.build().withoutHeader().withLineSeparator(""));
        }

        /** Text before the first record. */
        @Override
        public String header() {
            return switch (format) {
                case JSON -> "[";
                case CSV -> String.join(",", CSV_COLUMNS) + "\n";
                case NDJSON -> "";
            };
        }

        /** Text between two records' renderings. */
        @Override
        public String separator() {
            return format == OutputFormat.JSON ? ",\n" : "\n";
        }

        /** Text after the last record; {@code any} says whether there were records. */
        @Override
        public String footer(boolean any) {
            return switch (format) {
                case JSON -> any ? "\n]\n" : "]\n";
                case CSV, NDJSON -> any ? "\n" : "";
            };
        }

        @Override
        public String firstPrefix() {
            return format == OutputFormat.JSON ? "\n" : "";
        }

        @Override
        public String render(Outcome outcome) {
            try {
                if (format != OutputFormat.CSV) {
                    if (!outcome.isAssessed()) {
                        return json.writeValueAsString(outcome.rejection());
                    }
                    return json.writeValueAsString(detail == Detail.CODES
                            ? CompactAssessment.of(outcome.assessment()) : outcome.assessment());
                }
                return csv.writeValueAsString(csvRow(outcome));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an outcome could not be rendered", e);
            }
        }

        /** The same rendering as {@link #render}, as UTF-8 bytes: JSON is generated straight to bytes. */
        public byte[] renderBytes(Outcome outcome) {
            if (format == OutputFormat.CSV) {
                return render(outcome).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            try {
                if (!outcome.isAssessed()) {
                    return json.writeValueAsBytes(outcome.rejection());
                }
                return json.writeValueAsBytes(detail == Detail.CODES
                        ? CompactAssessment.of(outcome.assessment()) : outcome.assessment());
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("an outcome could not be rendered", e);
            }
        }

        private static List<String> csvRow(Outcome outcome) {
            List<String> cells;
            if (!outcome.isAssessed()) {
                Outcome.Rejection r = outcome.rejection();
                cells = List.of(r.intakeId() == null ? "" : r.intakeId(), r.location(), "rejected", "", "", "", "",
                        r.errors().stream().map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")), "");
            } else {
                Assessment a = outcome.assessment();
                cells = List.of(a.intakeId(), outcome.location(), "assessed", a.referral().level(),
                        a.referral().reasons().stream().map(Assessment.Reason::code).collect(Collectors.joining(";")),
                        a.exercises().stream().map(e -> e.id() + "=" + e.status()).collect(Collectors.joining(";")),
                        a.warnings().stream().map(Assessment.Warning::code).collect(Collectors.joining(";")),
                        "", a.ruleset().version());
            }
            return cells.stream().map(Renderer::neutralised).toList();
        }

        /**
         * A cell a spreadsheet would run as a formula ({@code =HYPERLINK(...)}, {@code +cmd}, {@code @SUM},
         * {@code -2+3}) is prefixed with a single quote, as OWASP advises against CSV injection: the
         * spreadsheet then shows it as text. Ids and file names come from the input, so any cell may.
         */
        static String neutralised(String cell) {
            if (!cell.isEmpty() && "=+-@\t\r".indexOf(cell.charAt(0)) >= 0) {
                return "'" + cell;
            }
            return cell;
        }
    }
}
