package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.engine.TriageEngine;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;

import static org.backtriage.http.AssessmentApiTest.assertProblem;
import static org.backtriage.http.CdsHooksTest.call;
import static org.backtriage.http.CdsHooksTest.exampleRequest;
import static org.backtriage.http.CdsHooksTest.exampleResponse;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The CDS Hooks specification's own example requests (server/src/test/resources/cds-hooks-spec), sent as they are. */
class CdsSpecExamplesTest {
    static final String FEEDBACK = CdsHooksTest.SERVICE + "/feedback";
    static TriageEngine engine;
    static LoopbackFhirServer ehr;
    static HttpFixture service;
    static Path auditFile;
    static AuditLog audit;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() throws Exception {
        engine = TriageEngine.fromFolder(Path.of("core/src/test/frozen-rules"));
        // the spec's example token and patient, on a FHIR server of our own on loopback
        ehr = new LoopbackFhirServer(CdsHooksTest.FHIR.context(), "some-opaque-fhir-access-token");
        ObjectNode form = exampleResponse(exampleRequest());
        form.putObject("subject").put("reference", "Patient/1288992");
        ehr.add(CdsHooksTest.FHIR.parse(form.toString()).resource());
        ehr.add(new Patient().setBirthDateElement(new DateType("1925-12-23")).setId("1288992"));
        auditFile = dir.resolve("audit.ndjson");
        audit = AuditLog.appendingTo(auditFile, Clock.systemUTC());
        service = new HttpFixture(TriageServer.create(new LiveEngine(engine),
                new ServerOptions(ServerOptions.DEFAULT_MAX_BODY, null, null, null, audit, Clock.systemUTC()),
                new CdsOptions(List.of("*"), List.of(ehr.baseUrl()), CdsHooksTest.FHIR)));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        ehr.close();
        audit.close();
    }

    static ObjectNode example(String name) throws Exception {
        return (ObjectNode) HttpFixture.JSON.readTree(Path.of("server/src/test/resources/cds-hooks-spec", name).toFile());
    }

    @Test
    void theCallExampleIsReadAndItsFhirServerIsNotFetchedFromUnlessConfigured() throws Exception {
        // the example's prefetch holds only "patientToGreet": our "intake" key is left out, and
        // http://hooks.smarthealthit.org:9080 is not a server this service was told it may fetch from
        ehr.authorizations.clear();
        HttpResponse<String> response = call(service, example("call.json"));
        assertProblem(response, 412);
        assertTrue(HttpFixture.tree(response).get("detail").asText().contains("prefetch.intake is left out"), response.body());
        assertEquals(List.of(), ehr.authorizations, "nothing fetched");
    }

    @Test
    void theCallExampleAgainstOurFhirServerFetchesWithItsToken() throws Exception {
        ObjectNode request = example("call.json");
        request.put("fhirServer", ehr.baseUrl());
        ehr.authorizations.clear();
        HttpResponse<String> response = call(service, request);
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(ehr.authorizations.size() >= 1);
        assertTrue(ehr.authorizations.stream().allMatch("Bearer some-opaque-fhir-access-token"::equals), ehr.authorizations.toString());
        JsonNode cards = HttpFixture.tree(response).get("cards");
        assertTrue(cards.size() >= 2, response.body());
    }

    @Test
    void theFeedbackExamplesAreRecordedInTheAuditLogWithoutTheComment() throws Exception {
        for (String name : List.of("feedback-accepted.json", "feedback-overridden.json", "feedback-overridden-with-reason.json")) {
            HttpResponse<String> response = service.post(FEEDBACK, "application/json", example(name).toString());
            assertEquals(200, response.statusCode(), name + ": " + response.body());
        }
        List<JsonNode> lines = feedbackLines();
        JsonNode accepted = line(lines, "4e0a3a1e-3283-4575-ab82-028d55fe2719");
        assertEquals("accepted", accepted.at("/feedback/outcome").asText());
        assertEquals("e56e1945-20b3-4393-8503-a1a20fd73152", accepted.at("/feedback/acceptedSuggestions/0").asText());
        assertEquals("overridden", line(lines, "f6b95768-b1c8-40dc-8385-bf3504b82ffb").at("/feedback/outcome").asText());
        JsonNode reason = line(lines, "9368d37b-283f-44a0-93ea-547cebab93ed");
        assertEquals("d7ecf885", reason.at("/feedback/overrideReasonCode").asText());
        assertEquals("https://example.com/cds-hooks/override-reason-system", reason.at("/feedback/overrideReasonSystem").asText());
        assertFalse(Files.readString(auditFile).contains("A comment entered by the clinician."), "free text may name the patient");
    }

    @Test
    void feedbackOnOurOwnCardCanBeReadAgainstTheCardsAuditLine() throws Exception {
        JsonNode card = HttpFixture.tree(call(service, exampleRequest())).get("cards").get(0);
        String body = "{\"feedback\":[{\"card\":\"" + card.get("uuid").asText() + "\",\"outcome\":\"overridden\","
                + "\"outcomeTimestamp\":\"2026-11-26T10:00:00Z\"}]}";
        assertEquals(200, service.post(FEEDBACK, "application/fhir+json", body).statusCode());
        JsonNode cardsLine = null;
        for (String text : Files.readAllLines(auditFile)) {
            JsonNode line = HttpFixture.JSON.readTree(text);
            if (line.path("door").asText().equals("cds-hooks-cards") && line.toString().contains(card.get("uuid").asText())) {
                cardsLine = line;
            }
        }
        assertTrue(cardsLine != null, "the call's cards are in the audit log");
        assertEquals("referral", cardsLine.at("/cards/0/kind").asText());
        assertEquals(engine.ruleBase().version(), cardsLine.get("rulesetVersion").asText());
        assertFalse(cardsLine.toString().contains("example-patient"), "no patient id");
        assertEquals("overridden", line(feedbackLines(), card.get("uuid").asText()).at("/feedback/outcome").asText());
    }

    @Test
    void malformedFeedbackIsABadRequestNamingTheEntry() throws Exception {
        assertProblem(service.post(FEEDBACK, "application/json",
                "{\"feedback\":[{\"card\":\"x\",\"outcome\":\"maybe\",\"outcomeTimestamp\":\"2020-12-11T00:00:00Z\"}]}"), 400);
        HttpResponse<String> noSuggestions = service.post(FEEDBACK, "application/json",
                "{\"feedback\":[{\"card\":\"f6b95768-b1c8-40dc-8385-bf3504b82ffb\",\"outcome\":\"accepted\",\"outcomeTimestamp\":\"2020-12-11T00:00:00Z\"}]}");
        assertProblem(noSuggestions, 400);
        assertTrue(HttpFixture.tree(noSuggestions).get("detail").asText().startsWith("feedback[0].acceptedSuggestions"));
        assertProblem(service.post(FEEDBACK, "application/json", "{\"feedback\":[]}"), 400);
        assertProblem(service.post(FEEDBACK, "application/json",
                "{\"feedback\":[{\"card\":\"x\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"yesterday\"}]}"), 400);
    }

    private static List<JsonNode> feedbackLines() throws Exception {
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String text : Files.readAllLines(auditFile)) {
            JsonNode line = HttpFixture.JSON.readTree(text);
            if (line.path("door").asText().equals("cds-hooks-feedback")) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static JsonNode line(List<JsonNode> lines, String card) {
        return lines.stream().filter(l -> l.at("/feedback/card").asText().equals(card)).findFirst()
                .orElseThrow(() -> new AssertionError("no feedback line for " + card + " in " + lines));
    }
}
