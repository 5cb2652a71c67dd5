package org.backtriage.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * UTF-8 decoded strictly ({@link CodingErrorAction#REPORT}): a byte sequence that is no character (a stray
 * byte, a truncated sequence, an encoded surrogate) is not silently replaced. Decoding goes on past it, so
 * one bad record does not end the file, but the position of each bad sequence is kept, and the record
 * readers ask {@link #malformedBetween} whether a record they read held one; such a record becomes an error
 * record instead of being assessed with a changed id.
 */
final class StrictUtf8Reader extends Reader {
    private final InputStream in;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    // character offsets (in the decoded text) where a bad sequence was met, in increasing order; the
    // readers ask about records in order, so offsets before the record asked about are dropped
    private final ArrayDeque<Long> malformed = new ArrayDeque<>();
    private long charsDelivered;
    private boolean endOfInput;
    private boolean finished;

    StrictUtf8Reader(InputStream in) {
        this.in = in;
    }

    @Override
    public int read(char[] target, int offset, int length) throws IOException {
        if (length == 0) {
            return 0;
        }
        while (!chars.hasRemaining()) {
            if (finished) {
                return -1;
            }
            decodeMore();
        }
        int read = Math.min(length, chars.remaining());
        chars.get(target, offset, read);
        charsDelivered += read;
        return read;
    }

    /** Refills {@code chars} (all delivered) with what the bytes decode to; returns once there is some, or at the end. */
    private void decodeMore() throws IOException {
        long base = charsDelivered;
        chars.clear();
        while (chars.hasRemaining()) {
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            if (result.isError()) {
                // U+FFFD stands in for the bad bytes so offsets stay right; the record is refused anyway
                malformed.addLast(base + chars.position());
                bytes.position(bytes.position() + result.length());
                chars.put('\uFFFD');
            } else if (result.isOverflow()) {
                break;
            } else if (endOfInput) {
                decoder.flush(chars);
                finished = true;
                break;
            } else if (chars.position() > 0) {
                break; // hand over what there is: standard input may not send more for a while
            } else {
                fill();
            }
        }
        chars.flip();
    }

    private void fill() throws IOException {
        bytes.compact();
        int read = in.read(bytes.array(), bytes.position(), bytes.remaining());
        if (read < 0) {
            endOfInput = true;
        } else {
            bytes.position(bytes.position() + read);
        }
        bytes.flip();
    }

    /** Whether a bad byte sequence was met in the decoded characters {@code [start, end)}; forgets those before {@code start}. */
    boolean malformedBetween(long start, long end) {
        while (!malformed.isEmpty() && malformed.peekFirst() < start) {
            malformed.removeFirst();
        }
        return !malformed.isEmpty() && malformed.peekFirst() < end;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
