package org.backtriage.cli;

import org.backtriage.commandline.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, the last row: an empty folder, a folder of .txt files, {@code bench --records 0} or {@code -5},
 * {@code --threads 0} used to run (exit 0 with "0 records", {@code NaN%}, {@code backtriage: null}). Each
 * is now a plain usage error, exit 2, that says what is wrong.
 */
class UsageErrorsTest {
    @TempDir
    Path dir;

    private static void assertUsage(EvaluateCommandTest.Run run, String saying) {
        assertEquals(ExitCode.USAGE, run.exitCode(), run.out() + run.err());
        assertTrue(run.err().contains(saying), run.err());
        assertFalse(run.err().contains("null") || run.err().contains("NaN") || run.out().contains("NaN"),
                run.out() + run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
    }

    @Test
    void anEmptyFolderOrAFolderWithNoInputFilesIsAUsageError() throws Exception {
        Path empty = Files.createDirectory(dir.resolve("empty"));
        assertUsage(EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", empty.toString()), "has no .json, .ndjson");
        Path text = Files.createDirectory(dir.resolve("text"));
        Files.writeString(text.resolve("notes.txt"), "{\"id\":\"x\"}\n");
        assertUsage(EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", text.toString()), text.toString());
        assertUsage(EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", text.toString()), text.toString());
    }

    @Test
    void benchWithNoRecordsIsAUsageError() {
        assertUsage(EvaluateCommandTest.run("bench", "--records", "0"), "--records must be 1 or more");
        assertUsage(EvaluateCommandTest.run("bench", "--records", "-5"), "--records must be 1 or more");
        assertUsage(EvaluateCommandTest.run("bench", "--records", "0", "--generate", dir.resolve("x.ndjson").toString()),
                "--records must be 1 or more");
        assertFalse(Files.exists(dir.resolve("x.ndjson")));
    }

    @Test
    void zeroThreadsIsAUsageError() {
        assertUsage(EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--threads", "0", "fixtures"), "--threads must be 1 or more");
        assertUsage(EvaluateCommandTest.run("bench", "--records", "10", "--threads", "0"), "--threads must be 1 or more");
        assertUsage(EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", "--threads", "0", "fixtures"), "--threads must be 1 or more");
    }

    /** Issue 20: the closed sets are enums; a word outside one is a usage error that lists the words it takes. */
    @Test
    void aWordOutsideAClosedSetIsAUsageErrorListingTheWordsItTakes() {
        assertUsage(EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--detail", "everything", "fixtures"),
                "option '--detail'");
        assertUsage(EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--detail", "everything", "fixtures"),
                "must be full or codes, not 'everything'");
        assertUsage(EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--format", "pdf", "fixtures"),
                "option '--format': must be ndjson, json, csv or html, not 'pdf'");
        assertUsage(EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--input-format", "xml", "-"),
                "must be json, ndjson, csv or fhir, not 'xml'");
        assertUsage(EvaluateCommandTest.run("impact", "--before", "core/src/test/frozen-rules", "--format", "pdf", "fixtures"),
                "option '--format': must be text, ndjson or html, not 'pdf'");
    }

    @Test
    void aMistakeInTheCommandLineIsOneLineThatSaysWhereTheOptionsAreListed() {
        EvaluateCommandTest.Run run = EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--detail", "everything", "fixtures");
        assertEquals(List.of("backtriage: Invalid value for option '--detail': must be full or codes, not 'everything'",
                "('backtriage evaluate --help' lists the options)"), run.err().lines().toList());
        EvaluateCommandTest.Run unknown = EvaluateCommandTest.run("evaluate", "--detial", "codes", "fixtures");
        assertEquals(ExitCode.USAGE, unknown.exitCode());
        assertTrue(unknown.err().startsWith("backtriage: Unknown option: '--detial'"), unknown.err());
        assertTrue(unknown.err().contains("--detail"), "suggests the option meant: " + unknown.err());
        assertFalse(unknown.err().contains("Usage:"), unknown.err());
    }

    @Test
    void theWordsOfAClosedSetMayBeTypedInCapitals() {
        EvaluateCommandTest.Run run = EvaluateCommandTest.run("evaluate", "--rules", "core/src/test/frozen-rules", "--quiet",
                "--format", "CSV", "--detail", "Codes", "fixtures/clinic-a.json");
        assertTrue(run.exitCode() == ExitCode.OK || run.exitCode() == ExitCode.PROBLEMS, run.err());
        assertTrue(run.out().startsWith("intakeId,location,outcome,"), run.out());
    }
}
