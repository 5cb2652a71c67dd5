package org.backtriage.authoring;

import org.backtriage.cli.ServeCommandAccess;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22: a rule file that cannot be read fails closed. A dangling red-flags.drl was skipped, and a cauda
 * equina emergency came out as no referral; now every door refuses the rule base, naming the file.
 */
class UnreadableRuleFileTest {
    @TempDir
    Path temp;

    @Test
    void aRedFlagFileThatIsALinkToNothingIsRefusedEverywhere() throws Exception {
        RuleCopy rules = RuleCopy.of(temp);
        Path redFlags = rules.root.resolve("red-flags.drl");
        String versionBefore = RuleFiles.fromFolder(rules.root).version();
        Files.delete(redFlags);
        Files.createSymbolicLink(redFlags, temp.resolve("gone/red-flags.drl"));
        String refusal = "red-flags.drl:0:0: this rule file cannot be read: it is a link to a file that does not exist.";

        RuleCopy.Run check = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, check.exit(), check.out());
        assertTrue(check.out().startsWith(refusal), check.out());

        Path intake = temp.resolve("cauda-equina.json");
        Files.writeString(intake, "{\"id\":\"p1\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":5,"
                + "\"redFlags\":{\"saddleNumbness\":\"yes\"}}");
        RuleCopy.Run evaluate = RuleCopy.cli("evaluate", "--quiet", "--rules", rules.root.toString(), intake.toString());
        assertEquals(2, evaluate.exit(), evaluate.err());
        assertEquals("", evaluate.out(), "nothing is assessed without the red-flag rules");
        assertTrue(evaluate.err().contains(refusal), evaluate.err());

        assertThrows(RuleBaseException.class, () -> TriageEngine.fromFolder(rules.root));
        assertThrows(RuleBaseException.class, () -> ServeCommandAccess.compileAndTest(RuleFiles.fromFolder(rules.root), rules.root));
        // a watcher sees the change (the version moves) and so tries, and refuses, the broken rule base
        assertNotEquals(versionBefore, RuleFiles.fromFolder(rules.root).version());
    }

    @Test
    void aFolderNamedLikeARuleFileIsRefused() throws Exception {
        RuleCopy rules = RuleCopy.of(temp);
        Files.createDirectories(rules.root.resolve("extra.drl"));
        RuleCopy.Run check = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, check.exit(), check.out());
        assertTrue(check.out().startsWith("extra.drl:0:0: this rule file cannot be read: it is not a file."), check.out());
    }
}
