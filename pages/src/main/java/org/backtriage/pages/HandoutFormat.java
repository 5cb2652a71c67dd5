package org.backtriage.pages;

import org.backtriage.batch.Outcome;
import org.backtriage.batch.RecordFormat;
import org.backtriage.engine.RuleVocabulary;

import java.time.Clock;
import java.time.LocalDate;

/**
 * Batch outcomes as patient handouts: either one document with a page break between records, or (for
 * one file per record) each outcome as a page of its own. A record that could not be assessed is shown
 * plainly as such, with what is wrong with it. Rendering runs on the batch's worker threads. Each handout
 * is dated with the clock's today when it is rendered (the clinic's local date: the clock's zone).
 */
public final class HandoutFormat implements RecordFormat {
    private final Pages pages;
    private final RuleVocabulary vocabulary;
    private final Clock clock;
    private final boolean pagePerRecord;

    private HandoutFormat(Pages pages, RuleVocabulary vocabulary, Clock clock, boolean pagePerRecord) {
        this.pages = pages;
        this.vocabulary = vocabulary;
        this.clock = clock;
        this.pagePerRecord = pagePerRecord;
    }

    /** Every record in one HTML document, one printed page (or two) each. */
    public static HandoutFormat document(Pages pages, RuleVocabulary vocabulary, Clock clock) {
        return new HandoutFormat(pages, vocabulary, clock, false);
    }

    /** Each record's rendering is a complete page (for {@link HandoutFolder}). */
    public static HandoutFormat pagePerRecord(Pages pages, RuleVocabulary vocabulary, Clock clock) {
        return new HandoutFormat(pages, vocabulary, clock, true);
    }

    @Override
    public String header() {
        return pagePerRecord ? "" : pages.handoutsHeader();
    }

    @Override
    public String firstPrefix() {
        return "";
    }

    @Override
    public String separator() {
        return pagePerRecord ? "" : "\n";
    }

    @Override
    public String footer(boolean any) {
        return pagePerRecord ? "" : pages.handoutsFooter();
    }

    @Override
    public String render(Outcome outcome) {
        if (!outcome.isAssessed()) {
            return pagePerRecord ? pages.rejectionPage(outcome.rejection()) : pages.rejectionArticle(outcome.rejection());
        }
        Handout handout = Handout.of(outcome.assessment(), vocabulary, LocalDate.now(clock));
        return pagePerRecord ? pages.handoutPage(handout) : pages.handoutArticle(handout);
    }
}
