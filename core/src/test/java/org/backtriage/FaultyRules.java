package org.backtriage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A copy of the frozen rules of the tests in a temporary folder with one extra rule file holding a faulty rule, the
 * way a rule author's slip reaches the engine. The shipped rules are never touched.
 */
public final class FaultyRules {
    /** The id of the rule with the slip the issue reports (and of the rule in {@link #THROWS_AN_ERROR}). */
    public static final String RULE_ID = "test-faulty-rule";
    /** The id of the rule in {@link #FAULTY} whose condition throws for the intake with id {@code condition-fails}. */
    public static final String CONDITION_RULE_ID = "test-condition-fails";

    /**
     * Faulty rules in one file (one rule base build for many tests), written in the only form check lets a
     * rule have (conditions compare fields, actions insert conclusions), so they reach the engine: the slip
     * the issue reports, a rule that puts durationWeeks, which an intake may leave out, into a number field
     * (every intake without a duration but {@code condition-fails}); and a rule whose condition does
     * arithmetic on the missing duration (the intake {@code condition-fails}, when it has no duration).
     * A rule that throws an Error cannot be written so: see {@link #THROWS_AN_ERROR}.
     */
    public static final String FAULTY = """
            package org.backtriage.rules

            import org.backtriage.intake.Intake

            declare DurationSeen
                weeks : double
            end

            rule "Test: reads the duration even when it is missing"
                @id("%s")
                @source("test: a rule with a bug")
            when
                Intake( id != "condition-fails", $weeks : durationWeeks )
            then
                insert(new DurationSeen($weeks));
            end

            rule "Test: a condition that throws"
                @id("%s")
                @source("test: a rule with a bug")
            when
                Thresholds( $weeks : persistentPainWeeks )
                Intake( id == "condition-fails", durationWeeks * durationWeeks >= $weeks )
            then
                insert(new DurationSeen($weeks));
            end
            """.formatted(RULE_ID, CONDITION_RULE_ID);

    /**
     * A rule whose consequence would throw an Error for every intake. check refuses it (a rule's actions only
     * insert conclusions), so it never reaches an engine.
     */
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

    /** {@code parent/rules}: the frozen rules of the tests plus {@code faulty.drl} holding {@code drl}. */
    public static Path copyWith(Path parent, String drl) {
        Path root = copy(Engines.FROZEN_RULES, parent);
        write(root.resolve("faulty.drl"), drl);
        return root;
    }

    /** {@code parent/rules}: a copy of the rule base in {@code shipped} (its scenarios included). */
    public static Path copy(Path shipped, Path parent) {
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
