package org.backtriage.engine;

import org.backtriage.Engines;
import org.backtriage.FaultyRules;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RuleBaseCacheTest {
    @TempDir
    Path temp;

    @Test
    void theSameFilesCompileOnceAndAChangedFileCompilesAgain() throws IOException {
        Path rules = copyOfFrozenRules();
        RuleBaseCache cache = new RuleBaseCache(4);
        TriageEngine first = cache.engine(RuleFiles.fromFolder(rules));
        assertSame(first, cache.engine(RuleFiles.fromFolder(rules)), "same text: the compiled engine is reused");

        Path thresholds = rules.resolve("thresholds.drl");
        Files.writeString(thresholds, Files.readString(thresholds) + "\n// a comment changes the text\n");
        TriageEngine edited = cache.engine(RuleFiles.fromFolder(rules));
        assertNotSame(first, edited, "an edited file is compiled again, never served from the cache");
        assertEquals(2, cache.size());
    }

    @Test
    void aRuleBaseThatDoesNotCompileIsNeverKept() throws IOException {
        Path rules = copyOfFrozenRules();
        Files.writeString(rules.resolve("broken.drl"), "package rules;\nrule \"half a rule\"\nwhen\n");
        RuleBaseCache cache = new RuleBaseCache(4);
        RuleFiles broken = RuleFiles.fromFolder(rules);
        assertThrows(RuleBaseException.class, () -> cache.engine(broken));
        assertThrows(RuleBaseException.class, () -> cache.engine(broken), "refused again, not remembered as good");
        assertEquals(0, cache.size());
    }

    @Test
    void theLeastRecentlyUsedIsDroppedPastTheCapacity() throws IOException {
        Path a = copyOfFrozenRules();
        Path b = copyOfFrozenRules();
        RuleBaseCache cache = new RuleBaseCache(1);
        TriageEngine first = cache.engine(RuleFiles.fromFolder(a));
        cache.engine(RuleFiles.fromFolder(b)); // another folder: another key
        assertEquals(1, cache.size());
        assertNotSame(first, cache.engine(RuleFiles.fromFolder(a)), "dropped, so compiled again");
    }

    private Path copyOfFrozenRules() throws IOException {
        return FaultyRules.copy(Engines.FROZEN_RULES, Files.createTempDirectory(temp, "copy"));
    }
}
