package org.backtriage.authoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Follows rules/README.md as a new rule author would: applies the worked example's blocks, exactly as the
 * README shows them, to a copy of the rules, then runs check and test --coverage. If the README and the
 * rules drift apart, this fails.
 */
class ReadmeWorkedExampleTest {
    private static final Pattern STEP = Pattern.compile("<!-- example: (.+?) -->\\n```[a-z]*\\n(.*?)```", Pattern.DOTALL);
    private static final Pattern BEFORE = Pattern.compile("before \"(.+)\" in (\\S+)");
    private static final Pattern APPEND = Pattern.compile("append to (\\S+)");
    private static final Pattern REPLACE_LINE = Pattern.compile("replace the line with \"(.+)\" in (\\S+)");
    private static final Pattern NEW = Pattern.compile("new (\\S+)");
    private static final Pattern OUTPUT = Pattern.compile("output of explain intake.json --exercise (\\S+)");

    @TempDir
    Path temp;

    @Test
    void addingALowerBackExerciseAsTheReadmeSaysPassesCheckAndTest() throws IOException {
        String readme = Files.readString(RuleCopy.SHIPPED.resolve("README.md"));
        RuleCopy rules = RuleCopy.ofShipped(temp);
        List<String> applied = new ArrayList<>();
        List<String[]> explained = new ArrayList<>();
        Matcher step = STEP.matcher(readme);
        while (step.find()) {
            String action = step.group(1);
            String block = step.group(2);
            Matcher m;
            if ((m = BEFORE.matcher(action)).matches()) {
                rules.replace(m.group(2), "\n" + m.group(1) + "\n", "\n" + block + "\n" + m.group(1) + "\n");
            } else if ((m = APPEND.matcher(action)).matches()) {
                rules.write(m.group(1), rules.read(m.group(1)) + "\n" + block);
            } else if ((m = REPLACE_LINE.matcher(action)).matches()) {
                String marker = m.group(1).replace("\\\"", "\"");
                String file = m.group(2);
                String line = rules.read(file).lines().filter(l -> l.contains(marker)).findFirst().orElseThrow(
                        () -> new AssertionError(file + " has no line with " + marker));
                rules.replace(file, line + "\n", block);
            } else if (action.equals("intake.json")) {
                Files.writeString(temp.resolve("intake.json"), block);
            } else if ((m = OUTPUT.matcher(action)).matches()) {
                explained.add(new String[] {m.group(1), block});
            } else if ((m = NEW.matcher(action)).matches()) {
                assertTrue(!Files.exists(rules.root.resolve(m.group(1))), m.group(1) + " already exists");
                rules.write(m.group(1), block);
            } else {
                throw new AssertionError("README step not understood: " + action);
            }
            applied.add(action);
        }
        assertEquals(10, applied.size(), "the README's worked example has eight rule edits, an intake and an output: " + applied);

        RuleCopy.Run check = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(0, check.exit(), check.out() + check.err());
        assertTrue(check.out().matches("checked \\d+ file\\(s\\), \\d+ rule\\(s\\): no problems\n"), check.out());

        RuleCopy.Run test = RuleCopy.cli("test", "--rules", rules.root.toString(), "--coverage", "--verbose");
        assertEquals(0, test.exit(), test.out() + test.err());
        assertTrue(test.out().contains("PASS knee-to-chest-with-osteoporosis.yaml"), test.out());
        assertTrue(test.out().contains("PASS knee-to-chest-in-pregnancy.yaml"), test.out());
        // counted, not pinned: a rule or scenario the clinic adds keeps this test true
        java.util.regex.Matcher passed = java.util.regex.Pattern.compile("(\\d+) scenario\\(s\\): (\\d+) passed, 0 failed").matcher(test.out());
        assertTrue(passed.find() && passed.group(1).equals(passed.group(2)), test.out());
        java.util.regex.Matcher covered = java.util.regex.Pattern.compile("coverage: (\\d+) of (\\d+) rules fired").matcher(test.out());
        assertTrue(covered.find() && covered.group(1).equals(covered.group(2)), test.out());

        // step 1: the dose names the longest session, and the person reads the clinic's number
        String quoted = "Light stretching, a few times a day; keep each session under 30 minutes.";
        assertTrue(readme.contains("reads \"" + quoted + "\""), "README step 1 quotes the dose as the person reads it");
        org.backtriage.engine.TriageEngine engine = org.backtriage.engine.TriageEngine.fromFolder(rules.root);
        org.backtriage.assessment.Assessment allClear = engine.assess(((org.backtriage.intake.ValidationResult.Valid)
                new org.backtriage.intake.IntakeValidator().validate(ScenarioLoader.allClearIntake())).intake());
        assertEquals(quoted, allClear.exercises().stream().filter(e -> e.id().equals("knee-to-chest")).findFirst()
                .orElseThrow().dosage());

        // step 7: explain prints what the README shows
        assertEquals(1, explained.size());
        RuleCopy.Run explain = RuleCopy.cli("explain", "--rules", rules.root.toString(), temp.resolve("intake.json").toString(),
                "--exercise", explained.get(0)[0]);
        assertEquals(0, explain.exit(), explain.err());
        assertEquals(explained.get(0)[1], explain.out());

        // the mistake the README shows in step 4 is reported as it says
        rules.replace("exercise-suitability.drl", "new ExerciseSuggestion(\"knee-to-chest\")", "new ExerciseSuggestion(\"knee-to-chest-stretch\")");
        RuleCopy.Run mistake = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, mistake.exit());
        String problem = mistake.out().lines().findFirst().orElseThrow();
        // the line and column depend on how many rules the clinic has added above: they are not compared
        assertTrue(withoutPlace(readme).contains(withoutPlace(problem)), "README step 4 shows: " + problem);

        // section 2: a misspelt threshold name in a text is refused at its line, as the README shows
        rules.replace("exercise-suitability.drl", "new ExerciseSuggestion(\"knee-to-chest-stretch\")", "new ExerciseSuggestion(\"knee-to-chest\")");
        // the README's own example text (step 1), so no edit of the shipped vocabulary changes what is misspelt
        rules.replace("vocabulary.yaml", "keep each session under {longestSessionMinutes} minutes", "keep each session under {longestSessionMinute} minutes");
        RuleCopy.Run misspelt = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, misspelt.exit(), misspelt.out());
        String first = misspelt.out().lines().findFirst().orElseThrow();
        assertTrue(first.startsWith("vocabulary.yaml:") && first.contains("{longestSessionMinute} is not a threshold"), misspelt.out());
        assertTrue(withoutPlace(readme).contains(withoutPlace(first.substring(0, first.indexOf("; ")) + "; ...")),
                "README section 2 shows: " + first);
    }

    /** The text with every FILE:LINE:COLUMN place reduced to FILE:L:C. */
    private static String withoutPlace(String text) {
        return text.replaceAll("(\\.drl|\\.yaml):\\d+:\\d+:", "$1:L:C:");
    }
}
