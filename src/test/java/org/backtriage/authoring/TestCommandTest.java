package org.backtriage.authoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backtriage test} on a copy of the rules: a failing scenario prints the difference and exits 1; coverage names unfired rules. */
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
        RuleCopy.Run run = RuleCopy.cli("test", "--rules", "src/test/frozen-rules", "--coverage", "all-clear-lower-back", "red-flag-fever");
        assertEquals(1, run.exit(), run.out() + run.err());
        assertTrue(run.out().contains("2 scenario(s): 2 passed, 0 failed"), run.out());
        assertTrue(run.out().contains("  not fired: red-flag-chest-pain (red-flags.drl: \"Chest pain with back pain needs emergency care\")"), run.out());
        assertTrue(run.out().contains("  not fired: tennis-ball-release-for-knot (exercise-suitability.drl:"), run.out());
        assertTrue(!run.out().contains("not fired: red-flag-fever "), run.out());
        assertTrue(!run.out().contains("not fired: toe-reach-for-lower-back "), run.out());
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
