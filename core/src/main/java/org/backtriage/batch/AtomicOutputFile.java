package org.backtriage.batch;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;

/**
 * An output file that appears only when complete: written to a hidden sibling and renamed over the target
 * by {@link #commit()}; closed without a commit, the partial file is deleted, and a shutdown hook deletes
 * it when the process is stopped (Ctrl-C, SIGTERM) before either. A run that is interrupted never leaves
 * a truncated file that looks complete, nor a hidden partial one. The sibling is created like any new file
 * (the user's umask applies), not with a temporary file's owner-only permissions.
 */
public final class AtomicOutputFile implements AutoCloseable {
    private final Path target;
    private final Path partial;
    private final OutputStream stream;
    // text and bytes go through the one buffered stream: the writer adds no buffer of its own, so what is
    // written through either comes out in the order it was written
    private final Writer writer;
    private final Thread removeOnStop;
    private final Disk disk;
    private final Path named;
    private boolean committed;

    /**
     * Creates the hidden partial file beside {@code target}.
     *
     * @throws IllegalArgumentException when {@code target} is a folder (a usage error)
     * @throws UnwritableFile           when the partial file cannot be created (missing or read-only folder)
     */
    public AtomicOutputFile(Path target) throws UnwritableFile {
        this(target, Disk.REAL);
    }

    /** The same, on {@code disk}. */
    public AtomicOutputFile(Path target, Disk disk) throws UnwritableFile {
        this(target, target, disk);
    }

    /**
     * {@code target}, named {@code named} in messages: a file written into a hidden folder and moved into
     * place with the others later (a folder of pages) is named by where it goes.
     */
    public AtomicOutputFile(Path target, Path named, Disk disk) throws UnwritableFile {
        if (Files.isDirectory(target)) {
            throw new IllegalArgumentException(named + " is a folder; give the name of a file to write");
        }
        this.disk = disk;
        this.named = named;
        this.target = target.toAbsolutePath();
        this.partial = this.target.resolveSibling("." + this.target.getFileName() + "." + UUID.randomUUID() + ".partial");
        try {
            // every failure to write, flush or close names the file: a full disk says only "No space left on device"
            this.stream = new BufferedOutputStream(UnwritableFile.naming(named, disk.create(partial)), 1 << 16);
            this.writer = new OutputStreamWriter(stream, StandardCharsets.UTF_8) {
                @Override
                public void write(String text) throws IOException {
                    super.write(text);
                    super.flush(); // the encoder's bytes into the buffered stream (which this flushes to the file too): keeps text and bytes in order
                }
            };
        } catch (IOException e) {
            throw new UnwritableFile(named, e);
        }
        this.removeOnStop = new Thread(this::deletePartial, "backtriage-remove-partial-output");
        Runtime.getRuntime().addShutdownHook(removeOnStop);
    }

    public Writer writer() {
        return writer;
    }

    /** The same file as bytes (UTF-8 text already encoded, as batch workers render it). */
    public OutputStream stream() {
        return stream;
    }

    /** Flushes, closes and renames the file into place. */
    public void commit() throws UnwritableFile {
        try {
            writer.close();
            disk.move(partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UnwritableFile(named, e);
        }
        committed = true;
        forgetHook();
    }

    /** Writes the whole content and commits: for small files written at once (a summary). */
    public void writeAndCommit(String content) throws UnwritableFile {
        try {
            writer.write(content);
        } catch (IOException e) {
            throw new UnwritableFile(named, e);
        }
        commit();
    }

    /** Whether {@link #commit} put the file in place. */
    public boolean committed() {
        return committed;
    }

    @Override
    public void close() throws IOException {
        if (!committed) {
            try {
                writer.close();
            } catch (IOException alreadyFailing) {
                // the run has failed already; the partial file is removed below either way
            }
            deletePartial();
            forgetHook();
        }
    }

    private void deletePartial() {
        try {
            Files.deleteIfExists(partial);
        } catch (IOException e) {
            // nothing more can be done while stopping; the file is hidden and named .partial
        }
    }

    private void forgetHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(removeOnStop);
        } catch (IllegalStateException stopping) {
            // the process is already stopping: the hook runs and finds nothing, or the partial file
        }
    }
}
