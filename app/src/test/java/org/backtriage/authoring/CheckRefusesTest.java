package org.backtriage.authoring;

import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.backtriage.authoring.CheckCommandTest.assertOnlyProblem;
import static org.backtriage.authoring.CheckCommandTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The mistakes of issue 11, each applied to a copy of the shipped rules as a new rule author would make
 * it: {@code check} refuses every one at its line, in words that say what to do, and so does every
 * command that loads rules (they all compile through the same checker).
 */
class CheckRefusesTest {

    @TempDir
    Path temp;

    private static final String FEVER_REASON = "insert(new ReferralReason(\"INFECTION\", \"urgent\",";

    private RuleCopy.Run check(RuleCopy rules) {
        return RuleCopy.cli("check", "--rules", rules.root.toString());
    }

    @Test
    void aMisspeltLevelInSingleQuotesIsRefused() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", FEVER_REASON, "insert(new ReferralReason('INFECTION', 'urgnet',");
        String at = rules.position("red-flags.drl", "urgnet", 0);
        assertOnlyProblem(check(rules), "red-flags.drl:" + at
                + ": unknown referral level \"urgnet\": did you mean \"urgent\"? Allowed: [routine, urgent, emergency]");
    }

    @Test
    void aMisspeltExerciseInSingleQuotesIsRefused() {
        RuleCopy rules = RuleCopy.of(temp).replace("exercise-suitability.drl", "new ExerciseSuggestion(\"toe-reach\")",
                "new ExerciseSuggestion('toe-rech')");
        String at = rules.position("exercise-suitability.drl", "toe-rech", 0);
        assertOnlyProblem(check(rules), "exercise-suitability.drl:" + at
                + ": unknown exercise id \"toe-rech\": did you mean \"toe-reach\"? New ones go in vocabulary.yaml first.");
    }

    @Test
    void aMisspeltRedFlagAnswerInSingleQuotesIsRefused() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "RedFlags( fever == \"yes\" )", "RedFlags( fever == 'yse' )");
        String at = rules.position("red-flags.drl", "yse", 0);
        assertOnlyProblem(check(rules), "red-flags.drl:" + at
                + ": unknown red-flag answer \"yse\": did you mean \"yes\"? Allowed: [yes, no, unknown]");
    }

    @Test
    void readingAFileIntoAWarningIsRefused() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl",
                "\"A high temperature, chills or shaking with this pain can mean an infection.\"",
                "new String(java.nio.file.Files.readAllBytes(java.nio.file.Paths.get(\"/etc/passwd\")))");
        String at = rules.position("red-flags.drl", "new String(java.nio", 0);
        assertOnlyProblem(check(rules), "red-flags.drl:" + at + ": new String(...) inside a conclusion runs code: a conclusion's"
                + " values are texts, numbers, true or false and names the conditions bound ($exercise)");
    }

    @Test
    void systemExitIsRefusedAndNoCommandRunsIt() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", FEVER_REASON, "System.exit(0);\n    " + FEVER_REASON);
        String at = rules.position("red-flags.drl", "System.exit", 0);
        String refusal = "red-flags.drl:" + at + ": System.exit(...) runs code, and rules here do not: after then, a rule only"
                + " inserts conclusions, one per line, e.g. insert(new Warning(\"CODE\", \"the message\"));";
        assertOnlyProblem(check(rules), refusal);
        // every door compiles through the same check: evaluate refuses the rule base before any rule can run
        RuleCopy.Run evaluate = RuleCopy.cli("evaluate", "--rules", rules.root.toString(), "fixtures/clinic-a.json");
        assertEquals(2, evaluate.exit(), evaluate.err());
        assertTrue(evaluate.err().contains(refusal), evaluate.err());
        assertThrows(RuleBaseException.class, () -> TriageEngine.from(RuleFiles.fromFolder(rules.root)));
    }

    @Test
    void everyWayOfRunningCodeIsRefusedAtItsPlace() {
        RuleCopy rules = RuleCopy.of(temp)
                .replace("red-flags.drl", "import org.backtriage.facts.RedFlags", "import org.backtriage.facts.RedFlags\n"
                        + "import java.io.File\nglobal java.util.List results\nfunction String shout(String s) { return s; }")
                .replace("red-flags.drl", FEVER_REASON, "for (int i = 0; i < 3; i++) { }\n"
                        + "    new Thread(() -> { }).start();\n"
                        + "    drools.halt();\n"
                        + "    insert(new java.io.File(\"/tmp/x\"));\n"
                        + "    " + FEVER_REASON)
                .replace("red-flags.drl", "RedFlags( immunosuppressed == \"yes\" )",
                        "RedFlags( immunosuppressed == \"yes\" )\n    eval( java.time.LocalDate.now().getYear() > 2000 )")
                .replace("red-flags.drl", "RedFlags( historyOfCancer == \"yes\" )", "RedFlags( unanswered.length() > 0 )");
        RuleCopy.Run run = check(rules);
        assertEquals(1, run.exit(), run.out() + run.err());
        List<String> expected = List.of(
                at(rules, "java.io.File\n", "import java.io.File is not allowed"),
                at(rules, "global java", "global results is not used in this rule base"),
                at(rules, "function String", "function shout is not allowed: rules do not run code"),
                at(rules, "for (int", "a loop is not allowed"),
                at(rules, "new Thread", "start(...) runs code"),
                at(rules, "drools.halt", "drools.halt(...) runs code"),
                at(rules, "java.io.File(\"/tmp", "new java.io.File(...) is not allowed: java.io.File is not one of the rule base's facts."),
                at(rules, "eval(", "eval(...) runs code, and rules here do not"),
                at(rules, "length()", "a method call (length(...)) in a condition runs code"));
        List<String> got = problems(run);
        assertEquals(expected.size(), got.size(), run.out());
        for (String prefix : expected) {
            assertTrue(got.stream().anyMatch(p -> p.startsWith(prefix)), "expected a problem starting with " + prefix + " in\n" + run.out());
        }
    }

    @Test
    void anAnnotationThatDroolsWouldEvaluateIsRefusedBeforeDroolsSeesIt() throws IOException {
        Path marker = temp.resolve("evaluated");
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "@source(\"clinical-notes: Red flags, infection (NHS; NICE CKS)\")",
                "@source(new java.io.File(\"" + marker + "\").createNewFile())");
        String at = rules.position("red-flags.drl", "@source(new", 0);
        assertOnlyProblem(check(rules), "red-flags.drl:" + at + ": @source(new java.io.File(\"" + marker + "\").createNewFile())"
                + " is not a text: write it in quotes, @source(\"...\"); Drools would run anything else when it loads the rules");
        assertTrue(!Files.exists(marker), "the annotation was evaluated");
    }

    @Test
    void changingOrRemovingAFactIsRefused() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "RedFlags( fever == \"yes\" )", "$flags : RedFlags( fever == \"yes\" )")
                .replace("red-flags.drl", FEVER_REASON, "delete($flags);\n    " + FEVER_REASON);
        String at = rules.position("red-flags.drl", "delete(", 0);
        assertOnlyProblem(check(rules), "red-flags.drl:" + at + ": delete is not used in this rule base: rules never change or"
                + " remove a fact; after then, a rule only inserts conclusions, one per line, e.g. insert(new Warning(\"CODE\", \"the message\"));");
    }

    @Test
    void aBareNumberSuggestsTheThresholdForItsField() {
        RuleCopy rules = RuleCopy.of(temp).replace("referral.drl", "Intake( painScore >= $severe )", "Intake( painScore >= 8 )");
        String at = rules.position("referral.drl", "8 )", 0);
        RuleCopy.Run run = check(rules);
        assertEquals("referral.drl:" + at + ": the number 8 is written into the rule: use the threshold severePainScore from"
                + " thresholds.drl: bind it with Thresholds( $limit : severePainScore ) and write painScore >= $limit", problems(run).get(0));
    }

    @Test
    void aBareNumberNoThresholdHoldsOffersToAddANamedThresholdFirst() {
        // youngestAge (16) is for age too, but it is not 65: suggesting it would change what the rule means
        RuleCopy rules = RuleCopy.of(temp).replace("referral.drl", "Intake( painScore >= $severe )", "Intake( age >= 65 )")
                .replace("referral.drl", "Intake( durationWeeks != null, durationWeeks >= $weeks )",
                        "Intake( durationWeeks != null, 12 <= durationWeeks )");
        RuleCopy.Run run = check(rules);
        assertEquals(1, run.exit(), run.out() + run.err());
        assertEquals(List.of(
                "referral.drl:" + rules.position("referral.drl", "65 )", 0) + ": the number 65 is written into the rule,"
                        + " and no threshold for age is 65: add a threshold to Thresholds in thresholds.drl"
                        + " (yourName : int = 65   // what it means) and match it: Thresholds( $limit : yourName )"
                        + " then Intake( age >= $limit )",
                // a decimal field gets a decimal threshold, and 12 <= durationWeeks reads as durationWeeks >= 12
                "referral.drl:" + rules.position("referral.drl", "12 <=", 0) + ": the number 12 is written into the rule,"
                        + " and no threshold for durationWeeks is 12: add a threshold to Thresholds in thresholds.drl"
                        + " (yourName : double = 12   // what it means) and match it: Thresholds( $limit : yourName )"
                        + " then Intake( durationWeeks >= $limit )"), problems(run), run.out());
    }

    @Test
    void aNameBoundTwiceIsSaidInPlainWordsAtTheSecondBinding() {
        // Drools says "Duplicate declaration for variable '$weeks' in the rule ..."
        RuleCopy rules = RuleCopy.of(temp).replace("referral.drl", "Thresholds( $weeks : persistentPainWeeks )",
                "Thresholds( $weeks : persistentPainWeeks, $weeks : severePainScore )");
        assertOnlyProblem(check(rules), "referral.drl:" + rules.position("referral.drl", "$weeks : severePainScore", 0)
                + ": the name $weeks is bound twice in this rule: give the second one another name");
    }

    @Test
    void aTextComparedWithATrueOrFalseFieldIsRefused() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "RedFlags( fever == \"yes\" )", "RedFlags( fever == \"yes\", complete == \"yes\" )");
        String at = rules.position("red-flags.drl", "complete == \"yes\"", 13);
        assertOnlyProblem(check(rules), "red-flags.drl:" + at + ": complete is true or false: write complete == true or complete == false");
    }

    @Test
    void aRuleThatMatchesWhatItInsertsAndWouldNeverStopIsRefused() {
        RuleCopy rules = RuleCopy.of(temp).write("echo.drl", """
                package org.backtriage.rules

                import org.backtriage.facts.Warning

                rule "Every warning gets a reminder"
                    @id("warning-reminder")
                    @source("test")
                when
                    Warning( $code : code )
                then
                    insert(new Warning($code, "Remember the warning above."));
                end

                rule "A twisting warning means starting gradually"
                    @id("twisting-start-gradually")
                    @source("test")
                when
                    Warning( code in ("VIGOROUS_TWISTING", "OVEREXERTION") )
                then
                    insert(new Warning("START_GRADUALLY", "Start gradually."));
                end
                """);
        // the second rule excludes what it inserts (START_GRADUALLY is not in its list): it stops
        String at = rules.position("echo.drl", "new Warning($code", 0);
        assertOnlyProblem(check(rules), "echo.drl:" + at + ": this rule matches the Warning it inserts, so each one it inserts"
                + " makes it fire again and it never stops: add a condition the new Warning does not meet (e.g. code == \"...\"),"
                + " or match it with exists");
    }

    @Test
    void aCodeBoundFromOneListIsNotWrittenIntoAnother() {
        RuleCopy rules = RuleCopy.of(temp).write("cross.drl", """
                package org.backtriage.rules

                import org.backtriage.facts.Warning
                import org.backtriage.facts.ReferralReason

                rule "Every reason is also a warning"
                    @id("reason-as-warning")
                    @source("test")
                when
                    ReferralReason( $code : code )
                then
                    insert(new Warning($code, "See the referral."));
                end
                """);
        String at = rules.position("cross.drl", "$code, \"See", 0);
        assertOnlyProblem(check(rules), "cross.drl:" + at + ": '$code' holds a referral reason code, and a warning code goes"
                + " here: write the warning code in quotes");
    }

    @Test
    void curlyQuotesAreNamed() {
        RuleCopy rules = RuleCopy.of(temp).replace("red-flags.drl", "RedFlags( fever == \"yes\" )", "RedFlags( fever == \u201Cyes\u201D )");
        String open = rules.position("red-flags.drl", "\u201Cyes", 0);
        String close = rules.position("red-flags.drl", "\u201D )", 0);
        RuleCopy.Run run = check(rules);
        String advice = " is not a quote for Drools: type a straight quote \" instead (a word processor changes quotes;"
                + " edit rule files in a plain text editor)";
        assertEquals(List.of("red-flags.drl:" + open + ": the curly quote \u201C" + advice,
                "red-flags.drl:" + close + ": the curly quote \u201D" + advice), problems(run));
    }

    @Test
    void aFileWithoutItsPackageLineIsNamed() {
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", "package org.backtriage.rules\n", "");
        assertOnlyProblem(check(rules), "warnings.drl:1:1: this file has no package line: start it with"
                + " 'package org.backtriage.rules', as the other rule files do");
    }

    @Test
    void aTextNamingNoThresholdIsRefusedAtItsPlace() {
        RuleCopy rules = RuleCopy.of(temp).replace("referral.drl", "Your pain is {severePainScore} or more", "Your pain is {severePain} or more");
        String at = rules.position("referral.drl", "{severePain}", 0);
        assertOnlyProblem(check(rules), "referral.drl:" + at + ": {severePain} names no threshold: did you mean {severePainScore}?"
                + " The thresholds are the fields of Thresholds in thresholds.drl: longestSessionMinutes, severePainScore,"
                + " persistentPainWeeks, youngestAge, youngestForExercises, longestWeekMinutes");
    }

    @Test
    void aRuleThatConcludesNothingAndARuleBaseWithoutItsThresholdsAreReported() {
        RuleCopy rules = RuleCopy.of(temp).replace("thresholds.drl", "    insert(new Thresholds());\n", "");
        String rule = rules.position("thresholds.drl", "rule \"The clinic", 0);
        RuleCopy.Run run = check(rules);
        assertEquals(List.of("thresholds.drl:0:0: no rule inserts the thresholds: add a rule without conditions whose action is"
                        + " insert(new Thresholds());",
                "thresholds.drl:" + rule + ": rule \"The clinic's thresholds apply to every intake\" concludes nothing: after then,"
                        + " a rule only inserts conclusions, one per line, e.g. insert(new Warning(\"CODE\", \"the message\"));"),
                problems(run));
    }

    @Test
    void aColonInAVocabularyTextGivesOneProblemInWordsAndNothingFalseAfterIt() {
        RuleCopy rules = RuleCopy.of(temp).replace("vocabulary.yaml", "dosage: Hold for 5 slow breaths, several times a day",
                "dosage: Light stretching: a few times a day");
        String at = rules.position("vocabulary.yaml", ": a few times", 0);
        assertOnlyProblem(check(rules), "vocabulary.yaml:" + at + ": this text contains ': ': put a text that contains ': ' in"
                + " quotes, e.g. dosage: \"Light stretching: a few times a day and whenever you notice yourself slouching.\"");
    }

    @Test
    void checkRunInsideTheRulesFolderChecksThatFolderNotTheJarsCopy() throws Exception {
        RuleCopy rules = RuleCopy.of(temp).replace("warnings.drl", "new Warning(\"SCREENING_INCOMPLETE\"", "new Warnin(\"SCREENING_INCOMPLETE\"");
        RuleCopy.Run inside = backtriage(rules.root, "check");
        assertEquals(1, inside.exit(), inside.out() + inside.err());
        assertTrue(inside.out().startsWith("warnings.drl:"), inside.out());
        assertTrue(inside.out().contains("1 problem(s)"), inside.out());

        Path empty = Files.createDirectories(temp.resolve("elsewhere"));
        RuleCopy.Run nowhere = backtriage(empty, "check");
        assertEquals(2, nowhere.exit(), nowhere.out() + nowhere.err());
        assertTrue(nowhere.err().contains("no rules folder: looked for " + empty.toRealPath().resolve("rules")), nowhere.err());
    }

    /** backtriage in its own JVM, run from {@code folder} (a JVM cannot change its own working folder). */
    private static RuleCopy.Run backtriage(Path folder, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "org.backtriage.cli.Main"));
        command.addAll(List.of(args));
        Path err = Files.createTempFile(folder, "stderr", ".txt");
        Process process = new ProcessBuilder(command).directory(folder.toFile()).redirectError(err.toFile()).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "backtriage " + String.join(" ", args) + " did not finish");
        String said = Files.readString(err);
        Files.delete(err);
        return new RuleCopy.Run(process.exitValue(), out, said);
    }

    private static String at(RuleCopy rules, String needle, String message) {
        return "red-flags.drl:" + rules.position("red-flags.drl", needle, 0) + ": " + message;
    }
}
