package org.backtriage.pages;

import org.backtriage.assessment.Assessment;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Outcome;
import org.backtriage.intake.FieldError;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
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
        }
        assertTrue(Files.exists(folder.resolve("record-summary.html")));
        Document index = Jsoup.parse(folder.resolve(HandoutFolder.INDEX).toFile());
        assertTrue(index.select("a.report-link").isEmpty(), "no report, no link");
        assertTrue(index.select("header .clinic").isEmpty(), "no clinic named, no empty line");
        assertEquals("../reports/batch%201.html", HandoutFolder.href(folder, dir.resolve("reports/batch 1.html")));
        assertEquals("report.html", HandoutFolder.href(folder, folder.resolve("report.html")));
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
