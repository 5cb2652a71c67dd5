package org.backtriage.authoring;

import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Intake;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backtriage explain}: findings with rule, source, conditions and matched facts; why an exercise has its status. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainTest {
    private final TriageEngine engine = TriageEngine.fromFolder(RuleCopy.FROZEN);
    private final Explainer explainer = new Explainer(engine);

    private Intake scenarioIntake(String yamlIntake) {
        Scenario s = new ScenarioLoader(engine.ruleBase().vocabulary()).parse("t.yaml", "name: t\nintake:\n" + yamlIntake + "expect:\n  referral: none\n");
        return ((ValidationResult.Valid) new IntakeValidator().validate(s.intake())).intake();
    }

    @Test
    void eachFindingNamesItsRuleSourceConditionsAndMatchedFacts() {
        String text = String.join("\n", explainer.findings(scenarioIntake("  redFlags:\n    fever: \"yes\"\n  routine:\n    minutesPerSession: 40\n")));
        assertTrue(text.matches("(?s)Intake scenario: referral urgent, \\d+ exercise\\(s\\), 1 warning\\(s\\).*"), text);
        assertTrue(text.contains("Referral reason INFECTION (urgent): A high temperature, chills or shaking with this pain can mean an infection.\n"
                + "  rule:    red-flag-fever \"Fever with back pain needs a doctor today\" (red-flags.drl)\n"
                + "  source:  clinical-notes: Red flags, infection (NHS; NICE CKS)\n"
                + "  when:    RedFlags( fever == \"yes\" ) not Condition( code == \"recent_spinal_surgery\" )\n"
                + "  matched: RedFlags(saddleNumbness=no"), text);
        assertTrue(text.contains("Warning OVEREXERTION: Sessions longer than 30 minutes"), text);
        assertTrue(text.contains("  matched: Routine(minutesPerSession=40, sessionsPerWeek=3, twisting=gentle, newToExercise=false, hadTechniqueInstruction=true)"), text);
        assertTrue(text.contains("Exercise toe-reach -> needs_clearance (Not until a doctor has seen you: do not start this exercise before then.)\n"
                + "  rule:    urgent-referral-needs-clearance"), text);
        // an 'exists' condition binds no fact: the engine's internal fact is not shown as if it were one
        assertTrue(!text.contains("InitialFact"), text);
    }

    @Test
    void anExerciseStatusIsExplainedByTheRulesThatListedAndRestrictedIt() {
        List<String> lines = explainer.exercise(scenarioIntake("  conditions: [osteoporosis]\n"), "abdominal-crunch");
        assertEquals("abdominal-crunch: avoid (not recommended)", lines.get(0));
        String text = String.join("\n", lines);
        assertTrue(text.contains("listed by:     abdominal-crunch-for-back"), text);
        assertTrue(text.contains("restricted by: fragile-vertebrae-avoid-flexion-and-twisting -> avoid (rank contraindication) because Do not do this exercise: bending forward and twisting put strain on fragile bones in the spine."), text);
        assertTrue(text.contains("restricted by: serious-condition-needs-clearance -> needs_clearance (rank serious-condition) because Ask your GP or physiotherapist first: with a diagnosed back condition"), text);
        assertTrue(text.contains("the most restrictive status wins (avoid over needs_clearance): avoid\n"), text);
        assertTrue(text.matches("(?s).*the reason shown is the highest-ranked restriction's \\(ranks in vocabulary.yaml, highest first: [^)]*\\):"
                + " fragile-vertebrae-avoid-flexion-and-twisting.*"), text);

        List<String> recommended = explainer.exercise(scenarioIntake("  age: 40\n"), "toe-reach");
        assertEquals("toe-reach: recommended", recommended.get(0));
        assertTrue(recommended.contains("  no rule restricts it for this intake, so it stays recommended"), recommended.toString());
    }

    @Test
    void anExerciseNoRuleSuitsToTheRegionsIsSaidSo() {
        List<String> lines = explainer.exercise(scenarioIntake("  regions: [neck]\n"), "toe-reach");
        assertEquals("toe-reach: not listed for this intake.", lines.get(0));
        assertTrue(lines.get(1).startsWith("  No rule suits toe-reach to the regions [neck] (no muscle knot)"), lines.toString());
        assertThrows(IllegalArgumentException.class, () -> explainer.exercise(scenarioIntake("  age: 40\n"), "toe-reaches"));
    }

    @Test
    void theCommandReadsOneIntakeFile(@TempDir Path temp) throws IOException {
        Path file = temp.resolve("intake.json");
        // no screening answers: a routine referral (screening incomplete), and every exercise needs clearance
        Files.writeString(file, "{\"id\":\"p-7\",\"age\":52,\"regions\":[\"mid_back\"],\"painScore\":4,\"muscleKnot\":true}");
        RuleCopy.Run run = RuleCopy.cli("explain", "--rules", "core/src/test/frozen-rules", file.toString(), "--exercise", "tennis-ball-release");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("tennis-ball-release: needs_clearance (not recommended)\n"), run.out());
        assertTrue(run.out().contains("restricted by: screening-incomplete-needs-clearance"), run.out());
        assertTrue(run.out().contains("listed by:     tennis-ball-release-for-knot"), run.out());

        Files.writeString(file, "{\"id\":\"p-8\",\"age\":\"forty\",\"regions\":[\"mid_back\"],\"painScore\":4}");
        RuleCopy.Run invalid = RuleCopy.cli("explain", "--rules", "core/src/test/frozen-rules", file.toString());
        assertEquals(1, invalid.exit());
        assertTrue(invalid.err().contains(file + ":1: age: "), invalid.err());

        assertEquals(2, RuleCopy.cli("explain", "--rules", "core/src/test/frozen-rules", temp.resolve("missing.json").toString()).exit());
    }

    @Test
    void idPicksOneRecordOutOfAnyInputEvaluateTakes() {
        for (String file : List.of("fixtures/clinic-a.json", "fixtures/clinic-b.ndjson", "fixtures/clinic-c.csv")) {
            String id = firstValidId(file);
            RuleCopy.Run run = RuleCopy.cli("explain", "--rules", "core/src/test/frozen-rules", file, "--id", id);
            assertEquals(0, run.exit(), file + ": " + run.err());
            assertTrue(run.out().startsWith("Intake " + id + ": referral "), run.out());
        }
        // FHIR too: a Bulk Data folder, whose forms take their ages from the Patients beside them
        RuleCopy.Run fhir = RuleCopy.cli("explain", "--rules", "core/src/test/frozen-rules", "fixtures/fhir/bulk", "--id", "qr-all-clear-lower-back");
        assertEquals(0, fhir.exit(), fhir.err());
        assertTrue(fhir.out().startsWith("Intake qr-all-clear-lower-back: referral none"), fhir.out());
        RuleCopy.Run many = RuleCopy.cli("explain", "--rules", "core/src/test/frozen-rules", "fixtures/clinic-c.csv");
        assertEquals(2, many.exit());
        assertTrue(many.err().contains("fixtures/clinic-c.csv holds ") && many.err().contains("records: pick one with --id (ids: "), many.err());
        RuleCopy.Run missing = RuleCopy.cli("explain", "--rules", "core/src/test/frozen-rules", "fixtures/clinic-b.ndjson", "--id", "nobody");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().startsWith("backtriage: no record with id 'nobody' in fixtures/clinic-b.ndjson (ids: "), missing.err());
    }

    @Test
    void aFileThatIsNotJsonIsExplainedWithoutTheParsersMessage(@TempDir Path temp) throws IOException {
        Path file = temp.resolve("broken.json");
        Files.writeString(file, "{\"id\": \"p-9\", \"age\": 40,");
        RuleCopy.Run run = RuleCopy.cli("explain", "--rules", "core/src/test/frozen-rules", file.toString());
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().contains("the record ends before its JSON is complete"), run.err());
        assertTrue(!run.err().contains("Unexpected end-of-input") && !run.err().contains("jackson"), run.err());
    }

    /** The id of the first record the fixture's expected outcomes say is valid. */
    private static String firstValidId(String file) {
        String base = Path.of(file).getFileName().toString().replaceFirst("\\.[^.]+$", "");
        try {
            for (String line : Files.readAllLines(Path.of("fixtures", "expected", base + ".expected.ndjson"))) {
                java.util.regex.Matcher id = java.util.regex.Pattern.compile("\"intakeId\":\"([^\"]+)\"").matcher(line);
                if (!line.contains("errorFields") && id.find()) {
                    return id.group(1);
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        throw new AssertionError("no valid record in " + file);
    }
}
