package org.backtriage.batch;

import com.fasterxml.jackson.databind.JsonNode;
import org.backtriage.intake.FieldError;

/**
 * One input record before validation, exactly one of: the text of an NDJSON line, an already-read JSON
 * value (JSON array element, CSV row), or a problem that made it unreadable.
 *
 * @param location where it came from: {@code file:line}
 * @param text     the raw JSON text to parse, or {@code null}
 * @param node     the JSON value, or {@code null}
 * @param problem  why the record could not be read, or {@code null}
 */
public record RawRecord(String location, String text, JsonNode node, FieldError problem) {

    public static RawRecord ofText(String location, String text) {
        return new RawRecord(location, text, null, null);
    }

    public static RawRecord ofNode(String location, JsonNode node) {
        return new RawRecord(location, null, node, null);
    }

    public static RawRecord unreadable(String location, String message) {
        return unreadable(location, new FieldError(FieldError.RECORD, message));
    }

    /** A record refused by its reader for one field (a text over the limit), named in {@code problem}. */
    public static RawRecord unreadable(String location, FieldError problem) {
        return new RawRecord(location, null, null, problem);
    }
}
