package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.intake.FieldError;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * FHIR resources as records: Bulk Data NDJSON (one resource a line) or one JSON document (a Bundle, or a
 * single resource). A Bundle is opened into its entries, wherever it is met. Every resource is a record
 * except a Patient: Patients only give the age of the forms that refer to them, so they are handed to
 * the patient sink (the pre-scan indexes them) and give no output line. Records are passed on unparsed
 * (a line's text, an entry's JSON): mapping them is the workers' work.
 *
 * <p>Lines or document: a {@code .ndjson}/{@code .jsonl} file is lines, a {@code .json} file a document;
 * standard input is lines when its first non-blank line holds a whole object ({@code {...}}), as NDJSON
 * does and a pretty-printed document never does.
 */
public final class FhirRecordReader implements RecordReader {
    /** Receives each Patient met, as JSON text, with its Bundle entry's fullUrl (or {@code null}). */
    public interface PatientSink {
        void patient(String json, String fullUrl);
    }

    private static final PatientSink DROP = (json, fullUrl) -> { };

    private final String name;
    private final Reader in;
    private final ObjectMapper json;
    private final ObjectReader tree;
    private final int maxRecordChars;
    private final Deque<RawRecord> pending = new ArrayDeque<>();
    private PatientSink patients = DROP;

    // lines
    private final BoundedLineReader lines;
    private long lineNumber;

    // document
    private final JsonParser parser;
    private final BoundedValue entries;
    private final BoundedValue resourceFields;
    private boolean started;
    private boolean inEntries;
    private boolean done;
    private ObjectNode fields;
    private String resourceType;
    private boolean bundle;
    private long documentLine;
    private long documentStart;
    private FieldError documentRefused;
    private int entryIndex;

    FhirRecordReader(String name, Reader in, ObjectMapper json, int maxRecordChars) throws IOException {
        this.name = name;
        this.json = json;
        this.tree = json.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.maxRecordChars = maxRecordChars;
        BufferedReader buffered = new BufferedReader(in, 1 << 16);
        this.in = buffered;
        if (isLines(name, buffered, maxRecordChars)) {
            this.lines = new BoundedLineReader(buffered, maxRecordChars);
            this.parser = null;
            this.entries = null;
            this.resourceFields = null;
        } else {
            this.lines = null;
            // a text over Jackson's limit is cut for Jackson by the guard, and costs its entry only
            LongTextGuard guard = new LongTextGuard(buffered, json.getFactory().streamReadConstraints());
            this.parser = json.getFactory().createParser(guard);
            this.entries = new BoundedValue(parser, guard, tree, maxRecordChars, "entry", "form");
            this.resourceFields = new BoundedValue(parser, guard, tree, maxRecordChars, "resource", "form");
        }
    }

    /** Where Patients go; by default they are dropped (they were indexed before the run). */
    public void patientsTo(PatientSink sink) {
        this.patients = sink;
    }

    @Override
    public RawRecord next() throws IOException {
        if (!pending.isEmpty()) {
            return pending.poll();
        }
        return lines != null ? nextLine() : nextInDocument();
    }

    private RawRecord nextLine() throws IOException {
        while (pending.isEmpty()) {
            String line = lines.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            String location = name + ":" + lineNumber;
            if (line == BoundedLineReader.TOO_LONG) {
                return RawRecord.unreadable(location, "the line is longer than " + maxRecordChars
                        + " characters, far more than any form needs; it was not read");
            }
            if (line.isBlank()) {
                continue;
            }
            String type = resourceType(json.getFactory(), line);
            if ("Patient".equals(type)) {
                patients.patient(line, null);
            } else if ("Bundle".equals(type)) {
                try {
                    openBundle(location, json.readTree(line));
                } catch (JsonProcessingException e) {
                    return RawRecord.ofText(location, line); // the worker names the syntax error
                }
            } else {
                return RawRecord.ofText(location, line);
            }
        }
        return pending.poll();
    }

    /** Queues a Bundle's entries as records (Patients to the sink). */
    private void openBundle(String location, JsonNode bundle) {
        int index = 0;
        for (JsonNode entry : bundle.path("entry")) {
            entry(location + " entry " + index++, entry);
        }
    }

    /** An entry's error names a field of its resource as the resource's errors do: {@code item.text}, not {@code resource.item.text}. */
    private static FieldError inResource(FieldError problem) {
        String prefix = "resource.";
        return problem.field().startsWith(prefix)
                ? new FieldError(problem.field().substring(prefix.length()), problem.message()) : problem;
    }

    private void entry(String location, JsonNode entry) {
        JsonNode resource = entry.get("resource");
        if (resource == null || !resource.isObject()) {
            pending.add(RawRecord.unreadable(location, "a Bundle entry needs a resource"));
        } else if ("Patient".equals(resource.path("resourceType").asText())) {
            patients.patient(resource.toString(), entry.path("fullUrl").asText(null));
        } else {
            pending.add(RawRecord.ofNode(location, resource));
        }
    }

    /**
     * One document, streamed: its top-level fields are kept (a resource is no larger than a record)
     * except a Bundle's {@code entry} list, which is read one entry at a time, and a Bundle's other fields,
     * which are no record.
     */
    private RawRecord nextInDocument() throws IOException {
        try {
            while (pending.isEmpty()) {
                if (done) {
                    return null;
                }
                if (!started) {
                    started = true;
                    if (parser.nextToken() == null) {
                        done = true;
                        return null; // an empty input holds no records
                    }
                    documentLine = parser.currentTokenLocation().getLineNr();
                    documentStart = parser.currentTokenLocation().getCharOffset();
                    if (parser.currentToken() != JsonToken.START_OBJECT) {
                        done = true;
                        return RawRecord.unreadable(name + ":" + documentLine,
                                "a FHIR input holds resources (JSON objects): one per line, or one per file");
                    }
                    fields = json.createObjectNode();
                    continue;
                }
                if (inEntries) {
                    nextEntry();
                    continue;
                }
                JsonToken token = parser.nextToken();
                if (token == JsonToken.END_OBJECT) {
                    done = true;
                    return endOfDocument();
                }
                String field = parser.currentName();
                token = parser.nextToken();
                if (field.equals("entry") && token == JsonToken.START_ARRAY && (resourceType == null || bundle)) {
                    bundle = true; // only a Bundle has a top-level list of entries with resources
                    inEntries = true;
                    continue;
                }
                boolean type = field.equals("resourceType");
                if (!type && (bundle || documentRefused != null)) {
                    parser.skipChildren(); // a Bundle's own fields, or the rest of a resource already refused
                    continue;
                }
                // the resource's fields together are held to the record limit, its type on its own
                BoundedValue.Read value = resourceFields.read(type ? parser.currentTokenLocation().getCharOffset() : documentStart);
                if (value.refused() != null) {
                    documentRefused = documentRefused != null ? documentRefused : value.refused();
                    fields.removeAll();
                    continue;
                }
                if (documentRefused == null) {
                    fields.set(field, value.node());
                }
                if (type) {
                    resourceType = value.node().asText();
                    bundle = bundle || resourceType.equals("Bundle");
                }
            }
            return pending.poll();
        } catch (JsonProcessingException e) {
            done = true;
            long line = e.getLocation() != null && e.getLocation().getLineNr() > 0 ? e.getLocation().getLineNr() : documentLine;
            return RawRecord.unreadable(name + ":" + line, JsonProblems.describe(e) + "; the rest of this input could not be read");
        }
    }

    private void nextEntry() throws IOException {
        JsonToken token = parser.nextToken();
        if (token == JsonToken.END_ARRAY) {
            inEntries = false;
            return;
        }
        String location = name + ":" + parser.currentTokenLocation().getLineNr() + " entry " + entryIndex++;
        BoundedValue.Read entry = entries.read(parser.currentTokenLocation().getCharOffset());
        if (entry.refused() != null) {
            pending.add(RawRecord.unreadable(location, inResource(entry.refused())));
            return;
        }
        entry(location, entry.node());
    }

    private RawRecord endOfDocument() throws IOException {
        if (parser.nextToken() != null) {
            return RawRecord.unreadable(name + ":" + parser.currentTokenLocation().getLineNr(),
                    "a FHIR document holds one resource; give several as NDJSON (one a line) or in a Bundle");
        }
        if (bundle) {
            return null; // its entries were the records
        }
        if (documentRefused != null) {
            return RawRecord.unreadable(name + ":" + documentLine, documentRefused);
        }
        if ("Patient".equals(resourceType)) {
            patients.patient(fields.toString(), null);
            return null;
        }
        return RawRecord.ofNode(name + ":" + documentLine, fields);
    }

    /** The top-level resourceType of one JSON object, read only as far as needed; {@code null} if none. */
    static String resourceType(JsonFactory factory, String text) {
        try (JsonParser p = factory.createParser(text)) {
            return resourceType(p);
        } catch (IOException e) {
            return null;
        }
    }

    public static String resourceType(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken value = p.nextToken();
            if ("resourceType".equals(field)) {
                return value == JsonToken.VALUE_STRING ? p.getText() : null;
            }
            p.skipChildren();
        }
        return null;
    }

    private static boolean isLines(String name, BufferedReader in, int maxChars) throws IOException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".ndjson") || lower.endsWith(".jsonl")) {
            return true;
        }
        if (lower.endsWith(".json")) {
            return false;
        }
        in.mark(maxChars + 1);
        StringBuilder line = new StringBuilder();
        int read = 0;
        int c;
        while ((c = in.read()) != -1 && ++read <= maxChars) {
            if (c == '\n') {
                if (!line.toString().isBlank()) {
                    break;
                }
                line.setLength(0);
            } else {
                line.append((char) c);
            }
        }
        in.reset();
        String first = line.toString().strip();
        return first.startsWith("{") && first.endsWith("}");
    }

    @Override
    public long consumed() {
        return lines != null ? lines.consumed() : parser.currentLocation().getCharOffset();
    }

    @Override
    public void close() throws IOException {
        if (parser != null) {
            parser.close();
        }
        in.close();
    }
}
