package org.backtriage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of the shipped rules/ in a temporary folder with one extra rule file holding a faulty rule, the
 * way a rule author's slip reaches the engine. The shipped rules are never touched.
 */
public final class FaultyRules {
    /** The id of the rule with the slip the issue reports (and of the rule in {@link #THROWS_AN_ERROR}). */
    public static final String RULE_ID = "test-faulty-rule";
    /** The id of the rule in {@link #FAULTY} that throws an Error for the intake with id {@code throws-an-error}. */
    public static final String ERROR_RULE_ID = "test-throws-an-error";
    /** The id of the rule in {@link #FAULTY} whose condition throws for the intake with id {@code condition-fails}. */
    public static final String CONDITION_RULE_ID = "test-condition-fails";

    /**
     * Three faulty rules in one file (one rule base build for many tests): the slip the issue reports, a rule
     * that reads durationWeeks, which an intake may leave out (every intake without a duration); a rule
     * whose consequence throws an Error (the intake {@code throws-an-error}); a rule whose condition throws
     * (the intake {@code condition-fails}).
     */
    public static final String FAULTY = """
            package org.backtriage.rules

            import org.backtriage.intake.Intake

            rule "Test: reads the duration even when it is missing"
                @id("%s")
                @source("test: a rule with a bug")
            when
                $intake : Intake()
            then
                double weeks = $intake.durationWeeks(); // unboxing a missing duration throws
            end

            rule "Test: throws an Error"
                @id("%s")
                @source("test: a rule with a bug")
            when
                $intake : Intake( id == "throws-an-error" )
            then
                throw new AssertionError("a rule's Error");
            end

            rule "Test: a condition that throws"
                @id("%s")
                @source("test: a rule with a bug")
            when
                $intake : Intake( id == "condition-fails" )
                eval( $intake.redFlags().get("no-such-flag").isEmpty() )
            then
            end
            """.formatted(RULE_ID, ERROR_RULE_ID, CONDITION_RULE_ID);

    /** A rule whose consequence throws an Error for every intake (so every scenario fails on it). */
    public static final String THROWS_AN_ERROR = """
            package org.backtriage.rules

            import org.backtriage.intake.Intake

            rule "Test: throws an Error"
                @id("%s")
                @source("test: a rule with a bug")
            when
                $intake : Intake()
            then
                if ($intake.id() != null) {
                    throw new AssertionError("a rule's Error");
                }
            end
            """.formatted(RULE_ID);

    private FaultyRules() {
    }

    /** {@code parent/rules}: the shipped rules plus {@code faulty.drl} holding {@code drl}. */
    public static Path copyWith(Path parent, String drl) {
        Path root = copyShipped(parent);
        write(root.resolve("faulty.drl"), drl);
        return root;
    }

    /** {@code parent/rules}: a copy of the shipped rules. */
    public static Path copyShipped(Path parent) {
        Path shipped = Path.of("rules");
        Path root = parent.resolve("rules");
        try (Stream<Path> paths = Files.walk(shipped)) {
            for (Path source : paths.toList()) {
                Path target = root.resolve(shipped.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return root;
    }

    public static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
