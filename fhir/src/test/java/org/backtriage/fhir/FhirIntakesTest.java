package org.backtriage.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.batch.Json;
import org.backtriage.intake.FieldError;
import org.backtriage.intake.Intake;
import org.backtriage.intake.ValidationResult;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** FHIR QuestionnaireResponse (+ Patient) to a validated intake, with HAPI's R4 model; errors name the linkId. */
class FhirIntakesTest {
    static final ObjectMapper JSON = Json.mapper();
    static FhirR4 fhir;
    static FhirIntakes intakes;
    final QuestionnaireResponseMapper mapper = new QuestionnaireResponseMapper();

    @BeforeAll
    static void startHapi() {
        fhir = new FhirR4();
        intakes = new FhirIntakes(fhir);
    }

    static ObjectNode example() throws Exception {
        return (ObjectNode) JSON.readTree(Path.of("fixtures/fhir/back-pain-intake.response.example.json").toFile());
    }

    static QuestionnaireResponse form(JsonNode json) {
        return (QuestionnaireResponse) fhir.parse(json.toString()).resource();
    }

    static FormSubject born(String birthDate) {
        return FormSubject.of((Patient) fhir.parse("{\"resourceType\":\"Patient\",\"id\":\"example-patient\",\"birthDate\":\""
                + birthDate + "\"}").resource());
    }

    static List<String> fields(ValidationResult result) {
        return ((ValidationResult.Invalid) result).errors().stream().map(FieldError::field).toList();
    }

    @Test
    void theExampleBecomesTheContractJson() throws Exception {
        QuestionnaireResponseMapper.Mapped mapped = mapper.map(form(example()), born("1980-06-02"));
        assertEquals(List.of(), mapped.errors());
        JsonNode intake = mapped.intake();
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

        Intake validated = ((ValidationResult.Valid) intakes.fromForm(form(example()), born("1980-06-02"))).intake();
        assertEquals(44, validated.age());
        assertEquals("qr-example-1", validated.id());
    }

    @Test
    void flatItemsGiveTheSameIntakeAsGroupedOnes() throws Exception {
        ObjectNode flat = example();
        ArrayNode items = JSON.createArrayNode();
        for (JsonNode item : example().get("item")) {
            if (item.has("item")) {
                item.get("item").forEach(items::add);
            } else {
                items.add(item);
            }
        }
        flat.set("item", items);
        assertEquals(mapper.map(form(example()), born("1980-06-02")).intake(), mapper.map(form(flat), born("1980-06-02")).intake());
    }

    @Test
    void theAgeIsCountedOnTheDayTheFormWasAuthoredInItsOwnTimeZone() throws Exception {
        ObjectNode late = example();
        // 23:30 in New York on 14 March is already 15 March in UTC: the 16th birthday is not yet reached there
        late.put("authored", "2025-03-14T23:30:00-05:00");
        assertEquals(15, mapper.map(form(late), born("2009-03-15")).intake().get("age").asInt());
        late.put("authored", "2025-03-15T00:30:00-05:00");
        assertEquals(16, mapper.map(form(late), born("2009-03-15")).intake().get("age").asInt());
    }

    @Test
    void anAgeItemWinsOverTheBirthDateAndNoPatientIsNeeded() throws Exception {
        ObjectNode response = example();
        ((ArrayNode) response.get("item")).addObject().put("linkId", "age").putArray("answer").addObject().put("valueInteger", 30);
        assertFalse(QuestionnaireResponseMapper.needsPatient(form(response)));
        assertTrue(QuestionnaireResponseMapper.needsPatient(form(example())));
        ValidationResult result = intakes.fromForm(form(response), FormSubject.missing("there is no Patient"));
        assertEquals(30, ((ValidationResult.Valid) result).intake().age());
    }

    @Test
    void withoutAnAgeTheErrorNamesAgeAndSaysWhy() throws Exception {
        ValidationResult noPatient = intakes.fromForm(form(example()), FormSubject.missing("the form's Patient (its subject) is not in the input"));
        assertEquals(List.of("age"), fields(noPatient), "one error: the validator's 'age required' is not repeated");
        assertEquals("qr-example-1", noPatient.intakeId());
        assertTrue(((ValidationResult.Invalid) noPatient).errors().get(0).message().contains("not in the input"));

        assertEquals(List.of("age"), fields(intakes.fromForm(form(example()), born("1980"))), "a year-only birthDate");
        ObjectNode undated = example();
        undated.remove("authored");
        assertEquals(List.of("age"), fields(intakes.fromForm(form(undated), born("1980-06-02"))), "no authored date");
        assertEquals(List.of("age"), fields(intakes.fromForm(form(example()), born("2026-01-01"))), "born after the form");
    }

    @Test
    void answerProblemsNameTheLinkIdAndWhatWasExpected() throws Exception {
        ObjectNode response = example();
        ArrayNode items = (ArrayNode) response.get("item");
        items.addObject().put("linkId", "routine.sessionsPerWeek").putArray("answer").addObject().put("valueDate", "2020-01-01");
        items.addObject().put("linkId", "stiffness").putArray("answer").addObject().put("valueString", "mild");
        items.addObject().put("linkId", "routine.shoeSize").putArray("answer").addObject().put("valueInteger", 44);
        ValidationResult result = intakes.fromForm(form(response), born("1980-06-02"));
        List<FieldError> errors = ((ValidationResult.Invalid) result).errors();
        assertTrue(fields(result).containsAll(List.of("routine.sessionsPerWeek", "stiffness", "routine.shoeSize")), errors.toString());
        FieldError type = errors.stream().filter(e -> e.field().equals("routine.sessionsPerWeek")).findFirst().orElseThrow();
        assertTrue(type.message().contains("valueInteger"), "says which answer types the form uses: " + type.message());
        FieldError twice = errors.stream().filter(e -> e.field().equals("stiffness")).findFirst().orElseThrow();
        assertTrue(twice.message().contains("one answer"), twice.message());
    }

    @Test
    void aValueOfTheWrongJsonTypeNamesTheElementWithoutQuotingIt() throws Exception {
        String text = example().toString().replace("\"valueInteger\":5", "\"valueInteger\":\"five, says Jane Q. Example\"");
        ValidationResult result = intakes.fromResource(text, new PatientIndex());
        String errors = ((ValidationResult.Invalid) result).errors().toString();
        assertTrue(fields(result).contains("painScore"), errors);
        assertFalse(errors.contains("Jane"), "the input is never quoted: " + errors);
    }

    @Test
    void aFormOfAnotherQuestionnaireOrEnteredInErrorIsRefused() throws Exception {
        ObjectNode other = example();
        other.put("questionnaire", "http://loinc.org/q/44249-1");
        assertEquals(List.of("questionnaire"), fields(intakes.fromForm(form(other), born("1980-06-02"))));
        ObjectNode versioned = example();
        versioned.put("questionnaire", QuestionnaireResponseMapper.QUESTIONNAIRE_URL + "|1.0.0");
        assertInstanceOf(ValidationResult.Valid.class, intakes.fromForm(form(versioned), born("1980-06-02")));
        ObjectNode withdrawn = example();
        withdrawn.put("status", "entered-in-error");
        assertEquals(List.of("status"), fields(intakes.fromForm(form(withdrawn), born("1980-06-02"))));
    }

    @Test
    void otherResourcesAndNonFhirAreErrorsNamingTheResourceType() {
        ValidationResult observation = intakes.fromResource("{\"resourceType\":\"Observation\",\"id\":\"o1\",\"status\":\"final\"}", new PatientIndex());
        assertEquals(List.of("resourceType"), fields(observation));
        assertEquals("o1", observation.intakeId());
        assertEquals(List.of("resourceType"), fields(intakes.fromResource("{\"resourceType\":\"NoSuchThing\"}", new PatientIndex())));
        assertEquals(List.of("resourceType"), fields(intakes.fromResource("{\"hello\":1}", new PatientIndex())));
    }

    @Test
    void theIndexFindsAPatientByRelativeAbsoluteVersionedAndUrnReferences() throws Exception {
        PatientIndex index = new PatientIndex();
        index.add((Patient) fhir.parse("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"birthDate\":\"1970-01-02\"}").resource(), null);
        index.add((Patient) fhir.parse("{\"resourceType\":\"Patient\",\"birthDate\":\"1990-05-05\"}").resource(), "urn:uuid:6b1c9b2e-1f4e-4f39-9c7a-2b3f1e0d9a11");
        assertEquals(2, index.patients());
        for (String reference : List.of("Patient/p1", "https://ehr.example.org/fhir/Patient/p1", "Patient/p1/_history/3")) {
            ObjectNode json = example();
            json.putObject("subject").put("reference", reference);
            assertEquals(LocalDate.of(1970, 1, 2), index.subjectOf(form(json)).birthDate(), reference);
        }
        ObjectNode urn = example();
        urn.putObject("subject").put("reference", "urn:uuid:6b1c9b2e-1f4e-4f39-9c7a-2b3f1e0d9a11");
        assertEquals(LocalDate.of(1990, 5, 5), index.subjectOf(form(urn)).birthDate());
        ObjectNode group = example();
        group.putObject("subject").put("reference", "Group/g1");
        assertNull(index.subjectOf(form(group)).birthDate());
        ObjectNode elsewhere = example();
        elsewhere.putObject("subject").put("reference", "Patient/p2");
        assertTrue(index.subjectOf(form(elsewhere)).missing().contains("not in the input"));
    }

    @Test
    void twoPatientsUnderOneReferenceWithDifferentBirthDatesGiveNoAge() throws Exception {
        PatientIndex index = new PatientIndex();
        index.add((Patient) fhir.parse("{\"resourceType\":\"Patient\",\"id\":\"example-patient\",\"birthDate\":\"1980-06-02\"}").resource(), null);
        index.add((Patient) fhir.parse("{\"resourceType\":\"Patient\",\"id\":\"example-patient\",\"birthDate\":\"1980-06-02\"}").resource(), null);
        assertEquals(LocalDate.of(1980, 6, 2), index.subjectOf(form(example())).birthDate(), "the same patient twice is fine");
        index.add((Patient) fhir.parse("{\"resourceType\":\"Patient\",\"id\":\"example-patient\",\"birthDate\":\"1990-06-02\"}").resource(), null);
        assertTrue(index.subjectOf(form(example())).missing().contains("different birth dates"));
    }

    @Test
    void aContainedPatientGivesTheAge() throws Exception {
        ObjectNode json = example();
        json.putArray("contained").addObject().put("resourceType", "Patient").put("id", "pt").put("birthDate", "2000-03-14");
        json.putObject("subject").put("reference", "#pt");
        assertEquals(25, ((ValidationResult.Valid) intakes.fromResource(json.toString(), new PatientIndex())).intake().age());
    }

    /** Issue 12: authored times in different offsets are compared as instants, not as text. */
    @Test
    void theNewestFormIsFoundByInstantNotByText() throws Exception {
        ObjectNode older = example();
        older.put("id", "older").put("authored", "2025-03-14T09:00:00+10:00"); // 2025-03-13T23:00Z
        ObjectNode newer = example();
        newer.put("id", "newer").put("authored", "2025-03-13T23:30:00Z");
        ObjectNode undated = example();
        undated.put("id", "undated").remove("authored");
        assertTrue(older.get("authored").asText().compareTo(newer.get("authored").asText()) > 0, "as text the older one sorts last");
        QuestionnaireResponse newest = IntakeForms.newest(List.of(form(older), form(newer), form(undated))).orElseThrow();
        assertEquals("newer", newest.getIdElement().getIdPart());
        assertTrue(IntakeForms.newest(List.of()).isEmpty());
        Bundle bundle = new Bundle();
        assertTrue(IntakeForms.newest(bundle.getEntry().stream().map(e -> (QuestionnaireResponse) e.getResource()).toList()).isEmpty());
    }
}
