package org.backtriage.http;

import org.backtriage.Engines;
import org.backtriage.cli.Main;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, the SIGTERM row, through a real {@code serve} process (a child JVM) and a real SIGTERM: the
 * shutdown hook stops the server gracefully, the CDS Hooks call in flight is answered in full, and the
 * process exits. The in-process form of the same guard is the server module's {@code GracefulStopTest}.
 */
class ServeSigtermIT {
    HeldFhirServer fhir;

    @BeforeEach
    void startFhirServer() throws IOException {
        fhir = HeldFhirServer.start(GracefulStopTest.HOLD_SECONDS);
    }

    @AfterEach
    void stopFhirServer() {
        fhir.close();
    }

    /**
     * A real SIGTERM ({@code Process.destroy} on Unix): {@code serve}'s
     * shutdown hook stops the server, the call in flight is answered, and the process exits.
     */
    @Test
    void sigtermToServeDuringACdsCallLetsItAnswerThenExits() throws Exception {
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--rules", Engines.FROZEN_RULES.toString(), "--port", "0", "--fhir-server", fhir.base())
                .redirectErrorStream(true).start();
        try {
            int port = servingPort(serve);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + CdsHooksTest.SERVICE)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(fhir.slowCall(GracefulStopTest.TOKEN))).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(fhir.fetchStarted.await(30, TimeUnit.SECONDS), "the CDS call reached the FHIR server");

            serve.destroy(); // SIGTERM
            GracefulStopTest.awaitRefused(port);
            GracefulStopTest.assertStillWaiting(inFlight, "SIGTERM");
            fhir.release.countDown();
            HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), answer.body());
            assertFalse(HttpFixture.tree(answer).get("cards").isEmpty(), answer.body());
            assertTrue(serve.waitFor(GracefulStop.GRACE.toSeconds() + 10, TimeUnit.SECONDS), "serve exits after the stop");
        } finally {
            serve.destroyForcibly();
        }
    }

    /** The port from serve's "serving on http://127.0.0.1:PORT" line; the rest of its output is drained. */
    private static int servingPort(Process serve) throws Exception {
        CompletableFuture<Integer> port = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Pattern serving = Pattern.compile("serving on http://127\\.0\\.0\\.1:(\\d+)");
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(serve.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    Matcher matcher = serving.matcher(line);
                    if (matcher.find()) {
                        port.complete(Integer.parseInt(matcher.group(1)));
                    }
                }
            } catch (IOException ended) {
                // the process is gone
            }
            port.completeExceptionally(new AssertionError("serve ended without serving: " + output));
        }, "serve-output");
        reader.setDaemon(true);
        reader.start();
        return port.get(120, TimeUnit.SECONDS);
    }

}
