package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.backtriage.http.AssessmentApiTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** CDS Hooks 2.0 over real HTTP: discovery, cards, missing prefetch, bad FHIR, and the client's JWT. */
class CdsHooksTest {
    static final String SERVICE = "/cds-services/" + CdsService.ID;
    static final String ISSUER = "https://ehr.example.org/";
    static final String PUBLIC_URL = "https://cds.example.org";
    static TriageEngine engine;
    static HttpFixture open;
    static HttpFixture guarded;
    static RSAKey clientKey;

    @BeforeAll
    static void start() throws Exception {
        engine = TriageEngine.fromFolder(Path.of("rules"));
        open = new HttpFixture(TriageServer.create(new LiveEngine(engine), ServerOptions.open()));
        clientKey = new RSAKeyGenerator(2048).keyID("ehr-key-1").generate();
        CdsJwtVerifier verifier = new CdsJwtVerifier(new JWKSet(clientKey.toPublicJWK()), ISSUER);
        guarded = new HttpFixture(TriageServer.create(new LiveEngine(engine), new ServerOptions(
                ServerOptions.DEFAULT_MAX_BODY, null, verifier, PUBLIC_URL, null, Clock.systemUTC())));
    }

    @AfterAll
    static void stop() {
        open.close();
        guarded.close();
    }

    static ObjectNode exampleRequest() throws Exception {
        return (ObjectNode) HttpFixture.JSON.readTree(Path.of("fixtures/fhir/cds-hooks-request.example.json").toFile());
    }

    static ObjectNode exampleResponse(ObjectNode request) {
        return (ObjectNode) request.at("/prefetch/intake/entry/0/resource");
    }

    static HttpResponse<String> call(HttpFixture server, JsonNode request, String... headers) throws Exception {
        return server.post(SERVICE, "application/json", HttpFixture.JSON.writeValueAsString(request), headers);
    }

    @Test
    void discoveryListsTheServiceWithEveryRequiredField() throws Exception {
        HttpResponse<String> response = open.get("/cds-services");
        assertEquals(200, response.statusCode());
        JsonNode services = HttpFixture.tree(response).get("services");
        assertEquals(1, services.size());
        JsonNode service = services.get(0);
        assertEquals("patient-view", service.get("hook").asText());
        assertEquals("back-exercise-advice", service.get("id").asText());
        assertFalse(service.get("title").asText().isBlank());
        assertFalse(service.get("description").asText().isBlank());
        assertEquals("Patient/{{context.patientId}}", service.at("/prefetch/patient").asText());
        assertTrue(service.at("/prefetch/intake").asText().startsWith("QuestionnaireResponse?subject={{context.patientId}}"));
    }

    @Test
    void theExampleRequestGetsCardsThatShowTheAssessment() throws Exception {
        HttpResponse<String> response = call(open, exampleRequest());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode cards = HttpFixture.tree(response).get("cards");

        // what the engine says about the same intake given as contract JSON
        String contract = "{\"id\":\"qr-example-1\",\"age\":44,\"regions\":[\"lower_back\",\"mid_back\"],\"painScore\":5,"
                + "\"durationWeeks\":3.5,\"stiffness\":\"moderate\",\"muscleKnot\":true,\"redFlags\":{\"saddleNumbness\":\"no\","
                + "\"bladderOrBowelDysfunction\":\"no\",\"bilateralLegSymptoms\":\"no\",\"newSexualDysfunction\":\"no\",\"chestPain\":\"no\","
                + "\"progressiveLegWeakness\":\"no\",\"fever\":\"no\",\"immunosuppressed\":\"no\",\"historyOfCancer\":\"no\","
                + "\"unexplainedWeightLoss\":\"no\",\"nightPain\":\"unknown\",\"significantTrauma\":\"no\"},"
                + "\"routine\":{\"minutesPerSession\":40,\"sessionsPerWeek\":3,\"twisting\":\"gentle\",\"newToExercise\":true,"
                + "\"hadTechniqueInstruction\":false}}";
        Assessment expected = engine.assess(((ValidationResult.Valid) new IntakeValidator()
                .validate(HttpFixture.JSON.readTree(contract))).intake());
        assertEquals("routine", expected.referral().level());
        assertEquals(1 + expected.warnings().size() + 1, cards.size());

        for (JsonNode card : cards) {
            UUID.fromString(card.get("uuid").asText());
            assertTrue(card.get("summary").asText().length() < 140);
            assertFalse(card.get("detail").asText().isBlank());
            assertTrue(Set.of("info", "warning", "critical").contains(card.get("indicator").asText()));
            String label = card.at("/source/label").asText();
            assertTrue(label.contains(engine.ruleBase().version()), label);
            assertTrue(label.length() > engine.ruleBase().version().length() + 25, "the label cites a source too: " + label);
        }
        assertEquals("warning", cards.get(0).get("indicator").asText(), "routine referral");
        assertTrue(cards.get(0).get("summary").asText().contains("SCREENING_INCOMPLETE"));
        for (int i = 0; i < expected.warnings().size(); i++) {
            assertEquals("warning", cards.get(1 + i).get("indicator").asText());
            assertTrue(cards.get(1 + i).get("detail").asText().contains(expected.warnings().get(i).rule()));
        }
        JsonNode plan = cards.get(cards.size() - 1);
        assertEquals("info", plan.get("indicator").asText());
        assertTrue(plan.get("summary").asText().startsWith("Exercise plan"));
        for (Assessment.Exercise exercise : expected.exercises()) {
            assertTrue(plan.get("detail").asText().contains(exercise.name()));
        }
        assertEquals(response.body(), call(open, exampleRequest()).body(), "same call, same cards");
    }

    @Test
    void anUrgentRedFlagGivesACriticalCard() throws Exception {
        ObjectNode request = exampleRequest();
        for (JsonNode group : exampleResponse(request).get("item")) {
            for (JsonNode item : group.path("item")) {
                if (item.get("linkId").asText().equals("redFlags.fever")) {
                    ((ObjectNode) item.get("answer").get(0).get("valueCoding")).put("code", "yes");
                }
            }
        }
        JsonNode cards = HttpFixture.tree(call(open, request)).get("cards");
        assertEquals("critical", cards.get(0).get("indicator").asText());
        assertTrue(cards.get(0).get("summary").asText().contains("INFECTION"));
    }

    @Test
    void missingPrefetchIs412() throws Exception {
        ObjectNode noIntake = exampleRequest();
        ((ObjectNode) noIntake.get("prefetch")).remove("intake");
        assertProblem(call(open, noIntake), 412);
        ObjectNode noPrefetch = exampleRequest();
        noPrefetch.remove("prefetch");
        assertProblem(call(open, noPrefetch), 412);
        ObjectNode emptyBundle = exampleRequest();
        ((ArrayNode) emptyBundle.at("/prefetch/intake/entry")).removeAll();
        assertProblem(call(open, emptyBundle), 412);
        ObjectNode noPatient = exampleRequest();
        ((ObjectNode) noPatient.get("prefetch")).putNull("patient");
        assertProblem(call(open, noPatient), 412); // the form has no age item, so the Patient is needed
    }

    @Test
    void badFhirContentIsAProblemNamingTheLinkId() throws Exception {
        ObjectNode request = exampleRequest();
        for (JsonNode item : exampleResponse(request).get("item")) {
            if (item.get("linkId").asText().equals("painScore")) {
                ((ObjectNode) item.get("answer").get(0)).removeAll().put("valueString", "very bad indeed, says the patient whose name is Jane Q. Example");
            }
        }
        ((ArrayNode) exampleResponse(request).get("item")).addObject().put("linkId", "routine.shoeSize")
                .putArray("answer").addObject().put("valueInteger", 44);
        HttpResponse<String> response = call(open, request);
        assertProblem(response, 422);
        List<String> fields = HttpFixture.tree(response).get("errors").findValuesAsText("field");
        assertTrue(fields.containsAll(List.of("painScore", "routine.shoeSize")), fields.toString());
        assertFalse(response.body().contains("Jane Q. Example"), "an answer is echoed as a short excerpt at most");

        ObjectNode notAForm = exampleRequest();
        ((ObjectNode) notAForm.get("prefetch")).set("intake", notAForm.at("/prefetch/patient"));
        assertProblem(call(open, notAForm), 400);
        assertProblem(open.post(SERVICE, "application/json", "{\"hook\":"), 400);
        assertProblem(open.post(SERVICE, "text/plain", "{}"), 415);
    }

    static String jwt(RSAKey key, String issuer, String audience, Instant expires, String jti) throws Exception {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience)
                .issueTime(Date.from(Instant.now().minusSeconds(5))).expirationTime(Date.from(expires));
        if (jti != null) {
            claims.jwtID(jti);
        }
        SignedJWT token = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims.build());
        token.sign(new RSASSASigner(key));
        return token.serialize();
    }

    @Test
    void aGoodJwtIsAcceptedAndForgedExpiredOrMisaddressedOnesRefused() throws Exception {
        String audience = PUBLIC_URL + SERVICE;
        Instant soon = Instant.now().plusSeconds(240); // within the five minutes a CDS token may live
        ObjectNode request = exampleRequest();

        HttpResponse<String> good = call(guarded, request, "Authorization", "Bearer " + jwt(clientKey, ISSUER, audience, soon, "n-1"));
        assertEquals(200, good.statusCode(), good.body());
        assertTrue(HttpFixture.tree(good).get("cards").size() > 0);

        RSAKey stranger = new RSAKeyGenerator(2048).keyID("ehr-key-1").generate();
        assertProblem(call(guarded, request), 401);
        assertProblem(call(guarded, request, "Authorization", "Bearer " + jwt(stranger, ISSUER, audience, soon, "n-2")), 401);
        assertProblem(call(guarded, request, "Authorization", "Bearer " + jwt(clientKey, "https://evil.example/", audience, soon, "n-3")), 401);
        assertProblem(call(guarded, request, "Authorization", "Bearer "
                + jwt(clientKey, ISSUER, audience, Instant.now().minusSeconds(600), "n-4")), 401);
        assertProblem(call(guarded, request, "Authorization", "Bearer "
                + jwt(clientKey, ISSUER, "https://other.example/cds-services/x", soon, "n-5")), 401);
        assertProblem(call(guarded, request, "Authorization", "Bearer " + jwt(clientKey, ISSUER, audience, soon, null)), 401);
        assertProblem(call(guarded, request, "Authorization", "Bearer not.a.jwt"), 401);
    }

    @Test
    void withoutAPublicUrlTheJwtModeRefusesToStart() {
        // the audience is never taken from the request: its Host header is the client's to choose
        CdsJwtVerifier verifier = new CdsJwtVerifier(new JWKSet(clientKey.toPublicJWK()), ISSUER);
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new ServerOptions(
                ServerOptions.DEFAULT_MAX_BODY, null, verifier, null, null, Clock.systemUTC()));
        assertTrue(refused.getMessage().contains("--public-url"), refused.getMessage());
    }
}
