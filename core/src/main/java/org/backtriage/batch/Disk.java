package org.backtriage.batch;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Where the output files of a run are created and moved into place: the real file system ({@link #REAL}).
 * The files a user asked for go through it, so a test can stand in a disk that fills up part-way through a
 * run (a full disk cannot be had on demand otherwise).
 */
public interface Disk {
    /** The file system itself. */
    Disk REAL = new Disk() {
    };

    /**
     * A new file, open for writing.
     *
     * @throws java.nio.file.FileAlreadyExistsException when {@code file} exists (it is never overwritten)
     */
    default OutputStream create(Path file) throws IOException {
        return Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Renames {@code from} to {@code to}, as {@link Files#move} does with the same options. */
    default void move(Path from, Path to, CopyOption... options) throws IOException {
        Files.move(from, to, options);
    }
}
