package org.backtriage.pages;

import org.backtriage.batch.AtomicOutputFile;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Disk;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.UnwritableFile;
import org.backtriage.intake.Vocabulary;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * One HTML file per record, in a folder: each handout (or "could not be assessed" page) is named from the
 * record's intake id, made safe for any file system. A name never leaves the folder (only letters, digits,
 * {@code - _ .}, never a leading dot), never overwrites a file (two ids that make the same name get
 * {@code -2}, {@code -3}, ...), and a record without an id is named by its position in the batch.
 * Writes happen on the batch's writing thread, in input order. The numbers are found in time linear in the
 * records: a name that already has numbered pages remembers its next number (memory for the names given
 * twice or more only), so a page tries its id's own name and then that number, not every number before it.
 *
 * <p>The pages, the index and the report (when it is in the folder) appear together or not at all: they are
 * written into a hidden folder inside the folder and moved into place by {@link #publish} once every one is
 * complete. A run that fails (a full disk), or is stopped (Ctrl-C, SIGTERM), leaves the folder as it was
 * before: none of its pages, and the folder itself removed when the run made it. A move that fails while
 * publishing takes back those already made.
 *
 * <p>At the end, {@link #writeIndex} writes {@value #INDEX}: a link to every page and to the batch report.
 * Its rows, and the pages' names, are kept in temporary files (outside the folder, readable by their owner
 * only) until then, so memory stays bounded; {@link #close} deletes them however the run ends. The names
 * {@code index} and {@code report} are never given to a record's page.
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
    /** The hidden folder inside {@link #folder} the run writes into, until {@link #publish}. */
    private final Path hidden;
    /** The outermost folder this run created on the way to {@link #folder} ({@code null}: it was there). */
    private final Path madeFrom;
    private final Disk disk;
    private final Pages pages;
    private final String reportStem;
    private final Path rows;
    private final Writer rowsOut;
    /** Every page's name, one a line, in input order: what {@link #publish} moves. */
    private final Path names;
    private final Writer namesOut;
    /** The folder's own files written into {@link #hidden}: the report (when it is in the folder), the index. */
    private final Set<String> ownFiles = new LinkedHashSet<>();
    /** For each name (in lower case) that numbered pages have been given: the next number to try. */
    private final Map<String, Integer> nextNumber = new HashMap<>();
    private final Map<String, Long> byLevel = new LinkedHashMap<>();
    private final Thread discardOnStop;
    private boolean publishing;
    private boolean published;
    private boolean discarded;
    private long records;
    private long written;
    private long rejected;

    private HandoutFolder(Path folder, Path hidden, Path madeFrom, Pages pages, String reportStem, Disk disk) throws IOException {
        this.folder = folder;
        this.hidden = hidden;
        this.madeFrom = madeFrom;
        this.disk = disk;
        this.reportStem = reportStem;
        this.pages = pages;
        Vocabulary.REFERRAL_LEVELS.forEach(level -> byLevel.put(level, 0L));
        this.rows = Files.createTempFile("backtriage-index-", ".part"); // owner-only: the rows name records
        rows.toFile().deleteOnExit(); // also when the run is stopped (Ctrl-C, SIGTERM) before close()
        this.names = Files.createTempFile("backtriage-pages-", ".part");
        names.toFile().deleteOnExit();
        this.rowsOut = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(rows), StandardCharsets.UTF_8));
        this.namesOut = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(names), StandardCharsets.UTF_8));
        this.discardOnStop = new Thread(this::discard, "backtriage-remove-partial-pages");
        Runtime.getRuntime().addShutdownHook(discardOnStop);
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
        Path madeFrom = null;
        for (Path missing = absolute; missing != null && Files.notExists(missing); missing = missing.getParent()) {
            madeFrom = missing;
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new UnwritableFile(folder, e);
        }
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
        // hidden, and never a page's name (those never start with a dot)
        Path hidden = absolute.resolve(".backtriage-" + UUID.randomUUID() + ".partial");
        try {
            Files.createDirectory(hidden);
        } catch (IOException e) {
            removeMadeFolders(absolute, madeFrom);
            throw new UnwritableFile(folder, e);
        }
        try {
            return new HandoutFolder(absolute, hidden, madeFrom, pages, reportStem, disk);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(hidden);
            removeMadeFolders(absolute, madeFrom);
            throw e;
        }
    }

    @Override
    public synchronized void seen(BatchEvaluator.Rendered rendered) throws IOException {
        records++;
        if (rendered.text() == null && rendered.utf8() == null) {
            return;
        }
        stillRunning();
        // workers render to UTF-8 bytes; a page is written as it was rendered
        byte[] page = rendered.utf8() != null ? rendered.utf8() : rendered.text().getBytes(StandardCharsets.UTF_8);
        Outcome outcome = rendered.outcome();
        String id = outcome.isAssessed() ? outcome.assessment().intakeId() : outcome.rejection().intakeId();
        String base = (outcome.isAssessed() ? "" : "not-assessed-") + safeName(id, records);
        if (base.toLowerCase(Locale.ROOT).equals(reportStem)) {
            base = "record-" + base;
        }
        String key = base.toLowerCase(Locale.ROOT); // names that differ only in case are one name on some disks
        for (int number = 1; ; ) {
            String name = base + (number == 1 ? "" : "-" + number) + ".html";
            Path file = hidden.resolve(name);
            if (!hidden.equals(file.getParent())) {
                throw new IllegalStateException("a page name left its folder: " + file); // safeName makes this impossible
            }
            OutputStream created;
            try {
                created = disk.create(file);
            } catch (FileAlreadyExistsException taken) {
                // another record's id made the same name: the next number this name has not given yet
                number = number == 1 ? nextNumber.getOrDefault(key, 2) : number + 1;
                continue;
            } catch (IOException e) {
                throw new UnwritableFile(folder.resolve(name), e);
            }
            try (OutputStream stream = UnwritableFile.naming(folder.resolve(name), created)) {
                stream.write(page);
            }
            if (number > 1) {
                nextNumber.put(key, number + 1);
            }
            written++;
            String level = outcome.isAssessed() ? outcome.assessment().referral().level() : null;
            if (level == null) {
                rejected++;
            } else {
                byLevel.merge(level, 1L, Long::sum);
            }
            append(rowsOut, rows, pages.indexRow(new IndexPage.Row(records, name, id, level, outcome.location())));
            append(namesOut, names, name + "\n");
            return;
        }
    }

    /**
     * The file for {@code target}, written like every output: complete, or not at all. A file in this folder
     * (the batch report) is written into the hidden folder and put in place with the pages by {@link #publish};
     * a file elsewhere is an ordinary {@link AtomicOutputFile}. Either way a failure names {@code target}.
     */
    public synchronized AtomicOutputFile outputFile(Path target) throws IOException {
        if (!holds(target)) {
            return new AtomicOutputFile(target, disk);
        }
        String name = target.toAbsolutePath().normalize().getFileName().toString();
        ownFiles.add(name);
        return new AtomicOutputFile(hidden.resolve(name), target, disk);
    }

    /**
     * Writes {@value #INDEX}: the header (clinic and date), the counts, a link to the batch report
     * ({@code report}, or none when {@code null}) and one row per page written, in input order. Written
     * into the hidden folder like the pages, and put in place with them by {@link #publish}; the temporary
     * rows are deleted.
     */
    public synchronized void writeIndex(PageHeader header, Path report) throws IOException {
        stillRunning();
        close(rowsOut, rows);
        List<IndexPage.LevelCount> levels = new ArrayList<>();
        byLevel.forEach((level, count) -> levels.add(new IndexPage.LevelCount(level, count)));
        long assessed = levels.stream().mapToLong(IndexPage.LevelCount::count).sum();
        IndexPage index = new IndexPage(header, assessed + rejected, assessed, rejected, levels,
                report == null ? null : href(folder, report), report == null ? null : report.getFileName().toString());
        ownFiles.add(INDEX);
        try (AtomicOutputFile file = new AtomicOutputFile(hidden.resolve(INDEX), folder.resolve(INDEX), disk)) {
            OutputStream out = file.stream();
            out.write(pages.indexHeader(index).getBytes(StandardCharsets.UTF_8));
            Files.copy(rows, out);
            out.write(pages.indexFooter().getBytes(StandardCharsets.UTF_8));
            file.commit();
        }
        Files.deleteIfExists(rows);
    }

    /**
     * Puts the run's pages in the folder, then its own files (the report, when it is in the folder, and the
     * index, when written): each is moved from the hidden folder, never over a file that appeared in the folder
     * meanwhile. A move that fails takes back those already made, so the folder is left as it was.
     */
    public void publish() throws IOException {
        synchronized (this) {
            stillRunning();
            close(namesOut, names);
            publishing = true;
        }
        String name = null;
        try (BufferedReader pageNames = Files.newBufferedReader(names, StandardCharsets.UTF_8)) {
            while ((name = pageNames.readLine()) != null) {
                moveIntoPlace(name);
            }
            for (String own : List.copyOf(ownFiles)) {
                name = own;
                moveIntoPlace(own);
            }
        } catch (IOException e) {
            discard();
            throw e instanceof UnwritableFile || name == null ? e : new UnwritableFile(folder.resolve(name), e);
        }
        synchronized (this) {
            published = true;
        }
        deleteHidden();
        forgetHook();
    }

    private synchronized void moveIntoPlace(String name) throws IOException {
        stillRunning();
        disk.move(hidden.resolve(name), folder.resolve(name)); // no option: an existing file is not replaced
    }

    /** Refuses to write once the run has been discarded (a stopping process's hook got there first). */
    private void stillRunning() throws IOException {
        if (discarded) {
            throw new IOException("the run is stopping; its pages were removed");
        }
    }

    /**
     * Deletes the temporary rows and names and, unless {@link #publish} put them in place, every page of the
     * run (the folder is left as it was before the run).
     */
    @Override
    public void close() throws IOException {
        try {
            closeQuietly(rowsOut);
            closeQuietly(namesOut);
            discard();
        } finally {
            forgetHook();
            try {
                Files.deleteIfExists(rows);
            } finally {
                Files.deleteIfExists(names);
            }
        }
    }

    /**
     * Takes the run's pages away, unless published: those a failed {@link #publish} moved already (a name no
     * longer in the hidden folder is in the folder), then the hidden folder, then the folders the run made.
     * Also the shutdown hook, when the process is stopped.
     */
    private synchronized void discard() {
        if (published || discarded) {
            return;
        }
        discarded = true;
        if (publishing) {
            List<String> all = new ArrayList<>();
            try (BufferedReader pageNames = Files.newBufferedReader(names, StandardCharsets.UTF_8)) {
                for (String name; (name = pageNames.readLine()) != null; ) {
                    all.add(name);
                }
            } catch (IOException e) {
                // the names are gone: nothing more can be known of what was moved
            }
            all.addAll(ownFiles);
            for (String name : all) {
                if (Files.notExists(hidden.resolve(name))) {
                    try {
                        Files.deleteIfExists(folder.resolve(name));
                    } catch (IOException e) {
                        // left; the run's failure is reported either way
                    }
                }
            }
        }
        deleteHidden();
        removeMadeFolders(folder, madeFrom);
    }

    private void deleteHidden() {
        try (Stream<Path> left = Files.list(hidden)) {
            for (Path file : (Iterable<Path>) left::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            // gone already, or unreadable: deleting it below says which
        }
        try {
            Files.deleteIfExists(hidden);
        } catch (IOException e) {
            // a hidden .partial folder is left; nothing more can be done
        }
    }

    /** Removes the folders a run made on the way to {@code folder}, innermost first, each only when empty. */
    private static void removeMadeFolders(Path folder, Path madeFrom) {
        if (madeFrom == null) {
            return;
        }
        for (Path made = folder; made != null && made.startsWith(madeFrom); made = made.getParent()) {
            try {
                Files.deleteIfExists(made);
            } catch (IOException notEmpty) {
                return;
            }
        }
    }

    private void forgetHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(discardOnStop);
        } catch (IllegalStateException stopping) {
            // the process is already stopping: the hook runs, and finds the pages published or discards them
        }
    }

    private static void append(Writer out, Path file, String text) throws UnwritableFile {
        try {
            out.write(text);
        } catch (IOException e) {
            throw new UnwritableFile(file, e);
        }
    }

    private static void close(Writer out, Path file) throws UnwritableFile {
        try {
            out.close();
        } catch (IOException e) {
            throw new UnwritableFile(file, e);
        }
    }

    private static void closeQuietly(Writer out) {
        try {
            out.close();
        } catch (IOException alreadyFailing) {
            // the file is deleted next
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

    /** Whether {@code file} is in this folder: written with the pages, and put in place with them. */
    public boolean holds(Path file) {
        return folder.equals(file.toAbsolutePath().normalize().getParent());
    }

    /** Whether {@link #publish} put the pages in place. */
    public synchronized boolean published() {
        return published;
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
