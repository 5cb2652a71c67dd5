package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The guard under Jackson, with small limits (texts 10 characters, field names 5) so the cuts can be read. */
class LongTextGuardTest {
    private static final StreamReadConstraints SMALL = StreamReadConstraints.builder()
            .maxStringLength(10).maxNameLength(5).build();

    /** What Jackson is given for {@code json}, read through the guard {@code chunk} characters at a time. */
    private static String guarded(String json, int chunk, LongTextGuard[] guard) throws IOException {
        guard[0] = new LongTextGuard(new StringReader(json), SMALL);
        StringBuilder out = new StringBuilder();
        char[] buffer = new char[chunk];
        for (int read; (read = guard[0].read(buffer, 0, chunk)) > 0; ) {
            out.append(buffer, 0, read);
        }
        return out.toString();
    }

    private static String guarded(String json) throws IOException {
        return guarded(json, 1, new LongTextGuard[1]);
    }

    private static JsonNode parse(String json) throws IOException {
        ObjectMapper mapper = JsonMapper.builder().build();
        mapper.getFactory().setStreamReadConstraints(SMALL);
        try (JsonParser parser = mapper.getFactory().createParser(json)) {
            return mapper.readTree(parser);
        }
    }

    @Test
    void textWithinTheLimitsPassesUnchangedWhateverTheChunks() throws IOException {
        String json = "[{\"ab\":\"0123456789\",\"n\":[\"\\\"\\\\\",\"\\u00e9\"],\"x\":{\"y\":1}}, \"a\\\"b\"]";
        for (int chunk : new int[]{1, 2, 3, 7, 100}) {
            assertEquals(json, guarded(json, chunk, new LongTextGuard[1]), "read " + chunk + " at a time");
        }
    }

    @Test
    void aLongTextEndsAtTheLimitAndTheRestIsBlankedToItsClosingQuote() throws IOException {
        LongTextGuard[] guard = new LongTextGuard[1];
        String json = "[{\"a\":\"0123456789ABCDEF\",\"b\":2}]";
        String out = guarded(json, 4, guard);
        assertEquals("[{\"a\":\"0123456789\"      ,\"b\":2}]", out);
        assertEquals(json.length(), out.length(), "nothing is added or taken out: offsets stay the file's");
        assertEquals(2, parse(out).get(0).get("b").asInt(), "Jackson reads on after the cut text");
        assertFalse(guard[0].cutAt(1));
        assertTrue(guard[0].cutAt(json.indexOf("\"0123")), "the cut is known by the offset of the text's opening quote");
    }

    @Test
    void aCutNeverFallsInsideAnEscapeAndEscapedQuotesDoNotEndTheText() throws IOException {
        // the \\u escape starts at the ninth character and runs past the limit: the cut comes after it
        String out = guarded("[\"012345678\\u00e9xy\\\"z\\\\\",1]");
        assertEquals("[\"012345678\\u00e9\"       ,1]", out);
        JsonNode parsed = parse(out);
        assertEquals("012345678\u00e9", parsed.get(0).asText());
        assertEquals(1, parsed.get(1).asInt());
    }

    @Test
    void aFieldNameHasTheShorterNameLimitAndAValueOfTheSameLengthDoesNot() throws IOException {
        String out = guarded("{\"abcdefgh\":\"abcdefgh\",\"ok\":[\"abcdefgh\"]}");
        assertEquals("{\"abcde\"   :\"abcdefgh\",\"ok\":[\"abcdefgh\"]}", out);
        assertEquals("abcdefgh", parse(out).get("abcde").asText());
    }

    @Test
    void lineBreaksInsideACutTextStayLineBreaks() throws IOException {
        String out = guarded("[\"0123456789AB\r\nC\nD\",\n2]");
        assertEquals("[\"0123456789\" \r\n \n  ,\n2]", out);
        assertEquals(2, parse(out).get(1).asInt());
        // a raw line break right at the limit is not made the quote (the line would be lost): Jackson refuses it
        String atTheLimit = "[\"0123456789\nX\",2]";
        String given = guarded(atTheLimit);
        assertEquals('\n', given.charAt(atTheLimit.indexOf('\n')));
        assertThrows(JsonProcessingException.class, () -> parse(given));
    }
}
