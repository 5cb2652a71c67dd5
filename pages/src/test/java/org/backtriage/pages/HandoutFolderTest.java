package org.backtriage.pages;

import org.backtriage.FullDisk;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Disk;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.UnwritableFile;
import org.backtriage.intake.FieldError;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One page per record: names made safely from intake ids, never outside the folder, never overwriting; and the
 * folder's index page linking every page and the report.
 */
class HandoutFolderTest {
    private static final Pages PAGES = new Pages();

    @TempDir
    Path dir;

    @Test
    void namesKeepPlainIdsAndMakeAnythingElseSafe() {
        assertEquals("a-all-clear_lower.back", HandoutFolder.safeName("a-all-clear_lower.back", 1));
        assertEquals("etc_passwd", HandoutFolder.safeName("../../etc/passwd", 1));
        assertEquals("script_alert_1_script", HandoutFolder.safeName("<script>alert(1)</script>", 1));
        assertEquals("record-7", HandoutFolder.safeName("..", 7));
        assertEquals("record-8", HandoutFolder.safeName("/", 8));
        assertEquals("record-9", HandoutFolder.safeName(null, 9));
        assertEquals("record-10", HandoutFolder.safeName("ÆØÅ", 10));
        assertEquals("C_Windows_x", HandoutFolder.safeName("C:\\Windows\\x", 1));
        assertEquals("record-CON", HandoutFolder.safeName("CON", 1));
        assertEquals("record-nul.txt", HandoutFolder.safeName("nul.txt", 1));
        assertEquals(HandoutFolder.LONGEST_NAME, HandoutFolder.safeName("x".repeat(5000), 1).length());
        assertEquals("a_b", HandoutFolder.safeName("a \n\t b", 1));
    }

    @Test
    void idsThatMakeTheSameNameGetNumberedFilesAndNothingLeavesTheFolder() throws IOException {
        Path folder = dir.resolve("pages");
        HandoutFolder pages = HandoutFolder.create(folder, PAGES, null);
        for (String id : List.of("a b", "a_b", "a/b", "../../escape", "../../escape")) {
            pages.seen(new BatchEvaluator.Rendered(assessed(id), "<p>" + id + "</p>"));
        }
        pages.seen(new BatchEvaluator.Rendered(Outcome.rejected("x.ndjson:9", null,
                List.of(new FieldError("id", "required"))), "<p>rejected</p>"));
        pages.publish(); // the pages appear in the folder together, once all are written
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("a_b-2.html", "a_b-3.html", "a_b.html", "escape-2.html", "escape.html",
                    "not-assessed-record-6.html"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("<p>a/b</p>", Files.readString(folder.resolve("a_b-3.html")));
        assertEquals(6, pages.written());
        try (Stream<Path> outside = Files.list(dir)) {
            assertEquals(List.of(folder), outside.toList(), "nothing was written beside the folder");
        }
        Path rows = pages.rowsFile();
        pages.close();
        assertFalse(Files.exists(rows), "a run that writes no index leaves no temporary rows");
    }

    /** Issue 19: {@code --out DIR/} also writes index.html, linking every page in input order and the batch report. */
    @Test
    void theIndexLinksEveryPageInInputOrderAndTheReport() throws IOException {
        Path folder = dir.resolve("pages");
        List<Outcome> outcomes = List.of(assessed("b-2", "urgent"), assessed("a-1", "none"),
                Outcome.rejected("x.ndjson:3", "c-3", List.of(new FieldError("age", "must be a number"))),
                assessed("index", "emergency"), assessed("REPORT", "routine"), assessed("<i>x</i>", "none"));
        List<String> names;
        try (HandoutFolder pages = HandoutFolder.create(folder, PAGES, null)) {
            for (Outcome outcome : outcomes) {
                pages.seen(new BatchEvaluator.Rendered(outcome, "<p>page</p>"));
            }
            Path rows = pages.rowsFile();
            pages.writeIndex(new PageHeader("Riverside Physio", "0161 496 0000", LocalDate.of(2026, 3, 14)),
                    folder.resolve(HandoutFolder.REPORT));
            assertFalse(Files.exists(rows), "the temporary rows are deleted once the index is written");
            pages.publish();
        }
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // the folder's own names are never a record's
        assertEquals(List.of("a-1.html", "b-2.html", "i_x_i.html", "index.html", "not-assessed-c-3.html",
                "record-REPORT.html", "record-index.html"), names);
        Document index = Jsoup.parse(folder.resolve(HandoutFolder.INDEX).toFile());
        assertEquals("en", index.selectFirst("html").attr("lang"));
        assertEquals("Riverside Physio", index.selectFirst("header .clinic").text());
        assertTrue(index.selectFirst("header .date").text().endsWith("14 March 2026"));
        List<Element> rows = index.select("table.index tbody tr");
        assertEquals(List.of("b-2.html", "a-1.html", "not-assessed-c-3.html", "record-index.html", "record-REPORT.html",
                "i_x_i.html"), rows.stream().map(r -> r.selectFirst("a").attr("href")).toList(), "input order");
        assertEquals(List.of("b-2", "a-1", "c-3", "index", "REPORT", "<i>x</i>"),
                rows.stream().map(r -> r.selectFirst("a").text()).toList(), "the ids, as text");
        assertEquals(List.of("Urgent", "None (self-care)", "Not assessed", "Emergency", "Routine", "None (self-care)"),
                rows.stream().map(r -> r.child(2).text()).toList());
        assertEquals("x.ndjson:3", rows.get(2).child(3).text());
        for (Element row : rows) {
            assertTrue(Files.exists(folder.resolve(row.selectFirst("a").attr("href"))), row.text());
        }
        assertEquals(HandoutFolder.REPORT, index.selectFirst("a.report-link").attr("href"));
        assertTrue(index.text().contains("6: 5 assessed, 1 could not be assessed"), index.text());
        assertTrue(index.select("i, script").isEmpty());
        assertTrue(index.selectFirst("table.index").parent().hasClass("wide"), "the table scrolls in its own box");
    }

    @Test
    void aReportNamedIntoTheFolderKeepsItsNameAndALinkToAReportElsewhereIsRelative() throws IOException {
        Path folder = dir.resolve("pages");
        try (HandoutFolder pages = HandoutFolder.create(folder, PAGES, folder.resolve("Summary.html"))) {
            pages.seen(new BatchEvaluator.Rendered(assessed("summary", "none"), "<p>page</p>"));
            pages.writeIndex(new PageHeader("", "", LocalDate.of(2026, 3, 14)), null);
            pages.publish();
        }
        assertTrue(Files.exists(folder.resolve("record-summary.html")));
        Document index = Jsoup.parse(folder.resolve(HandoutFolder.INDEX).toFile());
        assertTrue(index.select("a.report-link").isEmpty(), "no report, no link");
        assertTrue(index.select("header .clinic").isEmpty(), "no clinic named, no empty line");
        assertEquals("../reports/batch%201.html", HandoutFolder.href(folder, dir.resolve("reports/batch 1.html")));
        assertEquals("report.html", HandoutFolder.href(folder, folder.resolve("report.html")));
    }

    /**
     * Issue 22: 5,000 records with one id took 88 s against 9 s, each page trying every earlier number of
     * its name. The names are the same (id, id-2, id-3, ... in input order), and each page now tries at most
     * two: its id's own name, then the next number free for it. Counted, not timed.
     */
    @Test
    void manyRecordsWithOneIdGetNumberedNamesWithoutTryingEveryEarlierNumber() throws IOException {
        int records = 20_000;
        List<String> named = new ArrayList<>();
        long[] tried = {0};
        Disk counting = new Disk() {
            @Override
            public OutputStream create(Path file) throws IOException {
                if (++tried[0] > 2L * records) {
                    throw new AssertionError(tried[0] + " names tried for " + named.size() + " pages: every earlier number is tried again");
                }
                OutputStream created = Disk.REAL.create(file);
                named.add(file.getFileName().toString());
                return created;
            }
        };
        try (HandoutFolder pages = HandoutFolder.create(dir.resolve("pages"), PAGES, null, counting)) {
            // the scheme, where another id already has a numbered name: x-2 is taken, so the second x is x-3
            for (String id : List.of("x-2", "x", "x", "x")) {
                pages.seen(new BatchEvaluator.Rendered(assessed(id), "<p>" + id + "</p>"));
            }
            assertEquals(List.of("x-2.html", "x.html", "x-3.html", "x-4.html"), named);
            named.clear();
            tried[0] = 0;
            for (int i = 0; i < records; i++) {
                pages.seen(new BatchEvaluator.Rendered(assessed("same-id"), "<p>" + i + "</p>"));
            }
            assertEquals(4 + records, pages.written());
        }
        assertEquals(IntStream.rangeClosed(1, records).mapToObj(n -> n == 1 ? "same-id.html" : "same-id-" + n + ".html").toList(),
                named, "in input order, each name once");
        assertEquals(records, new HashSet<>(named).size());
    }

    /** Issue 22: the disk fills up at a page: no page of the run is left, and the failure names that page. */
    @Test
    void aPageThatCannotBeWrittenLeavesNoPageOfTheRunAndIsNamed() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("pages"));
        FullDisk disk = FullDisk.whenWriting("c.html");
        UnwritableFile failed;
        try (HandoutFolder pages = HandoutFolder.create(folder, PAGES, null, disk)) {
            pages.seen(new BatchEvaluator.Rendered(assessed("a"), "<p>a</p>"));
            pages.seen(new BatchEvaluator.Rendered(assessed("b"), "<p>b</p>"));
            failed = assertThrows(UnwritableFile.class, () -> pages.seen(new BatchEvaluator.Rendered(assessed("c"), "<p>c</p>")));
        }
        assertEquals(folder.resolve("c.html"), failed.file());
        assertEquals("cannot write " + folder.resolve("c.html") + ": the disk is full (" + FullDisk.NO_SPACE + ")", failed.getMessage());
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.toList(), "the folder is as it was: no page, not even a hidden one");
        }
    }

    /** Issue 22: the disk fills up at the index, once every page is written: no page is left either. */
    @Test
    void anIndexThatCannotBeWrittenLeavesNoPageOfTheRun() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("pages"));
        UnwritableFile failed;
        try (HandoutFolder pages = HandoutFolder.create(folder, PAGES, null, FullDisk.whenWriting(HandoutFolder.INDEX))) {
            for (String id : List.of("a", "b", "c")) {
                pages.seen(new BatchEvaluator.Rendered(assessed(id), "<p>" + id + "</p>"));
            }
            failed = assertThrows(UnwritableFile.class, () -> pages.writeIndex(new PageHeader("", "", LocalDate.of(2026, 3, 14)), null));
        }
        assertEquals(folder.resolve(HandoutFolder.INDEX), failed.file());
        assertTrue(failed.getMessage().contains("the disk is full"), failed.getMessage());
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.toList(), "no page, no index, no hidden partial file");
        }
    }

    /** Issue 22: the pages are moved into place at the end; a move that fails takes back the ones already made. */
    @Test
    void aMoveThatFailsWhilePublishingTakesBackThePagesAlreadyMoved() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("pages"));
        Disk fullAtTheThirdPage = new Disk() {
            @Override
            public void move(Path from, Path to, java.nio.file.CopyOption... options) throws IOException {
                if (to.equals(folder.resolve("c.html"))) { // a name needs room in the folder, and there is none
                    throw new java.nio.file.FileSystemException(from.toString(), to.toString(), FullDisk.NO_SPACE);
                }
                Disk.REAL.move(from, to, options);
            }
        };
        UnwritableFile failed;
        try (HandoutFolder pages = HandoutFolder.create(folder, PAGES, null, fullAtTheThirdPage)) {
            for (String id : List.of("a", "b", "c", "d")) {
                pages.seen(new BatchEvaluator.Rendered(assessed(id), "<p>" + id + "</p>"));
            }
            pages.writeIndex(new PageHeader("", "", LocalDate.of(2026, 3, 14)), null);
            failed = assertThrows(UnwritableFile.class, pages::publish);
            assertFalse(pages.published());
        }
        assertEquals(folder.resolve("c.html"), failed.file());
        assertTrue(failed.getMessage().contains("the disk is full"), failed.getMessage());
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.toList(), "a.html and b.html were taken back");
        }
    }

    @Test
    void aFolderThatHoldsFilesIsRefused() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("used"));
        Files.writeString(folder.resolve("old.html"), "old");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> HandoutFolder.create(folder, PAGES, null));
        assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThrows(IllegalArgumentException.class, () -> HandoutFolder.create(file, PAGES, null));
    }

    private static Outcome assessed(String id) {
        return assessed(id, "none");
    }

    private static Outcome assessed(String id, String level) {
        return Outcome.assessed("x.ndjson:1", new Assessment(id, new Assessment.Referral(level, "", List.of()),
                List.of(), List.of(), List.of(), new Assessment.Ruleset("v", 1)));
    }
}
