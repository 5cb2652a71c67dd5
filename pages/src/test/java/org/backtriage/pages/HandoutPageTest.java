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

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
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
        return Jsoup.parse(run.pages().handoutPage(Handout.of(assessment, vocabulary, FixtureRun.DAY)));
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
            assertEquals(Handout.of(a, vocabulary, FixtureRun.DAY).levelWords(), advice.selectFirst("p.level").text(), a.intakeId());
            // nothing but the page header (clinic, date) comes before the advice
            Element article = page.selectFirst("article.handout");
            assertEquals(advice, article.child(1), a.intakeId());
            assertTrue(article.child(0).is("header.page-header"), article.child(0).outerHtml());
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
            assertEquals(List.of("advice level-emergency", "about"), sections, a.intakeId());
            assertEquals(1, page.select("article.handout > footer.clinician").size(), a.intakeId());
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
            assertEquals(1, page.select(".safety-net").size(), a.intakeId());
            // the order of the page: advice, exercises, ask first, not for you now, warnings, safety net, about,
            // and last the clinician's footer
            List<String> headings = page.select("h2").eachText();
            List<String> order = List.of("Why we advise this", "Exercises for you", "Ask before you start these",
                    "Not for you now", "Take care", "Get help if this happens", "About this advice", "For the clinician");
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
    void theClinicianFooterIsLastAndNamesTheRecordEveryRuleSourceAndTheVersion() {
        for (Outcome outcome : run.assessed()) {
            Assessment a = outcome.assessment();
            Document page = page(a);
            Element article = page.selectFirst("article.handout");
            Element footer = article.children().last();
            assertTrue(footer.is("footer.clinician"), a.intakeId() + ": the last part is " + footer.tagName());
            assertEquals(a.intakeId(), footer.selectFirst("code.record-id").text());
            assertEquals(a.ruleset().version(), footer.selectFirst("code.ruleset-version").text());
            assertTrue(page.selectFirst("section.about").text().contains("This is not a diagnosis."), a.intakeId());
            List<String> shown = new ArrayList<>();
            a.referral().reasons().forEach(r -> shown.add(r.rule() + "|" + r.source()));
            if (!a.referral().level().equals("emergency")) {
                a.exercises().forEach(e -> shown.add(e.rule() + "|" + e.source()));
                a.warnings().forEach(w -> shown.add(w.rule() + "|" + w.source()));
            }
            for (String ruleAndSource : shown) {
                String[] parts = ruleAndSource.split("\\|", 2);
                assertTrue(footer.select("li").stream().anyMatch(li -> li.selectFirst("code").text().equals(parts[0])
                        && li.text().contains(parts[1])), a.intakeId() + ": " + ruleAndSource);
            }
            // and nothing else: every rule named is one behind an item on the page
            List<String> ruleIds = shown.stream().map(s -> s.split("\\|", 2)[0]).distinct().sorted().toList();
            assertEquals(ruleIds, footer.select("li code").eachText().stream().distinct().sorted().toList(), a.intakeId());
        }
    }

    /** Issue 19: the patient reads plain words; codes, rule ids, sources, the hash and the record id are in the footer only. */
    @Test
    void aboveTheClinicianFooterThePatientReadsNoCodeRuleIdHashOrRecordId() {
        List<String> ruleIds = run.engine().rules().stream().map(r -> r.id()).toList();
        List<String> codes = new ArrayList<>(vocabulary.warnings());
        codes.addAll(vocabulary.reasons());
        Pattern codeLike = Pattern.compile("\\b[A-Z]{2,}_[A-Z_]+\\b");
        int checked = 0;
        for (Outcome outcome : run.assessed()) {
            Assessment a = outcome.assessment();
            Document page = page(a);
            page.select("footer.clinician").remove();
            String text = page.title() + " " + page.body().text();
            for (String id : ruleIds) {
                assertFalse(text.contains(id), a.intakeId() + " shows the rule id " + id + " to the patient");
            }
            for (String code : codes) {
                assertFalse(text.contains(code), a.intakeId() + " shows the code " + code + " to the patient");
            }
            assertFalse(codeLike.matcher(text).find(), a.intakeId() + ": " + text);
            assertFalse(text.contains(a.ruleset().version()), a.intakeId() + " shows the rule set hash to the patient");
            assertFalse(text.contains(a.intakeId()), a.intakeId() + ": the record id is for the clinician");
            for (String source : a.firedRules().stream().map(Assessment.FiredRule::source).distinct().toList()) {
                assertFalse(text.contains(source), a.intakeId() + " shows the source " + source + " to the patient");
            }
            assertFalse(text.contains("(reason)"), a.intakeId() + ": " + text);
            checked++;
        }
        assertTrue(checked > 0);
    }

    /** Issue 19: the safety net is a list per part, headed by what to do, not one long paragraph. */
    @Test
    void theSafetyNetIsABulletedListPerPartHeadedByWhatToDo() {
        List<RuleVocabulary.SafetyNetGroup> groups = vocabulary.safetyNetGroups();
        assertTrue(groups.size() >= 2, "the frozen vocabulary has a 999 part and a 111 part");
        for (Outcome outcome : run.assessed()) {
            Assessment a = outcome.assessment();
            if (a.referral().level().equals("emergency")) {
                continue;
            }
            Element net = page(a).selectFirst("section.safety-net");
            Elements parts = net.select(".net-part");
            assertEquals(groups.size(), parts.size(), a.intakeId());
            for (int i = 0; i < groups.size(); i++) {
                Element part = parts.get(i);
                assertEquals(groups.get(i).advice() + ":", part.selectFirst(".net-advice").text(), a.intakeId());
                assertEquals(groups.get(i).signs(), part.select("ul > li").eachText(), a.intakeId());
                // what to do comes before its signs
                assertTrue(part.child(0).is(".net-advice") && part.child(1).is("ul"), part.outerHtml());
            }
            assertTrue(parts.get(0).selectFirst(".net-advice").text().startsWith("Call 999"), a.intakeId());
            // no paragraph holds the signs: each paragraph is one heading of a part
            for (Element paragraph : net.select("p")) {
                assertTrue(paragraph.hasClass("net-advice"), paragraph.outerHtml());
                assertTrue(paragraph.text().split(" ").length < 20, paragraph.text());
            }
        }
    }

    /** Issue 19: the header names the clinic, its phone and the day, never the record id. */
    @Test
    void theHeaderNamesTheClinicItsPhoneAndTheDateNotTheRecordId() {
        RuleVocabulary.Clinic clinic = vocabulary.clinic();
        assertFalse(clinic.name().isBlank() || clinic.phone().isBlank(), "the frozen vocabulary names a clinic");
        for (Outcome outcome : run.assessed()) {
            Assessment a = outcome.assessment();
            Element header = page(a).selectFirst("article.handout > header.page-header");
            assertEquals(clinic.name(), header.selectFirst(".clinic").text(), a.intakeId());
            if (a.referral().level().equals("emergency")) {
                // "call 999" is the only number an emergency page gives: the clinic's line is for questions
                assertTrue(header.select(".phone").isEmpty(), a.intakeId());
            } else {
                assertTrue(header.selectFirst(".phone").text().contains(clinic.phone()), a.intakeId());
                assertEquals("tel:" + clinic.phone().replaceAll("[^0-9+]", ""), header.selectFirst(".phone a").attr("href"));
            }
            assertEquals("Back care advice, 14 March 2026", header.selectFirst(".date").text(), a.intakeId());
            assertEquals(FixtureRun.DAY.toString(), header.selectFirst("time").attr("datetime"));
            assertFalse(header.text().contains(a.intakeId()), a.intakeId());
        }
        // the date is the clock's: a batch rendered on another day says that day
        Outcome first = run.assessed().get(0);
        Clock later = Clock.fixed(Instant.parse("2027-01-02T09:30:00Z"), ZoneOffset.UTC);
        Document rendered = Jsoup.parse(HandoutFormat.pagePerRecord(run.pages(), vocabulary, later).render(first));
        assertEquals("Back care advice, 2 January 2027", rendered.selectFirst("header .date").text());
        assertTrue(rendered.title().contains("2 January 2027") && rendered.title().contains(clinic.name()), rendered.title());
        // a vocabulary without a clinic section: the date alone, no empty lines
        RuleVocabulary noClinic = new RuleVocabulary(vocabulary.exercises(), vocabulary.warnings(), vocabulary.reasons(),
                vocabulary.levels(), vocabulary.safetyNetGroups(), vocabulary.redFlagQuestions(), vocabulary.restrictionRanks(),
                vocabulary.ranksWithoutSteps(), vocabulary.alsoTell(), null);
        Element bare = Jsoup.parse(run.pages().handoutPage(Handout.of(first.assessment(), noClinic, LocalDate.of(2026, 5, 1))))
                .selectFirst("header.page-header");
        assertEquals(List.of("Back care advice, 1 May 2026"), bare.select("p").eachText());
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
                assertTrue(text.startsWith(vocabulary.clinic().name() + " Back care advice, 14 March 2026"), text);
                assertEquals(outcome.assessment().intakeId(), articles.get(i).selectFirst("footer code.record-id").text());
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
        String html = run.pages().handoutPage(Handout.of(a, vocabulary, FixtureRun.DAY));
        assertFalse(html.contains(hostile), html);
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        Document page = Jsoup.parse(html);
        assertTrue(page.select("script").isEmpty());
        assertEquals(hostile, page.selectFirst("footer .record-id").text(), "shown as text, in the clinician's footer");
        assertFalse(page.title().contains(hostile), "the title names the clinic and the day, not the record");

        String rejected = run.pages().rejectionPage(new Outcome.Rejection("<img src=x onerror=alert(1)>", "in.ndjson:1",
                List.of(new FieldError("<b>field</b>", "\"><script>alert(2)</script>"))));
        Document rejectedPage = Jsoup.parse(rejected);
        assertTrue(rejectedPage.select("script, img, b").isEmpty(), rejected);
        assertTrue(rejectedPage.text().contains("<img src=x onerror=alert(1)>"));
    }

    @Test
    void anExerciseNeverAppearsAsRecommendedWhenItIsNot() {
        for (Outcome outcome : run.assessed()) {
            Handout handout = Handout.of(outcome.assessment(), vocabulary, FixtureRun.DAY);
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
