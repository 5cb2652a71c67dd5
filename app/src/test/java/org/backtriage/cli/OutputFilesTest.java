package org.backtriage.cli;

import org.backtriage.commandline.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * Issue 12, the output-file row: an output that cannot be written is one line on stderr saying which file
 * and why, exit 3 (exit 2 for a folder given where a file is expected), and no file is left behind, not
 * even an empty one or a hidden partial one.
 */
class OutputFilesTest {
    private static final String INPUT = "fixtures/clinic-b.ndjson";

    @TempDir
    Path dir;

    private static EvaluateCommandTest.Run run(String... args) {
        return EvaluateCommandTest.run(args);
    }

    /** One line on stderr, naming the file, no stack trace. */
    private static void assertOneLine(EvaluateCommandTest.Run run, int exit, String file) {
        assertEquals(exit, run.exitCode(), run.err());
        List<String> lines = run.err().lines().filter(l -> l.startsWith("backtriage:")).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).contains(file), run.err());
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace: " + run.err());
    }

    private void assertNothingLeftIn(Path folder) throws Exception {
        try (Stream<Path> left = Files.list(folder)) {
            assertEquals(List.of(), left.toList(), "no file is left behind");
        }
    }

    @Test
    void outInAMissingFolderIsOneLineAndExitThree() {
        Path out = dir.resolve("missing/out.ndjson");
        EvaluateCommandTest.Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--out", out.toString(), INPUT);
        assertOneLine(run, ExitCode.OUTPUT_FAILED, out.toString());
        assertTrue(run.err().contains("does not exist"), run.err());
        assertEquals("", run.out());
    }

    @Test
    void outInAFolderWhereNoFileCanBeCreatedIsOneLineAndExitThree() {
        // /proc refuses new files even to root, which a read-only folder does not
        Path out = Path.of("/proc/backtriage-out.ndjson");
        assumeFalse(Files.exists(out));
        assertOneLine(run("evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--out", out.toString(), INPUT),
                ExitCode.OUTPUT_FAILED, out.toString());
    }

    @Test
    void outInAReadOnlyFolderIsOneLineAndExitThree() throws Exception {
        Path readOnly = Files.createDirectory(dir.resolve("read-only"));
        Files.setPosixFilePermissions(readOnly, PosixFilePermissions.fromString("r-xr-xr-x"));
        assumeFalse(Files.isWritable(readOnly), "running as root: permissions do not stop it");
        Path out = readOnly.resolve("out.ndjson");
        EvaluateCommandTest.Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--out", out.toString(), INPUT);
        assertOneLine(run, ExitCode.OUTPUT_FAILED, out.toString());
        assertTrue(run.err().contains("permission denied"), run.err());
        assertNothingLeftIn(readOnly);
    }

    @Test
    void outNamingAFolderIsAUsageError() throws Exception {
        Path folder = Files.createDirectory(dir.resolve("a-folder"));
        EvaluateCommandTest.Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--out", folder.toString(), INPUT);
        assertOneLine(run, ExitCode.USAGE, folder.toString());
        assertTrue(run.err().contains("is a folder"), run.err());
        assertTrue(Files.isDirectory(folder), "the folder is not replaced");
        assertNothingLeftIn(folder);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(folder), left.toList(), "no partial file beside it");
        }
    }

    @Test
    void anUnwritableSummaryIsReportedBeforeAnyWorkAndLeavesNoOutput() throws Exception {
        Path out = dir.resolve("out.ndjson");
        Path summary = dir.resolve("missing/summary.json");
        EvaluateCommandTest.Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--out", out.toString(),
                "--summary", summary.toString(), INPUT);
        assertOneLine(run, ExitCode.OUTPUT_FAILED, summary.toString());
        assertNothingLeftIn(dir);
        Path folder = Files.createDirectory(dir.resolve("summary-folder"));
        assertOneLine(run("evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--summary", folder.toString(), INPUT),
                ExitCode.USAGE, folder.toString());
    }

    @Test
    void benchGenerateAndImpactOutIntoAMissingFolderAreOneLineAndExitThree() throws Exception {
        Path generated = dir.resolve("missing/synthetic.ndjson");
        assertOneLine(run("bench", "--records", "10", "--generate", generated.toString()), ExitCode.OUTPUT_FAILED,
                generated.toString());
        Path report = dir.resolve("missing/impact.txt");
        assertOneLine(run("impact", "--before", "core/src/test/frozen-rules", "--after", "core/src/test/frozen-rules", "--out", report.toString(), INPUT),
                ExitCode.OUTPUT_FAILED, report.toString());
        assertNothingLeftIn(dir);
    }

    @Test
    void serveWithAnUnwritableAuditIsOneLineAndExitThree() throws Exception {
        Path audit = dir.resolve("missing/audit.ndjson");
        StringWriter err = new StringWriter();
        CommandLine commandLine = BacktriageCommand.configure(new CommandLine(new BacktriageCommand()));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute("serve", "--port", "0", "--audit", audit.toString());
        assertOneLine(new EvaluateCommandTest.Run(exit, "", err.toString()), ExitCode.OUTPUT_FAILED, "missing");
        Path folder = Files.createDirectory(dir.resolve("audit-folder"));
        StringWriter err2 = new StringWriter();
        commandLine.setErr(new PrintWriter(err2, true));
        exit = commandLine.execute("serve", "--port", "0", "--audit", folder.toString());
        assertOneLine(new EvaluateCommandTest.Run(exit, "", err2.toString()), ExitCode.USAGE, folder.toString());
    }
}
