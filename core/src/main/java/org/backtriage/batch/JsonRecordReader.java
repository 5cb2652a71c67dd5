package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;

/**
 * A JSON file holding one intake object, or an array of them, read element by element so that a large
 * array is streamed. A syntax error inside the array ends the file with one error record: JSON cannot
 * be resynchronised after a syntax error, and the error says so.
 */
final class JsonRecordReader implements RecordReader {
    /** The nesting depth of the file's array: its elements start and end there. */
    private static final int ARRAY_DEPTH = 1;
    private final String name;
    private final ObjectReader mapper;
    private final JsonParser parser;
    private boolean started;
    private boolean array;
    private boolean done;
    private final int maxRecordChars;
    private final StrictUtf8Reader decoding;

    JsonRecordReader(String name, StrictUtf8Reader in, ObjectMapper mapper, int maxRecordChars) throws IOException {
        this.decoding = in;
        this.maxRecordChars = maxRecordChars;
        this.name = name;
        // elements are read one by one from the middle of an array: the text after one is the next element
        this.mapper = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        this.parser = mapper.getFactory().createParser(in);
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
                    JsonNode single = mapper.readTree(parser);
                    if (parser.nextToken() != null) {
                        return RawRecord.unreadable(location, "a JSON file holds one intake object or one array of them; found more after the first value");
                    }
                    if (decoding.malformedBetween(0, parser.currentLocation().getCharOffset() + 1)) {
                        return RawRecord.unreadable(location, Input.NOT_UTF8);
                    }
                    return RawRecord.ofNode(location, single);
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
            return element(location);
        } catch (JsonProcessingException e) {
            done = true;
            long line = e.getLocation() != null ? e.getLocation().getLineNr() : 0;
            return RawRecord.unreadable(name + ":" + (line > 0 ? line : location.substring(name.length() + 1)),
                    JsonProblems.describe(e) + "; the rest of this file could not be read");
        }
    }

    /**
     * One array element, copied token by token so that an element far larger than any intake is refused
     * (and skipped to its end) without building it into memory: the copy stops at the size limit, also
     * inside a single text longer than the limit. The next element is then read.
     */
    private RawRecord element(String location) throws IOException {
        long start = parser.currentTokenLocation().getCharOffset();
        TokenBuffer copy = new TokenBuffer(parser);
        boolean tooLarge = false;
        while (true) {
            if (!tooLarge) {
                try {
                    copy.copyCurrentEvent(parser);
                    tooLarge = parser.currentLocation().getCharOffset() - start > maxRecordChars;
                } catch (StreamConstraintsException overLimit) {
                    // a text longer than the record limit (Jackson's string limit is that limit): Jackson
                    // refused it part-way, and its next token is the one after that text
                    tooLarge = true;
                }
            }
            if (parser.getParsingContext().getNestingDepth() <= ARRAY_DEPTH) {
                break; // back in the file's array: the element is complete
            }
            JsonToken token = parser.nextToken();
            if (token == null) {
                throw new com.fasterxml.jackson.core.JsonParseException(parser, "Unexpected end-of-input in an array element");
            }
        }
        if (tooLarge) {
            copy.close();
            return RawRecord.unreadable(location, "the record is longer than " + maxRecordChars
                    + " characters, far more than any intake needs; it was not read");
        }
        if (decoding.malformedBetween(start, parser.currentLocation().getCharOffset())) {
            copy.close();
            return RawRecord.unreadable(location, Input.NOT_UTF8);
        }
        try (JsonParser copied = copy.asParser()) {
            return RawRecord.ofNode(location, mapper.readTree(copied));
        }
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
