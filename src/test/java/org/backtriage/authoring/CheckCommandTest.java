package org.backtriage.authoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backtriage check} on the shipped rules and on broken copies: each kind of mistake is reported at
 * the file, line and column where the author made it, in plain words, with exit code 1. Each case compiles
 * one rule base (about half a second once Drools is warm), so the convention mistakes share one copy.
 */
class CheckCommandTest {

    @TempDir
    Path temp;

    private static List<String> problems(RuleCopy.Run run) {
        return run.out().lines().filter(l -> !l.startsWith("checked ")).toList();
    }

    private static void assertOnlyProblem(RuleCopy.Run run, String expected) {
        assertEquals(1, run.exit(), run.out() + run.err());
        assertEquals(List.of(expected), problems(run), run.out());
        assertTrue(run.out().contains("1 problem(s)"), run.out());
    }

    @Test
    void theShippedRulesAreClean() {
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", "rules");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals(List.of(), problems(run));
        assertTrue(run.out().matches("(?s)checked 10 file\\(s\\), 42 rule\\(s\\): no problems\\s*"), run.out());
    }

    @Test
    void anUnclosedBracketIsReportedWhereItOpens() {
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", "Routine( twisting == \"vigorous\" )", "Routine( twisting == \"vigorous\" ");
        String at = rules.position("warnings.drl", "Routine( twisting", 7);
        assertOnlyProblem(RuleCopy.cli("check", "--rules", rules.root.toString()),
                "warnings.drl:" + at + ": this bracket \"(\" is not closed: add the missing \")\" before \"then\"");
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() {
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", "Routine( twisting == \"vigorous\" )", "Routine( twisting == \"vigorous )");
        String at = rules.position("warnings.drl", "\"vigorous )", 0);
        assertOnlyProblem(RuleCopy.cli("check", "--rules", rules.root.toString()),
                "warnings.drl:" + at + ": a text in double quotes is not closed: add the missing \" on this line");
    }

    @Test
    void anUnknownFieldNamesTheFieldsTheFactHas() {
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", "Routine( twisting == \"vigorous\" )", "Routine( twistng == \"vigorous\" )");
        String at = rules.position("warnings.drl", "twistng", 0);
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, run.exit());
        assertEquals(1, problems(run).size(), run.out());
        assertTrue(problems(run).get(0).startsWith("warnings.drl:" + at + ": unknown field 'twistng': did you mean 'twisting'? "
                + "Routine has the fields minutesPerSession, sessionsPerWeek, twisting, newToExercise, hadTechniqueInstruction"), run.out());
    }

    @Test
    void anUnknownTypeIsNamed() {
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", "Routine( twisting == \"vigorous\" )", "Routin( twisting == \"vigorous\" )");
        String at = rules.position("warnings.drl", "Routin(", 0);
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, run.exit());
        assertEquals(1, problems(run).size(), run.out());
        assertTrue(problems(run).get(0).startsWith("warnings.drl:" + at
                + ": unknown fact type 'Routin': check its spelling and that the file imports it"), run.out());
    }

    @Test
    void aDuplicateRuleNameSaysWhereTheOtherIs() {
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", "rule \"Vigorous twisting can make back problems worse\"",
                "rule \"Someone new to exercise should start gradually\"");
        String first = rules.position("warnings.drl", "rule \"Someone new", 0).split(":")[0];
        String second = rules.position("warnings.drl", "rule \"Someone new to exercise should start gradually\"\n    @id(\"warn-start", 0);
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, run.exit());
        assertEquals(1, problems(run).size(), run.out());
        assertTrue(problems(run).get(0).startsWith("warnings.drl:" + second + ": duplicate rule name \"Someone new to exercise should start gradually\""
                + " (the other is at warnings.drl:" + first + "): two rules in one package need different names"), run.out());
    }

    @Test
    void aMissingEndIsReportedBeforeTheNextRule() {
        String actions = "back problems worse.\"));\nend\n";
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", actions, "back problems worse.\"));\n");
        String next = rules.position("warnings.drl", "rule \"Someone new", 0);
        String rule = rules.position("warnings.drl", "rule \"Vigorous", 0).split(":")[0];
        assertOnlyProblem(RuleCopy.cli("check", "--rules", rules.root.toString()), "warnings.drl:" + next
                + ": 'end' is missing before this line: rule \"Vigorous twisting can make back problems worse\" (line " + rule
                + ") must finish with end on a line of its own");
    }

    @Test
    void aMisspeltImportIsReportedOnceNotInEveryRule() {
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", "import org.backtriage.facts.Warning", "import org.backtriage.facts.Warnin");
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, run.exit());
        assertEquals(1, problems(run).size(), run.out());
        assertTrue(problems(run).get(0).startsWith("warnings.drl:5:8: unknown class in import 'org.backtriage.facts.Warnin'"), run.out());
    }

    @Test
    void aMisspeltThresholdNamesTheThresholds() {
        RuleCopy rules = RuleCopy.of(temp).replace("referral.drl", "Thresholds( $severe : severePainScore )", "Thresholds( $severe : severePain )");
        String at = rules.position("referral.drl", "severePain )", 0);
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, run.exit());
        assertEquals(1, problems(run).size(), run.out());
        assertTrue(problems(run).get(0).startsWith("referral.drl:" + at + ": unknown field 'severePain' (bound as $severe): did you mean 'severePainScore'?"
                + " Thresholds has the fields longestSessionMinutes, severePainScore, persistentPainWeeks, youngestAge"), run.out());
    }

    @Test
    void aMisspeltExerciseIdIsCaughtAtItsLine() {
        RuleCopy rules = RuleCopy.of(temp).replace("contraindications.drl", "(\"abdominal-crunch\", \"knee-to-elbow-crunch\")",
                "(\"abdominal-crunches\", \"knee-to-elbow-crunch\")");
        String at = rules.position("contraindications.drl", "abdominal-crunches", 0);
        assertOnlyProblem(RuleCopy.cli("check", "--rules", rules.root.toString()), "contraindications.drl:" + at
                + ": unknown exercise id \"abdominal-crunches\": did you mean \"abdominal-crunch\"? New ones go in vocabulary.yaml first.");
    }

    @Test
    void everyConventionMistakeIsReportedAtItsRule() {
        RuleCopy rules = RuleCopy.of(temp)
                .replace("warnings.drl", "    @id(\"warn-vigorous-twisting\")\n", "")
                .replace("warnings.drl", "    @source(\"Discussion Comments (sherlock87); clinical-notes (NHS)\")\n", "")
                .replace("warnings.drl", "@id(\"warn-heat-or-ice-first\")", "@id(\"warn-overexertion\")")
                .replace("warnings.drl", "new Warning(\"OUT_OF_SCOPE\"", "new Warning(\"OUT_OF_SCOP\"")
                .replace("red-flags.drl", "new ReferralReason(\"INFECTION\", \"urgent\"", "new ReferralReason(\"INFECTON\", \"urgnet\"")
                .replace("referral.drl", "Intake( painScore >= $severe )", "Intake( painScore >= 8 )");
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, run.exit(), run.out() + run.err());
        String reason = rules.position("red-flags.drl", "INFECTON", 0);
        String level = rules.position("red-flags.drl", "urgnet", 0);
        assertEquals(List.of(
                "red-flags.drl:" + reason + ": unknown referral reason code \"INFECTON\": did you mean \"INFECTION\"? New ones go in vocabulary.yaml first.",
                "red-flags.drl:" + level + ": unknown referral level \"urgnet\": did you mean \"urgent\"? Allowed: [routine, urgent, emergency]",
                "referral.drl:" + rules.position("referral.drl", "8 )", 0) + ": the number 8 is written into the rule: thresholds live in thresholds.drl;"
                        + " add a field to Thresholds and match it, e.g. Thresholds( $limit : severePainScore )",
                "warnings.drl:" + rules.position("warnings.drl", "rule \"Vigorous", 0) + ": rule \"Vigorous twisting can make back problems worse\""
                        + " has no @id: add @id(\"a-kebab-case-id\") under the rule's name",
                "warnings.drl:" + rules.position("warnings.drl", "rule \"Someone new", 0) + ": rule \"Someone new to exercise should start gradually\""
                        + " has no @source: add @source(\"the article's section or the guideline it comes from\")",
                "warnings.drl:" + rules.position("warnings.drl", "rule \"A very stiff", 0) + ": rule \"A very stiff back is easier to exercise after heat or ice\""
                        + " reuses @id(\"warn-overexertion\") of rule \"Long exercise sessions risk overexertion\" at warnings.drl:"
                        + rules.position("warnings.drl", "rule \"Long exercise", 0).split(":")[0] + ": every rule needs its own id",
                "warnings.drl:" + rules.position("warnings.drl", "OUT_OF_SCOP\"", 0) + ": unknown warning code \"OUT_OF_SCOP\": did you mean \"OUT_OF_SCOPE\"?"
                        + " New ones go in vocabulary.yaml first."), problems(run));
        assertTrue(run.out().contains("7 problem(s)"), run.out());
    }

    @Test
    void aMissingRulesFolderIsAUsageError() {
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", temp.resolve("nowhere").toString());
        assertEquals(2, run.exit());
        assertTrue(run.err().contains("rules folder not found"), run.err());
    }

    @Test
    void anExerciseWithoutADosageInTheVocabularyIsReportedAtItsLine() {
        RuleCopy rules = RuleCopy.of(temp).replace("vocabulary.yaml",
                "    dosage: Light stretching, a few times a day.\n    instructions: Stand", "    instructions: Stand");
        assertOnlyProblem(RuleCopy.cli("check", "--rules", rules.root.toString()),
                "vocabulary.yaml:7:1: exercise toe-reach needs a dosage");
    }
}
