package org.backtriage.pages;

import org.backtriage.TestIntakes;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.Outcome;
import org.backtriage.engine.RuleVocabulary;
import org.backtriage.intake.FieldError;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The patient handout of every shipped fixture, read as a DOM and checked against its assessment. */
@ExtendWith(FixtureRun.Resolver.class)
class HandoutPageTest {
    private final FixtureRun run;
    private final RuleVocabulary vocabulary;

    HandoutPageTest(FixtureRun run) {
        this.run = run;
        this.vocabulary = run.engine().ruleBase().vocabulary();
    }

    private Document page(Assessment assessment) {
        return Jsoup.parse(run.pages().handoutPage(Handout.of(assessment, vocabulary)));
    }

    @Test
    void theFixturesCoverEveryLevelAndStatus() {
        List<String> levels = run.assessed().stream().map(o -> o.assessment().referral().level()).distinct().toList();
        assertTrue(levels.containsAll(List.of("none", "routine", "urgent", "emergency")), levels.toString());
        List<String> statuses = run.assessed().stream().flatMap(o -> o.assessment().exercises().stream())
                .map(Assessment.Exercise::status).distinct().toList();
        assertTrue(statuses.containsAll(List.of("recommended", "needs_clearance", "avoid")), statuses.toString());
        assertFalse(run.rejected().isEmpty());
    }

    @Test
    void theAdviceComesFirstAndMatchesTheLevel() {
        for (Outcome outcome : run.assessed()) {
            Assessment a = outcome.assessment();
            Document page = page(a);
            String level = a.referral().level();
            assertEquals("en", page.selectFirst("html").attr("lang"));
            Element firstHeading = page.body().selectFirst("h1, h2, h3, h4, h5, h6");
            assertEquals("h1", firstHeading.tagName(), a.intakeId());
            assertEquals(vocabulary.advice(level), firstHeading.text(), a.intakeId());
            assertFalse(firstHeading.text().isBlank(), a.intakeId());
            Element advice = firstHeading.parent();
            assertTrue(advice.hasClass("advice") && advice.hasClass("level-" + level), a.intakeId() + ": " + advice.className());
            assertTrue(advice.text().contains("Referral: " + level), a.intakeId());
            // nothing but the record line comes before the advice
            Element article = page.selectFirst("article.handout");
            assertEquals(advice, article.child(1), a.intakeId());
            assertTrue(article.child(0).hasClass("record") && article.child(0).text().contains(a.intakeId()));
            for (Assessment.Reason reason : a.referral().reasons()) {
                assertTrue(advice.select("li").eachText().contains(reason.message()), a.intakeId() + ": " + reason.code());
            }
        }
    }

    @Test
    void anEmergencyPageIsTheAdviceAndTheReasonsWithNoExerciseSteps() {
        List<Outcome> emergencies = run.assessed().stream()
                .filter(o -> o.assessment().referral().level().equals("emergency")).toList();
        assertFalse(emergencies.isEmpty());
        for (Outcome outcome : emergencies) {
            Assessment a = outcome.assessment();
            Document page = page(a);
            String text = page.text();
            assertTrue(page.select(".exercise, .not-now, .warnings, .safety-net").isEmpty(), a.intakeId());
            assertFalse(text.contains("How:") || text.contains("How much:"), a.intakeId());
            for (RuleVocabulary.ExerciseEntry exercise : vocabulary.exercises().values()) {
                assertFalse(text.contains(exercise.instructions()), a.intakeId() + " shows steps: " + exercise.name());
                assertFalse(text.contains(exercise.dosage()), a.intakeId() + " shows a dose: " + exercise.name());
            }
            List<String> sections = page.select("article.handout > section").eachAttr("class");
            assertEquals(List.of("advice level-emergency", "why"), sections, a.intakeId());
            a.referral().reasons().forEach(r -> assertTrue(text.contains(r.message()), r.code()));
        }
    }

    @Test
    void everyExerciseWarningAndReasonIsOnTheCalmerPagesInTheHandoutsOrder() {
        for (Outcome outcome : run.assessed()) {
            Assessment a = outcome.assessment();
            if (a.referral().level().equals("emergency")) {
                continue;
            }
            Document page = page(a);
            for (Assessment.Exercise exercise : a.exercises()) {
                Element block = blockOf(page, exercise);
                switch (exercise.status()) {
                    case "recommended" -> {
                        assertTrue(block.text().contains(exercise.dosage()), a.intakeId() + " " + exercise.id());
                        assertTrue(block.text().contains(exercise.instructions()), a.intakeId() + " " + exercise.id());
                    }
                    case "needs_clearance" -> {
                        // steps are shown unless the restriction withholds them (an urgent referral)
                        if (exercise.instructions() != null) {
                            assertTrue(block.text().contains(exercise.instructions()), a.intakeId() + " " + exercise.id());
                        }
                        // the reason stands in front of the exercises it holds back, in the same section
                        Element section = block.closest("section");
                        assertTrue(section.select("p.ask").eachText().stream().anyMatch(t -> t.contains(exercise.reason())),
                                a.intakeId() + " " + exercise.id());
                    }
                    case "avoid" -> {
                        assertTrue(block.text().contains(exercise.reason()), a.intakeId() + " " + exercise.id());
                        String steps = vocabulary.exercises().get(exercise.id()).instructions();
                        assertFalse(page.text().contains(steps), a.intakeId() + " shows the steps of avoided " + exercise.id());
                    }
                    default -> throw new AssertionError("unknown status " + exercise.status());
                }
            }
            Elements warnings = page.select(".warnings li");
            assertEquals(a.warnings().stream().map(Assessment.Warning::message).toList(), warnings.eachText(), a.intakeId());
            assertEquals(vocabulary.safetyNet(), page.selectFirst(".safety-net p").text(), a.intakeId());
            // the order of the page: advice, exercises, ask first, not for you now, warnings, safety net, why
            List<String> headings = page.select("h2").eachText();
            List<String> order = List.of("Why we advise this", "Exercises for you", "Ask before you start these",
                    "Not for you now", "Take care", "Get help if this happens", "Why this advice");
            List<Integer> positions = new ArrayList<>();
            for (String heading : headings) {
                int at = -1;
                for (int i = 0; i < order.size(); i++) {
                    if (heading.startsWith(order.get(i))) {
                        at = i;
                    }
                }
                assertTrue(at >= 0, "unexpected heading " + heading);
                positions.add(at);
            }
            assertEquals(positions.stream().sorted().toList(), positions, a.intakeId() + ": " + headings);
        }
    }

    /** The element that shows one exercise: its block with a heading, or its line in "not for you now". */
    private static Element blockOf(Document page, Assessment.Exercise exercise) {
        if (exercise.status().equals("avoid")) {
            for (Element item : page.select(".not-now li")) {
                if (item.selectFirst("strong").text().equals(exercise.name())) {
                    return item;
                }
            }
        } else {
            for (Element block : page.select(".exercise")) {
                if (block.selectFirst("h3").text().equals(exercise.name())) {
                    return block;
                }
            }
        }
        throw new AssertionError(exercise.id() + " (" + exercise.status() + ") is not on the page");
    }

    @Test
    void theWhySectionNamesEveryRuleSourceAndTheVersionAndSaysItIsNoDiagnosis() {
        for (Outcome outcome : run.assessed()) {
            Assessment a = outcome.assessment();
            Element why = page(a).selectFirst("section.why");
            String text = why.text();
            assertTrue(text.contains("This is not a diagnosis."), a.intakeId());
            assertTrue(text.contains(a.ruleset().version()), a.intakeId());
            List<String> shown = new ArrayList<>();
            a.referral().reasons().forEach(r -> shown.add(r.rule() + "|" + r.source()));
            if (!a.referral().level().equals("emergency")) {
                a.exercises().forEach(e -> shown.add(e.rule() + "|" + e.source()));
                a.warnings().forEach(w -> shown.add(w.rule() + "|" + w.source()));
            }
            for (String ruleAndSource : shown) {
                String[] parts = ruleAndSource.split("\\|", 2);
                assertTrue(why.select("li").stream().anyMatch(li -> li.selectFirst("code").text().equals(parts[0])
                        && li.text().contains(parts[1])), a.intakeId() + ": " + ruleAndSource);
            }
            // and nothing else: every rule named is one behind an item on the page
            List<String> ruleIds = shown.stream().map(s -> s.split("\\|", 2)[0]).distinct().sorted().toList();
            assertEquals(ruleIds, why.select("li code").eachText().stream().distinct().sorted().toList(), a.intakeId());
        }
    }

    @Test
    void aRejectedRecordIsShownPlainlyWithEveryError() {
        for (Outcome outcome : run.rejected()) {
            Outcome.Rejection r = outcome.rejection();
            Document page = Jsoup.parse(run.pages().rejectionPage(r));
            assertEquals("This record could not be assessed", page.selectFirst("h1").text());
            assertTrue(page.text().contains(r.location()));
            List<String> items = page.select("li").eachText();
            for (FieldError error : r.errors()) {
                assertTrue(items.contains(error.field() + ": " + error.message()), items.toString());
            }
            assertTrue(page.select(".advice, .exercise").isEmpty());
        }
    }

    @Test
    void theDocumentHoldsEveryRecordInInputOrderEachOnItsOwnPrintedPage() {
        Document document = Jsoup.parse(run.document());
        assertEquals("en", document.selectFirst("html").attr("lang"));
        Elements articles = document.select("main > article.handout");
        assertEquals(run.outcomes().size(), articles.size());
        for (int i = 0; i < articles.size(); i++) {
            Outcome outcome = run.outcomes().get(i);
            String text = articles.get(i).text();
            if (outcome.isAssessed()) {
                assertTrue(text.contains("Back care advice for record " + outcome.assessment().intakeId()), text);
            } else {
                assertTrue(text.startsWith("This record could not be assessed") && text.contains(outcome.location()), text);
            }
        }
        assertTrue(document.selectFirst("style").data().contains(".handout + .handout { break-before: page; }"));
    }

    @Test
    void whatComesFromAnIntakeIsEscaped() {
        String hostile = "<script>alert(1)</script>";
        Assessment a = run.engine().assess(TestIntakes.allClear().id(hostile).redFlag("fever", "yes").build());
        String html = run.pages().handoutPage(Handout.of(a, vocabulary));
        assertFalse(html.contains(hostile), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        Document page = Jsoup.parse(html);
        assertTrue(page.select("script").isEmpty());
        assertTrue(page.selectFirst(".record").text().contains(hostile), "shown as text");
        assertTrue(page.title().contains(hostile), "and in the title, as text");

        String rejected = run.pages().rejectionPage(new Outcome.Rejection("<img src=x onerror=alert(1)>", "in.ndjson:1",
                List.of(new FieldError("<b>field</b>", "\"><script>alert(2)</script>"))));
        Document rejectedPage = Jsoup.parse(rejected);
        assertTrue(rejectedPage.select("script, img, b").isEmpty(), rejected);
        assertTrue(rejectedPage.text().contains("<img src=x onerror=alert(1)>"));
    }

    @Test
    void anExerciseNeverAppearsAsRecommendedWhenItIsNot() {
        for (Outcome outcome : run.assessed()) {
            Handout handout = Handout.of(outcome.assessment(), vocabulary);
            assertTrue(handout.recommended().stream().allMatch(e -> e.status().equals("recommended")));
            assertTrue(handout.askFirst().stream().flatMap(g -> g.exercises().stream())
                    .allMatch(e -> e.status().equals("needs_clearance")));
            assertTrue(handout.notNow().stream().allMatch(e -> e.status().equals("avoid")));
            int shown = handout.recommended().size() + handout.notNow().size()
                    + handout.askFirst().stream().mapToInt(g -> g.exercises().size()).sum();
            int expected = handout.emergency() ? 0 : outcome.assessment().exercises().size();
            assertEquals(expected, shown, outcome.assessment().intakeId() + ": "
                    + outcome.assessment().exercises().stream().map(Assessment.Exercise::id).collect(Collectors.joining(",")));
        }
    }
}
