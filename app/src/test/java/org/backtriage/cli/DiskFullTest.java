package org.backtriage.cli;

import org.backtriage.FullDisk;
import org.backtriage.commandline.ExitCode;
import org.backtriage.batch.Disk;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, the disk-full row: the disk fills up while {@code evaluate --out DIR/} writes the pages, the index
 * or the report, or while {@code --report FILE} is written. The run stops with exit 3 and one line that names
 * the file that could not be written and says the disk is full; no page, index, report or results file of the
 * run is left, and the folder is as it was before the run.
 */
class DiskFullTest {
    private static final int RECORDS = 100;

    @TempDir
    Path dir;

    /** {@code evaluate} on {@code disk}: the command as the command line builds it, with its disk stood in. */
    private static EvaluateCommandTest.Run run(Disk disk, String... args) {
        EvaluateCommand evaluate = new EvaluateCommand();
        evaluate.disk = disk;
        CommandLine.IFactory factory = new CommandLine.IFactory() {
            @Override
            public <K> K create(Class<K> type) throws Exception {
                return type == EvaluateCommand.class ? type.cast(evaluate) : CommandLine.defaultFactory().create(type);
            }
        };
        CommandLine commandLine = BacktriageCommand.configure(new CommandLine(new BacktriageCommand(), factory));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exit = commandLine.execute(args);
        return new EvaluateCommandTest.Run(exit, out.toString(), err.toString());
    }

    /** Records p-0 ... p-99, every one assessed: one page each, named from its id. */
    private Path input() throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < RECORDS; i++) {
            lines.add("{\"id\":\"p-" + i + "\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":" + (i % 11) + "}");
        }
        return Files.write(dir.resolve("input.ndjson"), lines);
    }

    /** Exit 3, one line that begins by naming the file that failed and why, no stack trace. */
    private static void assertDiskFull(EvaluateCommandTest.Run run, Path failed) {
        assertEquals(ExitCode.OUTPUT_FAILED, run.exitCode(), run.err());
        List<String> lines = run.err().lines().filter(l -> l.startsWith("backtriage:")).toList();
        assertEquals(1, lines.size(), run.err());
        assertTrue(lines.get(0).startsWith("backtriage: cannot write " + failed + ": the disk is full (" + FullDisk.NO_SPACE + ")"),
                lines.get(0));
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception"), "no stack trace: " + run.err());
    }

    private static List<String> names(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void theDiskFillingUpAtTheSixtyFirstPageLeavesTheFolderAsItWasAndNamesThatPage() throws IOException {
        Path input = input();
        Path folder = Files.createDirectory(dir.resolve("handouts")); // the clinic's own folder, empty
        FullDisk disk = FullDisk.whenWriting("p-60.html");
        EvaluateCommandTest.Run run = run(disk, "evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--format", "html",
                "--out", folder + "/", input.toString());
        assertTrue(disk.isFull(), "the disk filled up at the 61st page");
        assertDiskFull(run, folder.resolve("p-60.html"));
        assertEquals(List.of(), names(folder), "no page, index or report of the run, and no hidden partial file");
        assertEquals(List.of("handouts", "input.ndjson"), names(dir), "nothing beside the folder");
        assertEquals("", run.out());
    }

    @Test
    void theDiskFillingUpAtTheReportOrTheIndexOfAFolderLeavesNoPage() throws IOException {
        Path input = input();
        for (String file : List.of("report.html", "index.html")) {
            Path folder = dir.resolve("pages-" + file); // not there before the run: not there after it
            FullDisk disk = FullDisk.whenWriting(file);
            EvaluateCommandTest.Run run = run(disk, "evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", "--format", "html",
                    "--out", folder + "/", input.toString());
            assertTrue(disk.isFull(), file);
            assertDiskFull(run, folder.resolve(file));
            assertFalse(Files.exists(folder), file + ": the folder the run made is gone, with every page");
        }
        assertEquals(List.of("input.ndjson"), names(dir), "nothing beside the folders");
    }

    @Test
    void theDiskFillingUpAtTheReportNamesTheReportAndLeavesNoOutputOfTheRun() throws IOException {
        Path input = input();
        Path out = dir.resolve("results.ndjson");
        Path report = dir.resolve("report.html");
        FullDisk disk = FullDisk.whenWriting("report.html");
        EvaluateCommandTest.Run run = run(disk, "evaluate", "--rules", "core/src/test/frozen-rules", "--quiet",
                "--out", out.toString(), "--report", report.toString(), input.toString());
        assertTrue(disk.isFull());
        assertDiskFull(run, report);
        assertEquals(List.of("input.ndjson"), names(dir), "neither the report nor the results, nor a hidden partial file");
    }
}
