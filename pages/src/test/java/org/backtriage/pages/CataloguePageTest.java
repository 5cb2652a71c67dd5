package org.backtriage.pages;

import org.backtriage.assessment.Assessment;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.RuleInfo;
import org.backtriage.engine.RuleVocabulary;
import org.backtriage.engine.TriageEngine;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The rule catalogue of the shipped rules, checked against the engine that runs them. */
@ExtendWith(FixtureRun.Resolver.class)
class CataloguePageTest {
    private final TriageEngine engine;
    private final Document page;

    CataloguePageTest(FixtureRun run) {
        this.engine = run.engine();
        this.page = Jsoup.parse(run.pages().catalogue(Catalogue.of(engine)));
    }

    @Test
    void everyRuleIsListedUnderItsFileWithNameIdSourceAndConditions() {
        List<RuleInfo> rules = engine.rules();
        assertEquals(rules.size(), page.select("article.rule").size());
        for (RuleInfo rule : rules) {
            Element article = page.selectFirst("article.rule[data-rule-id=" + rule.id() + "]");
            assertTrue(article != null, rule.id() + " is missing");
            assertEquals(rule.name(), article.selectFirst("h4").text());
            Map<String, String> facts = facts(article);
            assertEquals(rule.id(), facts.get("id"));
            assertEquals(rule.source(), facts.get("source"));
            String file = article.closest("section.rule-file").selectFirst("h3").text();
            assertTrue(rule.file().endsWith(file), rule.id() + " listed under " + file + ", is in " + rule.file());
            assertFalse(facts.get("then").isBlank(), rule.id());
            assertFalse(facts.get("when").isBlank(), rule.id());
        }
        assertTrue(page.selectFirst(".ruleset-version").text().equals(engine.ruleBase().version()));
        assertTrue(page.title().contains(engine.ruleBase().version()));
    }

    @Test
    void conditionsAreTheRuleFilesOwnWords() {
        // each condition's text is cut from its file, so it is found there as written (once indentation is ignored)
        for (Element article : page.select("article.rule")) {
            String id = article.attr("data-rule-id");
            RuleInfo rule = engine.ruleBase().rulesById().get(id);
            String file = squeeze(engine.ruleBase().files().files().get(rule.file()));
            for (Element condition : article.select("pre.condition")) {
                assertTrue(file.contains(squeeze(condition.wholeText())), id + ": " + condition.wholeText());
            }
        }
        Element toeReach = page.selectFirst("article.rule[data-rule-id=toe-reach-for-lower-back]");
        assertEquals(List.of("exists ExerciseAdviceApplies()", "exists Soreness( region == \"lower_back\" )"),
                toeReach.select("pre.condition").eachText());
        Element thresholds = page.selectFirst("article.rule[data-rule-id=clinic-thresholds]");
        assertEquals("always (no conditions)", facts(thresholds).get("when"));
    }

    @Test
    void thresholdsAndTheVocabularysTextsAreShown() {
        Element section = page.selectFirst("section:has(#thresholds)");
        Map<String, String> shown = new TreeMap<>();
        section.select("tbody tr").forEach(tr -> shown.put(tr.child(0).text(), tr.child(1).text()));
        assertEquals(new TreeMap<>(engine.ruleBase().thresholds().values()), shown);
        assertFalse(shown.isEmpty());

        RuleVocabulary vocabulary = engine.ruleBase().vocabulary();
        String text = page.selectFirst("section:has(#vocabulary)").text();
        vocabulary.levels().values().forEach(words -> assertTrue(text.contains(words), words));
        // the safety net as on every page: what to do over a list of the signs, part by part (issue 19)
        org.jsoup.select.Elements parts = page.select("section:has(#vocabulary) .safety-net .net-part");
        assertEquals(vocabulary.safetyNetGroups().size(), parts.size());
        for (int i = 0; i < parts.size(); i++) {
            assertEquals(vocabulary.safetyNetGroups().get(i).advice() + ":", parts.get(i).selectFirst(".net-advice").text());
            assertEquals(vocabulary.safetyNetGroups().get(i).signs(), parts.get(i).select("ul > li").eachText());
        }
        vocabulary.exercises().values().forEach(e -> {
            assertTrue(text.contains(e.name()) && text.contains(e.dosage()) && text.contains(e.instructions()), e.name());
            assertFalse(e.dosage().contains("{"), "thresholds are filled in: " + e.dosage());
        });
        vocabulary.redFlagQuestions().values().forEach(q -> assertTrue(text.contains(q), q));
        vocabulary.warnings().forEach(code -> assertTrue(text.contains(code), code));
        vocabulary.reasons().forEach(code -> assertTrue(text.contains(code), code));
    }

    /** Issue 19: on a phone a wide table scrolls inside its own box, never the whole page. */
    @Test
    void everyTableIsInABoxThatScrollsSideways() {
        assertFalse(page.select("table").isEmpty());
        page.select("table").forEach(table -> assertTrue(table.parent().hasClass("wide"), table.selectFirst("tr").text()));
        assertTrue(page.selectFirst("style").data().contains(".wide { overflow-x: auto;"));
    }

    @Test
    void theMatricesMatchTheEngineOnTheProbeIntakes() {
        check("matrix-regions", Catalogue.regionProbes(), false);
        check("matrix-status", Catalogue.statusProbes(), true);
    }

    private void check(String matrix, List<Catalogue.Probe> probes, boolean level) {
        Element table = page.selectFirst("table[data-matrix=" + matrix + "]");
        List<String> columns = table.select("thead th[data-exercise]").eachAttr("data-exercise");
        assertEquals(List.copyOf(engine.ruleBase().vocabulary().exercises().keySet()), columns);
        assertEquals(probes.size(), table.select("tbody tr").size());
        for (Catalogue.Probe probe : probes) {
            Assessment assessment = engine.assess(probe.intake());
            Element row = table.selectFirst("tbody tr[data-probe=" + probe.intake().id() + "]");
            assertEquals(probe.label(), row.selectFirst("th").text());
            if (level) {
                assertEquals(assessment.referral().level(), row.selectFirst("td.level").text(), probe.label());
            }
            Map<String, String> expected = new LinkedHashMap<>();
            columns.forEach(id -> expected.put(id, Catalogue.Matrix.NOT_LISTED));
            assessment.exercises().forEach(e -> expected.put(e.id(), e.status()));
            Map<String, String> shown = new LinkedHashMap<>();
            row.select("td[data-exercise]").forEach(td -> {
                shown.put(td.attr("data-exercise"), td.attr("data-status"));
                assertEquals(td.attr("data-status").replace('_', ' '), td.text(), "the cell says its status in words");
            });
            assertEquals(expected, shown, probe.label());
        }
    }

    @Test
    void theMatricesShowWhatTheDesignAsksOfTheShippedRules() {
        // design.md's region table and clinical-notes.md's statuses, read off the page
        assertEquals(Catalogue.Matrix.NOT_LISTED, cell("matrix-regions", "probe-region-mid_back", "toe-reach"));
        assertEquals("recommended", cell("matrix-regions", "probe-region-lower_back", "toe-reach"));
        assertEquals(Catalogue.Matrix.NOT_LISTED, cell("matrix-regions", "probe-region-lower_back", "side-bend-overhead"));
        for (String exercise : engine.ruleBase().vocabulary().exercises().keySet()) {
            assertEquals(Catalogue.Matrix.NOT_LISTED, cell("matrix-regions", "probe-region-neck", exercise), exercise);
            assertEquals("avoid", cell("matrix-status", "probe-red-flag-saddleNumbness", exercise), exercise);
            assertEquals("needs_clearance", cell("matrix-status", "probe-red-flag-fever", exercise), exercise);
            assertEquals("recommended", cell("matrix-status", "probe-baseline", exercise), exercise);
        }
        assertEquals("avoid", cell("matrix-status", "probe-condition-osteoporosis", "toe-reach"));
        assertEquals("needs_clearance", cell("matrix-status", "probe-condition-osteoporosis", "posture-correction"));
        assertEquals("emergency", page.selectFirst("tr[data-probe=probe-red-flag-significantTrauma] td.level").text());
    }

    private String cell(String matrix, String probe, String exercise) {
        return page.selectFirst("table[data-matrix=" + matrix + "] tr[data-probe=" + probe + "] td[data-exercise=" + exercise + "]")
                .attr("data-status");
    }

    @Test
    void whatComesFromARuleFileIsEscaped() {
        RuleFiles shipped = RuleFiles.fromFolder(Path.of("core/src/test/frozen-rules"));
        TreeMap<String, String> files = new TreeMap<>(shipped.files());
        String drl = files.get("exercise-suitability.drl");
        String hostile = drl.replace("rule \"Toe reach eases a sore lower back\"", "rule \"<script>alert(1)</script>\"")
                .replace("@source(\"Basic Stretching\")\nwhen\n    exists ExerciseAdviceApplies()\n    exists Soreness( region == \"lower_back\" )",
                        "@source(\"<img src=x onerror=alert(2)>\")\nwhen\n    exists ExerciseAdviceApplies()\n    exists Soreness( region == \"lower_back\" )");
        assertFalse(hostile.equals(drl));
        files.put("exercise-suitability.drl", hostile);
        String yaml = files.get("vocabulary.yaml").replace("name: Toe reach", "name: \"<b>Toe</b> reach\"");
        files.put("vocabulary.yaml", yaml);
        TriageEngine hostileEngine = TriageEngine.from(new RuleFiles("hostile", files));
        String html = new Pages().catalogue(Catalogue.of(hostileEngine));
        Document escaped = Jsoup.parse(html);
        assertTrue(escaped.select("script, img, b").isEmpty(), "markup from rule files stays text");
        assertTrue(escaped.text().contains("<script>alert(1)</script>"));
        assertTrue(escaped.text().contains("<img src=x onerror=alert(2)>"));
        assertTrue(escaped.text().contains("<b>Toe</b> reach"));
    }

    private static Map<String, String> facts(Element article) {
        Map<String, String> facts = new LinkedHashMap<>();
        Element list = article.selectFirst("dl");
        for (Element term : list.select("dt")) {
            facts.put(term.text(), term.nextElementSibling().text());
        }
        return facts;
    }

    private static String squeeze(String text) {
        return text.replaceAll("\\s+", " ").trim();
    }
}
