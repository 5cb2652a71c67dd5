package org.backtriage.batch;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
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
        if (cause instanceof FileSystemException fs && fs.getReason() != null) {
            return fs.getReason(); // e.g. "Read-only file system", "No space left on device"
        }
        return cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
    }
}
