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
        RuleCopy rules = RuleCopy.of(temp);
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
        assertEquals(8, applied.size(), "the README's worked example has six rule edits, an intake and an output: " + applied);

        RuleCopy.Run check = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(0, check.exit(), check.out() + check.err());
        assertEquals("checked 10 file(s), 43 rule(s): no problems\n", check.out());
        assertTrue(readme.contains(check.out().strip()), "the README quotes check's output");

        RuleCopy.Run test = RuleCopy.cli("test", "--rules", rules.root.toString(), "--coverage");
        assertEquals(0, test.exit(), test.out() + test.err());
        assertTrue(test.out().contains("PASS knee-to-chest-with-osteoporosis.yaml"), test.out());
        assertTrue(test.out().contains("67 scenario(s): 67 passed, 0 failed"), test.out());
        assertTrue(test.out().contains("coverage: 43 of 43 rules fired in at least one scenario"), test.out());

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
        assertTrue(readme.contains(problem), "README step 4 shows: " + problem);
    }
}
