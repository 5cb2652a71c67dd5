package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.backtriage.Engines;
import org.backtriage.cli.Main;
import org.backtriage.fhir.FhirR4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.backtriage.http.CdsHooksTest.exampleRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 22, the SIGTERM row: a stop that arrives while a CDS Hooks call is waiting on its FHIR server lets
 * the call finish and answer in full, while new connections are already refused and a new request on an
 * open connection gets 503. The FHIR server holds its Patient answer until the test has seen the stop begin.
 * Before {@link GracefulStop}, the stop closed the call's connection with no answer.
 */
class GracefulStopTest {
    static final String TOKEN = "opaque-token-for-this-call-7f3a";
    /** The most the FHIR server holds an answer: below the client's 5 s read timeout (FhirR4.READ_TIMEOUT). */
    static final long HOLD_SECONDS = 4;

    HttpServer fhir;
    final CountDownLatch fetchStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void startFhirServer() throws IOException {
        fhir = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        fhir.setExecutor(Executors.newCachedThreadPool());
        fhir.createContext("/fhir/Patient/", exchange -> {
            fetchStarted.countDown();
            try {
                release.await(HOLD_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] patient = "{\"resourceType\":\"Patient\",\"id\":\"example-patient\",\"birthDate\":\"1980-06-02\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, patient.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(patient);
            }
        });
        fhir.start();
    }

    @AfterEach
    void stopFhirServer() {
        release.countDown();
        fhir.stop(0);
    }

    private String fhirBase() {
        return "http://127.0.0.1:" + fhir.getAddress().getPort() + "/fhir";
    }

    /** The example call with its form prefetched but not its Patient: the service reads the Patient from the slow server. */
    private String slowCall() throws Exception {
        ObjectNode request = exampleRequest();
        ((ObjectNode) request.get("prefetch")).remove("patient");
        request.put("fhirServer", fhirBase());
        request.putObject("fhirAuthorization").put("access_token", TOKEN).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "patient/Patient.read").put("subject", "backtriage");
        return HttpFixture.JSON.writeValueAsString(request);
    }

    @Test
    void aStopDuringACdsCallLetsItAnswerAndRefusesNewConnections() throws Exception {
        HttpFixture service = new HttpFixture(TriageServer.create(new LiveEngine(Engines.frozen()), ServerOptions.open(),
                new CdsOptions(List.of("*"), List.of(fhirBase()), new FhirR4())));
        try {
            stopDuringACall(service);
        } finally {
            service.close(); // already stopped unless the test failed early
        }
    }

    private void stopDuringACall(HttpFixture service) throws Exception {
        int port = service.app.port();
        // the same call with the Patient prefetched: what the interrupted call must answer
        HttpResponse<String> expected = CdsHooksTest.call(service, exampleRequest());
        assertEquals(200, expected.statusCode(), expected.body());

        CompletableFuture<HttpResponse<String>> inFlight = service.client.sendAsync(
                service.postRequest(CdsHooksTest.SERVICE, "application/json", slowCall()), HttpResponse.BodyHandlers.ofString());
        assertTrue(fetchStarted.await(30, TimeUnit.SECONDS), "the CDS call reached the FHIR server");

        Socket open = new Socket("127.0.0.1", port); // a client's connection, open before the stop
        open.setSoTimeout(10_000);
        AtomicBoolean finishedInGrace = new AtomicBoolean();
        Thread stopper = new Thread(() -> finishedInGrace.set(GracefulStop.stop(service.app)), "test-stop");
        stopper.start();
        awaitRefused(port);
        assertStillWaiting(inFlight, "the stop");
        // a new request on a connection opened before the stop is not taken on either: 503 and the connection
        // closed (or just closed, if the server's shortened idle timeout got there first)
        open.getOutputStream().write("GET /health HTTP/1.1\r\nHost: localhost\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        String refused = new String(open.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        open.close();
        assertTrue(refused.isEmpty() || refused.startsWith("HTTP/1.1 503 ") && refused.contains("application/problem+json"), refused);

        release.countDown();
        HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertSameCards(expected, answer);
        stopper.join(TimeUnit.SECONDS.toMillis(GracefulStop.GRACE.toSeconds() + 10));
        assertFalse(stopper.isAlive(), "the stop returns once the call is answered");
        assertTrue(finishedInGrace.get(), "every request in flight finished within the grace period");
        awaitRefused(port);
    }

    /**
     * The same through a real process and a real SIGTERM ({@code Process.destroy} on Unix): {@code serve}'s
     * shutdown hook stops the server, the call in flight is answered, and the process exits.
     */
    @Test
    void sigtermToServeDuringACdsCallLetsItAnswerThenExits() throws Exception {
        Process serve = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName(),
                "serve", "--rules", Engines.FROZEN_RULES.toString(), "--port", "0", "--fhir-server", fhirBase())
                .redirectErrorStream(true).start();
        try {
            int port = servingPort(serve);
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + CdsHooksTest.SERVICE)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(slowCall())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertTrue(fetchStarted.await(30, TimeUnit.SECONDS), "the CDS call reached the FHIR server");

            serve.destroy(); // SIGTERM
            awaitRefused(port);
            assertStillWaiting(inFlight, "SIGTERM");
            release.countDown();
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

    /** Waits until a new connection to the port is refused: the listening socket is closed. */
    static void awaitRefused(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1000);
            } catch (ConnectException refused) {
                return;
            } catch (IOException other) {
                // not yet decided: try again
            }
            Thread.sleep(20);
        }
        fail("a new connection to port " + port + " was still accepted after the stop began");
    }

    /** The call has neither been answered nor cut off by the stop: it is still waiting on the FHIR server. */
    private static void assertStillWaiting(CompletableFuture<HttpResponse<String>> inFlight, String stop) {
        if (inFlight.isDone()) {
            String ended;
            try {
                ended = "answered " + inFlight.join().statusCode();
            } catch (RuntimeException e) {
                ended = "the connection was closed with no answer: " + e.getCause();
            }
            fail(stop + " should let the call in flight finish, but it ended before its FHIR fetch came back: " + ended);
        }
    }

    private static void assertSameCards(HttpResponse<String> expected, HttpResponse<String> actual) throws Exception {
        JsonNode want = HttpFixture.tree(expected).get("cards");
        JsonNode got = HttpFixture.tree(actual).get("cards");
        assertFalse(want.isEmpty(), expected.body());
        assertEquals(want.size(), got.size(), actual.body());
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i).get("summary"), got.get(i).get("summary"), actual.body());
            assertEquals(want.get(i).get("indicator"), got.get(i).get("indicator"), actual.body());
            assertEquals(want.get(i).get("detail"), got.get(i).get("detail"), actual.body());
        }
    }
}
