package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.engine.TriageEngine;
import org.backtriage.fhir.FhirR4;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import static org.backtriage.http.AssessmentApiTest.assertProblem;
import static org.backtriage.http.CdsHooksTest.call;
import static org.backtriage.http.CdsHooksTest.exampleRequest;
import static org.backtriage.http.CdsHooksTest.exampleResponse;
import static org.backtriage.http.CdsHooksTest.withFlag;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * When prefetch leaves the form out, the service fetches it from the CDS Client's FHIR server with HAPI's
 * client and the client's bearer token. The FHIR server is real: HAPI's RestfulServer on loopback.
 */
class CdsFetchTest {
    static final String TOKEN = "opaque-token-for-this-call-7f3a";
    static final FhirR4 FHIR = CdsHooksTest.FHIR;
    static TriageEngine engine;
    static LoopbackFhirServer ehr;
    static HttpFixture service;

    @BeforeAll
    static void start() throws Exception {
        engine = TriageEngine.fromFolder(Path.of("core/src/test/frozen-rules"));
        ehr = new LoopbackFhirServer(FHIR.context(), TOKEN);
        service = new HttpFixture(TriageServer.create(new LiveEngine(engine), ServerOptions.open(),
                new CdsOptions(List.of("*"), List.of(ehr.baseUrl()), FHIR)));

        // the patient's forms on file: the newest completed one (by instant) is routine; an older one with
        // a later-sorting text time is urgent; a newer one still in progress is not completed
        QuestionnaireResponse newest = form(exampleResponse(exampleRequest()), "qr-newest", "2025-03-13T23:30:00Z", "completed");
        QuestionnaireResponse older = form(exampleResponse(withFlag(exampleRequest(), "fever")), "qr-older", "2025-03-14T09:00:00+10:00", "completed");
        QuestionnaireResponse draft = form(exampleResponse(withFlag(exampleRequest(), "chestPain")), "qr-draft", "2025-03-20T10:00:00Z", "in-progress");
        QuestionnaireResponse someoneElse = form(exampleResponse(withFlag(exampleRequest(), "chestPain")), "qr-other-patient", "2025-03-21T10:00:00Z", "completed");
        someoneElse.getSubject().setReference("Patient/someone-else");
        for (QuestionnaireResponse form : List.of(newest, older, draft, someoneElse)) {
            ehr.add(form);
        }
        ehr.add(new Patient().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1980-06-02")).setId("example-patient"));
        ehr.add(new Patient().setBirthDateElement(new org.hl7.fhir.r4.model.DateType("1990-01-01")).setId("no-forms"));
    }

    @AfterAll
    static void stop() throws Exception {
        service.close();
        ehr.close();
    }

    @BeforeEach
    void forget() {
        ehr.authorizations.clear();
        ehr.searches.clear();
    }

    static QuestionnaireResponse form(ObjectNode json, String id, String authored, String status) {
        json.put("id", id).put("authored", authored).put("status", status);
        return (QuestionnaireResponse) FHIR.parse(json.toString()).resource();
    }

    static ObjectNode fetching(String fhirServer, String token) throws Exception {
        ObjectNode request = exampleRequest();
        request.remove("prefetch");
        request.put("fhirServer", fhirServer);
        request.putObject("fhirAuthorization").put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "patient/QuestionnaireResponse.read patient/Patient.read")
                .put("subject", "backtriage");
        return request;
    }

    @Test
    void withoutPrefetchTheNewestCompletedFormIsFetchedWithTheClientsToken() throws Exception {
        HttpResponse<String> response = call(service, fetching(ehr.baseUrl(), TOKEN));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of("Bearer " + TOKEN, "Bearer " + TOKEN), ehr.authorizations, "the search and the Patient read, each with the token");
        assertEquals(1, ehr.searches.size());
        String search = ehr.searches.get(0);
        assertTrue(search.contains("subject=Patient/example-patient"), search);
        assertTrue(search.contains("questionnaire=" + CdsService.QUESTIONNAIRE_URL), search);
        assertTrue(search.contains("status=completed"), search);
        assertTrue(search.contains("sort=DESC authored"), search);

        JsonNode referral = HttpFixture.tree(response).get("cards").get(0);
        assertEquals("warning", referral.get("indicator").asText(), "the newest completed form (routine), not the older urgent one");
        assertFalse(referral.get("summary").asText().toLowerCase().contains("infection"));
        assertFalse(referral.get("summary").asText().toLowerCase().contains("chest pain"), "not the form in progress, nor another patient's");
        assertFalse(response.body().contains(TOKEN), "the token never leaves in a response");
    }

    @Test
    void aPatientWithNoFormOnTheServerGetsNoCards() throws Exception {
        ObjectNode request = fetching(ehr.baseUrl(), TOKEN);
        ((ObjectNode) request.get("context")).put("patientId", "no-forms");
        HttpResponse<String> response = call(service, request);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"cards\":[]}", response.body());
    }

    @Test
    void aPrefetchedFormWithoutItsPatientHasOnlyThePatientRead() throws Exception {
        ObjectNode request = exampleRequest();
        ((ObjectNode) request.get("prefetch")).remove("patient");
        request.put("fhirServer", ehr.baseUrl());
        request.putObject("fhirAuthorization").put("access_token", TOKEN).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "patient/Patient.read").put("subject", "backtriage");
        HttpResponse<String> response = call(service, request);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(List.of(), ehr.searches);
        assertEquals(List.of("Bearer " + TOKEN), ehr.authorizations);
    }

    @Test
    void whenTheServerRefusesOrCannotBeReachedOrIsNotAllowedTheAnswerIs412() throws Exception {
        HttpResponse<String> refused = call(service, fetching(ehr.baseUrl(), "a-token-the-server-does-not-know"));
        assertProblem(refused, 412);
        assertTrue(HttpFixture.tree(refused).get("detail").asText().contains("401"), refused.body());
        assertEquals(List.of("Bearer a-token-the-server-does-not-know"), ehr.authorizations);
        assertFalse(refused.body().contains("a-token-the-server-does-not-know"));

        int closed;
        try (ServerSocket socket = new ServerSocket(0)) {
            closed = socket.getLocalPort();
        }
        String gone = "http://127.0.0.1:" + closed + "/fhir";
        try (HttpFixture allowsGone = new HttpFixture(TriageServer.create(new LiveEngine(engine), ServerOptions.open(),
                new CdsOptions(List.of("*"), List.of(gone), FHIR)))) {
            assertProblem(call(allowsGone, fetching(gone, TOKEN)), 412);
        }

        ehr.authorizations.clear();
        HttpResponse<String> notListed = call(service, fetching("http://127.0.0.1:1/fhir", TOKEN));
        assertProblem(notListed, 412);
        assertTrue(HttpFixture.tree(notListed).get("detail").asText().contains("--fhir-server"), notListed.body());
        assertEquals(List.of(), ehr.authorizations);
    }
}
