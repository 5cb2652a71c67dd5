package org.backtriage.properties;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Intake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: a rule file written in the allowed subset (an annotation, a condition comparing a field to a
 * text, an insert of a warning, a comment) with unicode escapes put at random into its texts and comments,
 * each escape followed by code that creates a sentinel file, is never loaded, and the code never runs: the
 * rule base is refused naming the escape, and were it ever accepted, an intake is assessed with it (so a
 * rule that slipped through would fire) before the sentinel is looked for.
 */
class UnicodeEscapePropertiesTest {
    private static final String BS = "\\";
    private static Path folder;
    private static Path sentinel;
    private static String vocabulary;
    private static String thresholds;

    @BeforeContainer
    static void setUp() throws IOException {
        folder = Files.createTempDirectory("backtriage-escapes");
        sentinel = folder.resolve("sentinel");
        vocabulary = Files.readString(Path.of("core/src/test/frozen-rules", RuleFiles.VOCABULARY));
        thresholds = Files.readString(Path.of("core/src/test/frozen-rules", "thresholds.drl"));
    }

    @AfterContainer
    static void tearDown() throws IOException {
        Files.deleteIfExists(sentinel);
        Files.deleteIfExists(folder);
    }

    /** One escape as an attacker might write it: backslashes, one or more u, four hex digits. */
    @Provide
    Arbitrary<String> escapes() {
        Arbitrary<String> backslashes = Arbitraries.integers().between(1, 3).map(BS::repeat);
        Arbitrary<String> us = Arbitraries.integers().between(1, 4).map("u"::repeat);
        Arbitrary<String> hex = Arbitraries.oneOf(
                Arbitraries.of("000a", "000A", "000d", "0022", "0027", "002a", "002f", "005c", "003b", "0029"),
                Arbitraries.strings().withChars("0123456789abcdefABCDEF").ofLength(4));
        return Combinators.combine(backslashes, us, hex).as((b, u, h) -> b + u + h);
    }

    /** Code that would create the sentinel, its quotes written as {@code quote}. */
    private static String payload(String quote) {
        return "new java.io.File(" + quote + sentinel + quote + ").createNewFile()";
    }

    @Property
    void escapesNeverRunCode(@ForAll("escapes") String inAnnotation, @ForAll("escapes") String inCondition,
                             @ForAll("escapes") String inMessage, @ForAll("escapes") String inComment,
                             @ForAll("slots") List<Boolean> used) {
        // at least one slot holds an escape (the last slot, the comment, when none was drawn)
        boolean none = !used.contains(true);
        String annotation = used.get(0) ? "article " + inAnnotation + " " + payload(inAnnotation) : "article";
        String condition = used.get(1) ? "x" + inCondition + " || " + payload(inCondition) + " || " + inCondition : "x";
        String message = used.get(2) ? "ok" + inMessage + " + " + payload(inMessage) + " + " + inMessage : "ok";
        String comment = used.get(3) || none ? "note " + inComment + " " + payload("\"") + ";" : "note";
        String drl = """
                package org.backtriage.rules

                import org.backtriage.intake.Intake
                import org.backtriage.facts.Warning

                rule "Test: a rule with escapes"
                    @id("test-escapes")
                    @source("%s")
                when
                    Intake( id != "%s" )
                then
                    insert(new Warning("OVEREXERTION", "%s")); // %s
                end
                """.formatted(annotation, condition, message, comment);
        Map<String, String> files = new TreeMap<>(Map.of(RuleFiles.VOCABULARY, vocabulary, "thresholds.drl", thresholds,
                "escapes.drl", drl));
        try {
            TriageEngine engine = TriageEngine.from(new RuleFiles("generated", new TreeMap<>(files)));
            engine.assess(anyIntake());
            assertFalse(Files.exists(sentinel), "the hidden code ran for\n" + drl);
            throw new AssertionError("a rule file with a unicode escape was accepted:\n" + drl);
        } catch (RuleBaseException refused) {
            assertTrue(refused.problems().stream().anyMatch(p -> p.file().equals("escapes.drl")
                    && p.message().startsWith("the escape " + BS + "u")), refused.getMessage());
            assertTrue(refused.problems().stream().allMatch(p -> p.message().startsWith("the escape ")), refused.getMessage());
        }
        assertFalse(Files.exists(sentinel), "the hidden code ran for\n" + drl);
    }

    @Provide
    Arbitrary<List<Boolean>> slots() {
        return Arbitraries.of(true, false).list().ofSize(4);
    }

    private static Intake anyIntake() {
        return new Intake("p1", 40, List.of("lower_back"), 3, null, null, false, List.of(), Map.of(), null);
    }
}
