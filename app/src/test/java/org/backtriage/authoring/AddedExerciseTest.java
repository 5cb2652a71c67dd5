package org.backtriage.authoring;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a physiotherapist does to add an exercise: its vocabulary entry, a rule that suggests it, and a
 * scenario that shows it. With those, check is clean, every scenario passes and fires every rule, and
 * (the {@code build} test, run with {@code mvn -Pbuild-check verify}) the whole project's build stays
 * green: no test pins the size of the rule base or demands a Java test per rule.
 */
class AddedExerciseTest {
    // what the build reads: the release zip holds the launcher (backtriage) beside the jar
    private static final Set<String> PROJECT = Set.of("pom.xml", ".mvn", "core", "fhir", "pages", "server", "app", "spark", "rules", "fixtures", "README.md",
            "backtriage");

    @TempDir
    Path temp;

    /** Adds the cat-camel stretch for a sore mid or lower back to the rules folder {@code rules}. */
    static void addCatCamel(Path rules) {
        edit(rules.resolve("vocabulary.yaml"), "\nwarnings:\n", "\n  cat-camel:\n    name: Cat-camel stretch\n"
                + "    dosage: Light, ten slow movements, a few times a day.\n"
                + "    instructions: On hands and knees, slowly round your back up towards the ceiling, then let it sag gently; keep the movement small and comfortable.\n"
                + "\nwarnings:\n");
        append(rules.resolve("exercise-suitability.drl"), """

                rule "The cat-camel stretch eases a sore mid or lower back"
                    @id("cat-camel-for-mid-lower-back")
                    @source("Clinic protocol: cat-camel mobility exercise (the clinic's addition, not from the article)")
                when
                    exists Soreness( region in ('mid_back', 'lower_back') )
                then
                    insert(new ExerciseSuggestion('cat-camel'));
                end
                """);
        write(rules.resolve("scenarios/cat-camel-for-a-sore-lower-back.yaml"), """
                name: The cat-camel stretch is offered for a sore lower back
                intake: {}
                expect:
                  referral: none
                  exercises:
                    cat-camel: recommended
                    toe-reach: recommended
                """);
        write(rules.resolve("scenarios/cat-camel-not-for-the-upper-back.yaml"), """
                name: The cat-camel stretch is not offered for an upper back alone
                intake:
                  regions: [upper_back]
                expect:
                  exercises:
                    cat-camel: absent
                """);
    }

    /**
     * Adds the pelvic tilt for a sore lower back to the rules folder {@code rules}, in a rule file of its own
     * (the build test's exercise: the project's own tests then add theirs on top of it).
     */
    static void addPelvicTilt(Path rules) {
        edit(rules.resolve("vocabulary.yaml"), "\nwarnings:\n", "\n  pelvic-tilt:\n    name: Pelvic tilt\n"
                + "    dosage: Ten slow tilts, once or twice a day.\n"
                + "    instructions: Lie on your back with your knees bent, flatten your lower back against the floor by tightening your stomach, hold for a breath, then relax.\n"
                + "\nwarnings:\n");
        write(rules.resolve("clinic-additions.drl"), """
                package org.backtriage.rules

                import org.backtriage.facts.Soreness
                import org.backtriage.facts.ExerciseSuggestion

                // The clinic's own additions to the article's exercises.

                rule "A pelvic tilt eases a sore lower back"
                    @id("pelvic-tilt-for-lower-back")
                    @source("Clinic protocol: pelvic tilt (the clinic's addition, not from the article)")
                when
                    exists Soreness( region == "lower_back" )
                then
                    insert(new ExerciseSuggestion("pelvic-tilt"));
                end
                """);
        write(rules.resolve("scenarios/pelvic-tilt-for-a-sore-lower-back.yaml"), """
                name: The pelvic tilt is offered for a sore lower back
                intake: {}
                expect:
                  referral: none
                  exercises:
                    pelvic-tilt: recommended
                """);
    }

    @Test
    void checkAndTestCoverageAreGreenWithTheNewExercise() {
        RuleCopy rules = RuleCopy.ofShipped(temp);
        addCatCamel(rules.root);
        RuleCopy.Run check = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(0, check.exit(), check.out() + check.err());
        RuleCopy.Run test = RuleCopy.cli("test", "--rules", rules.root.toString(), "--coverage");
        assertEquals(0, test.exit(), test.out() + test.err());
        Matcher passed = Pattern.compile("(\\d+) scenario\\(s\\): (\\d+) passed, 0 failed").matcher(test.out());
        assertTrue(passed.find() && passed.group(1).equals(passed.group(2)), test.out());
        Matcher covered = Pattern.compile("coverage: (\\d+) of (\\d+) rules fired").matcher(test.out());
        assertTrue(covered.find() && covered.group(1).equals(covered.group(2)), test.out());
    }

    /** Minutes: builds and tests a copy of the whole project with Maven. Run with mvn -Pbuild-check verify. */
    @Test
    @Tag("build")
    void theWholeBuildStaysGreenWithTheNewExercise() throws Exception {
        Path project = temp.resolve("project");
        for (String top : PROJECT) {
            copy(Path.of(top), project.resolve(top));
        }
        // a clone: the rules as they were are the last commit (impact --before HEAD compares with it)
        git(project, "init", "-q");
        git(project, "add", "-A");
        git(project, "-c", "user.name=test", "-c", "user.email=test@example.org", "commit", "-q", "-m", "the project as shipped");
        addPelvicTilt(project.resolve("rules"));
        RuleCopy.Run check = RuleCopy.cli("check", "--rules", project.resolve("rules").toString());
        assertEquals(0, check.exit(), check.out() + check.err());
        Path log = temp.resolve("mvn.log");
        Process mvn = new ProcessBuilder("mvn", "-B", "-q", "-o", "verify").directory(project.toFile())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        assertTrue(mvn.waitFor(20, TimeUnit.MINUTES), "mvn verify did not finish in 20 minutes");
        List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
        assertEquals(0, mvn.exitValue(), String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size())));
    }

    private static void git(Path folder, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process git = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true).start();
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, git.waitFor(), "git " + String.join(" ", args) + ": " + out);
    }

    private static void copy(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(source, target);
                }
            }
        }
    }

    private static void edit(Path file, String from, String to) {
        String text = read(file);
        assertTrue(text.contains(from), file + " no longer contains: " + from);
        write(file, text.replaceFirst(Pattern.quote(from), Matcher.quoteReplacement(to)));
    }

    private static void append(Path file, String text) {
        write(file, read(file) + text);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
