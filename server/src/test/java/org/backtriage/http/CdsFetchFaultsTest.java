package org.backtriage.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import org.backtriage.Engines;
import org.backtriage.fhir.FhirR4;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.backtriage.http.AssessmentApiTest.assertProblem;
import static org.backtriage.http.CdsHooksTest.call;
import static org.backtriage.http.CdsHooksTest.exampleRequest;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22, the fetch: a listed FHIR server that redirects, drips or floods gets a 412 in good time, the
 * bearer token goes to no other address, and a URL that only looks like the listed base is not fetched.
 */
class CdsFetchFaultsTest {
    static final String TOKEN = "opaque-token-for-this-call-7f3a";
    static final FhirR4 FHIR = CdsHooksTest.FHIR;
    static HttpServer listed;
    static HttpServer elsewhere;
    static final List<String> seenElsewhere = new CopyOnWriteArrayList<>();
    static HttpFixture service;

    @BeforeAll
    static void start() throws Exception {
        elsewhere = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        elsewhere.createContext("/", exchange -> {
            seenElsewhere.add(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        elsewhere.start();
        listed = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        listed.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        listed.createContext("/redirect/", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + elsewhere.getAddress().getPort() + "/fhir/QuestionnaireResponse");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        listed.createContext("/drip/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 60; i++) {
                    out.write(' ');
                    out.flush();
                    Thread.sleep(500);
                }
            } catch (Exception e) {
                // the client gave up: what the test expects
            }
        });
        listed.createContext("/flood/", exchange -> {
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, 0);
            byte[] spaces = " ".repeat(64 * 1024).getBytes(StandardCharsets.US_ASCII);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write("{\"resourceType\":\"Bundle\",\"type\":\"searchset\",\"entry\":[".getBytes(StandardCharsets.US_ASCII));
                for (int i = 0; i < 16 * 40; i++) { // 40 MiB of padding
                    out.write(spaces);
                }
            } catch (Exception e) {
                // the client gave up: what the test expects
            }
        });
        listed.start();
        String base = "http://127.0.0.1:" + listed.getAddress().getPort();
        service = new HttpFixture(TriageServer.create(new LiveEngine(Engines.frozen()), ServerOptions.open(),
                new CdsOptions(List.of("*"), List.of(base + "/redirect/fhir", base + "/drip/fhir", base + "/flood/fhir"), FHIR)));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        listed.stop(0);
        elsewhere.stop(0);
    }

    private static String base(String kind) {
        return "http://127.0.0.1:" + listed.getAddress().getPort() + "/" + kind + "/fhir";
    }

    @Test
    void aRedirectIsNotFollowedAndTheTokenGoesNowhereElse() throws Exception {
        HttpResponse<String> response = call(service, CdsFetchTest.fetching(base("redirect"), TOKEN));
        assertProblem(response, 412);
        assertTrue(HttpFixture.tree(response).get("detail").asText().contains("302"), response.body());
        assertEquals(List.of(), seenElsewhere, "the redirect target received nothing, the token least of all");
        assertFalse(response.body().contains(TOKEN));
    }

    @Test
    void aServerThatDripsItsAnswerIsCutOffByTheDeadline() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = call(service, CdsFetchTest.fetching(base("drip"), TOKEN));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertProblem(response, 412);
        assertTrue(HttpFixture.tree(response).get("detail").asText().contains("took longer than"), response.body());
        // the drip would last 30 s; the deadline is 4 s after the answer starts (a margin for a loaded machine)
        assertTrue(seconds < 15, "answered after " + seconds + " s");
    }

    @Test
    void aHugeAnswerIsCutOffAtTheSizeCap() throws Exception {
        HttpResponse<String> response = call(service, CdsFetchTest.fetching(base("flood"), TOKEN));
        assertProblem(response, 412);
        assertTrue(HttpFixture.tree(response).get("detail").asText().contains("larger than"), response.body());
    }

    @Test
    void aUrlThatOnlyLooksInsideTheListedBaseIsNotFetched() {
        CdsOptions options = new CdsOptions(List.of("*"), List.of("https://ehr.example/fhir"), FHIR);
        for (String inside : List.of("https://ehr.example/fhir", "https://ehr.example/fhir/", "https://EHR.example/fhir/r4",
                "https://ehr.example:443/fhir")) {
            assertTrue(options.mayFetchFrom(inside), inside);
        }
        for (String outside : List.of("https://ehr.example/fhir/../admin", "https://ehr.example/fhir/%2e%2e/admin",
                "https://ehr.example/fhir?x=", "https://ehr.example/fhir#x", "https://user@ehr.example/fhir",
                "https://ehr.example:8443/fhir", "http://ehr.example/fhir", "https://ehr.example/fhirx",
                "https://ehr.example.evil/fhir", "https://ehr.example/fhir/%2F..", "https://ehr.example/fhir/./x")) {
            assertFalse(options.mayFetchFrom(outside), outside);
        }
    }

    @Test
    void aFormOfAnotherPatientGetsNoCards() throws Exception {
        ObjectNode request = exampleRequest();
        ((ObjectNode) request.get("context")).put("patientId", "someone-else");
        HttpResponse<String> response = call(service, request);
        assertProblem(response, 400);
        assertTrue(HttpFixture.tree(response).get("detail").asText().contains("not the patient in context.patientId"), response.body());
    }
}
