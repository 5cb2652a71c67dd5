package org.backtriage.spark;

import java.io.InputStream;
import java.util.Iterator;

/** Lines (their bytes, without terminators) as one stream, each followed by {@code \n}: what a batch reader reads. */
final class LineBytesStream extends InputStream {
    private final Iterator<byte[]> lines;
    private byte[] line;
    /** Next byte of {@link #line} to hand out; {@code line.length} means its newline is still due. */
    private int position;

    LineBytesStream(Iterator<byte[]> lines) {
        this.lines = lines;
    }

    @Override
    public int read() {
        if (!ready()) {
            return -1;
        }
        if (position == line.length) {
            position++;
            return '\n';
        }
        return line[position++] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return 0;
        }
        int copied = 0;
        while (copied < length && ready()) {
            if (position == line.length) {
                buffer[offset + copied++] = '\n';
                position++;
            } else {
                int n = Math.min(length - copied, line.length - position);
                System.arraycopy(line, position, buffer, offset + copied, n);
                position += n;
                copied += n;
            }
        }
        return copied == 0 ? -1 : copied;
    }

    /** True when a byte (of a line, or its newline) is available. */
    private boolean ready() {
        while (line == null || position > line.length) {
            if (!lines.hasNext()) {
                line = null;
                return false;
            }
            line = lines.next();
            position = 0;
        }
        return true;
    }
}
