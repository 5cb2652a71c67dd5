package org.backtriage.batch;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/**
 * An output file that appears only when complete: written to a hidden sibling and renamed over the target
 * by {@link #commit()}; closed without a commit, the partial file is deleted. A run that is interrupted
 * never leaves a truncated file that looks complete. The sibling is created like any new file (the
 * user's umask applies), not with a temporary file's owner-only permissions.
 */
public final class AtomicOutputFile implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final Writer writer;
    private boolean committed;

    public AtomicOutputFile(Path target) throws IOException {
        this.target = target.toAbsolutePath();
        this.partial = this.target.resolveSibling("." + this.target.getFileName() + "." + UUID.randomUUID() + ".partial");
        this.writer = new BufferedWriter(Files.newBufferedWriter(partial, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), 1 << 16);
    }

    public Writer writer() {
        return writer;
    }

    /** Flushes, closes and renames the file into place. */
    public void commit() throws IOException {
        writer.close();
        Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        committed = true;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                writer.close();
            } catch (IOException alreadyFailing) {
                // the run has failed already; the partial file is removed below either way
            }
            Files.deleteIfExists(partial);
        }
    }
}
