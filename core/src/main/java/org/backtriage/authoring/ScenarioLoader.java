package org.backtriage.authoring;

import org.backtriage.assessment.ExerciseStatus;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.check.YamlProblems;
import org.backtriage.engine.RuleVocabulary;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
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
    private static final Set<String> EXPECT = Set.of("referral", "reasons", "exercises", "warnings", "says", "doesNotSay",
            "withoutSteps");
    private static final Set<String> WARNINGS = Set.of("present", "absent");
    private static final List<String> STATUSES = Stream.concat(ExerciseStatus.codes().stream(), Stream.of("absent")).toList();

    private final ObjectMapper yaml = YamlProblems.mapper();
    private final RuleVocabulary vocabulary;

    /** @param vocabulary the rule base's vocabulary: the exercise ids and codes a scenario may expect */
    public ScenarioLoader(RuleVocabulary vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** A scenario file could not be read as a scenario: every problem it has, one per line. */
    public static final class ScenarioException extends RuntimeException {
        private final transient List<String> problems;
        private final String name;

        public ScenarioException(String message) {
            this(List.of(message), null);
        }

        public ScenarioException(List<String> problems) {
            this(problems, null);
        }

        /** @param name the scenario's name when the file gives one, so a failure says which case it is */
        public ScenarioException(List<String> problems, String name) {
            super(String.join("\n", problems));
            this.problems = List.copyOf(problems);
            this.name = name;
        }

        public List<String> problems() {
            return problems;
        }

        /** The scenario's name, or {@code null} when the file does not give one. */
        public String name() {
            return name;
        }
    }

    /** The problems found in the file being read; reported together, so an author fixes them in one go. */
    private static final class Problems {
        final List<String> found = new ArrayList<>();

        void add(String problem) {
            found.add(problem);
        }

        /** Runs one check; a problem it throws is collected and the next check still runs. */
        void check(Runnable check) {
            try {
                check.run();
            } catch (ScenarioException e) {
                found.addAll(e.problems());
            }
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
            YamlProblems.Problem problem = YamlProblems.describe(e, text);
            throw new ScenarioException("line " + problem.line() + ": " + problem.message());
        }
        if (root == null || !root.isObject()) {
            throw new ScenarioException("a scenario has the sections name, intake and expect");
        }
        Problems problems = new Problems();
        problems.check(() -> unknownKeys(root, TOP, ""));
        String[] name = new String[1];
        problems.check(() -> name[0] = text(root, "name"));
        JsonNode intake = root.get("intake");
        ObjectNode merged = allClearIntake();
        if (intake != null && !intake.isNull() && !intake.isObject()) {
            problems.add("intake: must be the intake fields that differ from the all-clear intake, e.g. intake: {age: 15}");
        } else {
            int before = problems.found.size();
            problems.check(() -> booleansUnderRedFlags(intake));
            if (intake != null && intake.isObject()) {
                merge(merged, (ObjectNode) intake);
            }
            // an unquoted yes already has its own message; the validator would only repeat it
            if (problems.found.size() == before && new IntakeValidator().validate(merged) instanceof ValidationResult.Invalid invalid) {
                invalid.errors().forEach(e -> problems.add("the merged intake is not valid: intake." + e.field() + ": " + e.message()));
            }
        }
        JsonNode expect = root.get("expect");
        Scenario.Expectation[] expectation = new Scenario.Expectation[1];
        if (expect == null || !expect.isObject() || expect.isEmpty()) {
            problems.add("expect: say what the rules must give (referral, reasons, exercises, warnings)");
        } else {
            expectation[0] = expectation(expect, problems);
        }
        if (!problems.found.isEmpty()) {
            throw new ScenarioException(problems.found, name[0]);
        }
        return new Scenario(file, name[0], merged, expectation[0]);
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
        List<String> found = new ArrayList<>();
        flags.fields().forEachRemaining(flag -> {
            if (flag.getValue().isBoolean()) {
                found.add("intake.redFlags." + flag.getKey() + ": YAML reads an unquoted yes or no as true/false; "
                        + "write it in quotes: " + flag.getKey() + ": \"" + (flag.getValue().booleanValue() ? "yes" : "no") + "\"");
            }
        });
        if (!found.isEmpty()) {
            throw new ScenarioException(found);
        }
    }

    private Scenario.Expectation expectation(JsonNode expect, Problems problems) {
        problems.check(() -> unknownKeys(expect, EXPECT, "expect."));
        String[] referral = new String[1];
        if (expect.has("referral")) {
            problems.check(() -> {
                referral[0] = text(expect, "referral");
                oneOf("expect.referral", referral[0], Vocabulary.REFERRAL_LEVELS);
            });
        }
        List<String> reasons = null;
        if (expect.has("reasons")) {
            reasons = new ArrayList<>();
            List<String> into = reasons;
            problems.check(() -> into.addAll(codes(expect.get("reasons"), "expect.reasons", vocabulary.reasons())));
        }
        Map<String, String> exercises = new LinkedHashMap<>();
        JsonNode exerciseNode = expect.get("exercises");
        if (exerciseNode != null && !exerciseNode.isNull()) {
            if (!exerciseNode.isObject()) {
                problems.add("expect.exercises: list each exercise id with its status, e.g. toe-reach: avoid");
            } else {
                exerciseNode.fields().forEachRemaining(e -> problems.check(() -> {
                    oneOf("expect.exercises", e.getKey(), List.copyOf(vocabulary.exercises().keySet()));
                    if (!e.getValue().isTextual()) {
                        throw new ScenarioException("expect.exercises." + e.getKey() + ": must be one of " + STATUSES);
                    }
                    oneOf("expect.exercises." + e.getKey(), e.getValue().asText(), STATUSES);
                    exercises.put(e.getKey(), e.getValue().asText());
                }));
            }
        }
        List<String> present = new ArrayList<>();
        List<String> absent = new ArrayList<>();
        JsonNode warnings = expect.get("warnings");
        if (warnings != null && !warnings.isNull()) {
            if (!warnings.isObject()) {
                problems.add("expect.warnings: give the lists present: [...] and absent: [...]");
            } else {
                problems.check(() -> unknownKeys(warnings, WARNINGS, "expect.warnings."));
                if (warnings.has("present")) {
                    problems.check(() -> present.addAll(codes(warnings.get("present"), "expect.warnings.present", vocabulary.warnings())));
                }
                if (warnings.has("absent")) {
                    problems.check(() -> absent.addAll(codes(warnings.get("absent"), "expect.warnings.absent", vocabulary.warnings())));
                }
                List<String> both = present.stream().filter(absent::contains).toList();
                if (!both.isEmpty()) {
                    problems.add("expect.warnings: " + both + " is both present and absent");
                }
            }
        }
        List<String> says = phrases(expect, "says", problems);
        List<String> doesNotSay = phrases(expect, "doesNotSay", problems);
        List<String> withoutSteps = new ArrayList<>();
        if (expect.has("withoutSteps")) {
            problems.check(() -> withoutSteps.addAll(codes(expect.get("withoutSteps"), "expect.withoutSteps",
                    List.copyOf(vocabulary.exercises().keySet()))));
        }
        return new Scenario.Expectation(referral[0], reasons, exercises, present, absent, says, doesNotSay, withoutSteps);
    }

    /** A list of phrases in quotes (what the person must, or must not, read somewhere on the assessment). */
    private static List<String> phrases(JsonNode expect, String key, Problems problems) {
        List<String> phrases = new ArrayList<>();
        JsonNode node = expect.get(key);
        if (node == null || node.isNull()) {
            return phrases;
        }
        if (!node.isArray() || !java.util.stream.StreamSupport.stream(node.spliterator(), false)
                .allMatch(p -> p.isTextual() && !p.asText().isBlank())) {
            problems.add("expect." + key + ": give a list of phrases in quotes, e.g. " + key + ": [\"a doctor has seen you\"]");
            return phrases;
        }
        node.forEach(p -> phrases.add(p.asText()));
        return phrases;
    }

    private static List<String> codes(JsonNode node, String field, List<String> allowed) {
        if (node == null || !node.isArray()) {
            throw new ScenarioException(field + ": must be a list such as [" + allowed.get(0) + "] (or [] for none)");
        }
        List<String> codes = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (JsonNode code : (ArrayNode) node) {
            if (!code.isTextual()) {
                problems.add(field + ": " + code + " is not a code; allowed: " + allowed);
            } else if (!allowed.contains(code.asText())) {
                problems.add(field + ": unknown \"" + code.asText() + "\"; allowed: " + allowed);
            } else {
                codes.add(code.asText());
            }
        }
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
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
        List<String> problems = new ArrayList<>();
        node.fieldNames().forEachRemaining(key -> {
            if (!allowed.contains(key)) {
                problems.add(prefix + key + ": unknown section; allowed: " + allowed.stream().sorted().toList());
            }
        });
        if (!problems.isEmpty()) {
            throw new ScenarioException(problems);
        }
    }
}
