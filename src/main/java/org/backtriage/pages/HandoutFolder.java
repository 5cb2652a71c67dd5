package org.backtriage.pages;

import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Outcome;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One HTML file per record, in a folder: each handout (or "could not be assessed" page) is named from the
 * record's intake id, made safe for any file system. A name never leaves the folder (only letters, digits,
 * {@code - _ .}, never a leading dot), never overwrites a file (two ids that make the same name get
 * {@code -2}, {@code -3}, ...), and a record without an id is named by its position in the batch.
 * Writes happen on the batch's writing thread, in input order.
 */
public final class HandoutFolder implements BatchEvaluator.Observer {
    static final int LONGEST_NAME = 100;
    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

    private final Path folder;
    private long records;
    private long written;

    private HandoutFolder(Path folder) {
        this.folder = folder;
    }

    /**
     * The folder for the pages, created when missing. A folder that already holds files is refused, so a
     * run never mixes its pages with another run's.
     */
    public static HandoutFolder create(Path folder) throws IOException {
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new IllegalArgumentException(folder + " is a file, not a folder");
        }
        Files.createDirectories(absolute);
        try (Stream<Path> entries = Files.list(absolute)) {
            if (entries.findAny().isPresent()) {
                throw new IllegalArgumentException("the folder " + folder
                        + " is not empty: give a new or empty folder for one page per record");
            }
        }
        return new HandoutFolder(absolute);
    }

    @Override
    public void seen(BatchEvaluator.Rendered rendered) throws IOException {
        records++;
        if (rendered.text() == null && rendered.utf8() == null) {
            return;
        }
        // workers render to UTF-8 bytes; a page is written as it was rendered
        byte[] page = rendered.utf8() != null ? rendered.utf8() : rendered.text().getBytes(StandardCharsets.UTF_8);
        Outcome outcome = rendered.outcome();
        String id = outcome.isAssessed() ? outcome.assessment().intakeId() : outcome.rejection().intakeId();
        String base = (outcome.isAssessed() ? "" : "not-assessed-") + safeName(id, records);
        for (int attempt = 1; ; attempt++) {
            Path file = folder.resolve(base + (attempt == 1 ? "" : "-" + attempt) + ".html");
            if (!folder.equals(file.getParent())) {
                throw new IllegalStateException("a page name left its folder: " + file); // safeName makes this impossible
            }
            try (java.io.OutputStream stream = Files.newOutputStream(file,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                stream.write(page);
                written++;
                return;
            } catch (FileAlreadyExistsException taken) {
                // another record's id made the same name (or differs only in case): try the next number
            }
        }
    }

    /** Pages written so far. */
    public long written() {
        return written;
    }

    public Path folder() {
        return folder;
    }

    /**
     * A file name (without extension) from an intake id: letters, digits, {@code -}, {@code _} and inner dots
     * kept; every other character, and runs of them, become one {@code _}; at most {@value #LONGEST_NAME}
     * characters; never empty, never starting with a dot, never a name Windows reserves. An id that leaves
     * nothing usable gives {@code record-N}, N the record's position in the batch.
     */
    static String safeName(String id, long position) {
        StringBuilder name = new StringBuilder();
        if (id != null) {
            for (int i = 0; i < id.length() && name.length() < LONGEST_NAME; i++) {
                char c = id.charAt(i);
                boolean keep = c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.');
                if (keep) {
                    name.append(c);
                } else if (name.length() > 0 && name.charAt(name.length() - 1) != '_') {
                    name.append('_');
                }
            }
        }
        // no leading dots (hidden files, "." and ".."), no trailing dots or underscores
        while (name.length() > 0 && (name.charAt(0) == '.' || name.charAt(0) == '_')) {
            name.deleteCharAt(0);
        }
        while (name.length() > 0 && (name.charAt(name.length() - 1) == '.' || name.charAt(name.length() - 1) == '_')) {
            name.setLength(name.length() - 1);
        }
        String safe = name.toString();
        if (safe.isEmpty()) {
            return "record-" + position;
        }
        String stem = safe.toLowerCase(Locale.ROOT);
        int dot = stem.indexOf('.');
        if (RESERVED.contains(dot < 0 ? stem : stem.substring(0, dot))) {
            return "record-" + safe;
        }
        return safe;
    }
}
