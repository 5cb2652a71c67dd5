package org.backtriage.engine;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule base's own vocabulary ({@code rules/vocabulary.yaml}): the exercise catalogue with the texts a
 * patient reads, and the warning and referral reason codes rules may use.
 */
public record RuleVocabulary(Map<String, ExerciseEntry> exercises, List<String> warnings, List<String> reasons) {

    public record ExerciseEntry(String name, String dosage, String instructions) {
    }

    public RuleVocabulary {
        exercises = Collections.unmodifiableMap(new LinkedHashMap<>(exercises));
        warnings = List.copyOf(warnings);
        reasons = List.copyOf(reasons);
    }

    /** Parses the YAML text; every problem becomes a {@link RuleProblem} in {@code problems}. */
    static RuleVocabulary parse(String file, String yaml, List<RuleProblem> problems) {
        Map<String, ExerciseEntry> exercises = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        if (yaml == null) {
            problems.add(new RuleProblem(file, 0, 0, "the rules folder has no " + file
                    + ": it lists the exercises, warning codes and reason codes rules may use"));
            return new RuleVocabulary(exercises, warnings, reasons);
        }
        JsonNode root;
        try {
            root = YamlProblems.mapper().readTree(yaml);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            YamlProblems.Problem problem = YamlProblems.describe(e, yaml);
            problems.add(new RuleProblem(file, problem.line(), problem.column(), problem.message()));
            return new RuleVocabulary(exercises, warnings, reasons);
        }
        if (root == null || !root.isObject()) {
            problems.add(new RuleProblem(file, 1, 1, "expected the sections exercises, warnings and reasons"));
            return new RuleVocabulary(exercises, warnings, reasons);
        }
        root.path("exercises").fields().forEachRemaining(entry -> {
            JsonNode e = entry.getValue();
            for (String field : List.of("name", "dosage", "instructions")) {
                if (!e.path(field).isTextual() || e.path(field).asText().isBlank()) {
                    problems.add(new RuleProblem(file, lineOf(yaml, entry.getKey() + ":"), 1,
                            "exercise " + entry.getKey() + " needs a " + field));
                }
            }
            exercises.put(entry.getKey(), new ExerciseEntry(e.path("name").asText(), e.path("dosage").asText(),
                    e.path("instructions").asText()));
        });
        root.path("warnings").forEach(code -> warnings.add(code.asText()));
        root.path("reasons").forEach(code -> reasons.add(code.asText()));
        if (exercises.isEmpty() || warnings.isEmpty() || reasons.isEmpty()) {
            problems.add(new RuleProblem(file, 1, 1, "expected non-empty sections exercises, warnings and reasons"));
        }
        return new RuleVocabulary(exercises, warnings, reasons);
    }

    /** The 1-based line where {@code text} first starts a line (after indentation), or 0. */
    private static int lineOf(String yaml, String text) {
        int number = 0;
        for (String line : yaml.split("\n", -1)) {
            number++;
            if (line.strip().startsWith(text)) {
                return number;
            }
        }
        return 0;
    }
}
