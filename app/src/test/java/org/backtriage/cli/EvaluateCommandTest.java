package org.backtriage.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.Engines;
import org.backtriage.batch.Json;
import org.backtriage.commandline.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The evaluate command as a user meets it: exit codes, order, one line per record, safe output files. */
class EvaluateCommandTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final String GOOD = "{\"id\":\"ok-%d\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":%d}";

    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }
    }

    static Run run(Writer out, String... args) {
        StringWriter err = new StringWriter();
        CommandLine cl = BacktriageCommand.configure(new CommandLine(new BacktriageCommand(Engines.COMPILED)));
        PrintWriter outWriter = out instanceof PrintWriter p ? p : new PrintWriter(out);
        cl.setOut(outWriter);
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        outWriter.flush();
        return new Run(code, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(new StringWriter(), args);
    }

    private Path mixedInput(int valid) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < valid; i++) {
            lines.add(String.format(GOOD, i, i % 11));
            if (i % 100 == 7) {
                lines.add("{\"id\":\"bad-" + i + "\",\"age\":400,\"regions\":[\"lower_back\"],\"painScore\":1}");
            }
            if (i % 100 == 42) {
                lines.add("{\"id\":\"broken-" + i + "\",\"age\":");
            }
        }
        Path file = dir.resolve("mixed.ndjson");
        Files.write(file, lines);
        return file;
    }

    @Test
    void fixturesAreEvaluatedInOrderWithOneLinePerRecordAndExitOneForRejected() {
        Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "fixtures");
        assertEquals(ExitCode.PROBLEMS, run.exitCode(), run.err());
        // counted from the hand-written expectations, so a fixture added with its expected lines keeps this true
        List<String> expected = expectedFixtureLines();
        long rejected = expected.stream().filter(l -> l.contains("\"errorFields\"")).count();
        assertEquals(expected.size(), run.lines().size(), "records in = lines out");
        assertTrue(run.lines().get(0).contains("\"intakeId\":\"a-"), run.lines().get(0));
        String lastId = expected.get(expected.size() - 1).replaceAll(".*\"intakeId\":\"([^\"]*)\".*", "$1");
        assertTrue(run.lines().get(expected.size() - 1).contains("\"intakeId\":\"" + lastId + "\""), "the last fixture file comes last, in name order");
        assertTrue(run.err().contains(expected.size() + " records: " + (expected.size() - rejected) + " assessed, " + rejected + " rejected"), run.err());
        assertFalse(run.out().contains("records:"), "the summary goes to stderr, not stdout");
    }

    /** Every expected line of fixtures/expected, in the order evaluate reads the fixtures (file name order). */
    static List<String> expectedFixtureLines() {
        try (var files = Files.list(Path.of("fixtures", "expected"))) {
            List<String> lines = new java.util.ArrayList<>();
            for (Path file : files.sorted().toList()) {
                lines.addAll(Files.readAllLines(file));
            }
            return lines;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void everyRecordIsAccountedForAndOrderIsKeptWithSeveralThreads() throws Exception {
        Path input = mixedInput(3000);
        List<String> ids = Files.readAllLines(input).stream().map(l -> {
            int at = l.indexOf("\"id\":\"");
            return l.substring(at + 6, l.indexOf('"', at + 6));
        }).toList();
        Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "--threads", "4", input.toString());
        assertEquals(ExitCode.PROBLEMS, run.exitCode());
        List<String> lines = run.lines(); // split once: splitting the whole output per record is quadratic
        assertEquals(ids.size(), lines.size(), "records in = lines out");
        int errors = 0;
        for (int i = 0; i < ids.size(); i++) {
            JsonNode line = JSON.readTree(lines.get(i));
            if (line.has("errors")) {
                errors++;
                assertEquals("mixed.ndjson:" + (i + 1), line.get("location").asText().replace(dir + "/", ""));
            } else {
                assertEquals(ids.get(i), line.get("intakeId").asText(), "line " + (i + 1));
            }
        }
        assertEquals(60, errors);
    }

    @Test
    void allValidRecordsExitZero() throws Exception {
        Path file = dir.resolve("good.ndjson");
        Files.write(file, List.of(String.format(GOOD, 1, 3), "", String.format(GOOD, 2, 9)));
        Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", file.toString());
        assertEquals(ExitCode.OK, run.exitCode(), run.err());
        assertEquals(2, run.lines().size(), "a blank line is not a record");
    }

    @Test
    void outFileIsWrittenWholeAndJsonAndCsvFormatsWork() throws Exception {
        Path out = dir.resolve("out.json");
        Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "--format", "json", "--out", out.toString(), "fixtures/clinic-b.ndjson");
        assertEquals(ExitCode.PROBLEMS, run.exitCode());
        assertEquals(24, JSON.readTree(out.toFile()).size());
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(out), left.toList(), "no temporary file is left behind");
        }
        Run csv = run("evaluate", "--rules", "core/src/test/frozen-rules", "--format", "csv", "fixtures/clinic-c.csv");
        assertEquals(16, csv.lines().size(), "a header and one row per record");
        assertTrue(csv.lines().get(0).startsWith("intakeId,location,outcome,referralLevel"));
    }

    @Test
    void failFastStopsAtTheFirstRejectedRecordAndLeavesNoOutputFile() throws Exception {
        Path out = dir.resolve("never.ndjson");
        Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "--fail-fast", "--out", out.toString(), mixedInput(500).toString());
        assertEquals(ExitCode.PROBLEMS, run.exitCode());
        assertFalse(Files.exists(out), "an incomplete run leaves no file that looks complete");
        assertTrue(run.err().contains("fail-fast"), run.err());
    }

    @Test
    void aClosedOutputEndsTheRunWithExitThreeAndNoStackTrace() throws Exception {
        Writer closedPipe = new Writer() {
            private int written;

            @Override
            public void write(char[] buffer, int offset, int length) throws IOException {
                written += length;
                if (written > 5000) {
                    throw new IOException("Broken pipe");
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        Run run = run(new PrintWriter(closedPipe), "evaluate", "--rules", "core/src/test/frozen-rules", mixedInput(2000).toString());
        assertEquals(ExitCode.OUTPUT_FAILED, run.exitCode());
        assertTrue(run.err().contains("could not be written"), run.err());
        assertFalse(run.err().contains("\tat "), "no stack trace");
    }

    @Test
    void standardInputNeedsItsFormatAndThenWorks() {
        assertEquals(ExitCode.USAGE, run("evaluate", "--rules", "core/src/test/frozen-rules", "-").exitCode());
        InputStream original = System.in;
        try {
            System.setIn(new ByteArrayInputStream((String.format(GOOD, 1, 2) + "\n").getBytes(StandardCharsets.UTF_8)));
            Run run = run("evaluate", "--rules", "core/src/test/frozen-rules", "--input-format", "ndjson", "-");
            assertEquals(ExitCode.OK, run.exitCode(), run.err());
            assertTrue(run.out().contains("\"intakeId\":\"ok-1\""));
            assertTrue(run.out().contains("\"location\"") || !run.out().contains("errors"));
        } finally {
            System.setIn(original);
        }
    }

    @Test
    void usageErrorsExitTwo() {
        assertEquals(ExitCode.USAGE, run("evaluate", "--rules", "core/src/test/frozen-rules", "no-such-file.ndjson").exitCode());
        assertEquals(ExitCode.USAGE, run("evaluate", "--rules", "no-such-rules", "fixtures").exitCode());
        assertEquals(ExitCode.USAGE, run("evaluate", "--rules", "core/src/test/frozen-rules", "--format", "xml", "fixtures").exitCode());
        assertEquals(ExitCode.USAGE, run("evaluate").exitCode());
    }

    @Test
    void aRuleBaseThatDoesNotCompileIsRefusedWithFileAndLine() throws Exception {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules);
        try (Stream<Path> files = Files.list(Path.of("core/src/test/frozen-rules"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, rules.resolve(f.getFileName()));
            }
        }
        Path warnings = rules.resolve("exercise-warnings.drl");
        Files.writeString(warnings, Files.readString(warnings).replace("Routine( twisting == \"vigorous\" )",
                "Routine( twisting == \"vigorous\" "));
        Run run = run("evaluate", "--rules", rules.toString(), "fixtures");
        assertEquals(ExitCode.USAGE, run.exitCode());
        assertTrue(run.err().contains("exercise-warnings.drl:"), run.err());
        assertEquals("", run.out(), "nothing is evaluated on a broken rule base");
    }
}
