package org.backtriage.batch;

import java.io.IOException;

/** NDJSON: one record per line; blank lines are not records. Parsing happens later, on the workers. */
final class NdjsonRecordReader implements RecordReader {
    private final String name;
    private final StrictUtf8Reader in;
    private final BoundedLineReader lines;
    private final int maxRecordChars;
    private long lineNumber;

    NdjsonRecordReader(String name, StrictUtf8Reader in, int maxRecordChars) {
        this.name = name;
        this.in = in;
        this.maxRecordChars = maxRecordChars;
        this.lines = new BoundedLineReader(in, maxRecordChars);
    }

    @Override
    public RawRecord next() throws IOException {
        while (true) {
            long start = lines.consumed();
            String line = lines.readLine();
            if (line == null) {
                return null;
            }
            lineNumber++;
            String location = name + ":" + lineNumber;
            if (line == BoundedLineReader.TOO_LONG) {
                return RawRecord.unreadable(location, "the line is longer than " + maxRecordChars
                        + " characters, far more than any intake needs; it was not read");
            }
            if (in.malformedBetween(start, lines.consumed())) {
                return RawRecord.unreadable(location, Input.NOT_UTF8);
            }
            if (!line.isBlank()) {
                return RawRecord.ofText(location, line);
            }
        }
    }

    @Override
    public long consumed() {
        return lines.consumed();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
