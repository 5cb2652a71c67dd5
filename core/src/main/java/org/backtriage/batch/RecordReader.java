package org.backtriage.batch;

import java.io.Closeable;
import java.io.IOException;

/** Reads records one at a time, so memory stays flat however large the input. */
public interface RecordReader extends Closeable {
    /** The next record, or {@code null} at the end of the input. */
    RawRecord next() throws IOException;

    /** Characters consumed so far (for progress), or -1 when not known. */
    default long consumed() {
        return -1;
    }
}
