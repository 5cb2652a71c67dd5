package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Intake;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The JSON API over real HTTP: every status code, problem+json bodies, the token, the audit log, load. */
class AssessmentApiTest {
    static TriageEngine engine;
    static HttpFixture open;
    static List<String> intakes;

    @BeforeAll
    static void start() throws Exception {
        engine = TriageEngine.fromFolder(Path.of("core/src/test/frozen-rules")); // the one rule-base build of this class
        open = new HttpFixture(TriageServer.create(new LiveEngine(engine), ServerOptions.open()));
        // the clinic's fixture holds broken records on purpose: keep the ones that are valid intakes
        intakes = Files.readAllLines(Path.of("fixtures/clinic-b.ndjson")).stream().filter(AssessmentApiTest::isValid).toList();
        assertTrue(intakes.size() >= 10);
    }

    @AfterAll
    static void stop() {
        open.close();
    }

    static boolean isValid(String line) {
        try {
            return new IntakeValidator().validate(HttpFixture.JSON.readTree(line)) instanceof ValidationResult.Valid;
        } catch (Exception e) {
            return false;
        }
    }

    /** What the engine says directly, serialised as the batch output is. */
    static JsonNode expected(String intakeJson) throws Exception {
        ValidationResult result = new IntakeValidator().validate(HttpFixture.JSON.readTree(intakeJson));
        Intake intake = ((ValidationResult.Valid) result).intake();
        return HttpFixture.JSON.valueToTree(engine.assess(intake));
    }

    static void assertProblem(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals(Problem.MEDIA_TYPE, response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode problem = HttpFixture.tree(response);
        assertEquals(status, problem.get("status").asInt());
        assertTrue(problem.get("type").isTextual());
        assertTrue(problem.get("title").isTextual());
        String body = response.body();
        for (String leak : List.of("Exception", "org.backtriage", "com.fasterxml", "jakarta.", "\tat ")) {
            assertFalse(body.contains(leak), "problem leaks " + leak + ": " + body);
        }
    }

    @Test
    void anIntakeGetsTheSameAssessmentAsTheEngineGives() throws Exception {
        String intake = intakes.get(0);
        HttpResponse<String> response = open.post("/v1/assessments", "application/json; charset=utf-8", intake);
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse("").split(";")[0]);
        JsonNode body = HttpFixture.tree(response);
        assertEquals(expected(intake), body);
        assertEquals("b-emergency-bladder-bowel", body.get("intakeId").asText());
        assertEquals("emergency", body.at("/referral/level").asText());
    }

    @Test
    void malformedJsonIs400WithoutEchoingTheBody() throws Exception {
        HttpResponse<String> response = open.post("/v1/assessments", "application/json", "{\"id\": \"secret-patient-name\", ");
        assertProblem(response, 400);
        assertFalse(response.body().contains("secret-patient-name"));
        assertTrue(HttpFixture.tree(response).get("detail").asText().contains("column"));
    }

    @Test
    void contractViolationsAre422ListingEveryField() throws Exception {
        String body = "{\"id\":\"x1\",\"age\":\"forty\",\"regions\":[\"lower_back\"],\"painScore\":11,\"shoeSize\":44,"
                + "\"redFlags\":{\"fever\":true},\"routine\":{\"sessionsPerWeek\":22}}";
        HttpResponse<String> response = open.post("/v1/assessments", "application/json", body);
        assertProblem(response, 422);
        Set<String> fields = new HashSet<>();
        HttpFixture.tree(response).get("errors").forEach(e -> {
            fields.add(e.get("field").asText());
            assertTrue(e.get("message").asText().length() > 5);
        });
        assertEquals(Set.of("age", "painScore", "shoeSize", "redFlags.fever", "routine.sessionsPerWeek"), fields);
    }

    @Test
    void aBodyOverTheLimitIs413() throws Exception {
        String big = "{\"id\":\"" + "x".repeat(70 * 1024) + "\"}";
        assertProblem(open.post("/v1/assessments", "application/json", big), 413);
    }

    @Test
    void anotherContentTypeIs415() throws Exception {
        assertProblem(open.post("/v1/assessments", "text/plain", intakes.get(0)), 415);
        assertProblem(open.post("/v1/assessments", null, intakes.get(0)), 415);
    }

    @Test
    void unknownPathsAndMethodsAreProblemsToo() throws Exception {
        assertProblem(open.get("/v1/nothing-here"), 404);
        assertProblem(open.get("/v1/assessments"), 405); // a path that has only other methods (Allow: ServerFaultsTest)
    }

    @Test
    void rulesetListsVersionCountAndEveryRule() throws Exception {
        HttpResponse<String> response = open.get("/v1/ruleset");
        assertEquals(200, response.statusCode());
        JsonNode body = HttpFixture.tree(response);
        assertEquals(engine.ruleBase().version(), body.get("version").asText());
        assertEquals(engine.rules().size(), body.get("ruleCount").asInt());
        assertEquals(engine.rules().size(), body.get("rules").size());
        for (JsonNode rule : body.get("rules")) {
            assertFalse(rule.get("id").asText().isBlank());
            assertFalse(rule.get("name").asText().isBlank());
            assertFalse(rule.get("source").asText().isBlank());
        }
        // the texts a client of `evaluate --detail codes` looks up, with the clinic's numbers filled in
        assertEquals(engine.ruleBase().thresholds().values().get("longestSessionMinutes"),
                body.at("/thresholds/longestSessionMinutes").asText());
        assertEquals(engine.ruleBase().vocabulary().advice("emergency"), body.at("/vocabulary/levels/emergency").asText());
        assertFalse(body.at("/vocabulary/safetyNet/0/signs/0").asText().isBlank(), body.at("/vocabulary").toString());
        String crunchDose = body.at("/vocabulary/exercises/abdominal-crunch/dosage").asText();
        assertTrue(crunchDose.contains(engine.ruleBase().thresholds().values().get("longestSessionMinutes") + " minutes")
                && !crunchDose.contains("{"), crunchDose);
    }

    @Test
    void healthAndReadiness() throws Exception {
        assertEquals(200, open.get("/health").statusCode());
        HttpResponse<String> ready = open.get("/ready");
        assertEquals(200, ready.statusCode());
        assertEquals(engine.ruleBase().version(), HttpFixture.tree(ready).get("rulesetVersion").asText());
        try (HttpFixture empty = new HttpFixture(TriageServer.create(LiveEngine.notLoaded(), ServerOptions.open()))) {
            assertEquals(200, empty.get("/health").statusCode());
            assertProblem(empty.get("/ready"), 503);
            assertProblem(empty.post("/v1/assessments", "application/json", intakes.get(0)), 503);
        }
    }

    @Test
    void aTokenIsRequiredAndAWrongOneRefused() throws Exception {
        String token = "s3cret-token-for-the-test-0123456789";
        ServerOptions options = new ServerOptions(ServerOptions.DEFAULT_MAX_BODY, token, null, null, null, Clock.systemUTC());
        try (HttpFixture guarded = new HttpFixture(TriageServer.create(new LiveEngine(engine), options))) {
            HttpResponse<String> none = guarded.post("/v1/assessments", "application/json", intakes.get(0));
            assertProblem(none, 401);
            assertEquals("Bearer", none.headers().firstValue("WWW-Authenticate").orElse(""));
            assertProblem(guarded.get("/v1/ruleset", "Authorization", "Bearer wrong-token"), 401);
            assertProblem(guarded.get("/v1/ruleset", "Authorization", "Basic " + token), 401);
            assertEquals(200, guarded.get("/v1/ruleset", "Authorization", "Bearer " + token).statusCode());
            HttpResponse<String> ok = guarded.post("/v1/assessments", "application/json", intakes.get(1),
                    "Authorization", "Bearer " + token);
            assertEquals(expected(intakes.get(1)), HttpFixture.tree(ok));
            assertEquals(200, guarded.get("/health").statusCode(), "liveness stays open for probes");
        }
    }

    @Test
    void theAuditLogHasOneLinePerAssessmentAndNeverTheIntake(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.ndjson");
        String intake = "{\"id\":\"patient-jane-doe-1975\",\"age\":49,\"regions\":[\"lower_back\"],\"painScore\":4}";
        try (AuditLog audit = AuditLog.appendingTo(file, Clock.systemUTC());
             HttpFixture audited = new HttpFixture(TriageServer.create(new LiveEngine(engine),
                     new ServerOptions(ServerOptions.DEFAULT_MAX_BODY, null, null, null, audit, Clock.systemUTC())))) {
            assertEquals(200, audited.post("/v1/assessments", "application/json", intake).statusCode());
            assertEquals(200, audited.post("/v1/assessments", "application/json", intakes.get(0)).statusCode());
            assertEquals(422, audited.post("/v1/assessments", "application/json", "{\"id\":\"bad\"}").statusCode());

            List<String> lines = Files.readAllLines(file);
            assertEquals(2, lines.size(), "one line per assessment, none for a rejected intake");
            assertFalse(Files.readString(file).contains("jane"), "the audit log holds a keyed hash, not the intake");
            JsonNode first = HttpFixture.JSON.readTree(lines.get(0));
            Intake validated = ((ValidationResult.Valid) new IntakeValidator().validate(HttpFixture.JSON.readTree(intake))).intake();
            Assessment assessment = engine.assess(validated);
            assertEquals(audit.hash(validated), first.get("intakeHmacSha256").asText());
            assertEquals(64, first.get("intakeHmacSha256").asText().length());
            assertEquals(engine.ruleBase().version(), first.get("rulesetVersion").asText());
            assertEquals(assessment.referral().level(), first.get("referralLevel").asText());
            assertEquals(assessment.firedRules().stream().map(Assessment.FiredRule::id).toList(),
                    HttpFixture.JSON.convertValue(first.get("firedRules"), List.class));
            assertNotNull(java.time.Instant.parse(first.get("time").asText()));
            assertEquals("emergency", HttpFixture.JSON.readTree(lines.get(1)).get("referralLevel").asText());
        }
    }

    @Test
    void accessLogLinesCarryMethodPathStatusAndTimeOnly() throws Exception {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            open.post("/v1/assessments", "application/json", "{\"id\":\"patient-jane-doe\",\"age\":\"forty\"}");
            open.post("/v1/assessments", "application/json", "{\"id\":\"patient-jane-doe\", broken");
            open.post("/v1/assessments", "application/json", intakes.get(0));
        } finally {
            System.setErr(original);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertFalse(log.contains("jane"), log);
        assertFalse(log.contains("b-emergency"), log);
        assertFalse(log.contains("Exception"), log);
        List<String> access = log.lines().filter(l -> l.contains("org.backtriage.http.access")).toList();
        assertEquals(3, access.size(), log);
        assertTrue(access.get(0).matches(".* - POST \"/v1/assessments\" 422 \\d+ms"), access.get(0));
        assertTrue(access.get(1).matches(".* - POST \"/v1/assessments\" 400 \\d+ms"), access.get(1));
    }

    @Test
    void twoHundredConcurrentRequestsAreAllAnsweredCorrectly() throws Exception {
        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        List<JsonNode> wanted = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            ObjectNode intake = (ObjectNode) HttpFixture.JSON.readTree(intakes.get(i % intakes.size()));
            intake.put("id", "concurrent-" + i);
            String body = HttpFixture.JSON.writeValueAsString(intake);
            wanted.add(expected(body));
            calls.add(open.client.sendAsync(open.postRequest("/v1/assessments", "application/json", body),
                    HttpResponse.BodyHandlers.ofString()));
        }
        for (int i = 0; i < calls.size(); i++) {
            HttpResponse<String> response = calls.get(i).get();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(wanted.get(i), HttpFixture.tree(response), "request " + i);
        }
    }
}
