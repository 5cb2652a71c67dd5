package org.backtriage.pages;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import org.backtriage.batch.Outcome;

import java.util.List;
import java.util.Map;

/**
 * Renders backtriage's HTML pages from the jte templates in {@code src/main/jte}. The templates are turned
 * into Java classes at build time (jte-maven-plugin), so nothing is compiled at run time; every value from
 * an intake or a rule file is written through jte's HTML escaping, never concatenated into markup.
 * Thread-safe: one instance serves every worker.
 */
public final class Pages {
    /** Where the build puts the template classes (the jte-maven-plugin's packageName in pom.xml). */
    static final String TEMPLATE_PACKAGE = "org.backtriage.pages.jte";

    private final TemplateEngine templates =
            TemplateEngine.createPrecompiled(null, ContentType.Html, Pages.class.getClassLoader(), TEMPLATE_PACKAGE);

    /** A patient handout as a page of its own. */
    public String handoutPage(Handout handout) {
        return render("handout-page.jte", Map.of("handout", handout), 12 * 1024);
    }

    /** A record that could not be assessed, as a page of its own. */
    public String rejectionPage(Outcome.Rejection rejection) {
        return render("rejection-page.jte", Map.of("rejection", rejection), 2 * 1024);
    }

    /** The start of a document holding many handouts, one per printed page. */
    public String handoutsHeader() {
        return render("handouts-header.jte", Map.of(), 8 * 1024);
    }

    /** One handout inside a document of many. */
    public String handoutArticle(Handout handout) {
        return render("handout.jte", Map.of("handout", handout), 8 * 1024);
    }

    /** One rejected record inside a document of many. */
    public String rejectionArticle(Outcome.Rejection rejection) {
        return render("rejection.jte", Map.of("rejection", rejection), 2 * 1024);
    }

    /** The end of a document of many handouts. */
    public String handoutsFooter() {
        return render("handouts-footer.jte", Map.of(), 64);
    }

    /** The start of a folder's index page, up to its table's header row (see {@link IndexPage}). */
    public String indexHeader(IndexPage index) {
        return render("index-header.jte", Map.of("index", index), 4 * 1024);
    }

    /** One record's line in a folder's index page. */
    public String indexRow(IndexPage.Row row) {
        return render("index-row.jte", Map.of("row", row), 512);
    }

    /** The end of a folder's index page. */
    public String indexFooter() {
        return render("index-footer.jte", Map.of(), 128);
    }

    /** The batch report (one self-contained page). */
    public String report(BatchReport.View report) {
        return render("report.jte", Map.of("report", report), 64 * 1024);
    }

    /** The rule catalogue (one self-contained page). */
    public String catalogue(Catalogue catalogue) {
        return render("catalogue.jte", Map.of("catalogue", catalogue), 128 * 1024);
    }

    /** The start of impact's page, up to its table's header row. */
    public String impactHeader(String before, String after) {
        return render("impact-header.jte", Map.of("before", before, "after", after), 4 * 1024);
    }

    /** One changed record: a row of impact's table. */
    public String impactRow(ImpactRow row) {
        return render("impact-row.jte", Map.of("row", row), 1024);
    }

    /** The end of impact's page: the table closed and the summary line. */
    public String impactFooter(String summary) {
        return render("impact-footer.jte", Map.of("summary", summary), 1024);
    }

    /**
     * One changed record as impact shows it.
     *
     * @param level   {@code raised}, {@code lowered} or {@code same} (a lowered level is marked for reading first)
     * @param details one line per kind of change
     */
    public record ImpactRow(String intakeId, String location, String level, String levelLine, List<String> details) {
        public ImpactRow {
            details = List.copyOf(details);
        }
    }

    private String render(String template, Map<String, Object> params, int capacity) {
        StringOutput out = new StringOutput(capacity);
        templates.render(template, params, out);
        return out.toString();
    }
}
