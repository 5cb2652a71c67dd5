package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.Engines;
import org.backtriage.fhir.FhirR4;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.backtriage.http.CdsHooksTest.exampleRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Issue 22, the SIGTERM row: a stop that arrives while a CDS Hooks call is waiting on its FHIR server lets
 * the call finish and answer in full, while new connections are already refused and a new request on an
 * open connection gets 503. The FHIR server holds its Patient answer until the test has seen the stop begin.
 * Before {@link GracefulStop}, the stop closed the call's connection with no answer. The same through a real
 * {@code serve} process and a real SIGTERM is the app module's {@code ServeSigtermIT}.
 */
class GracefulStopTest {
    static final String TOKEN = "opaque-token-for-this-call-7f3a";
    /** The most the FHIR server holds an answer: below the client's 5 s read timeout (FhirR4.READ_TIMEOUT). */
    static final long HOLD_SECONDS = 4;

    HeldFhirServer fhir;

    @BeforeEach
    void startFhirServer() throws IOException {
        fhir = HeldFhirServer.start(HOLD_SECONDS);
    }

    @AfterEach
    void stopFhirServer() {
        fhir.close();
    }

    @Test
    void aStopDuringACdsCallLetsItAnswerAndRefusesNewConnections() throws Exception {
        HttpFixture service = new HttpFixture(TriageServer.create(new LiveEngine(Engines.frozen()), ServerOptions.open(),
                new CdsOptions(List.of("*"), List.of(fhir.base()), new FhirR4())));
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
                service.postRequest(CdsHooksTest.SERVICE, "application/json", fhir.slowCall(TOKEN)), HttpResponse.BodyHandlers.ofString());
        assertTrue(fhir.fetchStarted.await(30, TimeUnit.SECONDS), "the CDS call reached the FHIR server");

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

        fhir.release.countDown();
        HttpResponse<String> answer = inFlight.get(30, TimeUnit.SECONDS);
        assertEquals(200, answer.statusCode(), answer.body());
        assertEquals("application/json", answer.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        assertSameCards(expected, answer);
        stopper.join(TimeUnit.SECONDS.toMillis(GracefulStop.GRACE.toSeconds() + 10));
        assertFalse(stopper.isAlive(), "the stop returns once the call is answered");
        assertTrue(finishedInGrace.get(), "every request in flight finished within the grace period");
        awaitRefused(port);
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
    static void assertStillWaiting(CompletableFuture<HttpResponse<String>> inFlight, String stop) {
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
