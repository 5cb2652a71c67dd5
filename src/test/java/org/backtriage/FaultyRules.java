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
    /** The id of the faulty rule every file below declares. */
    public static final String RULE_ID = "test-faulty-rule";

    /**
     * A rule with the slip the issue reports, in the only form check lets a rule have (it inserts a
     * conclusion): it puts durationWeeks, which an intake may leave out, into a number field, and a missing
     * duration cannot become a number.
     */
    public static final String READS_MISSING_DURATION = """
            package org.backtriage.rules

            import org.backtriage.intake.Intake

            declare DurationSeen
                weeks : double
            end

            rule "Test: reads the duration even when it is missing"
                @id("%s")
                @source("test: a rule with a bug")
            when
                Intake( $weeks : durationWeeks )
            then
                insert(new DurationSeen($weeks));
            end
            """.formatted(RULE_ID);

    /**
     * A rule whose consequence would throw an Error (not an Exception). check refuses it (a rule's actions
     * only insert conclusions), so it never reaches an engine: it cannot be loaded to throw.
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

    /** A rule whose condition (not its consequence) throws when the duration is missing: arithmetic on null. */
    public static final String CONDITION_THROWS = """
            package org.backtriage.rules

            import org.backtriage.intake.Intake

            declare DurationSeen
                weeks : double
            end

            rule "Test: a condition that reads the missing duration"
                @id("%s")
                @source("test: a rule with a bug")
            when
                Thresholds( $weeks : persistentPainWeeks )
                Intake( durationWeeks * durationWeeks >= $weeks )
            then
                insert(new DurationSeen($weeks));
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
