package org.backtriage.cli;

import org.backtriage.commandline.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real closed pipe, as in {@code evaluate big.ndjson | head -1}: the reader of stdout goes away, and the
 * process must stop with exit code 3 and a plain message, not hang and not print a stack trace.
 */
class BrokenPipeIT {
    @TempDir
    Path dir;

    @Test
    void aClosedStdoutEndsTheRunWithExitThreeAndNoStackTrace() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            lines.add("{\"id\":\"p-" + i + "\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}");
        }
        Path input = dir.resolve("many.ndjson");
        Files.write(input, lines);
        Path err = dir.resolve("err.txt");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "evaluate", "--rules", "core/src/test/frozen-rules", "--quiet", input.toString())
                .redirectError(err.toFile())
                .start();
        try (InputStream stdout = process.getInputStream()) {
            byte[] first = stdout.readNBytes(1000); // read a little, then hang up like `head`
            assertEquals(1000, first.length);
        }
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the process ends when its reader has gone");
        String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(ExitCode.OUTPUT_FAILED, process.exitValue(), stderr);
        assertTrue(stderr.contains("the output could not be written"), stderr);
        assertFalse(stderr.contains("\tat "), "no stack trace: " + stderr);
    }
}
