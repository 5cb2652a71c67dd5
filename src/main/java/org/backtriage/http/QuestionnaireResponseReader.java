package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.intake.Excerpt;
import org.backtriage.intake.FieldError;

import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a FHIR R4 {@code QuestionnaireResponse} of the back-pain intake form into the intake contract's
 * JSON, which then goes through the one {@code IntakeValidator} like any other intake. Each item's
 * {@code linkId} is a contract field in dotted form ({@code painScore}, {@code redFlags.fever},
 * {@code routine.minutesPerSession}); items may be flat or nested in groups. This class only maps shapes:
 * whether a value is allowed is the validator's to say, so both doors give the same verdict.
 */
public final class QuestionnaireResponseReader {
    static final String INVALID_FHIR = "https://backtriage.example/problems/invalid-questionnaire-response";
    /** Fields answered by several answers, one per code. */
    private static final Set<String> LIST_FIELDS = Set.of("regions", "conditions");
    private static final List<String> VALUE_TYPES = List.of("valueInteger", "valueDecimal", "valueBoolean",
            "valueString", "valueCoding");
    private static final int MAX_DEPTH = 10;

    private final JsonNodeFactory nodes = JsonNodeFactory.instance;

    /** The converted intake and the errors the FHIR shape itself had (each naming a linkId). */
    public record Converted(ObjectNode intake, List<FieldError> errors) {
        public Converted {
            errors = List.copyOf(errors);
        }
    }

    /**
     * @param response the QuestionnaireResponse
     * @param patient  the Patient resource, or {@code null}; its birthDate gives the age when no {@code age} item is answered
     * @param today    the date to count the age at when the response has no {@code authored} date
     * @throws Problem.Failure 400 when it is not a QuestionnaireResponse at all; 412 when the age is needed and there is no Patient
     */
    public Converted read(JsonNode response, JsonNode patient, LocalDate today) {
        if (response == null || !response.isObject() || !"QuestionnaireResponse".equals(response.path("resourceType").asText())) {
            throw new Problem.Failure(Problem.withErrors(400, INVALID_FHIR, "Not a QuestionnaireResponse",
                    "prefetch.intake must be a FHIR R4 QuestionnaireResponse (or a Bundle holding one)", null));
        }
        List<FieldError> errors = new ArrayList<>();
        if ("entered-in-error".equals(response.path("status").asText())) {
            errors.add(new FieldError("QuestionnaireResponse.status", "the response is marked entered-in-error and cannot be assessed"));
        }
        Map<String, List<JsonNode>> answers = new LinkedHashMap<>();
        collect(response.get("item"), "item", 0, answers, errors);

        ObjectNode intake = nodes.objectNode();
        JsonNode id = response.get("id");
        if (id != null) {
            intake.set("id", id);
        }
        answers.forEach((linkId, values) -> place(intake, linkId, values, errors));
        if (!intake.has("age") && errors.stream().noneMatch(e -> e.field().equals("age"))) {
            ageFromBirthDate(patient, authoredDate(response, today), intake, errors);
        }
        return new Converted(intake, errors);
    }

    private void collect(JsonNode items, String where, int depth, Map<String, List<JsonNode>> answers, List<FieldError> errors) {
        if (items == null || items.isNull()) {
            return;
        }
        if (!items.isArray() || depth > MAX_DEPTH) {
            throw badShape(where + " must be a list of items, nested at most " + MAX_DEPTH + " deep");
        }
        int index = 0;
        for (JsonNode item : items) {
            String at = where + "[" + index++ + "]";
            if (!item.isObject() || !item.path("linkId").isTextual() || item.path("linkId").asText().isBlank()) {
                throw badShape(at + " must be an object with a linkId");
            }
            String linkId = item.get("linkId").asText();
            JsonNode answerList = item.get("answer");
            if (answerList != null && !answerList.isNull()) {
                if (!answerList.isArray()) {
                    throw badShape("item " + Excerpt.of(linkId) + ": answer must be a list");
                }
                for (JsonNode answer : answerList) {
                    JsonNode value = value(linkId, answer, errors);
                    if (value != null) {
                        answers.computeIfAbsent(linkId, k -> new ArrayList<>()).add(value);
                    }
                    collect(answer.get("item"), at + ".answer.item", depth + 1, answers, errors);
                }
            }
            collect(item.get("item"), at + ".item", depth + 1, answers, errors);
        }
    }

    /** The one value[x] of an answer, as the JSON the contract expects. */
    private JsonNode value(String linkId, JsonNode answer, List<FieldError> errors) {
        if (!answer.isObject()) {
            errors.add(new FieldError(linkId, "each answer must be an object with a value[x]"));
            return null;
        }
        List<String> present = new ArrayList<>();
        answer.fieldNames().forEachRemaining(name -> {
            if (name.startsWith("value")) {
                present.add(name);
            }
        });
        if (present.size() != 1) {
            errors.add(new FieldError(linkId, "each answer needs exactly one value[x], got " + present.size()));
            return null;
        }
        String type = present.get(0);
        JsonNode value = answer.get(type);
        switch (type) {
            case "valueInteger", "valueDecimal" -> {
                if (!value.isNumber()) {
                    errors.add(new FieldError(linkId, type + " must be a number"));
                    return null;
                }
                return value;
            }
            case "valueBoolean" -> {
                if (!value.isBoolean()) {
                    errors.add(new FieldError(linkId, "valueBoolean must be true or false"));
                    return null;
                }
                return value;
            }
            case "valueString" -> {
                if (!value.isTextual()) {
                    errors.add(new FieldError(linkId, "valueString must be a string"));
                    return null;
                }
                return value;
            }
            case "valueCoding" -> {
                if (!value.path("code").isTextual()) {
                    errors.add(new FieldError(linkId, "valueCoding must have a code"));
                    return null;
                }
                return value.get("code");
            }
            default -> {
                errors.add(new FieldError(linkId, "answers of type " + Excerpt.of(type) + " are not used by this form; use one of " + VALUE_TYPES));
                return null;
            }
        }
    }

    /** Puts the answers of one linkId at its dotted place in the intake JSON. */
    private void place(ObjectNode intake, String linkId, List<JsonNode> values, List<FieldError> errors) {
        String[] parts = linkId.split("\\.", -1);
        for (String part : parts) {
            if (part.isEmpty()) {
                errors.add(new FieldError(Excerpt.of(linkId).replace("\"", ""), "not a field of the intake contract"));
                return;
            }
        }
        if (parts.length > 2) {
            errors.add(new FieldError(Excerpt.of(linkId).replace("\"", ""), "not a field of the intake contract (nested too deep)"));
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
            errors.add(new FieldError(linkId, "answered " + values.size() + " times; this question takes one answer"));
            return;
        }
        if (parts.length == 1) {
            if (intake.get(linkId) instanceof ObjectNode) {
                errors.add(new FieldError(linkId, "answered directly and also through items " + linkId + ".*"));
                return;
            }
            intake.set(linkId, value);
            return;
        }
        JsonNode parent = intake.get(parts[0]);
        if (parent == null) {
            parent = intake.putObject(parts[0]);
        } else if (!parent.isObject()) {
            errors.add(new FieldError(linkId, "answered as part of " + parts[0] + ", which is also answered directly"));
            return;
        }
        ((ObjectNode) parent).set(parts[1], value);
    }

    private static LocalDate authoredDate(JsonNode response, LocalDate today) {
        String authored = response.path("authored").asText("");
        if (authored.length() >= 10) {
            try {
                return LocalDate.parse(authored.substring(0, 10));
            } catch (DateTimeParseException ignored) {
                // an unreadable authored date: count the age at today instead
            }
        }
        return today;
    }

    private static void ageFromBirthDate(JsonNode patient, LocalDate on, ObjectNode intake, List<FieldError> errors) {
        if (patient == null || patient.isNull() || !"Patient".equals(patient.path("resourceType").asText())) {
            throw new Problem.Failure(Problem.of(412, "Prefetch data missing",
                    "the form has no age item, and prefetch.patient (a FHIR Patient) is missing, so the age is unknown"));
        }
        String birthDate = patient.path("birthDate").asText("");
        try {
            if (birthDate.length() != 10) {
                throw new DateTimeParseException("partial", birthDate, 0);
            }
            intake.put("age", Period.between(LocalDate.parse(birthDate), on).getYears());
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("Patient.birthDate", "needs a full date (YYYY-MM-DD) to give the age, or answer the age item"));
        }
    }

    private static Problem.Failure badShape(String detail) {
        return new Problem.Failure(Problem.withErrors(400, INVALID_FHIR, "Malformed QuestionnaireResponse", detail, null));
    }
}
