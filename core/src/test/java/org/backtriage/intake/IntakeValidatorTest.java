package org.backtriage.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.batch.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every contract violation is an error naming the field and saying what is allowed. */
class IntakeValidatorTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final String VALID = """
            {"id":"v-1","age":40,"regions":["lower_back"],"painScore":3,"durationWeeks":2,"stiffness":"mild",
             "muscleKnot":false,"conditions":[],"redFlags":{"fever":"no"},
             "routine":{"minutesPerSession":20,"sessionsPerWeek":3,"twisting":"gentle","newToExercise":false,
                        "hadTechniqueInstruction":true}}""";

    private static ValidationResult validate(String json) throws Exception {
        return new IntakeValidator().validate(JSON.readTree(json));
    }

    /** The valid record with one field replaced (a JSON fragment), removed (null) or added. */
    private static String with(String path, String valueJson) throws Exception {
        var node = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(VALID);
        var target = node;
        String field = path;
        if (path.contains(".")) {
            target = (com.fasterxml.jackson.databind.node.ObjectNode) node.get(path.substring(0, path.indexOf('.')));
            field = path.substring(path.indexOf('.') + 1);
        }
        if (valueJson == null) {
            target.remove(field);
        } else {
            target.set(field, JSON.readTree(valueJson));
        }
        return node.toString();
    }

    @Test
    void aValidRecordBecomesAnIntakeWithDefaults() throws Exception {
        ValidationResult r = validate("{\"id\":\"x\",\"age\":30,\"regions\":[\"mid_back\"],\"painScore\":0}");
        Intake intake = assertInstanceOf(ValidationResult.Valid.class, r).intake();
        assertEquals("none", intake.stiffness());
        assertEquals("unknown", intake.redFlagAnswer("fever"));
        assertEquals(List.of(), intake.conditions());
        assertEquals(new Routine(null, null, null, null, null), intake.routine());
    }

    @ParameterizedTest(name = "{0} = {1} is rejected on field {2}")
    @CsvSource(delimiter = '|', nullValues = "REMOVE", value = {
            "id|REMOVE|id",
            "id|42|id",
            "id|\"\"|id",
            "age|REMOVE|age",
            "age|\"forty\"|age",
            "age|121|age",
            "age|-1|age",
            "age|40.5|age",
            "regions|REMOVE|regions",
            "regions|[]|regions",
            "regions|[\"knee\"]|regions",
            "regions|\"lower_back\"|regions",
            "painScore|REMOVE|painScore",
            "painScore|11|painScore",
            "painScore|7.5|painScore",
            "durationWeeks|-1|durationWeeks",
            "durationWeeks|\"six\"|durationWeeks",
            "stiffness|\"extreme\"|stiffness",
            "muscleKnot|\"yes\"|muscleKnot",
            "conditions|[\"arthritis\"]|conditions",
            "conditions|\"osteoporosis\"|conditions",
            "redFlags|[]|redFlags",
            "redFlags.fever|true|redFlags.fever",
            "redFlags.fever|\"maybe\"|redFlags.fever",
            "redFlags.headache|\"no\"|redFlags.headache",
            "routine|5|routine",
            "routine.minutesPerSession|-5|routine.minutesPerSession",
            "routine.sessionsPerWeek|22|routine.sessionsPerWeek",
            "routine.twisting|\"wild\"|routine.twisting",
            "routine.newToExercise|\"true\"|routine.newToExercise",
            "routine.hadTechniqueInstruction|1|routine.hadTechniqueInstruction",
            "routine.warmup|10|routine.warmup",
            "favouriteColour|\"blue\"|favouriteColour"})
    void aViolationNamesItsField(String path, String value, String field) throws Exception {
        ValidationResult r = validate(with(path, value));
        ValidationResult.Invalid invalid = assertInstanceOf(ValidationResult.Invalid.class, r);
        assertEquals(List.of(field), invalid.errors().stream().map(FieldError::field).toList());
        assertTrue(invalid.errors().get(0).message().length() > 10, "the message says what is allowed");
    }

    @Test
    void everyViolationIsReportedAtOnceAndTheIdIsKept() throws Exception {
        ValidationResult.Invalid invalid = assertInstanceOf(ValidationResult.Invalid.class,
                validate("{\"id\":\"bad-1\",\"age\":500,\"regions\":[],\"painScore\":-1,\"extra\":1}"));
        assertEquals("bad-1", invalid.intakeId());
        assertEquals(List.of("extra", "age", "regions", "painScore"), invalid.errors().stream().map(FieldError::field).toList());
    }

    @Test
    void nullOnAnOptionalFieldMeansAbsent() throws Exception {
        Intake intake = assertInstanceOf(ValidationResult.Valid.class, validate(with("redFlags.fever", "null"))).intake();
        assertEquals("unknown", intake.redFlagAnswer("fever"));
    }

    @Test
    void listsAreKeptInContractOrderSoOrderDoesNotChangeTheAssessment() throws Exception {
        Intake intake = assertInstanceOf(ValidationResult.Valid.class,
                validate(with("regions", "[\"lower_back\",\"neck\",\"lower_back\"]"))).intake();
        assertEquals(List.of("neck", "lower_back"), intake.regions());
    }

    @Test
    void messagesQuoteOnlyAShortEscapedExcerpt() throws Exception {
        String longText = "\"" + "x".repeat(5000) + "\\u0001\"";
        ValidationResult.Invalid invalid = assertInstanceOf(ValidationResult.Invalid.class, validate(with("stiffness", longText)));
        String message = invalid.errors().get(0).message();
        assertTrue(message.length() < 200, message);
        assertTrue(message.contains("..."));
    }
}
