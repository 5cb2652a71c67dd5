package org.backtriage.cli;

import org.backtriage.commandline.ExitCode;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
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
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The pages from the command line: handouts in one document or one file each, the batch report, the catalogue. */
class PagesCommandsTest {
    @TempDir
    Path dir;

    @Test
    void evaluateWritesTheHandoutsDocumentAndTheBatchReport() throws IOException {
        Path document = dir.resolve("handouts.html");
        Path report = dir.resolve("report.html");
        var run = EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--format", "html",
                "--out", document.toString(), "--report", report.toString(), "fixtures");
        assertEquals(ExitCode.PROBLEMS, run.exitCode(), run.err()); // the fixtures hold rejected records on purpose
        assertEquals("", run.out());
        Document handouts = Jsoup.parse(document.toFile());
        // counted from the hand-written expectations: a fixture added with its expected lines keeps this true
        List<String> expected = EvaluateCommandTest.expectedFixtureLines();
        long rejected = expected.stream().filter(l -> l.contains("\"errorFields\"")).count();
        assertEquals(expected.size(), handouts.select("article.handout").size());
        assertEquals(rejected, handouts.select("article.handout h1:contains(could not be assessed)").size());
        Document batch = Jsoup.parse(report.toFile());
        assertEquals("Batch report", batch.selectFirst("h1").text());
        assertTrue(batch.text().contains("Records read " + expected.size()), batch.text());
        assertEquals(4, batch.select("svg").size());
        assertEquals(rejected, batch.select("section.rejected-records tbody tr").size(), "each rejected record, listed");
    }

    @Test
    void evaluateWritesOnePagePerRecordIntoAFolderWithAnIndexAndTheReport() throws IOException {
        Path folder = dir.resolve("pages");
        LocalDate before = LocalDate.now();
        var run = EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--format", "html",
                "--out", folder + "/", "fixtures/clinic-b.ndjson");
        LocalDate after = LocalDate.now();
        assertEquals(ExitCode.PROBLEMS, run.exitCode(), run.err());
        List<String> names;
        try (Stream<Path> files = Files.list(folder)) {
            names = files.map(p -> p.getFileName().toString()).sorted().toList();
        }
        long records = Files.readAllLines(Path.of("fixtures/clinic-b.ndjson")).stream().filter(l -> !l.isBlank()).count();
        // records in = pages out, and the folder's own two pages
        assertEquals(records + 2, names.size(), names.toString());
        assertTrue(names.contains("index.html") && names.contains("report.html"), names.toString());
        Document index = Jsoup.parse(folder.resolve("index.html").toFile());
        List<String> links = index.select("table.index a").eachAttr("href");
        assertEquals(records, links.size());
        assertEquals(names.stream().filter(n -> !n.equals("index.html") && !n.equals("report.html")).sorted().toList(),
                links.stream().sorted().toList(), "every page is linked, once");
        assertEquals("report.html", index.selectFirst("a.report-link").attr("href"));
        String day = index.selectFirst("header time").attr("datetime");
        assertTrue(day.equals(before.toString()) || day.equals(after.toString()), day);
        Document report = Jsoup.parse(folder.resolve("report.html").toFile());
        assertEquals("Batch report", report.selectFirst("h1").text());
        assertTrue(report.selectFirst("section.rejected-records").text().contains("b-bad-unknown-region"), "the rejected record is listed");
        Document handout = Jsoup.parse(folder.resolve("b-emergency-bladder-bowel.html").toFile());
        assertEquals(day, handout.selectFirst("header.page-header time").attr("datetime"), "the handouts carry the day too");
        assertTrue(names.contains("b-emergency-bladder-bowel.html"), names.toString());
        assertTrue(names.contains("not-assessed-b-bad-unknown-region.html"), names.toString());
        assertTrue(names.stream().allMatch(n -> n.matches("[A-Za-z0-9][A-Za-z0-9._-]*\\.html")), names.toString());
        Document page = Jsoup.parse(folder.resolve("b-emergency-bladder-bowel.html").toFile());
        assertEquals("Call 999 or go to A&E now.", page.selectFirst("h1").text());
        assertTrue(page.select(".exercise").isEmpty());
    }

    @Test
    void aFolderInUseOrAFolderForAnotherFormatIsAUsageError() throws IOException {
        Path used = Files.createDirectories(dir.resolve("used"));
        Files.writeString(used.resolve("earlier.html"), "x");
        var refused = EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--format", "html", "--out", used.toString(), "fixtures");
        assertEquals(ExitCode.USAGE, refused.exitCode());
        assertTrue(refused.err().contains("is not empty"), refused.err());
        var wrongFormat = EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--out", dir.toString(), "fixtures");
        assertEquals(ExitCode.USAGE, wrongFormat.exitCode());
        assertTrue(wrongFormat.err().contains("needs --format html"), wrongFormat.err());
        var unknown = EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--format", "pdf", "fixtures");
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("ndjson, json, csv or html"), unknown.err());
    }

    @Test
    void catalogueWritesTheRuleCatalogue() throws IOException {
        Path out = dir.resolve("catalogue.html");
        var run = EvaluateCommandTest.run("catalogue", "--rules", "core/src/test/frozen-rules", "--out", out.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        Document page = Jsoup.parse(out.toFile());
        assertEquals("Rule catalogue", page.selectFirst("h1").text());
        assertFalse(page.select("article.rule").isEmpty());
        assertTrue(run.err().contains(page.selectFirst(".ruleset-version").text()), run.err());
        assertEquals(2, page.select("table.matrix").size());
    }
}
