package org.backtriage.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.text.PDFTextStripper;
import org.backtriage.TestIntakes;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.Json;
import org.backtriage.batch.Outcome;
import org.backtriage.impact.AssessmentChange;
import org.backtriage.impact.ImpactReport;
import org.backtriage.impact.ImpactTally;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every kind of page opened in headless Chromium, as a person would see it: at phone width (390 px) and at
 * desktop width, each screenshot saved under {@code target/screenshots/}, each page checked for console
 * errors, for any request beyond the page itself, for horizontal scrolling on a phone, and for not being
 * blank; the handouts printed to A4 PDF, where no record may take more than two pages.
 *
 * <p>Skipped, saying so, only when no Chromium is installed; under CI ({@code CI=true}) a missing browser
 * fails the test, because {@code .ci/run} installs it.
 */
@ExtendWith(FixtureRun.Resolver.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BrowserPagesIT {
    static final int PHONE = 390;
    static final int DESKTOP = 1280;
    static final Path PAGES = Path.of("target", "pages");
    static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private final FixtureRun run;
    private Chromium browser;

    BrowserPagesIT(FixtureRun run) {
        this.run = run;
    }

    @BeforeAll
    void startBrowser() throws Exception {
        Optional<Path> chromium = Chromium.find();
        if (chromium.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                fail("chromium is not installed, and CI must run the browser test: .ci/run installs it (apt-get install chromium)");
            }
            assumeTrue(false, "SKIPPED: no chromium on the PATH, so the pages were not opened in a browser "
                    + "(install it with: apt-get install -y chromium; .ci/run does)");
        }
        Files.createDirectories(PAGES);
        Files.createDirectories(SCREENSHOTS);
        browser = Chromium.start(chromium.get());
    }

    @AfterAll
    void stopBrowser() throws IOException {
        if (browser != null) {
            browser.close();
        }
    }

    private Assessment fixture(String id) {
        return run.assessed().stream().map(Outcome::assessment).filter(a -> a.intakeId().equals(id)).findFirst()
                .orElseThrow(() -> new AssertionError("no fixture " + id));
    }

    private Path handout(String name, String intakeId) throws IOException {
        Assessment a = fixture(intakeId);
        return Files.writeString(PAGES.resolve(name + ".html"),
                run.pages().handoutPage(Handout.of(a, run.engine().ruleBase().vocabulary(), FixtureRun.DAY)));
    }

    @Test
    void handoutsReadOnAPhoneAndADesktopWithTheAdviceAtTheTop() throws Exception {
        Map<String, Path> handouts = new LinkedHashMap<>();
        handouts.put("handout-emergency", handout("handout-emergency", "b-emergency-two-cauda-flags-plus-cancer"));
        handouts.put("handout-urgent", handout("handout-urgent", "a-kitchen-sink-age-15"));
        handouts.put("handout-routine", handout("handout-routine", "c-osteoporosis-pregnancy-surgery"));
        handouts.put("handout-none", handout("handout-none", "a-all-clear-lower-back"));
        String clinic = run.engine().ruleBase().vocabulary().clinic().name();
        for (Map.Entry<String, Path> handout : handouts.entrySet()) {
            look(handout.getKey(), handout.getValue());
            for (int width : new int[] {PHONE, DESKTOP}) {
                String what = handout.getKey() + " at " + width + " px";
                browser.open(handout.getValue(), width, width == PHONE ? 844 : 900, width == PHONE);
                // above the advice only the header: the clinic's name and the date, in small print
                JsonNode header = browser.evaluate("(() => { const h = document.querySelector('header.page-header');"
                        + " const r = h.getBoundingClientRect(); return {top: r.top, bottom: r.bottom, text: h.innerText,"
                        + " visible: r.height > 0 && getComputedStyle(h).visibility === 'visible'}; })()");
                assertTrue(header.path("visible").asBoolean() && header.path("top").asDouble() < 40, what + ": " + header);
                assertTrue(header.path("text").asText().contains(clinic), what + ": " + header);
                assertTrue(header.path("text").asText().contains("14 March 2026"), what + ": " + header);
                // the advice is next, in a box a reader cannot miss, and its words are on the first screen
                JsonNode advice = browser.evaluate("(() => { const box = document.querySelector('.advice');"
                        + " const r = box.getBoundingClientRect(); const s = getComputedStyle(box);"
                        + " const h1 = box.querySelector('h1').getBoundingClientRect();"
                        + " return {top: r.top, bottom: r.bottom, h1bottom: h1.bottom, border: parseFloat(s.borderTopWidth),"
                        + " heading: parseFloat(getComputedStyle(box.querySelector('h1')).fontSize),"
                        + " body: parseFloat(getComputedStyle(document.body).fontSize)}; })()");
                assertTrue(advice.path("top").asDouble() >= header.path("bottom").asDouble(), what + ": " + advice);
                assertTrue(advice.path("top").asDouble() < 140, what + ": advice starts at " + advice);
                assertTrue(advice.path("h1bottom").asDouble() < 400, what + ": the advice's words end at " + advice);
                assertTrue(advice.path("border").asDouble() >= 3, what + ": " + advice);
                assertTrue(advice.path("heading").asDouble() > advice.path("body").asDouble() * 1.3, what + ": " + advice);
                // the clinician's footer is small print, last
                JsonNode footer = browser.evaluate("(() => { const f = document.querySelector('footer.clinician');"
                        + " const last = document.querySelector('article.handout').lastElementChild;"
                        + " return {last: f === last, size: parseFloat(getComputedStyle(f).fontSize),"
                        + " body: parseFloat(getComputedStyle(document.body).fontSize)}; })()");
                assertTrue(footer.path("last").asBoolean(), what + ": " + footer);
                assertTrue(footer.path("size").asDouble() < footer.path("body").asDouble() * 0.85, what + ": " + footer);
                if (!handout.getKey().equals("handout-emergency")) {
                    // the safety net: a visible bulleted list per part, each headed by what to do
                    JsonNode net = browser.evaluate("[...document.querySelectorAll('.safety-net .net-part')].map(p => {"
                            + " const items = [...p.querySelectorAll('li')]; return {advice: p.querySelector('.net-advice').innerText,"
                            + " items: items.length, shown: items.filter(li => li.getBoundingClientRect().height > 0"
                            + " && getComputedStyle(li).display === 'list-item').length,"
                            + " bullet: getComputedStyle(p.querySelector('ul')).listStyleType}; })");
                    assertEquals(run.engine().ruleBase().vocabulary().safetyNetGroups().size(), net.size(), what + ": " + net);
                    assertTrue(net.get(0).path("advice").asText().startsWith("Call 999"), what + ": " + net);
                    for (JsonNode part : net) {
                        assertTrue(part.path("items").asInt() > 0 && part.path("shown").asInt() == part.path("items").asInt(),
                                what + ": " + part);
                        assertTrue(!part.path("bullet").asText().equals("none"), what + ": " + part);
                    }
                }
            }
        }
    }

    @Test
    void aRecordThatCouldNotBeAssessedShowsPlainly() throws Exception {
        Outcome rejected = run.rejected().get(0);
        Path page = Files.writeString(PAGES.resolve("not-assessed.html"), run.pages().rejectionPage(rejected.rejection()));
        look("not-assessed", page);
    }

    @Test
    void theHandoutsDocumentPrintsEachRecordOnAtMostTwoA4Pages() throws Exception {
        Path document = Files.writeString(PAGES.resolve("handouts.html"), run.document());
        look("handouts", document);
        browser.open(document, DESKTOP, 900, false);
        byte[] pdf = browser.printToPdf();
        Files.write(SCREENSHOTS.resolve("handouts.pdf"), pdf);
        Map<String, Integer> pages = pagesPerRecord(pdf);
        assertEquals(run.outcomes().size(), pages.size(), "every record starts a page: " + pages.keySet());
        pages.forEach((record, count) -> assertTrue(count <= 2, record + " prints on " + count + " pages"));

        // one handout printed on its own: the fullest fixture (every warning, six reasons) still fits two pages
        browser.open(handout("handout-urgent", "a-kitchen-sink-age-15"), DESKTOP, 900, false);
        byte[] single = browser.printToPdf();
        Files.write(SCREENSHOTS.resolve("handout-urgent.pdf"), single);
        try (PDDocument pdfDocument = Loader.loadPDF(single)) {
            assertTrue(pdfDocument.getNumberOfPages() <= 2, pdfDocument.getNumberOfPages() + " pages");
        }
    }

    @Test
    void theBatchReportIsOnePageThatNeedsNothingElse() throws Exception {
        Path report = Files.writeString(PAGES.resolve("report.html"), run.pages().report(run.report().view(run.summary(),
                run.engine().ruleBase().version(), run.engine().ruleBase().rules().size(), List.of("fixtures"), "test run")));
        look("report", report);
        assertTablesScrollInTheirBoxes("report", report);
        assertTrue(browser.evaluate("document.querySelectorAll('section.rejected-records tbody tr').length").asInt() > 0,
                "the rejected records are listed");
        // the rejected records are far down a long page: a picture of their list, at both widths
        for (int width : new int[] {PHONE, DESKTOP}) {
            browser.open(report, width, 900, width == PHONE);
            byte[] png = browser.screenshotOf("section.rejected-records");
            Files.write(SCREENSHOTS.resolve("report-rejected" + (width == PHONE ? "-phone" : "-desktop") + ".png"), png);
            assertNotBlank(png, "the rejected records at " + width + " px");
        }
    }

    /** Issue 19: the index of a folder of pages, with the report it links, as {@code --out DIR/} writes them. */
    @Test
    void theFolderIndexLinksThePagesAndTheReport() throws Exception {
        Path folder = PAGES.resolve("folder");
        if (Files.exists(folder)) {
            try (var old = Files.walk(folder)) {
                for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        var vocabulary = run.engine().ruleBase().vocabulary();
        HandoutFormat format = HandoutFormat.pagePerRecord(run.pages(), vocabulary, FixtureRun.CLOCK);
        try (HandoutFolder pages = HandoutFolder.create(folder, run.pages(), null)) {
            for (Outcome outcome : run.outcomes()) {
                pages.seen(new org.backtriage.batch.BatchEvaluator.Rendered(outcome, format.render(outcome)));
            }
            Files.writeString(folder.resolve(HandoutFolder.REPORT), run.pages().report(run.report().view(run.summary(),
                    run.engine().ruleBase().version(), run.engine().ruleBase().rules().size(), List.of("fixtures"), "test run")));
            pages.writeIndex(PageHeader.of(vocabulary.clinic(), FixtureRun.CLOCK), folder.resolve(HandoutFolder.REPORT));
            pages.publish(); // the pages and the index appear in the folder together
        }
        Path index = folder.resolve(HandoutFolder.INDEX);
        look("index", index);
        for (int width : new int[] {PHONE, DESKTOP}) {
            browser.open(index, width, 900, width == PHONE);
            JsonNode links = browser.evaluate("[...document.querySelectorAll('a')].map(a => a.getAttribute('href'))");
            assertEquals(run.outcomes().size() + 1, links.size(), "every page and the report: " + links);
            for (JsonNode href : links) {
                assertTrue(Files.exists(folder.resolve(href.asText())), "a link to a missing file: " + href);
            }
            assertTrue(browser.evaluate("document.querySelector('header.page-header').innerText").asText()
                    .contains(vocabulary.clinic().name()));
        }
        assertTablesScrollInTheirBoxes("index", index);
    }

    /**
     * On the phone ({@value #PHONE} px): every table is in a box that scrolls sideways on its own, and no box
     * is wider than the screen, so a wide table scrolls in its box and the page stays put.
     */
    private void assertTablesScrollInTheirBoxes(String what, Path page) {
        browser.open(page, PHONE, 844, true);
        JsonNode boxes = browser.evaluate("[...document.querySelectorAll('table')].map(t => { const box = t.parentElement;"
                + " const r = box.getBoundingClientRect(); return {wide: box.classList.contains('wide'),"
                + " overflow: getComputedStyle(box).overflowX, right: r.right, scrolls: box.scrollWidth > box.clientWidth}; })");
        assertTrue(boxes.size() > 0, what + " has tables");
        for (JsonNode box : boxes) {
            assertTrue(box.path("wide").asBoolean() && box.path("overflow").asText().equals("auto"), what + ": " + box);
            assertTrue(box.path("right").asDouble() <= PHONE, what + ": a table's box is wider than the phone: " + box);
        }
    }

    @Test
    void theRuleCatalogueOpens() throws Exception {
        Path catalogue = Files.writeString(PAGES.resolve("catalogue.html"), run.pages().catalogue(Catalogue.of(run.engine())));
        look("catalogue", catalogue);
        // the matrices are far down the page: a picture of each, at both widths
        for (int width : new int[] {PHONE, DESKTOP}) {
            browser.open(catalogue, width, 900, width == PHONE);
            for (String matrix : List.of("matrix-regions", "matrix-status")) {
                byte[] png = browser.screenshotOf("section:has(#" + matrix + ")");
                Files.write(SCREENSHOTS.resolve("catalogue-" + matrix + (width == PHONE ? "-phone" : "-desktop") + ".png"), png);
                assertNotBlank(png, matrix + " at " + width + " px");
            }
        }
    }

    @Test
    void impactsPageOpens() throws Exception {
        Assessment before = run.engine().assess(TestIntakes.allClear().id("<script>alert(1)</script>").build());
        Assessment after = run.engine().assess(TestIntakes.allClear().id("<script>alert(1)</script>")
                .redFlag("fever", "yes").build());
        AssessmentChange change = AssessmentChange.between("fixtures/x.ndjson:3", before, after).orElseThrow();
        ImpactReport report = new ImpactReport(ImpactReport.Format.HTML, Json.mapper());
        String html = report.header("rules@HEAD", "rules") + report.record(change)
                + report.footer(new ImpactTally.Summary(2, 1, 1, 1, 0, 0, Map.of("level raised", 1L)));
        look("impact", Files.writeString(PAGES.resolve("impact.html"), html));
    }

    /**
     * Opens {@code page} at phone and at desktop width and saves a screenshot of each: no console error,
     * no request beyond the page itself, not blank, and (on the phone) no sideways scrolling.
     */
    private void look(String name, Path page) throws IOException {
        for (int width : new int[] {PHONE, DESKTOP}) {
            boolean phone = width == PHONE;
            browser.open(page, width, phone ? 844 : 900, phone);
            String what = name + " at " + width + " px";
            assertEquals(List.of(), browser.problems(), what + ": console errors or failed loads");
            String self = page.toAbsolutePath().toUri().toString();
            List<String> others = browser.requests().stream().filter(url -> !url.equals(self)).toList();
            assertEquals(List.of(), others, what + " requested something besides itself");
            assertTrue(browser.evaluate("document.body.innerText.trim().length").asInt() > 100, what + " has no text");
            assertTrue(browser.evaluate("document.querySelectorAll('script').length").asInt() == 0, what + " has a script");
            JsonNode lowContrast = browser.evaluate(CONTRAST);
            assertEquals(0, lowContrast.size(), what + ": text below 4.5:1 contrast: " + lowContrast);
            int scrollWidth = browser.evaluate("document.documentElement.scrollWidth").asInt();
            assertTrue(scrollWidth <= width, what + " scrolls sideways: " + scrollWidth + " px wide");
            byte[] png = browser.screenshot(phone ? 6000 : 4000); // tall enough for a whole handout, footer included
            Files.write(SCREENSHOTS.resolve(name + (phone ? "-phone" : "-desktop") + ".png"), png);
            assertNotBlank(png, what);
        }
    }

    /**
     * Every element with text of its own whose colour has less than WCAG's 4.5:1 contrast against the first
     * background behind it (SVG text: its fill, on the white page). Measured by the test, not by the page.
     */
    private static final String CONTRAST = """
            (() => {
              const parse = c => { const m = /rgba?\\(([^)]+)\\)/.exec(c || ''); if (!m) return null;
                const p = m[1].split(',').map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
              const lum = c => { const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); };
                return 0.2126 * f(c.r) + 0.7152 * f(c.g) + 0.0722 * f(c.b); };
              const behind = el => { for (let e = el; e; e = e.parentElement) { const c = parse(getComputedStyle(e).backgroundColor);
                if (c && c.a > 0) return c; } return {r: 255, g: 255, b: 255, a: 1}; };
              const low = [];
              for (const el of document.querySelectorAll('body *')) {
                if (el.tagName === 'title' || el.tagName === 'TITLE') continue;
                if (![...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())) continue;
                const style = getComputedStyle(el);
                const fg = parse(el instanceof SVGElement ? style.fill : style.color);
                if (!fg) continue;
                const a = lum(fg), b = lum(behind(el));
                const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
                if (ratio < 4.5) low.push(el.tagName + ' ' + ratio.toFixed(2) + ': ' + el.textContent.trim().slice(0, 40));
              }
              return low;
            })()
            """;

    /** At least 2 % of the pixels differ from the page's background, and there are several colours. */
    private static void assertNotBlank(byte[] png, String what) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        int background = image.getRGB(0, image.getHeight() - 1);
        long inked = 0;
        java.util.Set<Integer> colours = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y += 2) {
            for (int x = 0; x < image.getWidth(); x += 2) {
                int rgb = image.getRGB(x, y);
                colours.add(rgb);
                if (rgb != background) {
                    inked++;
                }
            }
        }
        long sampled = (long) ((image.getWidth() + 1) / 2) * ((image.getHeight() + 1) / 2);
        assertTrue(inked * 50 > sampled, what + " looks blank: " + inked + " of " + sampled + " pixels inked");
        assertTrue(colours.size() > 10, what + " has " + colours.size() + " colours");
    }

    /** Pages taken by each record of the printed document: from the page where its first line is to the next record's. */
    private static Map<String, Integer> pagesPerRecord(byte[] pdf) throws IOException {
        // each record starts on a page of its own with its header ("Back care advice, 14 March 2026"), or as rejected
        Pattern start = Pattern.compile("(Back care advice), \\d+ \\w+ \\d{4}|This record could not be assessed");
        Map<String, Integer> firstPage = new LinkedHashMap<>();
        int total;
        try (PDDocument document = Loader.loadPDF(pdf)) {
            total = document.getNumberOfPages();
            PDFTextStripper text = new PDFTextStripper();
            for (int page = 1; page <= total; page++) {
                PDRectangle size = document.getPage(page - 1).getMediaBox();
                assertTrue(Math.abs(size.getWidth() - PDRectangle.A4.getWidth()) < 2
                        && Math.abs(size.getHeight() - PDRectangle.A4.getHeight()) < 2, "page " + page + " is not A4: " + size);
                text.setStartPage(page);
                text.setEndPage(page);
                Matcher matcher = start.matcher(text.getText(document));
                if (matcher.find()) {
                    String record = (matcher.group(1) != null ? "handout" : "rejected record") + " on page " + page;
                    firstPage.put(firstPage.size() + 1 + ". " + record, page);
                }
            }
        }
        Map<String, Integer> pages = new LinkedHashMap<>();
        List<Map.Entry<String, Integer>> starts = new ArrayList<>(firstPage.entrySet());
        for (int i = 0; i < starts.size(); i++) {
            int next = i + 1 < starts.size() ? starts.get(i + 1).getValue() : total + 1;
            pages.put(starts.get(i).getKey(), next - starts.get(i).getValue());
        }
        return pages;
    }
}
