package org.backtriage.pages;

import org.backtriage.Engines;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.Json;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.RecordSink;
import org.backtriage.batch.Summary;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.FieldError;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, the hostile-input row: {@code evaluate --report} over a batch whose every record carries a new
 * unknown field. The report used to keep and chart every field name, so memory grew with the batch until
 * it ran out (2M records at -Xmx160m) and the page was 32 MB at 100,000 records. The records go through the
 * real batch (reader, validator, report), as {@code evaluate --report} runs them.
 */
class ManyUnknownFieldsReportTest {
    static final int RECORDS = 50_000;
    /** At the end, records that only lack their age: a contract field still charted by name after all the others. */
    static final int MISSING_AGE = 7;

    @TempDir
    Path dir;

    @Test
    void aNewUnknownFieldInEveryRecordKeepsTheReportBoundedAndSaysMoreWereSeen() throws Exception {
        Path input = dir.resolve("unknown-fields.ndjson");
        try (BufferedWriter out = Files.newBufferedWriter(input, StandardCharsets.UTF_8)) {
            for (int i = 0; i < RECORDS; i++) {
                out.write("{\"id\":\"p-" + i + "\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3,\"extra_" + i + "\":1}\n");
            }
            for (int i = 0; i < MISSING_AGE; i++) {
                out.write("{\"id\":\"no-age-" + i + "\",\"regions\":[\"lower_back\"],\"painScore\":3}\n");
            }
        }
        TriageEngine engine = Engines.frozen();
        BatchReport report = new BatchReport(BatchReportPageTest.exerciseNames(engine));
        Summary summary = new BatchEvaluator(engine, Json.mapper(), new BatchEvaluator.Options(2, OutputFormat.NDJSON, false))
                .run(Input.expand(List.of(input.toString()), null), InputStream.nullInputStream(),
                        RecordSink.of(Writer.nullWriter()), BatchEvaluator.Progress.NONE, report::seen);
        assertEquals(RECORDS + MISSING_AGE, summary.rejected());

        BatchReport.View view = report.view(summary, engine.ruleBase().version(), engine.ruleBase().rules().size(),
                List.of(input.toString()), "2026-12-04T12:00Z");
        String html = new Pages().report(view);
        Document page = Jsoup.parse(html);

        // the chart names the first unknown fields up to the cap, the contract's own field, and the rest together
        Map<String, Long> byField = table(page, "rejected");
        int unknownCharted = BatchReport.FIELDS_CHARTED;
        assertEquals(unknownCharted + 2, byField.size(), byField.keySet().toString());
        for (int i = 0; i < unknownCharted; i++) {
            assertEquals(1L, byField.get("extra_" + i), "extra_" + i);
        }
        assertEquals(MISSING_AGE, byField.get("age"), "a contract field is charted by name whatever came before it");
        long others = RECORDS - unknownCharted;
        assertEquals(others, byField.get(BatchReport.OTHER_FIELDS));
        assertEquals(summary.rejected(), byField.values().stream().mapToLong(Long::longValue).sum(),
                "every rejected record is counted once: each is wrong in exactly one field");
        assertEquals(new BatchReport.OtherFields(true, BatchReport.FIELDS_CHARTED, others, others), view.otherFields());

        // the page says so in words, and stays small
        assertTrue(page.text().contains("More different unknown fields were found than the report lists: over "
                + BatchReport.FIELDS_CHARTED + "."), page.text());
        assertTrue(page.text().contains("the " + others + " rejected records with any other unknown field are counted together"),
                page.text());
        assertEquals(BatchReport.ROWS_PER_LEVEL, page.select("section.rejected-records tbody tr").size());
        assertTrue(page.text().contains((summary.rejected() - BatchReport.ROWS_PER_LEVEL) + " more rejected records are not listed here"));
        int bytes = html.getBytes(StandardCharsets.UTF_8).length;
        assertTrue(bytes < 1_000_000, "the report page is " + bytes + " bytes");
    }

    @Test
    void aBatchWithFewUnknownFieldsChartsEveryOneAndSaysNothingMore() {
        BatchReport report = new BatchReport(Map.of());
        for (int i = 0; i < BatchReport.FIELDS_CHARTED; i++) {
            report.seen(new BatchEvaluator.Rendered(Outcome.rejected("in:" + (i + 1), "r-" + i,
                    List.of(new FieldError("extra_" + i, "unknown field"))), null));
        }
        Summary summary = new Summary(BatchReport.FIELDS_CHARTED, 0, BatchReport.FIELDS_CHARTED, 0, Map.of(), Map.of(), 1, 1, false);
        BatchReport.View view = report.view(summary, "v", 1, List.of("in"), "now");
        Document page = Jsoup.parse(new Pages().report(view));
        assertEquals(BatchReport.FIELDS_CHARTED, table(page, "rejected").size());
        assertEquals(new BatchReport.OtherFields(false, BatchReport.FIELDS_CHARTED, 0, 0), view.otherFields());
        assertFalse(page.text().contains("More different unknown fields"), page.text());
    }

    /** A chart's table as label -> count. */
    private static Map<String, Long> table(Document page, String chart) {
        Element figure = page.selectFirst("figure:has(#chart-" + chart + "-title)");
        assertTrue(figure != null, "no chart " + chart);
        Map<String, Long> rows = new LinkedHashMap<>();
        for (Element row : figure.select("tbody tr")) {
            rows.put(row.selectFirst("th").text(), Long.parseLong(row.selectFirst("td").text()));
        }
        return rows;
    }
}
