package org.backtriage.pages;

import org.backtriage.batch.AtomicOutputFile;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Disk;
import org.backtriage.batch.Outcome;
import org.backtriage.intake.Vocabulary;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * One HTML file per record, in a folder: each handout (or "could not be assessed" page) is named from the
 * record's intake id, made safe for any file system. A name never leaves the folder (only letters, digits,
 * {@code - _ .}, never a leading dot), never overwrites a file (two ids that make the same name get
 * {@code -2}, {@code -3}, ...), and a record without an id is named by its position in the batch.
 * Writes happen on the batch's writing thread, in input order.
 *
 * <p>At the end, {@link #writeIndex} writes {@value #INDEX}: a link to every page and to the batch report.
 * Its rows are kept in a temporary file (outside the folder, readable by its owner only) until then, so
 * memory stays bounded; {@link #close} deletes that file however the run ends. The names {@code index}
 * and {@code report} are never given to a record's page.
 */
public final class HandoutFolder implements BatchEvaluator.Observer, AutoCloseable {
    static final int LONGEST_NAME = 100;
    /** The folder's index page. */
    public static final String INDEX = "index.html";
    /** The batch report's name in the folder, when no other file is named for it. */
    public static final String REPORT = "report.html";
    private static final Set<String> RESERVED = Set.of("con", "prn", "aux", "nul",
            "com1", "com2", "com3", "com4", "com5", "com6", "com7", "com8", "com9",
            "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9",
            "index", "report"); // the folder's own pages (INDEX, REPORT)

    private final Path folder;
    private final Disk disk;
    private final Pages pages;
    private final String reportStem;
    private final Path rows;
    private final Writer rowsOut;
    private final Map<String, Long> byLevel = new LinkedHashMap<>();
    private long records;
    private long written;
    private long rejected;

    private HandoutFolder(Path folder, Pages pages, String reportStem, Disk disk) throws IOException {
        this.folder = folder;
        this.disk = disk;
        this.reportStem = reportStem;
        this.pages = pages;
        Vocabulary.REFERRAL_LEVELS.forEach(level -> byLevel.put(level, 0L));
        this.rows = Files.createTempFile("backtriage-index-", ".part"); // owner-only: the rows name records
        rows.toFile().deleteOnExit(); // also when the run is stopped (Ctrl-C, SIGTERM) before close()
        this.rowsOut = new BufferedWriter(new java.io.OutputStreamWriter(Files.newOutputStream(rows), StandardCharsets.UTF_8));
    }

    /**
     * The folder for the pages, created when missing. A folder that already holds files is refused, so a
     * run never mixes its pages with another run's.
     *
     * @param report the batch report's file, or {@code null}: when it is in the folder, no page takes its name
     */
    public static HandoutFolder create(Path folder, Pages pages, Path report) throws IOException {
        return create(folder, pages, report, Disk.REAL);
    }

    /** The same, on {@code disk}. */
    public static HandoutFolder create(Path folder, Pages pages, Path report, Disk disk) throws IOException {
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
        // a report named into the folder (--report DIR/x.html) keeps its name too
        String reportStem = null;
        if (report != null && absolute.equals(report.toAbsolutePath().normalize().getParent())) {
            String name = report.getFileName().toString().toLowerCase(Locale.ROOT);
            reportStem = name.endsWith(".html") ? name.substring(0, name.length() - 5) : null;
        }
        return new HandoutFolder(absolute, pages, reportStem, disk);
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
        if (base.toLowerCase(Locale.ROOT).equals(reportStem)) {
            base = "record-" + base;
        }
        for (int attempt = 1; ; attempt++) {
            Path file = folder.resolve(base + (attempt == 1 ? "" : "-" + attempt) + ".html");
            if (!folder.equals(file.getParent())) {
                throw new IllegalStateException("a page name left its folder: " + file); // safeName makes this impossible
            }
            try (OutputStream stream = disk.create(file)) {
                stream.write(page);
                written++;
            } catch (FileAlreadyExistsException taken) {
                continue; // another record's id made the same name (or differs only in case): try the next number
            }
            String level = outcome.isAssessed() ? outcome.assessment().referral().level() : null;
            if (level == null) {
                rejected++;
            } else {
                byLevel.merge(level, 1L, Long::sum);
            }
            rowsOut.write(pages.indexRow(new IndexPage.Row(records, file.getFileName().toString(), id, level,
                    outcome.location())));
            return;
        }
    }

    /**
     * Writes {@value #INDEX}: the header (clinic and date), the counts, a link to the batch report
     * ({@code report}, or none when {@code null}) and one row per page written, in input order. Written
     * to a hidden file and renamed, like every output; the temporary rows are deleted.
     */
    public void writeIndex(PageHeader header, Path report) throws IOException {
        rowsOut.close();
        List<IndexPage.LevelCount> levels = new ArrayList<>();
        byLevel.forEach((level, count) -> levels.add(new IndexPage.LevelCount(level, count)));
        long assessed = levels.stream().mapToLong(IndexPage.LevelCount::count).sum();
        IndexPage index = new IndexPage(header, assessed + rejected, assessed, rejected, levels,
                report == null ? null : href(folder, report), report == null ? null : report.getFileName().toString());
        try (AtomicOutputFile file = new AtomicOutputFile(folder.resolve(INDEX), disk)) {
            OutputStream out = file.stream();
            out.write(pages.indexHeader(index).getBytes(StandardCharsets.UTF_8));
            Files.copy(rows, out);
            out.write(pages.indexFooter().getBytes(StandardCharsets.UTF_8));
            file.commit();
        }
        Files.deleteIfExists(rows);
    }

    /** Deletes the index's temporary rows (if {@link #writeIndex} did not run, or failed). */
    @Override
    public void close() throws IOException {
        try {
            rowsOut.close();
        } finally {
            Files.deleteIfExists(rows);
        }
    }

    /**
     * A link from a page in {@code folder} to {@code target}: relative when both are on one file system
     * root, each path segment percent-encoded (UTF-8); otherwise the target's {@code file:} URI.
     */
    static String href(Path folder, Path target) {
        Path absolute = target.toAbsolutePath().normalize();
        Path relative;
        try {
            relative = folder.toAbsolutePath().normalize().relativize(absolute);
        } catch (IllegalArgumentException otherRoot) {
            return absolute.toUri().toASCIIString();
        }
        StringBuilder href = new StringBuilder();
        for (Path segment : relative) {
            if (href.length() > 0) {
                href.append('/');
            }
            for (byte b : segment.toString().getBytes(StandardCharsets.UTF_8)) {
                char c = (char) (b & 0xff);
                if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || "-._~".indexOf(c) >= 0) {
                    href.append(c);
                } else {
                    href.append('%').append(String.format("%02X", b & 0xff));
                }
            }
        }
        return href.toString();
    }

    /** Pages written so far. */
    public long written() {
        return written;
    }

    public Path folder() {
        return folder;
    }

    /** The temporary file of the index's rows (for tests: it must be gone when the run ends). */
    Path rowsFile() {
        return rows;
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
