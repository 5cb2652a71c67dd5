package org.backtriage.authoring;

import org.backtriage.cli.ServeCommandAccess;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.backtriage.authoring.CheckCommandTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 21: Java's compiler decodes unicode escapes before it reads a consequence, so an escape can hide
 * code from {@code check}. Each form the issue reports (and the variants it names) is refused by
 * {@code check}, by {@code evaluate}, by the engine and by {@code serve}'s reload gate, at the escape's
 * file, line and column, and the code it hides never runs: the sentinel file is never created.
 */
class UnicodeEscapeTest {
    private static final String BS = "\\";
    private static final String WARNING = "insertLogical(new Warning(\"TECHNIQUE_GUIDANCE\",";

    @TempDir
    Path temp;

    private Path sentinel() {
        return temp.resolve("sentinel");
    }

    private String createSentinel() {
        return "new java.io.File(\"" + sentinel() + "\").createNewFile();";
    }

    @AfterEach
    void codeNeverRan() {
        assertFalse(Files.exists(sentinel()), "the hidden code ran: " + sentinel() + " was created");
    }

    /** Puts {@code edit} in place of the technique warning's insert line and checks every door refuses it. */
    private void refusedEverywhere(String from, String edit, String escape) throws Exception {
        RuleCopy rules = RuleCopy.of(temp).replace("exercise-warnings.drl", from, edit);
        String at = rules.position("exercise-warnings.drl", escape, 0);
        String expected = "exercise-warnings.drl:" + at + ": the escape " + escape + " is not allowed in a rule file";

        RuleCopy.Run check = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, check.exit(), check.out() + check.err());
        assertTrue(problems(check).stream().anyMatch(p -> p.startsWith(expected)), "expected " + expected + " in\n" + check.out());
        assertTrue(problems(check).stream().allMatch(p -> p.contains(": the escape " + BS + "u")),
                "only the escapes are reported:\n" + check.out());

        RuleCopy.Run evaluate = RuleCopy.cli("evaluate", "--quiet", "--rules", rules.root.toString(), "fixtures/clinic-a.json");
        assertEquals(2, evaluate.exit(), evaluate.err());
        assertTrue(evaluate.err().contains(expected), evaluate.err());
        assertEquals("", evaluate.out(), "no record is assessed with the refused rules");

        assertThrows(RuleBaseException.class, () -> TriageEngine.from(RuleFiles.fromFolder(rules.root)));
        RuleBaseException reload = assertThrows(RuleBaseException.class,
                () -> ServeCommandAccess.compileAndTest(RuleFiles.fromFolder(rules.root), rules.root));
        assertTrue(reload.getMessage().contains("the escape " + escape), reload.getMessage());
    }

    @Test
    void aLineBreakEscapeInACommentIsRefused() throws Exception {
        String escape = BS + "u000a";
        refusedEverywhere(WARNING, "insertLogical(new Warning(\"OVEREXERTION\", \"ok\")); // harmless note " + escape + " "
                + createSentinel() + "\n    " + WARNING, escape);
    }

    @Test
    void aQuoteEscapeInsideATextIsRefused() throws Exception {
        quoteBreaksOutOfAText(BS + "u0022");
    }

    /** The second form: the escape closes the text, the code runs as part of the message, a quote reopens it. */
    private void quoteBreaksOutOfAText(String q) throws Exception {
        refusedEverywhere(WARNING, "insertLogical(new Warning(\"OVEREXERTION\", \"x" + q + " + " + createSentinel().replace("\"", q)
                .replace(";", "") + " + " + q + "y\"));\n    " + WARNING, q);
    }

    @Test
    void aCarriageReturnEscapeInACommentIsRefused() throws Exception {
        String escape = BS + "u000d";
        refusedEverywhere(WARNING, "// a note " + escape + " " + createSentinel() + "\n    " + WARNING, escape);
    }

    @Test
    void anEscapeWithSeveralUsIsRefused() throws Exception {
        quoteBreaksOutOfAText(BS + "uuuu0022");
    }

    @Test
    void anEscapeInABlockCommentIsRefused() throws Exception {
        String end = BS + "u002a/";
        refusedEverywhere(WARNING, "/* a note " + end + " " + createSentinel() + " /* */\n    " + WARNING, BS + "u002a");
    }

    @Test
    void anEscapeInAConditionTextIsRefused() throws Exception {
        String escape = BS + "u0065";
        refusedEverywhere("Routine( hadTechniqueInstruction != true )",
                "Routine( hadTechniqueInstruction != true, twisting != \"nev" + escape + "r\" )", escape);
    }

    @Test
    void anEscapeInAnAnnotationIsRefused() throws Exception {
        String escape = BS + "u0022";
        String text = Files.readString(RuleCopy.FROZEN.resolve("exercise-warnings.drl"));
        int id = text.indexOf("@source(\"", text.indexOf("@id(\"warn-technique"));
        String source = text.substring(id, text.indexOf('\n', id));
        refusedEverywhere(source, "@source(\"article" + escape + ")\")", escape);
    }

    @Test
    void anEscapeThatJavaWouldNotDecodeIsStillRefused() throws Exception {
        // after an even run of backslashes Java leaves the escape as text; refused all the same, so nobody
        // has to count backslashes to know what a rule means
        String escape = BS + "u0041";
        refusedEverywhere(WARNING, "insertLogical(new Warning(\"OVEREXERTION\", \"a " + BS + escape + "\"));\n    " + WARNING, escape);
    }

    @Test
    void anMvelDialectIsRefused() {
        // MVEL actions would be read by another language than the Java parser that checks them
        RuleCopy rules = RuleCopy.of(temp).replace("exercise-warnings.drl", "when\n    exists OpenExercise()\n    Routine( hadTechniqueInstruction",
                "    dialect \"mvel\"\nwhen\n    exists OpenExercise()\n    Routine( hadTechniqueInstruction");
        RuleCopy.Run check = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, check.exit(), check.out());
        assertTrue(check.out().contains("dialect \"mvel\" is not used in this rule base"), check.out());
    }
}
