package org.backtriage.pages;

import org.backtriage.assessment.Assessment;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Outcome;
import org.backtriage.intake.FieldError;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One page per record: names made safely from intake ids, never outside the folder, never overwriting. */
class HandoutFolderTest {
    @TempDir
    Path dir;

    @Test
    void namesKeepPlainIdsAndMakeAnythingElseSafe() {
        assertEquals("a-all-clear_lower.back", HandoutFolder.safeName("a-all-clear_lower.back", 1));
        assertEquals("etc_passwd", HandoutFolder.safeName("../../etc/passwd", 1));
        assertEquals("script_alert_1_script", HandoutFolder.safeName("<script>alert(1)</script>", 1));
        assertEquals("record-7", HandoutFolder.safeName("..", 7));
        assertEquals("record-8", HandoutFolder.safeName("/", 8));
        assertEquals("record-9", HandoutFolder.safeName(null, 9));
        assertEquals("record-10", HandoutFolder.safeName("ÆØÅ", 10));
        assertEquals("C_Windows_x", HandoutFolder.safeName("C:\\Windows\\x", 1));
        assertEquals("record-CON", HandoutFolder.safeName("CON", 1));
        assertEquals("record-nul.txt", HandoutFolder.safeName("nul.txt", 1));
        assertEquals(HandoutFolder.LONGEST_NAME, HandoutFolder.safeName("x".repeat(5000), 1).length());
        assertEquals("a_b", HandoutFolder.safeName("a \n\t b", 1));
    }

    @Test
    void idsThatMakeTheSameNameGetNumberedFilesAndNothingLeavesTheFolder() throws IOException {
        Path folder = dir.resolve("pages");
        HandoutFolder pages = HandoutFolder.create(folder);
        for (String id : List.of("a b", "a_b", "a/b", "../../escape", "../../escape")) {
            pages.seen(new BatchEvaluator.Rendered(assessed(id), "<p>" + id + "</p>"));
        }
        pages.seen(new BatchEvaluator.Rendered(Outcome.rejected("x.ndjson:9", null,
                List.of(new FieldError("id", "required"))), "<p>rejected</p>"));
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of("a_b-2.html", "a_b-3.html", "a_b.html", "escape-2.html", "escape.html",
                    "not-assessed-record-6.html"), files.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("<p>a/b</p>", Files.readString(folder.resolve("a_b-3.html")));
        assertEquals(6, pages.written());
        try (Stream<Path> outside = Files.list(dir)) {
            assertEquals(List.of(folder), outside.toList(), "nothing was written beside the folder");
        }
    }

    @Test
    void aFolderThatHoldsFilesIsRefused() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("used"));
        Files.writeString(folder.resolve("old.html"), "old");
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> HandoutFolder.create(folder));
        assertTrue(refused.getMessage().contains("not empty"), refused.getMessage());
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        assertThrows(IllegalArgumentException.class, () -> HandoutFolder.create(file));
    }

    private static Outcome assessed(String id) {
        return Outcome.assessed("x.ndjson:1", new Assessment(id, new Assessment.Referral("none", "", List.of()),
                List.of(), List.of(), List.of(), new Assessment.Ruleset("v", 1)));
    }
}
