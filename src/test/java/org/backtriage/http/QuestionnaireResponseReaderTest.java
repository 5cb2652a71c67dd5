package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.intake.FieldError;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FHIR QuestionnaireResponse to the intake contract's JSON (shapes only; the validator judges values). */
class QuestionnaireResponseReaderTest {
    private final QuestionnaireResponseReader reader = new QuestionnaireResponseReader();
    private static final LocalDate TODAY = LocalDate.of(2030, 1, 1);

    static ObjectNode example() throws Exception {
        return (ObjectNode) HttpFixture.JSON.readTree(Path.of("fixtures/fhir/back-pain-intake.response.example.json").toFile());
    }

    static JsonNode patient(String birthDate) throws Exception {
        return HttpFixture.JSON.readTree("{\"resourceType\":\"Patient\",\"id\":\"p\",\"birthDate\":\"" + birthDate + "\"}");
    }

    @Test
    void theExampleBecomesTheContractJson() throws Exception {
        QuestionnaireResponseReader.Converted converted = reader.read(example(), patient("1980-06-02"), TODAY);
        assertEquals(java.util.List.of(), converted.errors());
        JsonNode intake = converted.intake();
        assertEquals("qr-example-1", intake.get("id").asText());
        assertEquals(44, intake.get("age").asInt(), "age at the authored date 2025-03-14, not today");
        assertEquals("[\"lower_back\",\"mid_back\"]", intake.get("regions").toString());
        assertEquals(5, intake.get("painScore").asInt());
        assertEquals(3.5, intake.get("durationWeeks").asDouble());
        assertEquals("moderate", intake.get("stiffness").asText());
        assertTrue(intake.get("muscleKnot").asBoolean());
        assertEquals("unknown", intake.at("/redFlags/nightPain").asText());
        assertEquals("no", intake.at("/redFlags/fever").asText());
        assertEquals(12, intake.get("redFlags").size());
        assertEquals(40, intake.at("/routine/minutesPerSession").asInt());
        assertEquals("gentle", intake.at("/routine/twisting").asText());
    }

    @Test
    void flatItemsGiveTheSameIntakeAsGroupedOnes() throws Exception {
        ObjectNode nested = example();
        ObjectNode flat = example();
        ArrayNode items = HttpFixture.JSON.createArrayNode();
        for (JsonNode item : nested.get("item")) {
            if (item.has("item")) {
                item.get("item").forEach(items::add);
            } else {
                items.add(item);
            }
        }
        flat.set("item", items);
        assertEquals(reader.read(nested, patient("1980-06-02"), TODAY).intake(), reader.read(flat, patient("1980-06-02"), TODAY).intake());
    }

    @Test
    void anAgeItemWinsOverTheBirthDateAndNoPatientIsNeeded() throws Exception {
        ObjectNode response = example();
        ((ArrayNode) response.get("item")).addObject().put("linkId", "age").putArray("answer").addObject().put("valueInteger", 30);
        assertEquals(30, reader.read(response, null, TODAY).intake().get("age").asInt());
    }

    @Test
    void withoutAgeOrPatientTheAnswerIsPreconditionFailed() throws Exception {
        Problem.Failure failure = assertThrows(Problem.Failure.class, () -> reader.read(example(), null, TODAY));
        assertEquals(412, failure.problem().status());
    }

    @Test
    void aPartialBirthDateIsAnErrorNamingIt() throws Exception {
        QuestionnaireResponseReader.Converted converted = reader.read(example(), patient("1980"), TODAY);
        assertEquals("Patient.birthDate", converted.errors().get(0).field());
    }

    @Test
    void answerProblemsNameTheLinkId() throws Exception {
        ObjectNode response = example();
        ArrayNode items = (ArrayNode) response.get("item");
        items.addObject().put("linkId", "routine.sessionsPerWeek").putArray("answer").addObject().put("valueDate", "2020-01-01");
        ObjectNode twice = items.addObject().put("linkId", "stiffness");
        twice.putArray("answer").add(HttpFixture.JSON.readTree("{\"valueString\":\"mild\"}"));
        QuestionnaireResponseReader.Converted converted = reader.read(response, patient("1980-06-02"), TODAY);
        assertTrue(converted.errors().stream().map(FieldError::field).toList().containsAll(
                java.util.List.of("routine.sessionsPerWeek", "stiffness")), converted.errors().toString());
    }

    @Test
    void somethingElseThanAQuestionnaireResponseIsABadRequest() throws Exception {
        Problem.Failure failure = assertThrows(Problem.Failure.class,
                () -> reader.read(patient("1980-01-01"), null, TODAY));
        assertEquals(400, failure.problem().status());
        ObjectNode noLinkId = example();
        ((ArrayNode) noLinkId.get("item")).addObject().put("text", "no link id");
        assertEquals(400, assertThrows(Problem.Failure.class, () -> reader.read(noLinkId, null, TODAY)).problem().status());
    }
}
