package org.backtriage.batch;

import java.io.IOException;
import java.io.Reader;

/**
 * Reads lines without ever holding more than {@code maxChars} of one line: a longer line is skipped to
 * its end and reported as too long, so one 10 MB line cannot take the memory of the whole batch.
 */
final class BoundedLineReader {
    /** What {@link #readLine} returns for a line over the limit. */
    static final String TOO_LONG = new String("\u0000too-long");

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[64 * 1024];
    private int position;
    private int limit;
    private long consumed;
    private final StringBuilder line = new StringBuilder();

    BoundedLineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /** The next line without its terminator, {@link #TOO_LONG}, or {@code null} at the end. */
    String readLine() throws IOException {
        line.setLength(0);
        boolean tooLong = false;
        boolean sawAny = false;
        while (true) {
            if (position >= limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    if (!sawAny) {
                        return null;
                    }
                    return tooLong ? TOO_LONG : line.toString();
                }
            }
            sawAny = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            consumed += length;
            if (!tooLong) {
                if (line.length() + length > maxChars) {
                    tooLong = true;
                    line.setLength(0);
                } else {
                    line.append(buffer, start, length);
                }
            }
            if (position < limit) { // found the newline
                position++;
                consumed++;
                if (tooLong) {
                    return TOO_LONG;
                }
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
        }
    }

    long consumed() {
        return consumed;
    }
}
