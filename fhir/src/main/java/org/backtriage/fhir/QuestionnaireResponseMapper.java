package org.backtriage.fhir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.backtriage.intake.Excerpt;
import org.backtriage.intake.FieldError;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a {@code QuestionnaireResponse} of the back-pain intake form
 * ({@code fixtures/fhir/back-pain-intake.questionnaire.json}) into the intake contract's JSON, which then
 * goes through the one {@code IntakeValidator} like any other intake. Each item's {@code linkId} is a
 * contract field in dotted form ({@code painScore}, {@code redFlags.fever}); items may be flat or nested
 * in groups. This class only maps shapes: whether a value is allowed is the validator's to say, so every
 * door gives the same verdict. The errors it finds itself name the item's linkId and say what was expected.
 */
public final class QuestionnaireResponseMapper {
    /** The canonical URL of the intake form. */
    public static final String QUESTIONNAIRE_URL = "https://backtriage.example/fhir/Questionnaire/back-pain-intake";
    /** Fields answered by several answers, one per code. */
    private static final Set<String> LIST_FIELDS = Set.of("regions", "conditions");
    private static final String VALUE_TYPES = "valueInteger, valueDecimal, valueBoolean, valueString or valueCoding";
    private static final int MAX_DEPTH = 10;

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /**
     * The intake JSON and the errors the form itself had (each naming a linkId, or {@code age}).
     *
     * @param otherForm true when the response is to another questionnaire: its items are not the intake's
     */
    public record Mapped(ObjectNode intake, List<FieldError> errors, boolean otherForm) {
        public Mapped {
            errors = List.copyOf(errors);
        }
    }

    /** True when the form does not answer the age item, so the age must come from its Patient. */
    public static boolean needsPatient(QuestionnaireResponse form) {
        return !answers(form.getItem(), "age", 0);
    }

    /**
     * @param subject the form's Patient's birth date (or why there is none): used only when the form does
     *                not answer the age item, counted at the form's {@code authored} date
     */
    public Mapped map(QuestionnaireResponse form, FormSubject subject) {
        List<FieldError> errors = new ArrayList<>();
        ObjectNode intake = nodes.objectNode();
        if (form.getIdElement().hasIdPart()) {
            intake.put("id", form.getIdElement().getIdPart());
        }
        String questionnaire = form.getQuestionnaire();
        if (questionnaire != null && !questionnaire.split("\\|", 2)[0].equals(QUESTIONNAIRE_URL)) {
            errors.add(new FieldError("questionnaire", "this is a response to another form; backtriage reads "
                    + QUESTIONNAIRE_URL));
            return new Mapped(intake, errors, true);
        }
        QuestionnaireResponse.QuestionnaireResponseStatus status = form.getStatus();
        if (status == QuestionnaireResponse.QuestionnaireResponseStatus.ENTEREDINERROR) {
            errors.add(new FieldError("status", "the form is marked entered-in-error and cannot be assessed"));
        } else if (status != QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
                && status != QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED) {
            // an unfinished form (in-progress, stopped) is not what the patient meant to send: assessing it
            // could give advice on half the answers
            errors.add(new FieldError("status", "the form is " + (status == null ? "without a status" : status.toCode())
                    + ": only a completed (or amended) form is assessed"));
        }
        Map<String, List<JsonNode>> answers = new LinkedHashMap<>();
        collect(form.getItem(), 0, answers, errors);
        answers.forEach((linkId, values) -> place(intake, linkId, values, errors));
        if (!intake.has("age") && errors.stream().noneMatch(e -> e.field().equals("age"))) {
            age(form, subject, intake, errors);
        }
        return new Mapped(intake, errors, false);
    }

    private void collect(List<QuestionnaireResponseItemComponent> items, int depth, Map<String, List<JsonNode>> answers,
                         List<FieldError> errors) {
        if (depth > MAX_DEPTH) {
            errors.add(new FieldError("item", "items are nested more than " + MAX_DEPTH + " deep; the form nests two"));
            return;
        }
        for (QuestionnaireResponseItemComponent item : items) {
            String linkId = item.getLinkId();
            if (linkId == null || linkId.isBlank()) {
                errors.add(new FieldError("item.linkId", "every item needs the linkId of its question"));
                continue;
            }
            for (QuestionnaireResponseItemAnswerComponent answer : item.getAnswer()) {
                JsonNode value = value(linkId, answer, errors);
                if (value != null) {
                    answers.computeIfAbsent(linkId, k -> new ArrayList<>()).add(value);
                }
                collect(answer.getItem(), depth + 1, answers, errors);
            }
            collect(item.getItem(), depth + 1, answers, errors);
        }
    }

    /** The answer's value[x] as the JSON the contract expects. */
    private JsonNode value(String linkId, QuestionnaireResponseItemAnswerComponent answer, List<FieldError> errors) {
        Type value = answer.getValue();
        String field = field(linkId);
        if (value == null || value.isEmpty()) {
            errors.add(new FieldError(field, "each answer needs a value: " + VALUE_TYPES));
            return null;
        }
        if (value instanceof IntegerType integer) {
            return nodes.numberNode(integer.getValue());
        }
        if (value instanceof DecimalType decimal) {
            return nodes.numberNode(decimal.getValue());
        }
        if (value instanceof BooleanType bool) {
            return nodes.booleanNode(bool.getValue());
        }
        if (value instanceof StringType string) {
            return nodes.textNode(string.getValue());
        }
        if (value instanceof Coding coding) {
            if (!coding.hasCode()) {
                errors.add(new FieldError(field, "valueCoding needs a code (one of the answer options' codes)"));
                return null;
            }
            return nodes.textNode(coding.getCode());
        }
        errors.add(new FieldError(field, "answers of type " + value.fhirType() + " are not used by this form; use "
                + VALUE_TYPES));
        return null;
    }

    /** Puts the answers of one linkId at its dotted place in the intake JSON. */
    private void place(ObjectNode intake, String linkId, List<JsonNode> values, List<FieldError> errors) {
        String field = field(linkId);
        String[] parts = linkId.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                errors.add(new FieldError(field, "not a question of the intake form"));
                return;
            }
        }
        if (parts.length > 2) {
            errors.add(new FieldError(field, "not a question of the intake form (nested too deep)"));
            return;
        }
        JsonNode value;
        if (LIST_FIELDS.contains(linkId)) {
            ArrayNode list = nodes.arrayNode();
            values.forEach(list::add);
            value = list;
        } else if (values.size() == 1) {
            value = values.get(0);
        } else {
            errors.add(new FieldError(field, "answered " + values.size() + " times; this question takes one answer"));
            return;
        }
        if (parts.length == 1) {
            if (intake.get(linkId) instanceof ObjectNode) {
                errors.add(new FieldError(field, "answered directly and also through items " + field + ".*"));
                return;
            }
            intake.set(linkId, value);
            return;
        }
        JsonNode parent = intake.get(parts[0]);
        if (parent == null) {
            parent = intake.putObject(parts[0]);
        } else if (!parent.isObject()) {
            errors.add(new FieldError(field, "answered as part of " + parts[0] + ", which is also answered directly"));
            return;
        }
        ((ObjectNode) parent).set(parts[1], value);
    }

    /** The age in whole years on the day the form was authored (in the form's own time zone). */
    private static void age(QuestionnaireResponse form, FormSubject subject, ObjectNode intake, List<FieldError> errors) {
        if (subject.missing() != null) {
            errors.add(new FieldError("age", "the form does not answer the age item, and " + subject.missing()));
            return;
        }
        DateTimeType authored = form.getAuthoredElement();
        if (!authored.hasValue() || authored.getPrecision().compareTo(TemporalPrecisionEnum.DAY) < 0) {
            errors.add(new FieldError("age", "the form does not answer the age item and has no full authored date,"
                    + " so the age when it was filled in cannot be worked out from the Patient's birthDate"));
            return;
        }
        LocalDate on = LocalDate.parse(authored.getValueAsString().substring(0, 10));
        if (subject.birthDate().isAfter(on)) {
            errors.add(new FieldError("age", "the Patient's birthDate is after the form's authored date"));
            return;
        }
        intake.put("age", Period.between(subject.birthDate(), on).getYears());
    }

    private static boolean answers(List<QuestionnaireResponseItemComponent> items, String linkId, int depth) {
        if (depth > MAX_DEPTH) {
            return false;
        }
        for (QuestionnaireResponseItemComponent item : items) {
            if (linkId.equals(item.getLinkId()) && item.getAnswer().stream().anyMatch(a -> a.getValue() != null && !a.getValue().isEmpty())) {
                return true;
            }
            if (answers(item.getItem(), linkId, depth + 1)
                    || item.getAnswer().stream().anyMatch(a -> answers(a.getItem(), linkId, depth + 1))) {
                return true;
            }
        }
        return false;
    }

    /** A linkId as an error's field: the contract's names as they are, anything else as a short excerpt. */
    private static String field(String linkId) {
        return Excerpt.of(linkId).replace("\"", "");
    }
}
