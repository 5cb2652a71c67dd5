package org.backtriage;

import org.backtriage.batch.Disk;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The real file system, except that it fills up while one file is being written: the first write to the file
 * named {@code fileName} (or to the hidden partial file that becomes it) fails, and so does every write to any
 * file after it, with the message Linux gives for a full disk (ENOSPC, a plain IOException that names no
 * file). As on a real full disk, a new file can still be created (a name still fits), but nothing written
 * into it. Writes before that moment succeed and reach the disk.
 */
public final class FullDisk implements Disk {
    public static final String NO_SPACE = "No space left on device";

    private final String fileName;
    private final AtomicBoolean full = new AtomicBoolean();
    private final List<Path> created = new ArrayList<>();

    private FullDisk(String fileName) {
        this.fileName = fileName;
    }

    /** A disk that fills up when the file named {@code fileName} is first written to. */
    public static FullDisk whenWriting(String fileName) {
        return new FullDisk(fileName);
    }

    /** Whether the disk has filled up. */
    public boolean isFull() {
        return full.get();
    }

    /** Every file created, in order (whether or not it is still there). */
    public synchronized List<Path> created() {
        return List.copyOf(created);
    }

    @Override
    public OutputStream create(Path file) throws IOException {
        OutputStream real = Disk.REAL.create(file);
        synchronized (this) {
            created.add(file);
        }
        String name = file.getFileName().toString();
        boolean trigger = name.equals(fileName) || (name.startsWith("." + fileName + ".") && name.endsWith(".partial"));
        return new FilterOutputStream(real) {
            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                if (length > 0 && (trigger || full.get())) {
                    full.set(true);
                    throw new IOException(NO_SPACE);
                }
                out.write(bytes, offset, length);
            }
        };
    }
}
