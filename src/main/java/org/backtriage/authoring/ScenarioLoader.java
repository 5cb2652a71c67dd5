package org.backtriage.authoring;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.backtriage.engine.RuleVocabulary;
import org.backtriage.intake.Vocabulary;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads scenario files ({@code rules/scenarios/*.yaml}). A scenario's {@code intake} states only what
 * matters: it is merged over the all-clear intake (objects key by key, lists and values replace, null
 * removes the field). Every mistake in a file is a {@link ScenarioException} naming the file and the field,
 * so a misspelt code never turns into a scenario that silently checks nothing.
 */
public final class ScenarioLoader {
    private static final Set<String> TOP = Set.of("name", "intake", "expect");
    private static final Set<String> EXPECT = Set.of("referral", "reasons", "exercises", "warnings");
    private static final Set<String> WARNINGS = Set.of("present", "absent");
    private static final List<String> STATUSES = List.of("recommended", "needs_clearance", "avoid", "absent");

    private final ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    private final RuleVocabulary vocabulary;

    /** @param vocabulary the rule base's vocabulary: the exercise ids and codes a scenario may expect */
    public ScenarioLoader(RuleVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** A scenario file could not be read as a scenario. */
    public static final class ScenarioException extends RuntimeException {
        public ScenarioException(String message) {
            super(message);
        }
    }

    /**
     * The all-clear intake: an adult with mild lower-back soreness, no conditions, every red flag answered
     * no and a sensible routine. The rules say self-care, no warning, no referral.
     */
    public static ObjectNode allClearIntake() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode intake = f.objectNode();
        intake.put("id", "scenario");
        intake.put("age", 40);
        intake.set("regions", f.arrayNode().add("lower_back"));
        intake.put("painScore", 3);
        intake.put("durationWeeks", 2);
        intake.put("stiffness", "mild");
        intake.put("muscleKnot", false);
        intake.set("conditions", f.arrayNode());
        ObjectNode flags = intake.putObject("redFlags");
        Vocabulary.RED_FLAGS.forEach(flag -> flags.put(flag, "no"));
        ObjectNode routine = intake.putObject("routine");
        routine.put("minutesPerSession", 20);
        routine.put("sessionsPerWeek", 3);
        routine.put("twisting", "gentle");
        routine.put("newToExercise", false);
        routine.put("hadTechniqueInstruction", true);
        return intake;
    }

    /** The scenario files of a folder ({@code .yaml}, {@code .yml}), in name order. */
    public static List<Path> filesIn(Path folder) {
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(p -> Files.isRegularFile(p) && (p.toString().endsWith(".yaml") || p.toString().endsWith(".yml")))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list scenarios in " + folder, e);
        }
    }

    public Scenario load(Path file) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioException("cannot read the file: " + e.getMessage());
        }
        return parse(file.toString(), text);
    }

    public Scenario parse(String file, String text) {
        JsonNode root;
        try {
            root = yaml.readTree(text);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new ScenarioException("not valid YAML at line " + line + ": " + e.getOriginalMessage().lines().findFirst().orElse(""));
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException("a scenario has the sections name, intake and expect");
        }
        unknownKeys(root, TOP, "");
        String name = text(root, "name");
        JsonNode intake = root.get("intake");
        if (intake != null && !intake.isNull() && !intake.isObject()) {
            throw new ScenarioException("intake: must be the intake fields that differ from the all-clear intake, e.g. intake: {age: 15}");
        }
        booleansUnderRedFlags(intake);
        ObjectNode merged = allClearIntake();
        if (intake != null && intake.isObject()) {
            merge(merged, (ObjectNode) intake);
        }
        JsonNode expect = root.get("expect");
        if (expect == null || !expect.isObject() || expect.isEmpty()) {
            throw new ScenarioException("expect: say what the rules must give (referral, reasons, exercises, warnings)");
        }
        return new Scenario(file, name, merged, expectation(expect));
    }

    /** Objects merge key by key; lists and values replace; null removes the field. */
    static void merge(ObjectNode base, ObjectNode over) {
        Iterator<Map.Entry<String, JsonNode>> fields = over.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode value = field.getValue();
            JsonNode current = base.get(field.getKey());
            if (value.isNull()) {
                base.remove(field.getKey());
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, (ObjectNode) value);
            } else {
                base.set(field.getKey(), value.deepCopy());
            }
        }
    }

    // YAML reads an unquoted yes/no as true/false: the intake would then say "true" where the author meant "yes"
    private static void booleansUnderRedFlags(JsonNode intake) {
        JsonNode flags = intake == null ? null : intake.get("redFlags");
        if (flags == null || !flags.isObject()) {
            return;
        }
        flags.fields().forEachRemaining(flag -> {
            if (flag.getValue().isBoolean()) {
                throw new ScenarioException("intake.redFlags." + flag.getKey() + ": YAML reads an unquoted yes or no as true/false; "
                        + "write it in quotes: " + flag.getKey() + ": \"" + (flag.getValue().booleanValue() ? "yes" : "no") + "\"");
            }
        });
    }

    private Scenario.Expectation expectation(JsonNode expect) {
        unknownKeys(expect, EXPECT, "expect.");
        String referral = null;
        if (expect.has("referral")) {
            referral = text(expect, "referral");
            oneOf("expect.referral", referral, Vocabulary.REFERRAL_LEVELS);
        }
        List<String> reasons = expect.has("reasons") ? codes(expect.get("reasons"), "expect.reasons", vocabulary.reasons()) : null;
        Map<String, String> exercises = new LinkedHashMap<>();
        JsonNode exerciseNode = expect.get("exercises");
        if (exerciseNode != null && !exerciseNode.isNull()) {
            if (!exerciseNode.isObject()) {
                throw new ScenarioException("expect.exercises: list each exercise id with its status, e.g. toe-reach: avoid");
            }
            exerciseNode.fields().forEachRemaining(e -> {
                oneOf("expect.exercises", e.getKey(), List.copyOf(vocabulary.exercises().keySet()));
                if (!e.getValue().isTextual()) {
                    throw new ScenarioException("expect.exercises." + e.getKey() + ": must be one of " + STATUSES);
                }
                oneOf("expect.exercises." + e.getKey(), e.getValue().asText(), STATUSES);
                exercises.put(e.getKey(), e.getValue().asText());
            });
        }
        List<String> present = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        JsonNode warnings = expect.get("warnings");
        if (warnings != null && !warnings.isNull()) {
            if (!warnings.isObject()) {
                throw new ScenarioException("expect.warnings: give the lists present: [...] and absent: [...]");
            }
            unknownKeys(warnings, WARNINGS, "expect.warnings.");
            if (warnings.has("present")) {
                present.addAll(codes(warnings.get("present"), "expect.warnings.present", vocabulary.warnings()));
            }
            if (warnings.has("absent")) {
                absent.addAll(codes(warnings.get("absent"), "expect.warnings.absent", vocabulary.warnings()));
            }
            List<String> both = present.stream().filter(absent::contains).toList();
            if (!both.isEmpty()) {
                throw new ScenarioException("expect.warnings: " + both + " is both present and absent");
            }
        }
        return new Scenario.Expectation(referral, reasons, exercises, present, absent);
    }

    private static List<String> codes(JsonNode node, String field, List<String> allowed) {
        if (node == null || !node.isArray()) {
            throw new ScenarioException(field + ": must be a list such as [" + allowed.get(0) + "] (or [] for none)");
        }
        List<String> codes = new ArrayList<>();
        for (JsonNode code : (ArrayNode) node) {
            if (!code.isTextual()) {
                throw new ScenarioException(field + ": " + code + " is not a code; allowed: " + allowed);
            }
            oneOf(field, code.asText(), allowed);
            codes.add(code.asText());
        }
        return codes;
    }

    private static void oneOf(String field, String value, List<String> allowed) {
        if (!allowed.contains(value)) {
            throw new ScenarioException(field + ": unknown \"" + value + "\"; allowed: " + allowed);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new ScenarioException(field + ": required, a line of text");
        }
        return value.asText();
    }

    private static void unknownKeys(JsonNode node, Set<String> allowed, String prefix) {
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                throw new ScenarioException(prefix + key + ": unknown section; allowed: " + allowed.stream().sorted().toList());
            }
        });
    }
}
