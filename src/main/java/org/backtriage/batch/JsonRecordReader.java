package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;

import java.io.IOException;
import java.io.Reader;

/**
 * A JSON file holding one intake object, or an array of them, read element by element so that a large
 * array is streamed. A syntax error inside the array ends the file with one error record: JSON cannot
 * be resynchronised after a syntax error, and the error says so.
 */
final class JsonRecordReader implements RecordReader {
    private final String name;
    private final ObjectReader mapper;
    private final JsonParser parser;
    private boolean started;
    private boolean array;
    private boolean done;

    JsonRecordReader(String name, Reader in, ObjectMapper mapper) throws IOException {
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
            return RawRecord.ofNode(location, mapper.readTree(parser));
        } catch (JsonProcessingException e) {
            done = true;
            long line = e.getLocation() != null ? e.getLocation().getLineNr() : 0;
            return RawRecord.unreadable(name + ":" + (line > 0 ? line : location.substring(name.length() + 1)),
                    JsonProblems.describe(e) + "; the rest of this file could not be read");
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
