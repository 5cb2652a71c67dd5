package org.backtriage.pages;

import org.backtriage.assessment.Assessment;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.Summary;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.FieldError;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The batch report of the shipped fixtures: its charts' tables, its referral list, and that it needs nothing else. */
@ExtendWith(FixtureRun.Resolver.class)
class BatchReportPageTest {
    private final FixtureRun run;
    private final Document page;

    BatchReportPageTest(FixtureRun run) {
        this.run = run;
        this.page = Jsoup.parse(run.pages().report(run.report().view(run.summary(), run.engine().ruleBase().version(),
                run.engine().ruleBase().rules().size(), List.of("fixtures"), "2026-11-26T12:00Z")));
    }

    static Map<String, String> exerciseNames(TriageEngine engine) {
        Map<String, String> names = new LinkedHashMap<>();
        engine.ruleBase().vocabulary().exercises().forEach((id, e) -> names.put(id, e.name()));
        return names;
    }

    /** A chart's table as label -> cells. */
    private Map<String, List<String>> table(String chart) {
        Element figure = page.selectFirst("figure:has(#chart-" + chart + "-title)");
        assertTrue(figure != null, "no chart " + chart);
        assertEquals(1, figure.select("svg").size(), chart + " has its SVG");
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (Element row : figure.select("tbody tr")) {
            rows.put(row.selectFirst("th").text(), row.select("td").eachText());
        }
        return rows;
    }

    @Test
    void eachChartsTableHoldsTheCountsOfTheRecords() {
        Map<String, Long> levels = new HashMap<>();
        Map<String, Long> warnings = new HashMap<>();
        Map<String, Long> exercises = new HashMap<>();
        Map<String, Long> fields = new HashMap<>();
        for (Outcome o : run.outcomes()) {
            if (o.isAssessed()) {
                levels.merge(o.assessment().referral().level(), 1L, Long::sum);
                o.assessment().warnings().forEach(w -> warnings.merge(w.code(), 1L, Long::sum));
                o.assessment().exercises().forEach(e -> exercises.merge(e.name() + "|" + e.status(), 1L, Long::sum));
            } else {
                new LinkedHashSet<>(o.rejection().errors().stream().map(FieldError::field).toList())
                        .forEach(f -> fields.merge(f, 1L, Long::sum));
            }
        }
        table("levels").forEach((level, cells) ->
                assertEquals(String.valueOf(levels.getOrDefault(level, 0L)), cells.get(0), level));
        assertEquals(List.of("none", "routine", "urgent", "emergency"), List.copyOf(table("levels").keySet()));
        assertEquals(warnings.keySet(), table("warnings").keySet());
        table("warnings").forEach((code, cells) -> assertEquals(String.valueOf(warnings.get(code)), cells.get(0), code));
        assertEquals(fields.keySet(), table("rejected").keySet());
        table("rejected").forEach((field, cells) -> assertEquals(String.valueOf(fields.get(field)), cells.get(0), field));
        Map<String, List<String>> byExercise = table("exercises");
        assertEquals(run.engine().ruleBase().vocabulary().exercises().size(), byExercise.size());
        byExercise.forEach((name, cells) -> {
            List<String> statuses = List.of("recommended", "needs_clearance", "avoid");
            long total = 0;
            for (int i = 0; i < statuses.size(); i++) {
                long expected = exercises.getOrDefault(name + "|" + statuses.get(i), 0L);
                assertEquals(String.valueOf(expected), cells.get(i), name + " " + statuses.get(i));
                total += expected;
            }
            assertEquals(String.valueOf(total), cells.get(3), name);
        });
        assertEquals(4, page.select("svg").size());
        assertTrue(page.select("svg rect").size() > 10, "the charts draw bars");
    }

    @Test
    void everyEmergencyAndUrgentRecordIsListedWithLocationAndReasons() {
        for (Outcome o : run.assessed()) {
            Assessment a = o.assessment();
            String level = a.referral().level();
            Element row = page.select("h3.level-" + level + " + div table tbody tr").stream()
                    .filter(tr -> tr.child(0).text().equals(a.intakeId())).findFirst().orElse(null);
            if (!level.equals("emergency") && !level.equals("urgent")) {
                assertTrue(page.select("td").eachText().stream().noneMatch(t -> t.equals(a.intakeId())), a.intakeId());
                continue;
            }
            assertTrue(row != null, a.intakeId() + " is not listed under " + level);
            assertEquals(o.location(), row.child(1).text());
            List<String> reasons = row.select("li").eachText();
            assertEquals(a.referral().reasons().size(), reasons.size(), a.intakeId());
            a.referral().reasons().forEach(r -> assertTrue(reasons.contains(r.code() + " (" + r.level() + "): " + r.message()), r.code()));
        }
    }

    /** Issue 19: the rejected records themselves, not only their count by field. */
    @Test
    void everyRejectedRecordIsListedWithItsIdLocationAndEachError() {
        Element section = page.selectFirst("section.rejected-records");
        assertTrue(section.selectFirst("h2").text().endsWith(": " + run.summary().rejected()), section.selectFirst("h2").text());
        List<Element> rows = section.select("tbody tr");
        assertFalse(run.rejected().isEmpty());
        assertEquals(run.rejected().size(), rows.size());
        for (int i = 0; i < rows.size(); i++) {
            Outcome.Rejection rejection = run.rejected().get(i).rejection();
            Element row = rows.get(i);
            assertEquals(rejection.intakeId() == null ? "(no id)" : rejection.intakeId(), row.child(0).text());
            assertEquals(rejection.location(), row.child(1).text());
            assertEquals(rejection.errors().stream().map(e -> e.field() + ": " + e.message()).toList(), row.select("li").eachText());
        }
    }

    /** Issue 19: on a phone a wide table scrolls inside its own box, never the whole page. */
    @Test
    void everyTableIsInABoxThatScrollsSideways() {
        assertTrue(page.select("table").size() > 4);
        page.select("table").forEach(table -> assertTrue(table.parent().hasClass("wide"), table.selectFirst("tr").text()));
        assertTrue(page.selectFirst("style").data().contains(".wide { overflow-x: auto;"));
    }

    @Test
    void theReportIsSelfContainedAndReadsWithoutScripts() {
        assertEquals("en", page.selectFirst("html").attr("lang"));
        assertTrue(page.select("script, link, img, iframe, object, embed, [src], [href^=http]").isEmpty(), "nothing to fetch");
        assertFalse(page.html().contains("http://") || page.html().contains("https://"), "no address anywhere");
        assertTrue(page.text().contains(run.engine().ruleBase().version()));
        assertEquals("Batch report", page.selectFirst("h1").text());
    }

    @Test
    void aLongListStopsAtItsCapAndSaysHowManyMoreThereWere() {
        BatchReport report = new BatchReport(Map.of());
        int emergencies = BatchReport.ROWS_PER_LEVEL + 37;
        for (int i = 0; i < emergencies; i++) {
            Assessment a = new Assessment("e-" + i, new Assessment.Referral("emergency", "Call 999 or go to A&E now.",
                    List.of(new Assessment.Reason("CHEST_PAIN", "emergency", "chest pain", "r", "s"))),
                    List.of(), List.of(), List.of(), new Assessment.Ruleset("v", 1));
            report.seen(new BatchEvaluator.Rendered(Outcome.assessed("in:" + (i + 1), a), null));
        }
        int rejected = BatchReport.ROWS_PER_LEVEL + 3;
        for (int i = 0; i < rejected; i++) {
            report.seen(new BatchEvaluator.Rendered(Outcome.rejected("bad:" + (i + 1), "r-" + i,
                    List.of(new FieldError("age", "must be a number"))), null));
        }
        Summary summary = new Summary(emergencies + rejected, emergencies, rejected, 0, Map.of("emergency", (long) emergencies),
                Map.of(), 1, 1, false);
        Document capped = Jsoup.parse(run.pages().report(report.view(summary, "v", 1, List.of("in"), "now")));
        assertEquals(BatchReport.ROWS_PER_LEVEL, capped.select("h3.level-emergency + div tbody tr").size());
        assertTrue(capped.text().contains("37 more emergency records are not listed here"), capped.text());
        assertEquals(BatchReport.ROWS_PER_LEVEL, capped.select("section.rejected-records tbody tr").size());
        assertTrue(capped.text().contains("3 more rejected records are not listed here"), capped.text());
        assertTrue(capped.selectFirst("h3.level-emergency").text().contains(emergencies + " records"));
    }

    @Test
    void anIntakeIdInTheReportIsEscaped() {
        BatchReport report = new BatchReport(Map.of());
        String hostile = "<script>alert(1)</script>";
        Assessment a = new Assessment(hostile, new Assessment.Referral("urgent", "x",
                List.of(new Assessment.Reason("FEVER", "urgent", "<b>hot</b>", "r", "s"))),
                List.of(), List.of(new Assessment.Warning("<i>W</i>", "m", "r", "s")), List.of(), new Assessment.Ruleset("v", 1));
        report.seen(new BatchEvaluator.Rendered(Outcome.assessed("<u>loc</u>", a), null));
        report.seen(new BatchEvaluator.Rendered(Outcome.rejected("l", null, List.of(new FieldError("<em>f</em>", "m"))), null));
        String html = run.pages().report(report.view(new Summary(2, 1, 1, 0, Map.of(), Map.of(), 1, 1, false), "v", 1,
                List.of("<s>input</s>"), "now"));
        Document escaped = Jsoup.parse(html);
        assertTrue(escaped.select("script, b, i, u, em, s").isEmpty(), html);
        assertTrue(escaped.text().contains(hostile));
    }
}
