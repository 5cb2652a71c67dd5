package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.backtriage.Engines;
import org.backtriage.FaultyRules;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12 over HTTP: a rule that throws, the token on the CDS route, Jetty's own errors, 405 with Allow.
 * Each test reproduces one row of the issue and asserts what the issue expects.
 */
class ServerFaultsTest {
    static final String TOKEN = "a-token-of-sixteen-or-more-characters";
    static final String NO_DURATION = "{\"id\":\"patient-jane-doe-1975\",\"age\":49,\"regions\":[\"lower_back\"],\"painScore\":4}";
    static final String WITH_DURATION = "{\"id\":\"with-duration\",\"age\":49,\"regions\":[\"lower_back\"],\"painScore\":4,\"durationWeeks\":3}";

    static TriageEngine shipped;
    static HttpFixture guarded;

    @BeforeAll
    static void start() {
        shipped = Engines.frozen();
        guarded = new HttpFixture(TriageServer.create(new LiveEngine(shipped), new ServerOptions(
                ServerOptions.DEFAULT_MAX_BODY, TOKEN, null, null, null, Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        guarded.close();
    }

    /** What {@code action} logged (slf4j-simple writes to System.err) while it ran. */
    static String logOf(Callable<?> action) throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.call();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aRuleThatThrowsGivesAProblemWithACorrelationIdAndTheLogNamesTheRuleButNoPatientData(@TempDir Path dir) throws Exception {
        TriageEngine faulty = TriageEngine.fromFolder(FaultyRules.copyWith(dir, FaultyRules.FAULTY));
        try (HttpFixture server = new HttpFixture(TriageServer.create(new LiveEngine(faulty), ServerOptions.open()))) {
            HttpResponse<String>[] failed = new HttpResponse[1];
            String log = logOf(() -> failed[0] = server.post("/v1/assessments", "application/json", NO_DURATION));

            assertEquals(500, failed[0].statusCode(), failed[0].body());
            assertEquals(Problem.MEDIA_TYPE, failed[0].headers().firstValue("Content-Type").orElse(""));
            JsonNode problem = HttpFixture.tree(failed[0]);
            String correlationId = problem.path("correlationId").asText();
            assertFalse(correlationId.isEmpty(), problem.toString());
            assertFalse(failed[0].body().contains("NullPointer"), "no class name in the answer: " + failed[0].body());

            String line = log.lines().filter(l -> l.contains(correlationId)).findFirst().orElse("");
            assertTrue(line.contains(FaultyRules.RULE_ID), log);
            assertTrue(line.contains("java.lang.NullPointerException"), log);
            assertFalse(log.contains("jane"), "no patient data in the log: " + log);

            assertEquals(200, server.post("/v1/assessments", "application/json", WITH_DURATION).statusCode(),
                    "the other intakes are still assessed");
        }
    }

    @Test
    void theBearerTokenGuardsTheCdsServiceRouteAsItGuardsTheApi() throws Exception {
        String request = HttpFixture.JSON.writeValueAsString(CdsHooksTest.exampleRequest());
        HttpResponse<String> anonymous = guarded.post(CdsHooksTest.SERVICE, "application/json", request);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertEquals(Problem.MEDIA_TYPE, anonymous.headers().firstValue("Content-Type").orElse(""));
        assertFalse(anonymous.body().contains("cards"), "no assessment without the token");
        assertEquals(401, guarded.post(CdsHooksTest.SERVICE, "application/json", request,
                "Authorization", "Bearer not-the-token").statusCode());
        assertEquals(200, guarded.post(CdsHooksTest.SERVICE, "application/json", request,
                "Authorization", "Bearer " + TOKEN).statusCode());
        assertEquals(200, guarded.get("/cds-services").statusCode(), "discovery reads no intake and stays open");
    }

    @Test
    void getOnThePostOnlyRouteIs405WithAllow() throws Exception {
        HttpResponse<String> response = guarded.get("/v1/assessments", "Authorization", "Bearer " + TOKEN);
        assertEquals(405, response.statusCode(), response.body());
        assertEquals("POST", response.headers().firstValue("Allow").orElse(""));
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(405, HttpFixture.tree(response).get("status").asInt());
        assertEquals(404, guarded.get("/no-such-thing").statusCode());
    }

    @Test
    void jettysOwnRefusalsAnswerProblemJson() throws Exception {
        assertJettyProblem("POST /v1/assessments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                + "Content-Length: abc\r\n\r\n{}", 400);
        assertJettyProblem("GET /health HTTP/1.1\r\nHost: localhost\r\nX-Padding: " + "a".repeat(100_000) + "\r\n\r\n", 431);
        assertJettyProblem("GET /" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: localhost\r\n\r\n", 414);
    }

    /** Sends raw bytes (no client would send these) and checks the status and that the body is a problem. */
    private static void assertJettyProblem(String request, int status) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", guarded.app.port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
            } catch (java.io.IOException closedEarly) {
                // Jetty may answer and close before reading all of an oversized request
            }
            InputStream in = socket.getInputStream();
            String response = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
            assertTrue(response.startsWith("HTTP/1.1 " + status + " "), response);
            String head = response.substring(0, response.indexOf("\r\n\r\n"));
            assertTrue(head.toLowerCase().contains("content-type: " + Problem.MEDIA_TYPE), head);
            JsonNode problem = HttpFixture.JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
            assertEquals(status, problem.get("status").asInt(), response);
            assertFalse(response.contains("<html"), response);
        }
    }
}
