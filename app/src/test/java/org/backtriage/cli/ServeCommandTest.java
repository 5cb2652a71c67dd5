package org.backtriage.cli;

import org.backtriage.commandline.ExitCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve's refusals happen before any rule base is built or port opened. */
class ServeCommandTest {
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine commandLine = BacktriageCommand.configure(new CommandLine(new BacktriageCommand()));
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err, true));
        return commandLine.execute(args);
    }

    @Test
    void refusesANonLoopbackAddressWithoutAToken() {
        assertEquals(ExitCode.USAGE, run("serve", "--bind", "0.0.0.0", "--port", "0"));
        assertTrue(err.toString().contains("without --token-file"), err.toString());
        assertTrue(err.toString().contains("--insecure"), err.toString());
    }

    @Test
    void refusesAJwksWithoutAnIssuerAndAShortToken(@TempDir Path dir) throws Exception {
        assertEquals(ExitCode.USAGE, run("serve", "--cds-jwks", dir.resolve("keys.json").toString()));
        assertTrue(err.toString().contains("--cds-issuer"), err.toString());
        Path token = Files.writeString(dir.resolve("token"), "short\n");
        assertEquals(ExitCode.USAGE, run("serve", "--token-file", token.toString()));
        assertTrue(err.toString().contains("at least 16"), err.toString());
    }
}
