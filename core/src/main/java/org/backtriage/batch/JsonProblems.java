package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;

/**
 * Describes a JSON syntax error without quoting the input: Jackson's own messages can echo long runs
 * of the record, which may hold patient data.
 */
final class JsonProblems {
    private JsonProblems() {
    }

    static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? "" : " at column " + e.getLocation().getColumnNr();
        if (e instanceof StreamConstraintsException) {
            return "not a readable intake: nested too deeply, or a number or text too long" + where;
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        String what;
        if (original.contains("end-of-input") || original.contains("Unexpected end")) {
            what = "the record ends before its JSON is complete";
        } else if (original.contains("Duplicate field")) {
            what = "a field appears twice";
        } else if (original.contains("Invalid UTF-8") || original.contains("Invalid character")) {
            what = "the text is not valid UTF-8";
        } else if (original.contains("Trailing token")) {
            what = "there is more text after the record's closing brace";
        } else {
            what = "not valid JSON";
        }
        return what + where;
    }
}
