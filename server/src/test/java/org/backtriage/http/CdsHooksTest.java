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
import org.backtriage.fhir.FhirR4;
import org.backtriage.intake.Intake;
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

/**
 * CDS Hooks 2.0 over real HTTP: discovery, cards (revision 2: advice first, safety net below emergency, no
 * steps for avoided exercises, a draft referral for urgent and emergency), prefetch as the spec reads it,
 * CORS, FHIR's media type, bad FHIR, and the client's JWT.
 */
class CdsHooksTest {
    static final String SERVICE = "/cds-services/" + CdsService.ID;
    static final String ISSUER = "https://ehr.example.org/";
    static final String PUBLIC_URL = "https://cds.example.org";
    static TriageEngine engine;
    static final FhirR4 FHIR = new FhirR4();
    static HttpFixture open;
    static HttpFixture guarded;
    static RSAKey clientKey;

    @BeforeAll
    static void start() throws Exception {
        engine = TriageEngine.fromFolder(Path.of("core/src/test/frozen-rules"));
        open = new HttpFixture(TriageServer.create(new LiveEngine(engine), ServerOptions.open(), CdsOptions.defaults(FHIR)));
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

    /** The example form as contract JSON, as the engine gets it. */
    static final String CONTRACT = "{\"id\":\"qr-example-1\",\"age\":44,\"regions\":[\"lower_back\",\"mid_back\"],\"painScore\":5,"
            + "\"durationWeeks\":3.5,\"stiffness\":\"moderate\",\"muscleKnot\":true,\"redFlags\":{\"saddleNumbness\":\"no\","
            + "\"bladderOrBowelDysfunction\":\"no\",\"bilateralLegSymptoms\":\"no\",\"newSexualDysfunction\":\"no\",\"chestPain\":\"no\","
            + "\"progressiveLegWeakness\":\"no\",\"fever\":\"no\",\"immunosuppressed\":\"no\",\"historyOfCancer\":\"no\","
            + "\"unexplainedWeightLoss\":\"no\",\"nightPain\":\"unknown\",\"significantTrauma\":\"no\"},"
            + "\"routine\":{\"minutesPerSession\":40,\"sessionsPerWeek\":3,\"twisting\":\"gentle\",\"newToExercise\":true,"
            + "\"hadTechniqueInstruction\":false}}";

    static Intake intake(String contractJson) throws Exception {
        return ((ValidationResult.Valid) new IntakeValidator().validate(HttpFixture.JSON.readTree(contractJson))).intake();
    }

    /** The example request with one red flag answered yes. */
    static ObjectNode withFlag(ObjectNode request, String flag) {
        for (JsonNode group : exampleResponse(request).get("item")) {
            for (JsonNode item : group.path("item")) {
                if (item.get("linkId").asText().equals("redFlags." + flag)) {
                    ((ObjectNode) item.get("answer").get(0).get("valueCoding")).put("code", "yes");
                }
            }
        }
        return request;
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

    /** The safety net's lines as the referral card writes them: "- advice:" then "  - sign" under it. */
    static List<String> safetyNetLines() {
        List<String> lines = new java.util.ArrayList<>();
        for (var group : engine.ruleBase().vocabulary().safetyNetGroups()) {
            lines.add("- " + group.advice() + ":");
            group.signs().forEach(sign -> lines.add("  - " + sign));
        }
        return lines;
    }

    /** Issue 19: a card's summary fits the spec (under 140 characters) and ends at the end of a word. */
    static void assertSummary(JsonNode card) {
        String summary = card.get("summary").asText();
        assertTrue(summary.length() < 140, summary.length() + ": " + summary);
        assertFalse(summary.isBlank());
        assertFalse(summary.contains("\n"), summary);
    }

    @Test
    void theExampleRequestGetsOneReferralCardAndOneExercisePlanCardForTheClinician() throws Exception {
        HttpResponse<String> response = call(open, exampleRequest());
        assertEquals(200, response.statusCode(), response.body());
        JsonNode cards = HttpFixture.tree(response).get("cards");

        Assessment expected = engine.assess(intake(CONTRACT));
        assertEquals("routine", expected.referral().level());
        assertFalse(expected.warnings().isEmpty(), "the example has cautions: they are on the plan card, not cards of their own");
        assertEquals(2, cards.size(), "exactly the referral card and the exercise-plan card: " + cards);
        for (JsonNode card : cards) {
            UUID.fromString(card.get("uuid").asText());
            assertSummary(card);
            assertTrue(Set.of("info", "warning", "critical").contains(card.get("indicator").asText()));
            String label = card.at("/source/label").asText();
            assertTrue(label.contains(engine.ruleBase().version()), label);
            assertTrue(label.length() > engine.ruleBase().version().length() + 25, "the label cites a source too: " + label);
            assertFalse(card.has("kind"), "the audit's card kind is not part of the card");
            // written for the clinician: the patient's instructions are quoted as what the patient was told
            assertFalse(card.get("detail").asText().startsWith(expected.referral().advice()), card.get("detail").asText());
            assertFalse(card.get("summary").asText().matches(".*\\b[A-Z]{2,}_[A-Z_]+\\b.*"), "no codes: " + card.get("summary"));
        }
        JsonNode referral = cards.get(0);
        String detail = referral.get("detail").asText();
        assertEquals("warning", referral.get("indicator").asText(), "routine referral");
        assertTrue(detail.startsWith("**Routine referral advised.** The patient was told: \u201c" + expected.referral().advice() + "\u201d"),
                detail);
        assertTrue(referral.get("summary").asText().startsWith("Routine referral advised: "), referral.get("summary").asText());
        assertTrue(referral.get("summary").asText().contains("screening incomplete"), referral.get("summary").asText());
        for (Assessment.Reason reason : expected.referral().reasons()) {
            assertTrue(detail.contains(reason.rule()) && detail.contains(reason.source()), reason.code());
        }
        assertFalse(referral.has("suggestions"), "a routine referral suggests no order");

        // the safety net once: in the referral card, as a markdown list under what to do
        List<String> net = safetyNetLines();
        assertTrue(detail.contains("**Safety net given to the patient**"), detail);
        assertTrue(detail.contains(String.join("\n", net)), "the safety net as a list: " + detail);
        JsonNode plan = cards.get(1);
        String planDetail = plan.get("detail").asText();
        for (var group : engine.ruleBase().vocabulary().safetyNetGroups()) {
            assertFalse(planDetail.contains(group.advice()), "the safety net is on the referral card only");
            group.signs().forEach(sign -> assertFalse(planDetail.contains(sign), sign));
        }

        assertEquals("warning", plan.get("indicator").asText(), "the plan carries the cautions");
        assertTrue(plan.get("summary").asText().startsWith("Exercise plan"));
        for (Assessment.Exercise exercise : expected.exercises()) {
            assertTrue(planDetail.contains(exercise.name()), exercise.id());
            assertTrue(planDetail.contains(exercise.rule()), exercise.id());
            if (exercise.dosage() != null) {
                assertTrue(planDetail.contains(exercise.dosage().strip().replace('\n', ' ')), "the dose given: " + exercise.id());
            }
            if (exercise.instructions() != null) {
                assertFalse(planDetail.contains(exercise.instructions().strip().replace('\n', ' ')),
                        "the steps are the patient's, on the handout: " + exercise.id());
            }
        }
        for (Assessment.Warning warning : expected.warnings()) {
            assertTrue(planDetail.contains(warning.message()) && planDetail.contains(warning.rule()), warning.code());
        }
        assertEquals(response.body(), call(open, exampleRequest()).body(), "same call, same cards");
    }

    @Test
    void anUrgentRedFlagGivesACriticalCardWithADraftReferral() throws Exception {
        JsonNode cards = HttpFixture.tree(call(open, withFlag(exampleRequest(), "fever"))).get("cards");
        assertEquals(2, cards.size());
        JsonNode referral = cards.get(0);
        assertEquals("critical", referral.get("indicator").asText());
        assertTrue(referral.get("summary").asText().startsWith("Urgent referral advised: infection"), referral.get("summary").asText());
        assertTrue(referral.get("detail").asText().startsWith("**Urgent referral advised.** The patient was told: \u201cAsk for an urgent GP"),
                referral.get("detail").asText());
        assertTrue(referral.get("detail").asText().contains(String.join("\n", safetyNetLines())));
        // a lower reason beside the urgent one: the clinician reads the finding, not the patient's "also tell them"
        String alsoTell = engine.ruleBase().vocabulary().alsoTell();
        assertFalse(alsoTell.isBlank());
        assertFalse(referral.get("detail").asText().contains(alsoTell), referral.get("detail").asText());
        assertEquals("at-most-one", referral.get("selectionBehavior").asText());
        JsonNode suggestion = referral.at("/suggestions/0");
        UUID.fromString(suggestion.get("uuid").asText());
        JsonNode action = suggestion.at("/actions/0");
        assertEquals("create", action.get("type").asText());
        JsonNode request = action.get("resource");
        assertEquals("ServiceRequest", request.get("resourceType").asText());
        assertEquals("draft", request.get("status").asText());
        assertEquals("urgent", request.get("priority").asText());
        assertEquals("Patient/example-patient", request.at("/subject/reference").asText());
        assertEquals("QuestionnaireResponse/qr-example-1", request.at("/supportingInfo/0/reference").asText());
        Assessment assessment = engine.assess(intake(CONTRACT.replace("\"fever\":\"no\"", "\"fever\":\"yes\"")));
        assertEquals(assessment.referral().reasons().stream().map(Assessment.Reason::message).toList(),
                request.get("reasonCode").findValuesAsText("text"), "the reasons, as text, one each");
        // HAPI reads the suggested resource back as a valid R4 ServiceRequest
        assertTrue(new org.backtriage.fhir.FhirR4().parse(request.toString()).resource() instanceof org.hl7.fhir.r4.model.ServiceRequest);
    }

    @Test
    void anEmergencyCardSaysGoNowWithoutSafetyNetAndThePlanNeverShowsHowToDoAvoidedExercises() throws Exception {
        JsonNode cards = HttpFixture.tree(call(open, withFlag(exampleRequest(), "saddleNumbness"))).get("cards");
        assertEquals(2, cards.size());
        JsonNode referral = cards.get(0);
        assertEquals("critical", referral.get("indicator").asText());
        assertTrue(referral.get("detail").asText().startsWith("**Emergency referral advised.** The patient was told: \u201cCall 999 or go to A&E now.\u201d"),
                referral.get("detail").asText());
        assertEquals("stat", referral.at("/suggestions/0/actions/0/resource/priority").asText());
        for (JsonNode card : cards) {
            assertSummary(card);
            for (var group : engine.ruleBase().vocabulary().safetyNetGroups()) {
                group.signs().forEach(sign -> assertFalse(card.get("detail").asText().contains(sign),
                        "no safety net at emergency level: " + card.get("summary")));
            }
        }
        JsonNode plan = cards.get(1);
        assertTrue(plan.get("summary").asText().contains("0 recommended"), plan.get("summary").asText());
        Assessment emergency = engine.assess(intake(CONTRACT.replace("\"saddleNumbness\":\"no\"", "\"saddleNumbness\":\"yes\"")));
        Assessment open = engine.assess(intake(CONTRACT.replace("\"nightPain\":\"unknown\"", "\"nightPain\":\"no\"")));
        for (Assessment.Exercise avoided : emergency.exercises()) {
            assertEquals("avoid", avoided.status());
            assertTrue(plan.get("detail").asText().contains(avoided.name()));
            assertTrue(plan.get("detail").asText().contains(avoided.reason()), "why it is avoided");
            Assessment.Exercise same = open.exercises().stream().filter(e -> e.id().equals(avoided.id())).findFirst().orElseThrow();
            assertFalse(plan.get("detail").asText().contains(same.instructions().strip().replace('\n', ' ')), "no steps for " + avoided.id());
            assertFalse(plan.get("detail").asText().contains(same.dosage().strip()), "no dose for " + avoided.id());
        }
    }

    /** Issue 19: many reasons make a long summary: it is shortened at a word, with an ellipsis, under 140 characters. */
    @Test
    void aLongSummaryIsShortenedAtAWordWithAnEllipsis() throws Exception {
        List<Assessment.Reason> reasons = new java.util.ArrayList<>();
        for (String code : engine.ruleBase().vocabulary().reasons()) {
            reasons.add(new Assessment.Reason(code, "urgent", "found", "rule-" + code.toLowerCase(), "notes"));
        }
        Assessment many = new Assessment("x", new Assessment.Referral("urgent", "Ask for an urgent GP appointment today.", reasons),
                List.of(), List.of(), List.of(), new Assessment.Ruleset("v1", 1), List.of());
        String full = "Urgent referral advised: " + String.join(", ", reasons.stream()
                .map(r -> r.code().replace('_', ' ').toLowerCase(java.util.Locale.ROOT)).toList());
        assertTrue(full.length() >= 140, "enough reasons to need shortening: " + full);
        var cards = new CdsCards(FHIR, HttpFixture.JSON).cards(many, new CdsCards.Context("hook-1", "p1", null, "")).cards();
        String summary = cards.get(0).summary();
        assertTrue(summary.length() < 140, summary);
        assertTrue(summary.endsWith("\u2026"), summary);
        String kept = summary.substring(0, summary.length() - 1);
        assertTrue(full.startsWith(kept), summary);
        assertTrue(full.charAt(kept.length()) == ' ' || full.charAt(kept.length()) == ',', "cut at a word's end: " + summary);
    }

    /** Issue 19: whatever the text, a summary is under 140 characters and never ends inside a word. */
    @Test
    void summariesAreUnder140CharactersAndNeverCutAWord() {
        java.util.Random random = new java.util.Random(19);
        String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_()&:,";
        for (int sample = 0; sample < 2000; sample++) {
            StringBuilder text = new StringBuilder("Exercise");
            int words = 1 + random.nextInt(40);
            for (int w = 0; w < words; w++) {
                text.append(random.nextInt(10) == 0 ? "  \n" : " ");
                int length = 1 + random.nextInt(random.nextInt(5) == 0 ? 40 : 12);
                for (int c = 0; c < length; c++) {
                    text.append(letters.charAt(random.nextInt(letters.length())));
                }
            }
            String line = text.toString().replaceAll("\\s+", " ").strip();
            String summary = CdsCards.summary(text.toString());
            assertTrue(summary.length() < 140, summary);
            if (line.length() < 140) {
                assertEquals(line, summary);
                continue;
            }
            assertTrue(summary.endsWith("\u2026"), summary);
            String kept = summary.substring(0, summary.length() - 1);
            assertTrue(line.startsWith(kept), line + " -> " + summary);
            assertTrue(line.charAt(kept.length()) == ' ' || !Character.isLetterOrDigit(line.charAt(kept.length())),
                    "cut inside a word: " + line + " -> " + summary);
            assertTrue(Character.isLetterOrDigit(kept.charAt(kept.length() - 1)) || kept.endsWith(")") || kept.endsWith("&")
                    || kept.endsWith("_"), "ends on a word: " + summary);
        }
    }

    @Test
    void noFormOnFileGivesNoCards() throws Exception {
        ObjectNode nullIntake = exampleRequest();
        ((ObjectNode) nullIntake.get("prefetch")).putNull("intake");
        ObjectNode emptyBundle = exampleRequest();
        ((ArrayNode) emptyBundle.at("/prefetch/intake/entry")).removeAll();
        ObjectNode noEntries = exampleRequest();
        ((ObjectNode) noEntries.at("/prefetch/intake")).remove("entry");
        ObjectNode emptyObject = exampleRequest();
        ((ObjectNode) emptyObject.get("prefetch")).putObject("intake");
        for (ObjectNode request : List.of(nullIntake, emptyBundle, noEntries, emptyObject)) {
            HttpResponse<String> response = call(open, request);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("{\"cards\":[]}", response.body());
        }
    }

    @Test
    void dataThatCouldNotBeHadIs412() throws Exception {
        ObjectNode noIntake = exampleRequest();
        ((ObjectNode) noIntake.get("prefetch")).remove("intake");
        noIntake.remove("fhirServer");
        assertProblem(call(open, noIntake), 412);
        ObjectNode noPrefetch = exampleRequest();
        noPrefetch.remove("prefetch");
        assertProblem(call(open, noPrefetch), 412); // fhirServer given, but not one this server may fetch from
        ObjectNode failedPrefetch = exampleRequest();
        ((ObjectNode) failedPrefetch.get("prefetch")).set("intake", HttpFixture.JSON.readTree(
                "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\"timeout\"}]}"));
        assertProblem(call(open, failedPrefetch), 412);
        ObjectNode noPatient = exampleRequest();
        ((ObjectNode) noPatient.get("prefetch")).putNull("patient");
        assertProblem(call(open, noPatient), 412); // the form has no age item, and there is no Patient
    }

    /** Issue 12: authored times in different offsets are compared as instants. */
    @Test
    void theNewestFormOfABundleIsFoundByInstant() throws Exception {
        ObjectNode request = exampleRequest();
        ArrayNode entries = (ArrayNode) request.at("/prefetch/intake/entry");
        ObjectNode older = exampleResponse(request);
        older.put("id", "qr-older").put("authored", "2025-03-14T09:00:00+10:00"); // 2025-03-13T23:00Z
        for (JsonNode group : older.get("item")) {
            for (JsonNode item : group.path("item")) {
                if (item.get("linkId").asText().equals("redFlags.fever")) {
                    ((ObjectNode) item.get("answer").get(0).get("valueCoding")).put("code", "yes");
                }
            }
        }
        ObjectNode newer = exampleResponse(exampleRequest());
        newer.put("id", "qr-newer").put("authored", "2025-03-13T23:30:00Z");
        entries.removeAll();
        entries.addObject().set("resource", older);
        entries.addObject().set("resource", newer);
        JsonNode cards = HttpFixture.tree(call(open, request)).get("cards");
        assertEquals("warning", cards.get(0).get("indicator").asText(), "the newer form (routine), not the older one (urgent)");
        assertFalse(cards.get(0).get("summary").asText().toLowerCase().contains("infection"));
    }

    @Test
    void fhirJsonIsAcceptedAsWellAsJson() throws Exception {
        HttpResponse<String> response = open.post(SERVICE, "application/fhir+json; charset=utf-8",
                HttpFixture.JSON.writeValueAsString(exampleRequest()));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(call(open, exampleRequest()).body(), response.body());
        assertProblem(open.post("/v1/assessments", "application/fhir+json", "{}"), 415); // an intake is not FHIR
    }

    @Test
    void browsersMayCallTheCdsRoutesButNotTheApi() throws Exception {
        String origin = "https://sandbox.cds-hooks.org";
        HttpResponse<String> preflight = open.client.send(java.net.http.HttpRequest.newBuilder(open.uri(SERVICE))
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody())
                .header("Origin", origin).header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "authorization,content-type").build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, preflight.statusCode(), preflight.body());
        assertFalse(preflight.headers().firstValue("Content-Type").orElse("").contains("problem"), "a preflight is not an error");
        assertEquals("", preflight.body());
        assertEquals("*", preflight.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        String allowed = preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase(java.util.Locale.ROOT);
        assertTrue(allowed.contains("authorization") && allowed.contains("content-type"), allowed);
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Methods").orElse("").contains("POST"));
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Credentials").isEmpty(), "no cookies cross-origin");

        HttpResponse<String> post = call(open, exampleRequest(), "Origin", origin);
        assertEquals(200, post.statusCode());
        assertEquals("*", post.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertEquals("*", open.get("/cds-services", "Origin", origin).headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        assertTrue(open.get("/health", "Origin", origin).headers().firstValue("Access-Control-Allow-Origin").isEmpty(),
                "the JSON API is not opened to browsers");

        try (HttpFixture listed = new HttpFixture(TriageServer.create(new LiveEngine(engine), ServerOptions.open(),
                new CdsOptions(List.of(origin), List.of(), FHIR)))) {
            assertEquals(origin, call(listed, exampleRequest(), "Origin", origin).headers().firstValue("Access-Control-Allow-Origin").orElse(null));
            assertTrue(call(listed, exampleRequest(), "Origin", "https://evil.example").headers()
                    .firstValue("Access-Control-Allow-Origin").isEmpty(), "an origin not listed gets no CORS header");
        }
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
        ObjectNode noPatientId = exampleRequest();
        ((ObjectNode) noPatientId.get("context")).remove("patientId");
        assertProblem(call(open, noPatientId), 400);
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
