package org.backtriage.authoring;

import org.backtriage.Engines;
import org.backtriage.engine.RuleVocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backtriage test} on a copy of the rules: a failing scenario prints the difference and exits 1; coverage
 * names unfired rules and the outcomes no scenario expects (--strict exits 1 on one).
 */
class TestCommandTest {

    @TempDir
    Path temp;

    @Test
    void aFailingScenarioPrintsExpectedAgainstActualAndExits1() {
        RuleCopy rules = RuleCopy.of(temp)
                .replace("scenarios/all-clear-lower-back.yaml", "referral: none", "referral: urgent")
                .replace("scenarios/all-clear-lower-back.yaml", "toe-reach: recommended", "toe-reach: avoid")
                .replace("scenarios/age-15.yaml", "age: 15", "age: 150")
                .replace("scenarios/red-flag-chest-pain.yaml", "chestPain: \"yes\"", "chestPain: yes");
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", rules.root.toString(), "--verbose",
                "all-clear-lower-back", "age-15", "red-flag-chest-pain", rules.root.resolve("scenarios/age-16.yaml").toString());
        assertEquals(1, run.exit(), run.out() + run.err());
        String out = run.out();
        assertTrue(out.contains("FAIL all-clear-lower-back.yaml: Healthy adult with a sore lower back gets the lower-back programme\n"
                + "  referral: expected urgent, got none\n"
                + "  exercise toe-reach: expected avoid, got recommended (rule toe-reach-for-lower-back)\n"), out);
        assertTrue(out.contains("FAIL age-15.yaml: A 15-year-old is outside the adult guidance\n"
                + "  the merged intake is not valid: intake.age: must be from 0 to 120, got 150\n"), out);
        assertTrue(out.matches("(?s).*FAIL red-flag-chest-pain\\.yaml: [^\n]*\n  intake\\.redFlags\\.chestPain: YAML reads an unquoted yes or no.*"), out);
        assertTrue(out.contains("PASS age-16.yaml"), out);
        assertTrue(out.contains("4 scenario(s): 1 passed, 3 failed"), out);
    }

    @Test
    void coverageNamesTheRulesNoScenarioFired() {
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", "core/src/test/frozen-rules", "--coverage", "all-clear-lower-back", "red-flag-fever");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("2 scenario(s): 2 passed, 0 failed"), run.out());
        assertTrue(run.out().contains("  not fired: red-flag-chest-pain (red-flags.drl: \"Chest pain with back pain needs emergency care\")"), run.out());
        assertTrue(run.out().contains("  not fired: tennis-ball-release-for-knot (exercise-suitability.drl:"), run.out());
        assertTrue(!run.out().contains("not fired: red-flag-fever "), run.out());
        assertTrue(!run.out().contains("not fired: toe-reach-for-lower-back "), run.out());
    }

    /** The scenario files of {@code folder} whose expectations {@code which} picks. */
    private static List<Path> expecting(Path folder, java.util.function.Predicate<Scenario.Expectation> which) {
        ScenarioLoader loader = new ScenarioLoader(VOCABULARY);
        return ScenarioLoader.filesIn(folder).stream().filter(f -> which.test(loader.load(f).expect())).toList();
    }

    private static final RuleVocabulary VOCABULARY = Engines.frozen().ruleBase().vocabulary();

    @Test
    void outcomeCoverageNamesAnExerciseStatusNoScenarioExpectsAndStrictFailsOnIt() throws IOException {
        // the first exercise of the vocabulary, avoided: every scenario that expects it stops saying so
        String exercise = VOCABULARY.exercises().keySet().iterator().next();
        RuleCopy rules = RuleCopy.of(temp);
        Path scenarios = rules.root.resolve("scenarios");
        List<Path> edited = expecting(scenarios, e -> "avoid".equals(e.exercises().get(exercise)));
        assertTrue(!edited.isEmpty(), "a shipped scenario expects " + exercise + " to be avoid");
        Pattern line = Pattern.compile("(?m)^\\s*" + Pattern.quote(exercise) + ":\\s*avoid\\s*(#.*)?\\n");
        for (Path file : edited) {
            Files.writeString(file, line.matcher(Files.readString(file)).replaceAll(""));
        }
        assertEquals(List.of(), expecting(scenarios, e -> "avoid".equals(e.exercises().get(exercise))));
        int outcomes = OutcomeCoverage.possible(VOCABULARY).size();
        String missing = "  missing: no scenario expects " + exercise + " to be avoid\n";

        // without --strict: reported, and the exit code is the scenarios' and rules' (every scenario still passes, every rule fires)
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", rules.root.toString(), "--coverage");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("outcome coverage: " + (outcomes - 1) + " of " + outcomes
                + " outcomes are expected by a passing scenario\n"), run.out());
        assertTrue(run.out().contains(missing), run.out());
        assertTrue(run.out().contains("  covered exercises: " + exercise + " (recommended, needs_clearance), "), run.out());
        assertTrue(run.out().contains("test --coverage --strict exits 1"), run.out());

        RuleCopy.Run strict = RuleCopy.cli("test", "--rules", rules.root.toString(), "--coverage", "--strict");
        assertEquals(1, strict.exit(), strict.out() + strict.err());
        assertTrue(strict.out().contains(missing), strict.out());
        assertTrue(strict.out().contains(" 0 failed\n"), strict.out());
    }

    @Test
    void strictCoverageFailsWhenTheScenariosExpectingAWarningAndAReasonAreDeleted() throws IOException {
        String warning = VOCABULARY.warnings().get(VOCABULARY.warnings().size() - 1);
        String reason = VOCABULARY.reasons().get(0);
        RuleCopy rules = RuleCopy.of(temp);
        Path scenarios = rules.root.resolve("scenarios");
        List<Path> deleted = expecting(scenarios, e -> e.warningsPresent().contains(warning)
                || e.reasons() != null && e.reasons().contains(reason));
        assertTrue(!deleted.isEmpty());
        for (Path file : deleted) {
            Files.delete(file);
        }
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", rules.root.toString(), "--strict");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("  missing: no scenario expects the warning " + warning + " (expect.warnings.present)\n"), run.out());
        assertTrue(run.out().contains("  missing: no scenario expects the reason " + reason + " (expect.reasons)\n"), run.out());
        String covered = run.out().lines().filter(l -> l.startsWith("  covered warnings: ")).findFirst().orElseThrow();
        assertTrue(!List.of(covered.substring(covered.indexOf(": ") + 2).split(", ")).contains(warning), covered);
    }

    @Test
    void withoutVerboseOnlyFailuresAndTheSummaryArePrinted() {
        RuleCopy rules = RuleCopy.of(temp).replace("scenarios/age-15.yaml", "age: 15", "age: 150");
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", rules.root.toString(), "age-15", "age-16", "all-clear-lower-back");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertEquals("FAIL age-15.yaml: A 15-year-old is outside the adult guidance\n"
                + "  the merged intake is not valid: intake.age: must be from 0 to 120, got 150\n"
                + "3 scenario(s): 2 passed, 1 failed\n", run.out());
    }

    @Test
    void everyProblemOfAScenarioFileIsPrintedAtOnce() {
        RuleCopy rules = RuleCopy.of(temp)
                .replace("scenarios/all-clear-lower-back.yaml", "referral: none", "referral: nothing")
                .replace("scenarios/all-clear-lower-back.yaml", "toe-reach: recommended", "toe-rech: recommended")
                .replace("scenarios/all-clear-lower-back.yaml", "intake: {}", "intake: {painScore: 12}");
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", rules.root.toString(), "all-clear-lower-back");
        assertEquals(1, run.exit(), run.out() + run.err());
        String out = run.out();
        assertTrue(out.startsWith("FAIL all-clear-lower-back.yaml: Healthy adult with a sore lower back gets the lower-back programme\n"
                + "  the merged intake is not valid: intake.painScore: must be from 0 to 10, got 12\n"
                + "  expect.referral: unknown \"nothing\"; allowed: [none, routine, urgent, emergency]\n"
                + "  expect.exercises: unknown \"toe-rech\"; allowed: ["), out);
    }
}
