package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import org.backtriage.intake.Excerpt;
import org.backtriage.intake.FieldError;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Reads one JSON value (an array element, a Bundle entry, a field of a resource) from a parser over a
 * {@link LongTextGuard} into a tree, copied token by token, unless it is refused: for a text the guard cut
 * (the error names its field and the limit), or for its size (the copy stops at the limit). A refused value
 * is still read to its end, without being built, so the parser is ready for what follows it.
 */
final class BoundedValue {
    /** The value, or why it was refused (then {@code node} is {@code null}). */
    record Read(JsonNode node, FieldError refused) {
    }

    private final JsonParser parser;
    private final LongTextGuard guard;
    private final ObjectReader tree;
    private final int maxChars;
    private final String noun;
    private final String need;

    /**
     * @param noun what a value is, in the errors ("record", "entry")
     * @param need what it should be, in the errors: "far more than any {@code need} needs"
     */
    BoundedValue(JsonParser parser, LongTextGuard guard, ObjectReader tree, int maxChars, String noun, String need) {
        this.parser = parser;
        this.guard = guard;
        this.tree = tree;
        this.maxChars = maxChars;
        this.noun = noun;
        this.need = need;
    }

    /**
     * Reads the value whose first token is the parser's current one; the parser is left on its last token.
     *
     * @param start the character offset its size is counted from (its first token, or the start of the
     *              resource it is part of)
     */
    Read read(long start) throws IOException {
        JsonToken token = parser.currentToken();
        JsonStreamContext context = parser.getParsingContext();
        // the depth of the object or array holding the value: field names from there down make its path
        int holder = token.isStructStart() ? context.getNestingDepth() - 1 : context.getNestingDepth();
        TokenBuffer copy = new TokenBuffer(parser);
        boolean tooLarge = false;
        FieldError refused = null;
        int open = 0;
        while (true) {
            if (refused == null) {
                if (token == JsonToken.VALUE_STRING) {
                    // Jackson reads a text lazily: reading it now (never longer than the guard lets it be)
                    // takes the guard to its end, so whether it was cut is known before it is copied
                    parser.finishToken();
                }
                if ((token == JsonToken.VALUE_STRING || token == JsonToken.FIELD_NAME)
                        && guard.cutAt(parser.currentTokenLocation().getCharOffset())) {
                    refused = cut(token, holder);
                } else if (!tooLarge) {
                    copy.copyCurrentEvent(parser);
                    tooLarge = parser.currentLocation().getCharOffset() - start > maxChars;
                }
            }
            if (token.isStructStart()) {
                open++;
            } else if (token.isStructEnd()) {
                open--;
            }
            if (open == 0) {
                break;
            }
            token = parser.nextToken();
            if (token == null) {
                throw new JsonParseException(parser, "Unexpected end-of-input in a JSON value");
            }
        }
        if (refused == null && guard.cutBetween(start, parser.currentLocation().getCharOffset())) {
            refused = new FieldError(FieldError.RECORD, "a text in this " + noun + " is longer than "
                    + plainly(parser.streamReadConstraints().getMaxStringLength()) + ", far more than any " + need
                    + " needs; the " + noun + " was not read");
        }
        if (refused == null && tooLarge) {
            refused = new FieldError(FieldError.RECORD, "the " + noun + " is longer than " + maxChars
                    + " characters, far more than any " + need + " needs; it was not read");
        }
        if (refused != null) {
            copy.close();
            return new Read(null, refused);
        }
        try (JsonParser copied = copy.asParser()) {
            return new Read(tree.readTree(copied), null);
        }
    }

    /** The error of a value holding a cut text or field name, naming the field where it is known. */
    private FieldError cut(JsonToken token, int holder) {
        JsonStreamContext context = parser.getParsingContext();
        String what;
        String field;
        if (token == JsonToken.FIELD_NAME) {
            field = path(context.getParent(), holder);
            what = "a field name in " + (field.isEmpty() ? "this " + noun : "this object") + " is longer than "
                    + plainly(parser.streamReadConstraints().getMaxNameLength());
        } else {
            field = path(context, holder);
            what = (field.isEmpty() ? "a text in this " + noun : "this text") + " is longer than "
                    + plainly(parser.streamReadConstraints().getMaxStringLength());
        }
        return new FieldError(field.isEmpty() ? FieldError.RECORD : field,
                what + ", far more than any " + need + " needs; the " + noun + " was not read");
    }

    /** The dotted path of field names from the value's holder down to {@code context}; list positions are left out. */
    private static String path(JsonStreamContext context, int holder) {
        Deque<String> names = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && c.getNestingDepth() >= holder; c = c.getParent()) {
            if (c.inObject() && c.getCurrentName() != null) {
                // names are input: only a short escaped excerpt of each, as the validator does
                names.addFirst(Excerpt.of(c.getCurrentName()).replace("\"", ""));
            }
        }
        return String.join(".", names);
    }

    /** A length in characters in plain words: "1 MiB (1048576 characters)". */
    static String plainly(int chars) {
        int mib = 1 << 20;
        return chars % mib == 0 ? chars / mib + " MiB (" + chars + " characters)" : chars + " characters";
    }
}
