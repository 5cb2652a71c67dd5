package org.backtriage.batch;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A file the user asked for could not be written (a missing or read-only folder, a full disk). Its message
 * is the one line the user sees: which file, and why in plain words, never a stack trace.
 */
public final class UnwritableFile extends IOException {
    private final Path file;

    public UnwritableFile(Path file, IOException cause) {
        super("cannot write " + file + ": " + reason(file, cause), cause);
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /**
     * {@code out}, of which every failure (a write, a flush, the close) is an UnwritableFile naming
     * {@code file}. A failed write names no file of its own ("No space left on device"); without this, the
     * message could only guess which output it was.
     */
    public static OutputStream naming(Path file, OutputStream out) {
        return new FilterOutputStream(out) {
            @Override
            public void write(int b) throws IOException {
                try {
                    out.write(b);
                } catch (IOException e) {
                    throw named(file, e);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                try {
                    out.write(bytes, offset, length);
                } catch (IOException e) {
                    throw named(file, e);
                }
            }

            @Override
            public void flush() throws IOException {
                try {
                    out.flush();
                } catch (IOException e) {
                    throw named(file, e);
                }
            }

            @Override
            public void close() throws IOException {
                try {
                    out.close();
                } catch (IOException e) {
                    throw named(file, e);
                }
            }
        };
    }

    private static UnwritableFile named(Path file, IOException e) {
        return e instanceof UnwritableFile already ? already : new UnwritableFile(file, e);
    }

    private static String reason(Path file, IOException cause) {
        if (cause instanceof UnwritableFile already) {
            return reason(file, (IOException) already.getCause());
        }
        if (cause instanceof NoSuchFileException) {
            Path folder = file.toAbsolutePath().getParent();
            if (folder != null && Files.isDirectory(folder)) {
                return "no file can be created in " + folder;
            }
            return "the folder " + (folder == null ? "" : folder + " ") + "does not exist";
        }
        if (cause instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (cause instanceof FileAlreadyExistsException) {
            return "a file of that name appeared while the run was writing; it was left as it is";
        }
        // e.g. "Read-only file system", "No space left on device" (a failed write says no more than that)
        String said = cause instanceof FileSystemException fs && fs.getReason() != null ? fs.getReason()
                : cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        if (said.contains("No space left on device") || said.contains("not enough space on the disk")) {
            return "the disk is full (" + said + ")"; // ENOSPC on Linux and macOS; Windows' words
        }
        if (said.contains("Disk quota exceeded")) {
            return "the disk quota is used up (" + said + ")";
        }
        return said;
    }
}
