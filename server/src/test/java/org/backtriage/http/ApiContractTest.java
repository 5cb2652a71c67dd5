package org.backtriage.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;
import com.networknt.schema.keyword.NonValidationKeyword;
import io.javalin.router.ParsedEndpoint;
import org.backtriage.Engines;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.Input;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordEvaluator;
import org.backtriage.batch.RecordReader;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.FieldError;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import org.backtriage.intake.Vocabulary;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Keeps the integrator's contract files true to the code (issue 20): {@code docs/schema/intake.schema.json},
 * {@code docs/schema/assessment.schema.json}, {@code docs/openapi.yaml} and {@code docs/examples/}.
 * <ul>
 *   <li>the intake schema accepts exactly the fixture records the validator accepts, names the contract's
 *       fields and codes, and agrees with the validator on edge cases; the rules it cannot express are listed
 *       in {@link #NOT_EXPRESSIBLE} and must stay accepted by the schema and refused by the validator;</li>
 *   <li>what the engine writes for every fixture record, full and {@code --detail codes}, matches the
 *       assessment schema (error records too), and the schema refuses what the contract forbids;</li>
 *   <li>each example request in {@code docs/examples}, sent to a real server on the frozen rules, gets its
 *       stored answer (but for the rule set's version and rule count) and that answer matches openapi.yaml;
 *       every route's answers (health, ruleset, CDS Hooks, errors, the HTML handout) match it too;</li>
 *   <li>every route the server registers is in openapi.yaml, and every operation there is registered.</li>
 * </ul>
 * The schemas are read as if {@code docs/} were published at {@link #BASE}: their {@code $id}s and the OpenAPI
 * file's relative references meet there, so nothing is fetched from the network.
 */
class ApiContractTest {
    static final String BASE = "https://backtriage.example/";
    static final Path DOCS = Path.of("docs");
    static final Path EXAMPLES = DOCS.resolve("examples");
    static final String INTAKE = BASE + "schema/intake.schema.json";
    static final String ASSESSMENT = BASE + "schema/assessment.schema.json";
    static final String OPENAPI = BASE + "openapi.yaml";
    static final ObjectMapper JSON = HttpFixture.JSON;
    /** Parts of an answer that change with every edit of the rule files, not with the contract. */
    static final List<String> VOLATILE = List.of("/ruleset/version", "/ruleset/rules");
    static final List<String> OPENAPI_FIELDS = List.of("openapi", "info", "jsonSchemaDialect", "servers", "paths",
            "webhooks", "components", "security", "tags", "externalDocs");
    static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    /**
     * Rules of the validator that JSON Schema cannot state (each named in intake.schema.json's description): the
     * validator refuses these records, the schema accepts them. If the schema ever refuses one, it has learned to
     * express the rule: move the case to {@link #edgeCases()} and take it out of the schema's description.
     */
    static final Map<String, String> NOT_EXPRESSIBLE = Map.of(
            "an id of 150 emoji: 150 code points (JSON Schema's length), 300 UTF-16 code units (Java's)",
            "{\"id\":\"" + "\\ud83d\\ude00".repeat(150) + "\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":2}",
            "an id with a lone surrogate",
            "{\"id\":\"a\\ud800b\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":2}",
            "an id of an em space only: blank to Java, not to the pattern's \\S",
            "{\"id\":\"\\u2003\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":2}");

    static TriageEngine engine;
    static HttpFixture server;
    static SchemaRegistry schemas;
    static JsonNode openapi;
    static List<FixtureRecord> records;
    static final IntakeValidator VALIDATOR = new IntakeValidator();

    /** One record of a fixture file as the batch reader reads it, and its JSON ({@code null} when it is not JSON). */
    record FixtureRecord(RawRecord raw, JsonNode json) {
    }

    @BeforeAll
    static void start() throws Exception {
        engine = Engines.frozen();
        server = new HttpFixture(TriageServer.create(new LiveEngine(engine), ServerOptions.open()));
        openapi = new YAMLMapper().readTree(DOCS.resolve("openapi.yaml").toFile());
        Map<String, String> documents = Map.of(
                INTAKE, Files.readString(DOCS.resolve("schema/intake.schema.json")),
                ASSESSMENT, Files.readString(DOCS.resolve("schema/assessment.schema.json")),
                OPENAPI, JSON.writeValueAsString(openapi));
        // 2020-12, which OpenAPI 3.1 schemas are, knowing the OpenAPI document's own top-level fields (not schema keywords)
        Dialect dialect = Dialect.builder(Dialects.getDraft202012()).keywords(OPENAPI_FIELDS.stream()
                .map(NonValidationKeyword::new).toList()).build();
        schemas = SchemaRegistry.withDefaultDialect(dialect, registry -> registry.schemas(documents));
        records = readFixtures();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static List<FixtureRecord> readFixtures() throws IOException {
        List<FixtureRecord> read = new ArrayList<>();
        // every .json, .ndjson and .csv file in fixtures/ (a CSV row as the reader maps it to the intake's JSON)
        for (Input input : Input.expand(List.of("fixtures"), null)) {
            try (RecordReader reader = input.open(InputStream.nullInputStream(), JSON)) {
                for (RawRecord raw = reader.next(); raw != null; raw = reader.next()) {
                    read.add(new FixtureRecord(raw, jsonOf(raw)));
                }
            }
        }
        assertFalse(read.isEmpty(), "no fixture records read");
        return read;
    }

    private static JsonNode jsonOf(RawRecord raw) {
        if (raw.node() != null) {
            return raw.node();
        }
        if (raw.text() == null) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(raw.text());
            return node == null || node.isMissingNode() ? null : node;
        } catch (JsonProcessingException e) {
            return null; // a line that is not JSON: no schema speaks about it (the reader's $record error does)
        }
    }

    static Schema schema(String iri) {
        return schemas.getSchema(SchemaLocation.of(iri));
    }

    static List<String> problems(Schema schema, JsonNode instance) {
        return schema.validate(instance).stream().map(com.networknt.schema.Error::toString).toList();
    }

    static boolean accepted(JsonNode intake) {
        return VALIDATOR.validate(intake) instanceof ValidationResult.Valid;
    }

    // ---- (a) the intake schema and the validator ------------------------------------------------------------

    @Test
    void theIntakeSchemaAcceptsEveryFixtureRecordTheValidatorAcceptsAndNoOther() {
        Schema intake = schema(INTAKE);
        List<String> disagreements = new ArrayList<>();
        int valid = 0;
        int invalid = 0;
        for (FixtureRecord record : records) {
            if (record.json() == null) {
                continue;
            }
            boolean byValidator = accepted(record.json());
            List<String> bySchema = problems(intake, record.json());
            if (byValidator) {
                valid++;
            } else {
                invalid++;
            }
            if (byValidator != bySchema.isEmpty()) {
                disagreements.add(record.raw().location() + ": the validator " + (byValidator ? "accepts" : "refuses")
                        + " it, the schema " + (bySchema.isEmpty() ? "accepts it" : "says " + bySchema));
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(valid > 0 && invalid > 0, "the fixtures hold valid and invalid records: " + valid + ", " + invalid);
    }

    /** Field (dotted; {@code null} for the whole record) and JSON value ({@code null}: left out) of a variant of a valid intake. */
    record Variant(String field, String json) {
        @Override
        public String toString() {
            return field == null ? json : field + " = " + (json == null ? "(left out)" : json);
        }
    }

    static List<Variant> edgeCases() {
        List<Variant> cases = new ArrayList<>();
        String[][] byField = {
                {"id", "\"\""}, {"id", "\"   \""}, {"id", quoted("x".repeat(200))}, {"id", quoted("x".repeat(201))},
                {"id", "7"}, {"id", "null"}, {"id", null},
                {"age", "0"}, {"age", "120"}, {"age", "40.0"}, {"age", "4e1"}, {"age", "40.5"}, {"age", "\"40\""},
                {"age", "-1"}, {"age", "121"}, {"age", "null"}, {"age", null},
                {"regions", "[\"neck\",\"lower_back\"]"}, {"regions", "[\"lower_back\",\"lower_back\"]"}, {"regions", "[]"},
                {"regions", "\"lower_back\""}, {"regions", "[\"knee\"]"}, {"regions", "[null]"}, {"regions", "null"},
                {"painScore", "10"}, {"painScore", "11"}, {"painScore", "7.5"}, {"painScore", "true"},
                {"durationWeeks", "0"}, {"durationWeeks", "5.9"}, {"durationWeeks", "-0.5"}, {"durationWeeks", "null"},
                {"durationWeeks", "\"6\""},
                {"stiffness", "\"severe\""}, {"stiffness", "null"}, {"stiffness", "\"extreme\""}, {"stiffness", "true"},
                {"muscleKnot", "true"}, {"muscleKnot", "null"}, {"muscleKnot", "\"true\""}, {"muscleKnot", "1"},
                {"conditions", "[]"}, {"conditions", "null"}, {"conditions", "[\"pregnancy\",\"osteoporosis\",\"pregnancy\"]"},
                {"conditions", "[\"arthritis\"]"}, {"conditions", "\"scoliosis\""}, {"conditions", "[7]"},
                {"redFlags", "{}"}, {"redFlags", "null"}, {"redFlags", "{\"fever\":null}"}, {"redFlags", "{\"fever\":\"unknown\"}"},
                {"redFlags", "{\"fever\":\"maybe\"}"}, {"redFlags", "{\"fever\":true}"}, {"redFlags", "{\"headache\":\"no\"}"},
                {"redFlags", "[]"},
                {"routine", "{}"}, {"routine", "null"}, {"routine", "\"daily\""}, {"routine", "{\"warmupMinutes\":5}"},
                {"routine.minutesPerSession", "0"}, {"routine.minutesPerSession", "2147483647"},
                {"routine.minutesPerSession", "2147483648"}, {"routine.minutesPerSession", "-1"},
                {"routine.minutesPerSession", "20.5"}, {"routine.minutesPerSession", "null"},
                {"routine.sessionsPerWeek", "21"}, {"routine.sessionsPerWeek", "22"}, {"routine.sessionsPerWeek", "3.0"},
                {"routine.twisting", "\"vigorous\""}, {"routine.twisting", "\"wild\""}, {"routine.twisting", "null"},
                {"routine.newToExercise", "false"}, {"routine.newToExercise", "\"yes\""},
                {"routine.hadTechniqueInstruction", "null"}, {"routine.hadTechniqueInstruction", "0"},
                {"favouriteColour", "\"blue\""}, {"favouriteColour", "null"},
        };
        for (String[] c : byField) {
            cases.add(new Variant(c[0], c[1]));
        }
        for (String whole : List.of("{}", "[]", "\"an intake\"", "42", "null", "true")) {
            cases.add(new Variant(null, whole));
        }
        return cases;
    }

    static String quoted(String text) {
        return "\"" + text + "\"";
    }

    static JsonNode variant(Variant v) throws Exception {
        if (v.field() == null) {
            return JSON.readTree(v.json());
        }
        ObjectNode intake = (ObjectNode) JSON.readTree("{\"id\":\"edge\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":2,"
                + "\"routine\":{\"minutesPerSession\":20}}");
        String[] path = v.field().split("\\.");
        ObjectNode parent = path.length == 1 ? intake : (ObjectNode) intake.get(path[0]);
        String name = path[path.length - 1];
        if (v.json() == null) {
            parent.remove(name);
        } else {
            parent.set(name, JSON.readTree(v.json()));
        }
        return intake;
    }

    @Test
    void theIntakeSchemaAgreesWithTheValidatorOnEdgeCases() throws Exception {
        Schema intake = schema(INTAKE);
        List<String> disagreements = new ArrayList<>();
        int valid = 0;
        for (Variant v : edgeCases()) {
            JsonNode record = variant(v);
            boolean byValidator = accepted(record);
            List<String> bySchema = problems(intake, record);
            valid += byValidator ? 1 : 0;
            if (byValidator != bySchema.isEmpty()) {
                disagreements.add(v + ": the validator " + (byValidator ? "accepts" : "refuses") + " it, the schema "
                        + (bySchema.isEmpty() ? "accepts it" : "says " + bySchema));
            }
        }
        assertEquals(List.of(), disagreements);
        assertTrue(valid > 0 && valid < edgeCases().size());
    }

    @Test
    void theRulesTheIntakeSchemaCannotExpressAreTheOnesItsDescriptionNames() throws Exception {
        Schema intake = schema(INTAKE);
        for (Map.Entry<String, String> gap : NOT_EXPRESSIBLE.entrySet()) {
            JsonNode record = JSON.readTree(gap.getValue());
            assertFalse(accepted(record), gap.getKey() + ": the validator accepts it now");
            assertEquals(List.of(), problems(intake, record), gap.getKey() + ": the schema expresses this rule now;"
                    + " move the case to edgeCases() and out of the schema's description");
        }
    }

    @Test
    void theIntakeSchemaNamesTheContractsFieldsAndCodes() {
        JsonNode doc = openDocument("schema/intake.schema.json");
        JsonNode fields = doc.get("properties");
        assertEquals(new TreeSet<>(Vocabulary.FIELDS), names(fields));
        assertEquals(new TreeSet<>(Vocabulary.ROUTINE_FIELDS), names(fields.at("/routine/properties")));
        assertEquals(new TreeSet<>(Vocabulary.RED_FLAGS), names(fields.at("/redFlags/properties")));
        assertEquals(Vocabulary.REGIONS, texts(doc.at("/$defs/region/enum")));
        assertEquals(Vocabulary.CONDITIONS, texts(doc.at("/$defs/condition/enum")));
        assertEquals(Vocabulary.ANSWERS, texts(doc.at("/$defs/answer/enum")));
        assertEquals(Vocabulary.STIFFNESS, texts(fields.at("/stiffness/enum")));
        assertEquals(Vocabulary.TWISTING, texts(fields.at("/routine/properties/twisting/enum")));
        // required: the fields the validator calls missing in an empty record
        ValidationResult.Invalid empty = (ValidationResult.Invalid) VALIDATOR.validate(JSON.createObjectNode());
        assertEquals(new TreeSet<>(empty.errors().stream().map(FieldError::field).toList()),
                new TreeSet<>(texts(doc.get("required"))));
        assertEquals(Vocabulary.REFERRAL_LEVELS, texts(openDocument("schema/assessment.schema.json").at("/$defs/level/enum")));
        assertEquals(Vocabulary.EXERCISE_STATUSES, texts(openDocument("schema/assessment.schema.json").at("/$defs/status/enum")));
    }

    /** Both schema files are valid JSON Schema 2020-12 documents (checked against the dialect's meta-schema). */
    @Test
    void theSchemasAreValidDraft202012() {
        Schema meta = schema("https://json-schema.org/draft/2020-12/schema");
        for (String file : List.of("schema/intake.schema.json", "schema/assessment.schema.json")) {
            JsonNode doc = openDocument(file);
            assertEquals("https://json-schema.org/draft/2020-12/schema", doc.path("$schema").asText(), file);
            assertEquals(BASE + file, doc.path("$id").asText(), file);
            assertEquals(List.of(), problems(meta, doc), file);
        }
        // the schema's own example is an intake the validator accepts
        for (JsonNode example : openDocument("schema/intake.schema.json").path("examples")) {
            assertTrue(accepted(example), example.toString());
        }
    }

    // ---- (b) the assessment schema and the engine -----------------------------------------------------------

    @Test
    void whatTheEngineWritesForEveryFixtureRecordMatchesTheAssessmentSchemaInBothForms() throws Exception {
        Schema root = schema(ASSESSMENT);
        Schema full = schema(ASSESSMENT + "#/$defs/assessment");
        Schema compact = schema(ASSESSMENT + "#/$defs/compactAssessment");
        Schema rejection = schema(ASSESSMENT + "#/$defs/rejection");
        Schema line = schema(ASSESSMENT + "#/$defs/batchRecord");
        RecordEvaluator evaluator = new RecordEvaluator(engine, JSON);
        OutputFormat.Renderer fullLines = new OutputFormat.Renderer(OutputFormat.NDJSON, OutputFormat.Detail.FULL, JSON);
        OutputFormat.Renderer codeLines = new OutputFormat.Renderer(OutputFormat.NDJSON, OutputFormat.Detail.CODES, JSON);
        List<String> failures = new ArrayList<>();
        Set<String> levels = new HashSet<>();
        Set<String> statuses = new HashSet<>();
        int assessed = 0;
        int rejected = 0;
        for (FixtureRecord record : records) {
            Outcome outcome = evaluator.evaluate(record.raw());
            JsonNode fullLine = JSON.readTree(fullLines.render(outcome));
            JsonNode codesLine = JSON.readTree(codeLines.render(outcome));
            List<String> found = new ArrayList<>();
            found.addAll(problems(line, fullLine));
            found.addAll(problems(line, codesLine));
            if (outcome.isAssessed()) {
                assessed++;
                found.addAll(problems(full, fullLine));
                found.addAll(problems(root, fullLine));
                found.addAll(problems(compact, codesLine));
                found.addAll(problems(root, codesLine));
                // the HTTP door serialises the record itself: the same JSON
                found.addAll(problems(full, JSON.valueToTree(outcome.assessment())));
                levels.add(outcome.assessment().referral().level());
                outcome.assessment().exercises().forEach(e -> statuses.add(e.status()));
            } else {
                rejected++;
                found.addAll(problems(rejection, fullLine));
            }
            if (!found.isEmpty()) {
                failures.add(record.raw().location() + ": " + found);
            }
        }
        assertEquals(List.of(), failures);
        assertTrue(assessed > 0 && rejected > 0, assessed + " assessed, " + rejected + " rejected");
        // the schema's conditional parts (per level, per status) were all exercised
        assertEquals(new TreeSet<>(Vocabulary.REFERRAL_LEVELS), new TreeSet<>(levels));
        assertEquals(new TreeSet<>(Vocabulary.EXERCISE_STATUSES), new TreeSet<>(statuses));
    }

    /** An assessment broken in one way each, to show the schema's rules bite (a misspelt keyword would not). */
    @Test
    void theAssessmentSchemaRefusesWhatTheContractForbids() throws Exception {
        Schema full = schema(ASSESSMENT + "#/$defs/assessment");
        JsonNode request = JSON.readTree(EXAMPLES.resolve("urgent-red-flag.request.json").toFile());
        Assessment assessment = engine.assess(((ValidationResult.Valid) VALIDATOR.validate(request)).intake());
        ObjectNode good = JSON.valueToTree(assessment);
        assertEquals(List.of(), problems(full, good));
        assertEquals("urgent", good.at("/referral/level").asText(), "the example is an urgent referral");
        assertTrue(good.at("/exercises/0/dosage").isMissingNode(), "an urgent referral withholds the steps");

        Map<String, java.util.function.Consumer<ObjectNode>> breaks = new java.util.LinkedHashMap<>();
        breaks.put("level none with reasons", a -> ((ObjectNode) a.get("referral")).put("level", "none"));
        breaks.put("level routine above an urgent reason", a -> ((ObjectNode) a.get("referral")).put("level", "routine"));
        breaks.put("level emergency without an emergency reason", a -> ((ObjectNode) a.get("referral")).put("level", "emergency"));
        breaks.put("no safety net below emergency", a -> a.remove("safetyNet"));
        breaks.put("a recommended exercise with a reason", a -> exercise(a).put("status", "recommended"));
        breaks.put("an avoided exercise with a dose", a -> exercise(a).put("status", "avoid").put("dosage", "x").put("instructions", "y"));
        breaks.put("a dose without steps", a -> exercise(a).put("dosage", "x"));
        breaks.put("a restricted exercise without a reason", a -> exercise(a).remove("reason"));
        breaks.put("an unknown status", a -> exercise(a).put("status", "optional"));
        breaks.put("a reason level none", a -> ((ObjectNode) a.at("/referral/reasons/0")).put("level", "none"));
        breaks.put("a field the contract does not have", a -> a.put("score", 3));
        breaks.put("a null where a text belongs", a -> ((ObjectNode) a.at("/warnings/0")).putNull("message"));
        breaks.put("a rule set version that is not a hash", a -> ((ObjectNode) a.get("ruleset")).put("version", "v1"));
        breaks.put("a rule that fired twice", a -> ((ArrayNode) a.get("firedRules")).add(a.at("/firedRules/0").deepCopy()));
        for (Map.Entry<String, java.util.function.Consumer<ObjectNode>> broken : breaks.entrySet()) {
            ObjectNode copy = good.deepCopy();
            broken.getValue().accept(copy);
            assertFalse(problems(full, copy).isEmpty(), "the schema accepts " + broken.getKey());
        }
        // at emergency level the safety net is left out, and a safety net there is refused
        ObjectNode emergency = good.deepCopy();
        ((ObjectNode) emergency.get("referral")).put("level", "emergency");
        ((ObjectNode) emergency.at("/referral/reasons/0")).put("level", "emergency");
        emergency.remove("safetyNet");
        assertEquals(List.of(), problems(full, emergency));
        emergency.set("safetyNet", good.get("safetyNet"));
        assertFalse(problems(full, emergency).isEmpty(), "the schema accepts a safety net at emergency level");
    }

    private static ObjectNode exercise(ObjectNode assessment) {
        return (ObjectNode) assessment.at("/exercises/0");
    }

    // ---- (c) the examples and the OpenAPI answers, over real HTTP -------------------------------------------

    @Test
    void everyExampleRequestGetsItsStoredAnswerFromARealServer() throws Exception {
        List<String> requests = exampleNames(".request.json");
        assertFalse(requests.isEmpty(), "docs/examples has no *.request.json");
        assertEquals(requests, exampleNames(".response.json"), "each example request needs its answer, and each answer its request");
        Schema intake = schema(INTAKE);
        Set<Integer> statuses = new TreeSet<>();
        for (String name : requests) {
            String body = Files.readString(EXAMPLES.resolve(name + ".request.json"));
            JsonNode stored = JSON.readTree(EXAMPLES.resolve(name + ".response.json").toFile());
            HttpResponse<String> answer = server.post("/v1/assessments", "application/json", body);
            int status = stored.path("status").isInt() ? stored.get("status").asInt() : 200;
            assertEquals(status, answer.statusCode(), name + ": " + answer.body());
            assertEquals(stable(stored), stable(HttpFixture.tree(answer)), "docs/examples/" + name
                    + ".response.json is not what the server answers now; it answers:\n" + answer.body());
            assertMatchesOpenApi("/v1/assessments", "post", answer);
            // the request's verdict under the intake schema is the server's
            assertEquals(status == 200, problems(intake, JSON.readTree(body)).isEmpty(), name);
            statuses.add(status);
        }
        assertTrue(statuses.contains(200) && statuses.contains(422), "examples of an assessment and of a refusal: " + statuses);
    }

    private static List<String> exampleNames(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(suffix))
                    .map(n -> n.substring(0, n.length() - suffix.length())).sorted().toList();
        }
    }

    /** The answer without the parts that change with every edit of the rule files ({@link #VOLATILE}). */
    private static JsonNode stable(JsonNode answer) {
        JsonNode copy = answer.deepCopy();
        for (String pointer : VOLATILE) {
            int slash = pointer.lastIndexOf('/');
            JsonNode parent = copy.at(pointer.substring(0, slash));
            if (parent instanceof ObjectNode object) {
                object.remove(pointer.substring(slash + 1));
            }
        }
        return copy;
    }

    @Test
    void everyRoutesAnswersMatchTheOpenApiFile() throws Exception {
        String allClear = Files.readString(EXAMPLES.resolve("all-clear.request.json"));
        assertMatchesOpenApi("/health", "get", server.get("/health"));
        assertMatchesOpenApi("/ready", "get", server.get("/ready"));
        assertMatchesOpenApi("/v1/ruleset", "get", server.get("/v1/ruleset"));
        assertMatchesOpenApi("/cds-services", "get", server.get("/cds-services"));
        String cdsPath = "/cds-services/" + CdsService.ID;
        HttpResponse<String> cards = server.post(cdsPath, "application/json",
                Files.readString(Path.of("fixtures/fhir/cds-hooks-request.example.json")));
        assertEquals(200, cards.statusCode(), cards.body());
        assertMatchesOpenApi(cdsPath, "post", cards);
        String card = HttpFixture.tree(cards).at("/cards/0/uuid").asText();
        String feedback = "{\"feedback\":[{\"card\":\"" + card + "\",\"outcome\":\"overridden\",\"outcomeTimestamp\":\"2025-03-14T10:00:00Z\"}]}";
        assertMatchesOpenApi(cdsPath + "/feedback", "post", server.post(cdsPath + "/feedback", "application/json", feedback));
        for (String path : List.of("/cds-services", cdsPath, cdsPath + "/feedback")) {
            HttpResponse<String> preflight = server.client.send(HttpRequest.newBuilder(server.uri(path))
                    .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                    .header("Origin", "https://ehr.example.org").header("Access-Control-Request-Method", "POST").build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(204, preflight.statusCode(), path);
            assertMatchesOpenApi(path, "options", preflight);
        }
        // content negotiation: the handout
        HttpResponse<String> handout = server.post("/v1/assessments", "application/json", allClear, "Accept", "text/html");
        assertEquals(200, handout.statusCode());
        assertMatchesOpenApi("/v1/assessments", "post", handout);
        // the errors of the JSON API
        assertMatchesOpenApi("/v1/assessments", "post", expect(400, server.post("/v1/assessments", "application/json", "{\"id\":")));
        assertMatchesOpenApi("/v1/assessments", "post", expect(415, server.post("/v1/assessments", "text/plain", allClear)));
        assertMatchesOpenApi("/v1/assessments", "post", expect(413, server.post("/v1/assessments", "application/json",
                "{\"id\":\"" + "x".repeat((int) ServerOptions.DEFAULT_MAX_BODY) + "\"}")));
        assertIsProblem(expect(404, server.get("/v1/nothing-here")));
        assertIsProblem(expect(405, server.get("/v1/assessments")));
        try (HttpFixture notLoaded = new HttpFixture(TriageServer.create(LiveEngine.notLoaded(), ServerOptions.open()))) {
            assertMatchesOpenApi("/ready", "get", expect(503, notLoaded.get("/ready")));
            assertMatchesOpenApi("/v1/ruleset", "get", expect(503, notLoaded.get("/v1/ruleset")));
            assertMatchesOpenApi("/v1/assessments", "post", expect(503, notLoaded.post("/v1/assessments", "application/json", allClear)));
        }
        String token = "a-token-of-the-contract-test-0123456789";
        try (HttpFixture guarded = new HttpFixture(TriageServer.create(new LiveEngine(engine),
                new ServerOptions(ServerOptions.DEFAULT_MAX_BODY, token, null, null, null, Clock.systemUTC())))) {
            assertMatchesOpenApi("/v1/ruleset", "get", expect(401, guarded.get("/v1/ruleset")));
            assertMatchesOpenApi("/v1/assessments", "post", expect(401, guarded.post("/v1/assessments", "application/json", allClear)));
            assertMatchesOpenApi("/v1/assessments", "post", expect(200, guarded.post("/v1/assessments", "application/json", allClear,
                    "Authorization", "Bearer " + token)));
            assertMatchesOpenApi("/health", "get", expect(200, guarded.get("/health")));
        }
    }

    private static HttpResponse<String> expect(int status, HttpResponse<String> response) {
        assertEquals(status, response.statusCode(), response.body());
        return response;
    }

    private static String mediaType(HttpResponse<String> response) {
        return response.headers().firstValue("Content-Type").orElse("").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** An answer of no documented operation (404, 405): the Problem schema. */
    private static void assertIsProblem(HttpResponse<String> response) throws Exception {
        assertEquals(Problem.MEDIA_TYPE, mediaType(response));
        assertEquals(List.of(), problems(schema(OPENAPI + "#/components/schemas/Problem"), HttpFixture.tree(response)));
    }

    /**
     * The answer is one the OpenAPI file documents for this operation: its status (or {@code default}), its
     * content type, and a body that matches the schema given there.
     */
    static void assertMatchesOpenApi(String path, String method, HttpResponse<String> response) throws Exception {
        String where = method.toUpperCase(Locale.ROOT) + " " + path + " " + response.statusCode();
        String operation = "/paths/" + escape(path) + "/" + method;
        JsonNode responses = openapi.at(operation + "/responses");
        assertFalse(responses.isMissingNode(), where + ": no such operation in openapi.yaml");
        String status = String.valueOf(response.statusCode());
        String key = responses.has(status) ? status : responses.has(status.charAt(0) + "XX") ? status.charAt(0) + "XX" : "default";
        assertTrue(responses.has(key), where + ": openapi.yaml documents no such answer");
        String pointer = operation + "/responses/" + escape(key);
        JsonNode answer = responses.get(key);
        if (answer.has("$ref")) {
            pointer = localPointer(answer.get("$ref").asText());
            answer = openapi.at(pointer);
        }
        JsonNode content = answer.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            assertEquals("", response.body(), where + ": openapi.yaml documents no body");
            return;
        }
        String type = mediaType(response);
        assertTrue(content.has(type), where + ": openapi.yaml documents " + names(content) + ", the server answered " + type);
        if (type.endsWith("json")) {
            Schema schema = schema(OPENAPI + "#" + pointer + "/content/" + escape(type) + "/schema");
            assertEquals(List.of(), problems(schema, HttpFixture.tree(response)), where);
        } else {
            assertFalse(response.body().isEmpty(), where);
        }
    }

    private static String localPointer(String ref) {
        assertTrue(ref.startsWith("#/"), "a response $ref in openapi.yaml points into the file itself: " + ref);
        return ref.substring(1);
    }

    /** A JSON pointer's reference token. */
    static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    // ---- (d) routes -----------------------------------------------------------------------------------------

    @Test
    void everyRouteTheServerRegistersIsInTheOpenApiFileAndEveryOperationThereIsRegistered() {
        List<ParsedEndpoint> registered = server.app.unsafe.internalRouter.allHttpHandlers().stream()
                .filter(e -> e.endpoint.method.isHttpMethod()).toList();
        assertFalse(registered.isEmpty());
        Set<String> documented = new TreeSet<>();
        openapi.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (HTTP_METHODS.contains(method)) {
                documented.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey());
            }
        }));
        List<String> undocumented = new ArrayList<>();
        for (ParsedEndpoint route : registered) {
            String method = route.endpoint.method.name();
            boolean found = documented.stream().anyMatch(op -> op.startsWith(method + " ")
                    && (op.equals(method + " " + route.endpoint.path) || route.matches(op.substring(method.length() + 1))));
            if (!found) {
                undocumented.add(method + " " + route.endpoint.path);
            }
        }
        assertEquals(List.of(), undocumented, "routes the server registers that openapi.yaml does not document");
        List<String> unregistered = new ArrayList<>();
        for (String op : documented) {
            String method = op.substring(0, op.indexOf(' '));
            String path = op.substring(op.indexOf(' ') + 1);
            boolean found = registered.stream().anyMatch(route -> route.endpoint.method.name().equals(method)
                    && (route.endpoint.path.equals(path) || route.matches(path)));
            if (!found) {
                unregistered.add(op);
            }
        }
        assertEquals(List.of(), unregistered, "operations in openapi.yaml the server does not register");
        assertTrue(documented.stream().anyMatch(op -> op.contains(" /v1/")), documented.toString());
    }

    /** Every reference in openapi.yaml leads somewhere: $refs into the file or the schemas, example files. */
    @Test
    void everyReferenceInTheOpenApiFileResolves() throws Exception {
        List<String> broken = new ArrayList<>();
        Set<String> exampleFiles = new LinkedHashSet<>();
        walk(openapi, (name, value) -> {
            String text = value.asText();
            if (name.equals("$ref")) {
                int hash = text.indexOf('#');
                String file = hash < 0 ? text : text.substring(0, hash);
                String pointer = hash < 0 ? "" : text.substring(hash + 1);
                JsonNode doc = file.isEmpty() ? openapi : openDocument(file);
                if (doc == null || doc.at(pointer).isMissingNode()) {
                    broken.add(text);
                }
            } else if (name.equals("externalValue")) {
                Path file = DOCS.resolve(text).normalize();
                if (!Files.isRegularFile(file)) {
                    broken.add(text);
                }
                exampleFiles.add(file.toString());
            }
        });
        assertEquals(List.of(), broken, "references in openapi.yaml that lead nowhere");
        try (Stream<Path> files = Files.list(EXAMPLES)) {
            List<String> unreferenced = files.map(Path::toString).filter(f -> f.endsWith(".json"))
                    .filter(f -> !exampleFiles.contains(f)).sorted().toList();
            assertEquals(List.of(), unreferenced, "example files openapi.yaml does not show");
        }
        assertNotNull(openapi.at("/components/securitySchemes/bearerToken").get("scheme"));
        assertEquals("3.1.0", openapi.path("openapi").asText());
    }

    private static JsonNode openDocument(String relative) {
        Path file = DOCS.resolve(relative).normalize();
        try {
            return Files.isRegularFile(file) ? JSON.readTree(file.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void walk(JsonNode node, java.util.function.BiConsumer<String, JsonNode> visit) {
        if (node.isObject()) {
            for (Map.Entry<String, JsonNode> field : node.properties()) {
                if (field.getValue().isTextual()) {
                    visit.accept(field.getKey(), field.getValue());
                }
                walk(field.getValue(), visit);
            }
        } else if (node.isArray()) {
            node.forEach(item -> walk(item, visit));
        }
    }

    private static TreeSet<String> names(JsonNode object) {
        TreeSet<String> names = new TreeSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    /** The texts of an enum (a JSON null in it, which means "absent", left out). */
    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(item -> {
            if (!item.isNull()) {
                texts.add(item.asText());
            }
        });
        return texts;
    }
}
