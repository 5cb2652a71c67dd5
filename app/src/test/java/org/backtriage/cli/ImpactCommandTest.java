package org.backtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.batch.Json;
import org.backtriage.commandline.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** impact: identical rule bases change nothing; each kind of edit changes exactly the records it should. */
class ImpactCommandTest {
    private static final ObjectMapper JSON = Json.mapper();

    @TempDir
    Path dir;

    private Path copyOfRules() throws IOException {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules);
        try (Stream<Path> files = Files.list(Path.of("core/src/test/frozen-rules"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        return rules;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), "the edit applies to " + file);
        Files.writeString(file, text.replace(from, to));
    }

    private static List<JsonNode> changed(EvaluateCommandTest.Run run) throws IOException {
        List<JsonNode> lines = new ArrayList<>();
        for (String line : run.lines()) {
            lines.add(JSON.readTree(line));
        }
        return lines;
    }

    private static Set<String> ids(List<JsonNode> changes) {
        Set<String> ids = new TreeSet<>();
        changes.forEach(c -> ids.add(c.get("intakeId").asText()));
        return ids;
    }

    /** Ids of the valid fixture records whose JSON text matches a pattern (the fixtures are the ground truth). */
    private static Set<String> fixtureIds(String regex) throws IOException {
        Set<String> ids = new TreeSet<>();
        Pattern pattern = Pattern.compile(regex);
        for (String line : Files.readAllLines(Path.of("fixtures/clinic-b.ndjson"))) {
            Matcher id = Pattern.compile("\"id\":\"([^\"]+)\"").matcher(line);
            if (pattern.matcher(line).find() && id.find() && !id.group(1).startsWith("b-bad")) {
                ids.add(id.group(1));
            }
        }
        return ids;
    }

    @Test
    void identicalRuleBasesChangeNothingAndExitZero() throws Exception {
        var run = EvaluateCommandTest.run("impact", "--before", copyOfRules().toString(), "--after", "core/src/test/frozen-rules",
                "--format", "ndjson", "fixtures");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals("", run.out().strip());
        long assessed = EvaluateCommandTest.expectedFixtureLines().stream().filter(l -> !l.contains("\"errorFields\"")).count();
        assertTrue(run.err().contains(assessed + " compared: " + assessed + " unchanged, 0 changed"), run.err());
    }

    @Test
    void deletingTheFeverRuleChangesExactlyTheFeverRecordsAndFlagsTheLoweredLevel() throws Exception {
        Path after = copyOfRules();
        String text = Files.readString(after.resolve("red-flags.drl"));
        int start = text.indexOf("rule \"Fever with back pain needs a doctor today\"");
        int end = text.indexOf("end\n", start) + 4;
        Files.writeString(after.resolve("red-flags.drl"), text.substring(0, start) + text.substring(end));
        var run = EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", "--after", after.toString(), "--format", "ndjson",
                "fixtures/clinic-b.ndjson");
        assertEquals(ExitCode.PROBLEMS, run.exitCode(), run.err());
        List<JsonNode> changes = changed(run);
        assertEquals(fixtureIds("\"fever\":\"yes\""), ids(changes));
        for (JsonNode change : changes) {
            assertTrue(change.at("/changes/reasonsRemoved").toString().contains("INFECTION"), change.toString());
            assertTrue(change.at("/changes/rulesFiredOnlyBefore").toString().contains("red-flag-fever"));
        }
        assertTrue(changes.stream().anyMatch(c -> c.at("/changes/level").asText().equals("lowered")));
    }

    @Test
    void changingTheSeverePainThresholdChangesExactlyTheRecordsAtTheNewThreshold() throws Exception {
        Path after = copyOfRules();
        edit(after.resolve("thresholds.drl"), "severePainScore : int = 8", "severePainScore : int = 7");
        var run = EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", "--after", after.toString(), "--format", "ndjson",
                "fixtures/clinic-b.ndjson");
        List<JsonNode> changes = changed(run);
        // the outcome changes for exactly the people at the new threshold
        List<JsonNode> outcomes = changes.stream().filter(c -> c.at("/changes/textsChanged").isEmpty()).toList();
        assertEquals(fixtureIds("\"painScore\":7[,}]"), ids(outcomes));
        outcomes.forEach(c -> assertEquals("[\"SEVERE_PAIN\"]", c.at("/changes/reasonsAdded").toString()));
        // and the people above it read the new number wherever a text names {severePainScore}: a text change only
        List<JsonNode> texts = changes.stream().filter(c -> !c.at("/changes/textsChanged").isEmpty()).toList();
        assertTrue(!texts.isEmpty(), run.err());
        for (JsonNode c : texts) {
            assertEquals("[]", c.at("/changes/reasonsAdded").toString());
            assertTrue(c.at("/before/reasons").toString().contains("SEVERE_PAIN"), c.toString());
            assertTrue(c.at("/changes/textsChanged").toString().contains("\"text\":\"reason SEVERE_PAIN message\""), c.toString());
            for (JsonNode text : c.at("/changes/textsChanged")) {
                assertTrue(text.get("before").asText().contains("8")
                        && text.get("after").asText().equals(text.get("before").asText().replace("8", "7")), c.toString());
            }
        }
        assertTrue(run.err().contains(", texts only " + texts.size() + ");"), run.err());
        assertEquals(ExitCode.PROBLEMS, run.exitCode());
    }

    @Test
    void changingTheEmergencyWordsIsATextChangeOfEveryEmergencyRecordAndExits1() throws Exception {
        Path after = copyOfRules();
        Path vocabulary = after.resolve("vocabulary.yaml");
        Matcher line = Pattern.compile("(?m)^  emergency: (.+)$").matcher(Files.readString(vocabulary));
        assertTrue(line.find(), "vocabulary.yaml gives the emergency level's words on a line '  emergency: ...'");
        String words = line.group(1).strip();
        String changedWords = "Call 112 now, or go to the emergency department.";
        edit(vocabulary, line.group(0), "  emergency: " + changedWords);
        var run = EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", "--after", after.toString(),
                "--format", "ndjson", "fixtures");
        assertEquals(ExitCode.PROBLEMS, run.exitCode(), run.err());
        List<JsonNode> changes = changed(run);
        // the people at emergency level, as the same rules assess them
        Set<String> emergencies = new TreeSet<>();
        for (String assessed : EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--detail", "codes", "fixtures").lines()) {
            JsonNode record = JSON.readTree(assessed);
            if (record.at("/referral/level").asText().equals("emergency")) {
                emergencies.add(record.get("intakeId").asText());
            }
        }
        assertTrue(!emergencies.isEmpty(), "the fixtures hold emergencies");
        assertEquals(emergencies, ids(changes));
        for (JsonNode c : changes) {
            assertEquals("[\"texts\"]", JSON.valueToTree(kinds(c)).toString(), c.toString());
            assertEquals(JSON.readTree("[{\"text\":\"referral advice\",\"before\":" + JSON.writeValueAsString(words)
                    + ",\"after\":" + JSON.writeValueAsString(changedWords) + "}]"), c.at("/changes/textsChanged"), c.toString());
        }
        int n = emergencies.size();
        assertTrue(run.err().contains(" unchanged, " + n + " changed (level raised 0, level LOWERED 0, texts only " + n + ");"), run.err());
        assertTrue(run.err().contains("changes by kind {texts=" + n + "}"), run.err());
        // the text report's line for it: AssessmentChangeTextsTest
    }

    /** The kinds of change a record of the NDJSON report has, worked out from its lists (as the summary counts them). */
    private static List<String> kinds(JsonNode change) {
        List<String> kinds = new ArrayList<>();
        JsonNode c = change.get("changes");
        if (!c.get("level").asText().equals("same")) {
            kinds.add("level");
        }
        c.fields().forEachRemaining(f -> {
            if (f.getValue().isArray() && !f.getValue().isEmpty()) {
                kinds.add(f.getKey().equals("textsChanged") ? "texts" : f.getKey());
            }
        });
        return kinds;
    }

    @Test
    void changingAContraindicationChangesOnlyThatExercisesStatus() throws Exception {
        Path after = copyOfRules();
        edit(after.resolve("contraindications.drl"), "ExerciseSuggestion( $exercise : exercise in (\"abdominal-crunch\", \"knee-to-elbow-crunch\", \"tennis-ball-release\") )",
                "ExerciseSuggestion( $exercise : exercise in (\"abdominal-crunch\", \"knee-to-elbow-crunch\", \"tennis-ball-release\", \"toe-reach\") )");
        var run = EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", "--after", after.toString(), "--format", "ndjson", "fixtures");
        List<JsonNode> changes = changed(run);
        assertTrue(!changes.isEmpty(), run.err());
        for (JsonNode change : changes) {
            assertEquals("same", change.at("/changes/level").asText());
            if (change.at("/changes/statusChanged").isEmpty()) {
                // already avoided for another reason: the status stays, the reason shown may now be this rule's
                assertEquals("[\"exercise toe-reach reason\"]", JSON.valueToTree(change.at("/changes/textsChanged")
                        .findValuesAsText("text")).toString(), change.toString());
                assertEquals("avoid", change.at("/after/exercises/toe-reach").asText(), change.toString());
                continue;
            }
            assertEquals("[{\"exercise\":\"toe-reach\",\"before\":\"needs_clearance\",\"after\":\"avoid\"}]",
                    change.at("/changes/statusChanged").toString(), change.toString());
        }
        assertTrue(changes.stream().anyMatch(c -> !c.at("/changes/statusChanged").isEmpty()), run.out());
    }

    @Test
    void beforeMayNameAGitRevisionAndTextAndHtmlReportsWork() throws Exception {
        var text = EvaluateCommandTest.run("impact", "--before", "HEAD", "fixtures/clinic-a.json");
        assertTrue(text.exitCode() == ExitCode.OK || text.exitCode() == ExitCode.PROBLEMS, text.err());
        assertTrue(text.out().contains("Rule-change impact"), text.out());
        Path html = dir.resolve("impact.html");
        var run = EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", "--format", "html", "--out", html.toString(), "fixtures");
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        String page = Files.readString(html);
        long assessed = EvaluateCommandTest.expectedFixtureLines().stream().filter(l -> !l.contains("\"errorFields\"")).count();
        assertTrue(page.startsWith("<!DOCTYPE html>") && page.contains(assessed + " compared") && !page.contains("http"), page);
        assertEquals(ExitCode.USAGE, EvaluateCommandTest.run("impact", "--before", "no-such-revision-xyz", "fixtures").exitCode());
    }

    @Test
    void anAddedExerciseIsShownWithItsStatusInTextAndHtml() throws Exception {
        Path after = copyOfRules();
        edit(after.resolve("vocabulary.yaml"), "\nwarnings:\n", "\n  knee-to-chest:\n    name: Knee-to-chest stretch\n"
                + "    dosage: Light stretching, a few times a day.\n    instructions: Lie on your back and bring one knee towards your chest.\n"
                + "\nwarnings:\n");
        Files.writeString(after.resolve("exercise-suitability.drl"), Files.readString(after.resolve("exercise-suitability.drl"))
                + "\nrule \"A knee-to-chest stretch eases a sore lower back\"\n    @id(\"knee-to-chest-for-lower-back\")\n"
                + "    @source(\"Clinic protocol\")\nwhen\n    exists Soreness( region == \"lower_back\" )\nthen\n"
                + "    insert(new ExerciseSuggestion(\"knee-to-chest\"));\nend\n");
        var text = EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", "--after", after.toString(), "fixtures/clinic-a.json");
        assertEquals(ExitCode.PROBLEMS, text.exitCode(), text.err());
        assertTrue(text.out().contains("  exercises added: knee-to-chest (recommended)\n"), text.out());
        assertTrue(text.out().contains("  exercises added: knee-to-chest (needs_clearance)\n"), text.out());
        Path html = dir.resolve("added.html");
        var page = EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", "--after", after.toString(), "--format", "html",
                "--out", html.toString(), "fixtures/clinic-a.json");
        assertEquals(ExitCode.PROBLEMS, page.exitCode(), page.err());
        assertTrue(Files.readString(html).contains("exercises added: knee-to-chest (recommended)"), Files.readString(html));
    }

    @Test
    void aRevisionOutsideGitOrUnknownToGitIsSaidPlainly() throws Exception {
        Path outside = copyOfRules();
        var notGit = EvaluateCommandTest.run("impact", "--before", "HEAD", "--after", outside.toString(), "fixtures/clinic-a.json");
        assertEquals(ExitCode.USAGE, notGit.exitCode());
        assertTrue(notGit.err().contains("is not in a git repository, so there is no revision HEAD to compare with;"
                + " give --before a folder that holds the rules as they were"), notGit.err());
        var unknown = EvaluateCommandTest.run("impact", "--before", "no-such-revision-xyz", "fixtures/clinic-a.json");
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertTrue(unknown.err().contains("--before no-such-revision-xyz: git knows no revision 'no-such-revision-xyz'"), unknown.err());
        assertTrue(!unknown.err().contains("fatal"), unknown.err());
    }
}
