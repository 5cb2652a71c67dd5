package org.backtriage.authoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code backtriage check} on the shipped rules and on broken copies: each kind of mistake is reported at
 * the file, line and column where the author made it, in plain words, with exit code 1. Most mistakes are
 * refused before Drools compiles anything, so each case takes a fraction of a second.
 */
class CheckCommandTest {

    @TempDir
    Path temp;

    static List<String> problems(RuleCopy.Run run) {
        return run.out().lines().filter(l -> !l.startsWith("checked ")).toList();
    }

    static void assertOnlyProblem(RuleCopy.Run run, String expected) {
        assertEquals(1, run.exit(), run.out() + run.err());
        assertEquals(List.of(expected), problems(run), run.out());
        assertTrue(run.out().contains("1 problem(s)"), run.out());
    }

    private RuleCopy.Run check(RuleCopy rules) {
        return RuleCopy.cli("check", "--rules", rules.root.toString());
    }

    @Test
    void theShippedRulesAreClean() {
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", "core/src/test/frozen-rules");
        assertEquals(0, run.exit(), run.out() + run.err());
        assertEquals(List.of(), problems(run));
        // counted, not pinned: the clinic adds rules
        assertTrue(run.out().matches("checked \\d+ file\\(s\\), \\d+ rule\\(s\\): no problems\\s*"), run.out());
    }

    @Test
    void anUnclosedBracketIsReportedWhereItOpens() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "RedFlags( fever == \"yes\" )", "RedFlags( fever == \"yes\" ");
        String at = rules.position("red-flags.drl", "RedFlags( fever", 8);
        assertOnlyProblem(check(rules), "red-flags.drl:" + at + ": this bracket \"(\" is not closed: add the missing \")\" before \"then\"");
    }

    @Test
    void anUnclosedQuoteIsReportedWhereItOpens() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "RedFlags( fever == \"yes\" )", "RedFlags( fever == \"yes )");
        String at = rules.position("red-flags.drl", "\"yes )", 0);
        assertOnlyProblem(check(rules), "red-flags.drl:" + at + ": a text in double quotes is not closed: add the missing \" on this line");
    }

    @Test
    void aMissingEndIsReportedBeforeTheNextRule() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "can mean an infection.\"));\nend\n", "can mean an infection.\"));\n");
        String next = rules.position("red-flags.drl", "rule \"Immunosuppression", 0);
        String rule = rules.position("red-flags.drl", "rule \"Fever", 0).split(":")[0];
        assertOnlyProblem(check(rules), "red-flags.drl:" + next + ": 'end' is missing before this line: rule \"Fever with back pain"
                + " needs a doctor today\" (line " + rule + ") must finish with end on a line of its own");
    }

    @Test
    void aDuplicateRuleNameSaysWhereTheOtherIs() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "rule \"Immunosuppression with back pain needs a doctor today\"",
                "rule \"Fever with back pain needs a doctor today\"");
        String first = rules.position("red-flags.drl", "rule \"Fever", 0).split(":")[0];
        String second = rules.position("red-flags.drl", "rule \"Fever with back pain needs a doctor today\"\n    @id(\"red-flag-immuno", 0);
        assertOnlyProblem(check(rules), "red-flags.drl:" + second + ": duplicate rule name \"Fever with back pain needs a doctor today\""
                + " (the other is at red-flags.drl:" + first + "): two rules in one package need different names");
    }

    @Test
    void aMisspeltImportIsReportedOnceNotInEveryRule() {
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", "import org.backtriage.facts.Warning", "import org.backtriage.facts.Warnin");
        String at = rules.position("warnings.drl", "org.backtriage.facts.Warnin", 0);
        assertOnlyProblem(check(rules), "warnings.drl:" + at + ": unknown class in import 'org.backtriage.facts.Warnin':"
                + " did you mean 'org.backtriage.facts.Warning'? The facts are the classes of org.backtriage.facts,"
                + " and org.backtriage.intake.Intake and Routine");
    }

    @Test
    void aMisspeltFactTypeSuggestsTheNearestOne() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "RedFlags( fever == \"yes\" )", "RedFlag( fever == \"yes\" )");
        String at = rules.position("red-flags.drl", "RedFlag( fever", 0);
        RuleCopy.Run run = check(rules);
        assertEquals(1, problems(run).size(), run.out());
        assertTrue(problems(run).get(0).startsWith("red-flags.drl:" + at + ": unknown fact type 'RedFlag': did you mean 'RedFlags'?"
                + " The facts a rule can match are "), run.out());
    }

    @Test
    void aMisspeltFieldNamesTheFieldsTheFactHas() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "RedFlags( fever == \"yes\" )", "RedFlags( fevr == 'yes' )");
        String at = rules.position("red-flags.drl", "fevr", 0);
        RuleCopy.Run run = check(rules);
        assertEquals(1, problems(run).size(), run.out());
        assertTrue(problems(run).get(0).startsWith("red-flags.drl:" + at + ": unknown field 'fevr': did you mean 'fever'?"
                + " RedFlags has the fields saddleNumbness, "), run.out());
    }

    @Test
    void aMisspeltThresholdNamesTheThresholds() {
        RuleCopy rules = RuleCopy.of(temp).replace("referral.drl", "Thresholds( $severe : severePainScore )", "Thresholds( $severe : severePain )");
        String at = rules.position("referral.drl", "severePain )", 0);
        assertOnlyProblem(check(rules), "referral.drl:" + at + ": unknown field 'severePain': did you mean 'severePainScore'?"
                + " Thresholds has the fields longestSessionMinutes, severePainScore, persistentPainWeeks, youngestAge,"
                + " youngestForExercises, longestWeekMinutes");
    }

    @Test
    void aMisspeltExerciseIdInAListIsCaughtAtItsPlace() {
        RuleCopy rules = RuleCopy.of(temp).replace("contraindications.drl", "(\"toe-reach\", \"abdominal-crunch\",",
                "(\"toe-reach\", 'abdominal-crunches',");
        String at = rules.position("contraindications.drl", "abdominal-crunches", 0);
        assertOnlyProblem(check(rules), "contraindications.drl:" + at
                + ": unknown exercise id \"abdominal-crunches\": did you mean \"abdominal-crunch\"? New ones go in vocabulary.yaml first.");
    }

    @Test
    void everyConventionMistakeIsReportedAtItsRule() {
        RuleCopy rules = RuleCopy.of(temp)
                .replace("red-flags.drl", "    @id(\"red-flag-fever\")\n", "")
                .replace("red-flags.drl", "    @source(\"clinical-notes: Red flags, infection (NICE CKS)\")\n", "")
                .replace("red-flags.drl", "@id(\"red-flag-history-of-cancer\")", "@id(\"red-flag-saddle-numbness\")")
                .replace("warnings.drl", "new Warning(\"SCREENING_INCOMPLETE\"", "new Warning(\"SCREENING_INCOMPLET\"")
                .replace("red-flags.drl", "new ReferralReason(\"INFECTION\", \"urgent\"", "new ReferralReason(\"INFECTON\", \"urgnet\"");
        RuleCopy.Run run = check(rules);
        assertEquals(1, run.exit(), run.out() + run.err());
        assertEquals(List.of(
                "red-flags.drl:" + rules.position("red-flags.drl", "rule \"Fever", 0) + ": rule \"Fever with back pain needs a doctor today\""
                        + " has no @id: add @id(\"a-kebab-case-id\") under the rule's name",
                "red-flags.drl:" + rules.position("red-flags.drl", "INFECTON", 0) + ": unknown referral reason code \"INFECTON\":"
                        + " did you mean \"INFECTION\"? New ones go in vocabulary.yaml first.",
                "red-flags.drl:" + rules.position("red-flags.drl", "urgnet", 0) + ": unknown referral level \"urgnet\": did you mean"
                        + " \"urgent\"? Allowed: [routine, urgent, emergency]",
                "red-flags.drl:" + rules.position("red-flags.drl", "rule \"Immunosuppression", 0) + ": rule \"Immunosuppression with"
                        + " back pain needs a doctor today\" has no @source: add @source(\"the article's section or the guideline it comes from\")",
                "red-flags.drl:" + rules.position("red-flags.drl", "rule \"A history of cancer", 0) + ": rule \"A history of cancer with"
                        + " back pain needs a doctor today\" reuses @id(\"red-flag-saddle-numbness\") of rule \"Saddle numbness suggests cauda"
                        + " equina syndrome\" at red-flags.drl:" + rules.position("red-flags.drl", "rule \"Saddle", 0).split(":")[0]
                        + ": every rule needs its own id",
                "warnings.drl:" + rules.position("warnings.drl", "SCREENING_INCOMPLET\"", 0) + ": unknown warning code"
                        + " \"SCREENING_INCOMPLET\": did you mean \"SCREENING_INCOMPLETE\"? New ones go in vocabulary.yaml first."), problems(run));
        assertTrue(run.out().contains("6 problem(s)"), run.out());
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
                "    dosage: 5 slow reaches, holding each for 10 to 20 seconds, 2 or 3 times a day. Keep the stretch light.\n    instructions: Stand", "    instructions: Stand");
        String at = rules.position("vocabulary.yaml", "  toe-reach:", 0).split(":")[0];
        assertOnlyProblem(check(rules), "vocabulary.yaml:" + at + ":1: exercise toe-reach needs a dosage");
    }
}
