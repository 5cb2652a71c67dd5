package org.backtriage.batch;

import com.fasterxml.jackson.core.StreamReadConstraints;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Stands between a JSON file's text and Jackson and keeps every JSON string within Jackson's length limits,
 * so that one over-long text costs its record only, never the rest of the file.
 *
 * <p>Jackson refuses a string over its limit part-way through it and cannot go on after that: the parser is
 * left inside the string, and everything after it would be lost. This reader follows the text with a small
 * state machine (inside a string or not, escape sequences, the open objects and arrays, so that it knows a
 * field name from a value) and, once a string has reached its limit (the value limit, or the shorter
 * field-name limit) at the start of a character, ends it there for Jackson: that character becomes the
 * closing quote, and every character after it up to and including the real closing quote becomes a space
 * (line breaks stay line breaks). Jackson then reads a string at its limit followed by blanks: it never holds
 * more than the limit, and it goes on with the next token. Nothing is added or taken out, so Jackson's line,
 * column and character offsets stay those of the file. In the blanked part only the closing quote is looked
 * for: what Jackson would refuse there (a raw control character other than a line break, a bad escape) is
 * blanked with the rest, as its record is refused anyway.
 *
 * <p>A cut string must never be read as if it were the real one: the offset of the opening quote of each
 * cut string is kept, and the record readers ask {@link #cutAt} and {@link #cutBetween} about the records
 * they read, refusing a record that held one. The state machine only needs to agree with Jackson on valid
 * JSON: up to a cut, wherever the two could disagree Jackson has met a syntax error first, and that ends
 * the file anyway.
 */
final class LongTextGuard extends Reader {
    private final Reader in;
    private final int maxValueChars;
    private final int maxNameChars;
    // character offsets of the opening quotes of the cut strings, in increasing order; readers ask in
    // order, so those before the position asked about are dropped
    private final ArrayDeque<Long> cuts = new ArrayDeque<>();
    private long delivered;

    private boolean inString;
    private boolean cutting; // the current string was cut: the rest of it is blanked
    private int escape; // 0: none; -1: just after a backslash; n > 0: hex digits of a \\u escape still to come
    private int length; // characters of the current string so far, as written (escapes count in full)
    private int limit; // the current string's limit: a field name's or a value's
    private long stringStart;
    private byte[] open = new byte[64]; // the open containers, '{' or '['
    private int depth;
    private char lastOutside = ' '; // the last character outside strings that is not blank

    LongTextGuard(Reader in, StreamReadConstraints limits) {
        this.in = in;
        this.maxValueChars = limits.getMaxStringLength();
        this.maxNameChars = limits.getMaxNameLength();
    }

    @Override
    public int read(char[] target, int offset, int count) throws IOException {
        int read = in.read(target, offset, count);
        for (int i = offset; i < offset + read; i++) {
            char c = target[i];
            if (inString) {
                target[i] = inString(c);
            } else {
                outside(c, delivered + (i - offset));
            }
        }
        if (read > 0) {
            delivered += read;
        }
        return read;
    }

    /** One character of a string: what Jackson is given for it. */
    private char inString(char c) {
        if (escape != 0) {
            escape = escape < 0 ? (c == 'u' ? 4 : 0) : escape - 1;
        } else if (c == '"') {
            inString = false;
            lastOutside = '"';
            if (cutting) {
                cutting = false;
                return ' ';
            }
            return c;
        } else if (!cutting && length >= limit && c >= ' ') {
            // at the limit, at the start of a character (never inside an escape): the string ends here for
            // Jackson. (A raw control character there is left to Jackson, which refuses it in a string as a
            // syntax error, as it does before the limit: making it the quote would lose a line break.)
            cutting = true;
            cuts.addLast(stringStart);
            if (c == '\\') {
                escape = -1;
            }
            return '"';
        } else if (c == '\\') {
            escape = -1;
        }
        if (cutting) {
            return c == '\n' || c == '\r' ? c : ' ';
        }
        length++;
        return c;
    }

    /** One character outside strings: only followed, never changed. */
    private void outside(char c, long at) {
        switch (c) {
            case '"' -> {
                inString = true;
                escape = 0;
                length = 0;
                stringStart = at;
                boolean name = depth > 0 && open[depth - 1] == '{' && (lastOutside == '{' || lastOutside == ',');
                limit = name ? maxNameChars : maxValueChars;
            }
            case '{', '[' -> {
                if (depth == open.length) {
                    open = Arrays.copyOf(open, depth * 2); // Jackson stops at its depth limit, one buffer behind
                }
                open[depth++] = (byte) c;
                lastOutside = c;
            }
            case '}', ']' -> {
                if (depth > 0) {
                    depth--;
                }
                lastOutside = c;
            }
            case ' ', '\t', '\n', '\r' -> {
                // blanks between tokens
            }
            default -> lastOutside = c;
        }
    }

    /** Whether the string whose opening quote is at {@code offset} was cut; forgets cuts before it. */
    boolean cutAt(long offset) {
        while (!cuts.isEmpty() && cuts.peekFirst() < offset) {
            cuts.removeFirst();
        }
        return !cuts.isEmpty() && cuts.peekFirst() == offset;
    }

    /** Whether a string starting in {@code [start, end)} was cut; forgets cuts before {@code start}. */
    boolean cutBetween(long start, long end) {
        while (!cuts.isEmpty() && cuts.peekFirst() < start) {
            cuts.removeFirst();
        }
        return !cuts.isEmpty() && cuts.peekFirst() < end;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
