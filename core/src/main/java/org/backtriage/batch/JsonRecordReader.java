package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;

/**
 * A JSON file holding one intake object, or an array of them, read element by element so that a large
 * array is streamed. A syntax error inside the array ends the file with one error record: JSON cannot
 * be resynchronised after a syntax error, and the error says so. A text longer than Jackson's limit is no
 * syntax error: the {@link LongTextGuard} under the parser cuts it for Jackson, and its record alone is
 * refused, naming the field.
 */
final class JsonRecordReader implements RecordReader {
    private final String name;
    private final JsonParser parser;
    private final BoundedValue values;
    private boolean started;
    private boolean array;
    private boolean done;
    private final StrictUtf8Reader decoding;

    JsonRecordReader(String name, StrictUtf8Reader in, ObjectMapper mapper, int maxRecordChars) throws IOException {
        this.decoding = in;
        this.name = name;
        LongTextGuard guard = new LongTextGuard(in, mapper.getFactory().streamReadConstraints());
        this.parser = mapper.getFactory().createParser(guard);
        // elements are read one by one from the middle of an array: the text after one is the next element
        this.values = new BoundedValue(parser, guard, mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS),
                maxRecordChars, "record", "intake");
    }

    @Override
    public RawRecord next() throws IOException {
        if (done) {
            return null;
        }
        String location = name + ":" + Math.max(1, parser.currentLocation().getLineNr());
        try {
            if (!started) {
                started = true;
                JsonToken first = parser.nextToken();
                if (first == null) {
                    done = true;
                    return null; // an empty file holds no records
                }
                array = first == JsonToken.START_ARRAY;
                if (!array) {
                    done = true;
                    location = name + ":" + parser.currentTokenLocation().getLineNr();
                    RawRecord single = value(location);
                    if (parser.nextToken() != null) {
                        return RawRecord.unreadable(location, "a JSON file holds one intake object or one array of them; found more after the first value");
                    }
                    return single;
                }
            }
            JsonToken token = parser.nextToken();
            if (token == JsonToken.END_ARRAY || token == null) {
                done = true;
                if (token != null && parser.nextToken() != null) {
                    return RawRecord.unreadable(name + ":" + parser.currentTokenLocation().getLineNr(),
                            "unexpected content after the end of the array");
                }
                return null;
            }
            location = name + ":" + parser.currentTokenLocation().getLineNr();
            return value(location);
        } catch (JsonProcessingException e) {
            done = true;
            long line = e.getLocation() != null ? e.getLocation().getLineNr() : 0;
            return RawRecord.unreadable(name + ":" + (line > 0 ? line : location.substring(name.length() + 1)),
                    JsonProblems.describe(e) + "; the rest of this file could not be read");
        }
    }

    /**
     * One record: the file's one object or an array element. An element far larger than any intake, or
     * holding a text over the limit, is refused (and skipped to its end) without being built into memory;
     * the next element is then read.
     */
    private RawRecord value(String location) throws IOException {
        long start = parser.currentTokenLocation().getCharOffset();
        BoundedValue.Read read = values.read(start);
        if (read.refused() != null) {
            return RawRecord.unreadable(location, read.refused());
        }
        if (decoding.malformedBetween(start, parser.currentLocation().getCharOffset())) {
            return RawRecord.unreadable(location, Input.NOT_UTF8);
        }
        return RawRecord.ofNode(location, read.node());
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
