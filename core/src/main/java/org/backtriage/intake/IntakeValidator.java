package org.backtriage.intake;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks one JSON record against the intake contract and builds an {@link Intake}. Every violation
 * is collected (not just the first) so that a clinic can fix a record in one pass. JSON {@code null}
 * on an optional field means "absent"; on a required field it is "missing".
 */
public final class IntakeValidator {
    private static final int MAX_ID_LENGTH = 200;
    /** More than any record can break the contract in (10 fields, 12 red flags, 5 routine fields). */
    private static final int MAX_ERRORS = 30;

    public ValidationResult validate(JsonNode node) {
        if (node == null || !node.isObject()) {
            return new ValidationResult.Invalid(null, List.of(new FieldError(FieldError.RECORD,
                    "a record must be a JSON object with the intake fields, got " + kind(node))));
        }
        List<FieldError> errors = new ArrayList<>();
        node.fieldNames().forEachRemaining(name -> {
            if (!Vocabulary.FIELDS.contains(name)) {
                // the name is input: only a short escaped excerpt of it goes into the error
                errors.add(new FieldError(Excerpt.of(name).replace("\"", ""), "unknown field; allowed fields are " + Vocabulary.FIELDS));
            }
        });
        String id = readId(node.get("id"), errors);
        Integer age = requiredInt(node, "age", 0, 120, errors);
        List<String> regions = codeList(node, "regions", Vocabulary.REGIONS, true, errors);
        Integer pain = requiredInt(node, "painScore", 0, 10, errors);
        Double weeks = optionalNumber(node, "durationWeeks", errors);
        String stiffness = optionalCode(node.get("stiffness"), "stiffness", Vocabulary.STIFFNESS, errors);
        Boolean knot = optionalBoolean(node.get("muscleKnot"), "muscleKnot", errors);
        List<String> conditions = codeList(node, "conditions", Vocabulary.CONDITIONS, false, errors);
        Map<String, String> redFlags = redFlags(node.get("redFlags"), errors);
        Routine routine = routine(node.get("routine"), errors);
        if (!errors.isEmpty()) {
            return new ValidationResult.Invalid(id, bounded(errors));
        }
        return new ValidationResult.Valid(new Intake(id, age, regions, pain, weeks, stiffness,
                knot != null && knot, conditions, redFlags, routine));
    }

    /**
     * At most {@link #MAX_ERRORS} errors and a count of the rest: a record of thousands of unknown fields
     * must not become an error record many times its own size that spells out every field name.
     */
    private static List<FieldError> bounded(List<FieldError> errors) {
        if (errors.size() <= MAX_ERRORS) {
            return errors;
        }
        List<FieldError> first = new ArrayList<>(errors.subList(0, MAX_ERRORS));
        first.add(new FieldError(FieldError.RECORD, (errors.size() - MAX_ERRORS) + " more problems not listed"));
        return first;
    }

    private static String readId(JsonNode value, List<FieldError> errors) {
        if (absent(value)) {
            errors.add(new FieldError("id", "required: a non-empty string that names the record"));
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            errors.add(new FieldError("id", "must be a non-empty string, got " + kind(value)));
            return null;
        }
        if (value.asText().length() > MAX_ID_LENGTH) {
            errors.add(new FieldError("id", "must be at most " + MAX_ID_LENGTH + " characters"));
            return null;
        }
        if (hasLoneSurrogate(value.asText())) {
            // it cannot be written back as UTF-8: echoed, the id would come out changed (as '?')
            errors.add(new FieldError("id", "must be valid Unicode text; it holds a lone surrogate (\\ud800 to \\udfff without its pair)"));
            return null;
        }
        return value.asText();
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    private static Integer requiredInt(JsonNode node, String field, int min, int max, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (absent(value)) {
            errors.add(new FieldError(field, "required: an integer from " + min + " to " + max));
            return null;
        }
        return intInRange(value, field, min, max, errors);
    }

    private static Integer intInRange(JsonNode value, String field, int min, int max, List<FieldError> errors) {
        if (!isWholeNumber(value)) {
            errors.add(new FieldError(field, "must be an integer from " + min + " to " + max + ", got " + kind(value)));
            return null;
        }
        double number = value.asDouble();
        if (number < min || number > max) {
            errors.add(new FieldError(field, "must be from " + min + " to " + max + ", got " + shortNumber(value)));
            return null;
        }
        return (int) number;
    }

    private static Double optionalNumber(JsonNode node, String field, List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (absent(value)) {
            return null;
        }
        if (!value.isNumber() || !Double.isFinite(value.asDouble())) {
            errors.add(new FieldError(field, "must be a number of weeks, 0 or more, got " + kind(value)));
            return null;
        }
        if (value.asDouble() < 0) {
            errors.add(new FieldError(field, "must be 0 or more, got " + shortNumber(value)));
            return null;
        }
        return value.asDouble();
    }

    private static String optionalCode(JsonNode value, String field, List<String> allowed, List<FieldError> errors) {
        if (absent(value)) {
            return null;
        }
        if (!value.isTextual() || !allowed.contains(value.asText())) {
            errors.add(new FieldError(field, "must be one of " + allowed + ", got " + kind(value)));
            return null;
        }
        return value.asText();
    }

    private static Boolean optionalBoolean(JsonNode value, String field, List<FieldError> errors) {
        if (absent(value)) {
            return null;
        }
        if (!value.isBoolean()) {
            errors.add(new FieldError(field, "must be true or false, got " + kind(value)));
            return null;
        }
        return value.asBoolean();
    }

    private static List<String> codeList(JsonNode node, String field, List<String> allowed, boolean required,
                                         List<FieldError> errors) {
        JsonNode value = node.get(field);
        if (absent(value)) {
            if (required) {
                errors.add(new FieldError(field, "required: a list of at least one of " + allowed));
            }
            return List.of();
        }
        if (!value.isArray()) {
            errors.add(new FieldError(field, "must be a list of " + allowed + ", got " + kind(value)));
            return List.of();
        }
        if (required && value.isEmpty()) {
            errors.add(new FieldError(field, "must name at least one of " + allowed));
            return List.of();
        }
        Set<String> codes = new LinkedHashSet<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || !allowed.contains(item.asText())) {
                errors.add(new FieldError(field, "unknown code " + kind(item) + "; allowed: " + allowed));
                return List.of();
            }
            codes.add(item.asText());
        }
        // canonical order, so the same intake gives the same assessment however its list was ordered
        return allowed.stream().filter(codes::contains).toList();
    }

    private static Map<String, String> redFlags(JsonNode value, List<FieldError> errors) {
        Map<String, String> answers = new LinkedHashMap<>();
        if (absent(value)) {
            return answers;
        }
        if (!value.isObject()) {
            errors.add(new FieldError("redFlags", "must be an object of red-flag code to yes/no/unknown, got " + kind(value)));
            return answers;
        }
        value.fields().forEachRemaining(entry -> {
            String field = "redFlags." + entry.getKey();
            if (!Vocabulary.RED_FLAGS.contains(entry.getKey())) {
                errors.add(new FieldError("redFlags." + Excerpt.of(entry.getKey()).replace("\"", ""),
                        "unknown red flag; allowed: " + Vocabulary.RED_FLAGS));
                return;
            }
            String answer = optionalCode(entry.getValue(), field, Vocabulary.ANSWERS, errors);
            if (answer != null) {
                answers.put(entry.getKey(), answer);
            }
        });
        return answers;
    }

    private static Routine routine(JsonNode value, List<FieldError> errors) {
        if (absent(value)) {
            return Routine.notGiven();
        }
        if (!value.isObject()) {
            errors.add(new FieldError("routine", "must be an object with " + Vocabulary.ROUTINE_FIELDS + ", got " + kind(value)));
            return Routine.notGiven();
        }
        value.fieldNames().forEachRemaining(name -> {
            if (!Vocabulary.ROUTINE_FIELDS.contains(name)) {
                errors.add(new FieldError("routine." + Excerpt.of(name).replace("\"", ""),
                        "unknown field; allowed: " + Vocabulary.ROUTINE_FIELDS));
            }
        });
        JsonNode minutes = value.get("minutesPerSession");
        Integer minutesPerSession = absent(minutes) ? null
                : intInRange(minutes, "routine.minutesPerSession", 0, Integer.MAX_VALUE, errors);
        JsonNode sessions = value.get("sessionsPerWeek");
        Integer sessionsPerWeek = absent(sessions) ? null
                : intInRange(sessions, "routine.sessionsPerWeek", 0, 21, errors);
        String twisting = optionalCode(value.get("twisting"), "routine.twisting", Vocabulary.TWISTING, errors);
        Boolean newToExercise = optionalBoolean(value.get("newToExercise"), "routine.newToExercise", errors);
        Boolean instructed = optionalBoolean(value.get("hadTechniqueInstruction"), "routine.hadTechniqueInstruction", errors);
        return new Routine(minutesPerSession, sessionsPerWeek, twisting, newToExercise, instructed);
    }

    private static boolean absent(JsonNode value) {
        return value == null || value.isNull() || value.isMissingNode();
    }

    private static boolean isWholeNumber(JsonNode value) {
        if (value == null || !value.isNumber()) {
            return false;
        }
        if (value.isIntegralNumber()) {
            return true;
        }
        double d = value.asDouble();
        return Double.isFinite(d) && d == Math.rint(d);
    }

    private static String shortNumber(JsonNode value) {
        String text = value.asText();
        return text.length() > 20 ? text.substring(0, 20) + "..." : text;
    }

    /** What a value is, for messages: its JSON type and a short escaped excerpt, never the whole value. */
    static String kind(JsonNode value) {
        if (value == null || value.isMissingNode()) {
            return "nothing";
        }
        if (value.isNull()) {
            return "null";
        }
        if (value.isTextual()) {
            return "text " + Excerpt.of(value.asText());
        }
        if (value.isNumber()) {
            return "number " + shortNumber(value);
        }
        if (value.isBoolean()) {
            return value.asText();
        }
        return value.isArray() ? "a list" : "an object";
    }
}
