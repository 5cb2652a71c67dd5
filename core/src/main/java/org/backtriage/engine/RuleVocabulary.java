package org.backtriage.engine;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import org.backtriage.check.RuleProblem;
import org.backtriage.check.YamlProblems;
import org.backtriage.intake.Vocabulary;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The rule base's own vocabulary ({@code rules/vocabulary.yaml}): the exercise catalogue with the texts a
 * patient reads, the warning and referral reason codes rules may use, what each referral level tells the
 * person ({@code levels}), the safety-net text shown below emergency level, and each red-flag question in
 * plain words (to name the questions left unanswered).
 */
public record RuleVocabulary(Map<String, ExerciseEntry> exercises, List<String> warnings, List<String> reasons,
                             Map<String, String> levels, @JsonProperty("safetyNet") List<SafetyNetGroup> safetyNetGroups,
                             Map<String, String> redFlagQuestions, List<String> restrictionRanks,
                             List<String> ranksWithoutSteps, String alsoTell, Clinic clinic) {

    /** The four referral levels whose words the vocabulary must give. */
    static final List<String> LEVELS = Vocabulary.REFERRAL_LEVELS;

    public record ExerciseEntry(String name, String dosage, String instructions) {
        ExerciseEntry map(UnaryOperator<String> text) {
            return new ExerciseEntry(text.apply(name), text.apply(dosage), text.apply(instructions));
        }
    }

    /**
     * One part of the safety net: what to do ("Call 999 or go to A&E now if you get") and the signs that
     * call for it, each in plain words.
     */
    public record SafetyNetGroup(String advice, List<String> signs) {
        public SafetyNetGroup {
            signs = List.copyOf(signs);
        }

        /** The group as one sentence: "advice: sign; sign; sign." */
        public String sentence() {
            return advice + ": " + String.join("; ", signs) + ".";
        }

        SafetyNetGroup map(UnaryOperator<String> text) {
            return new SafetyNetGroup(text.apply(advice), signs.stream().map(text).toList());
        }
    }

    /**
     * Who gives the advice, for the header of every page a person reads: the clinic's name and a phone
     * number to call with questions (not an emergency number; those are in the levels and safety net).
     * Both empty when the vocabulary has no {@code clinic} section.
     */
    public record Clinic(String name, String phone) {
        public Clinic {
            name = name == null ? "" : name;
            phone = phone == null ? "" : phone;
        }
    }

    public RuleVocabulary {
        exercises = Collections.unmodifiableMap(new LinkedHashMap<>(exercises));
        warnings = List.copyOf(warnings);
        reasons = List.copyOf(reasons);
        levels = Collections.unmodifiableMap(new LinkedHashMap<>(levels));
        safetyNetGroups = List.copyOf(safetyNetGroups);
        redFlagQuestions = Collections.unmodifiableMap(new LinkedHashMap<>(redFlagQuestions));
        restrictionRanks = List.copyOf(restrictionRanks);
        ranksWithoutSteps = List.copyOf(ranksWithoutSteps);
        alsoTell = alsoTell == null ? "" : alsoTell;
        clinic = clinic == null ? new Clinic("", "") : clinic;
    }

    /** A vocabulary with only exercises and codes (for tests and tools that need no texts). */
    public RuleVocabulary(Map<String, ExerciseEntry> exercises, List<String> warnings, List<String> reasons) {
        this(exercises, warnings, reasons, Map.of(), List.of(), Map.of(), List.of(), List.of(), "", null);
    }

    /** The safety net as plain text, one sentence per group (for a card or a line of text). */
    public String safetyNet() {
        return String.join(" ", safetyNetGroups.stream().map(SafetyNetGroup::sentence).toList());
    }

    /**
     * How a restriction of {@code rank} stands against the others: 0 for the highest rank; an unknown
     * rank sorts last (check refuses unknown ranks, so this only happens to tools without a vocabulary).
     */
    public int rankOrder(String rank) {
        int index = restrictionRanks.indexOf(rank);
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    /** What the referral {@code level} tells the person to do now; empty for a level without words. */
    public String advice(String level) {
        return levels.getOrDefault(level, "");
    }

    /** Every text a person reads, in order, with where it is in the file (for checking threshold names). */
    List<Text> texts() {
        List<Text> texts = new ArrayList<>();
        exercises.forEach((id, e) -> {
            texts.add(new Text(id + ":", e.name()));
            texts.add(new Text(id + ":", e.dosage()));
            texts.add(new Text(id + ":", e.instructions()));
        });
        levels.forEach((level, words) -> texts.add(new Text(level + ":", words)));
        safetyNetGroups.forEach(group -> {
            texts.add(new Text("- advice: " + start(group.advice()), group.advice()));
            group.signs().forEach(sign -> texts.add(new Text("- " + start(sign), sign)));
        });
        texts.add(new Text("alsoTell:", alsoTell));
        redFlagQuestions.forEach((code, question) -> texts.add(new Text(code + ":", question)));
        return texts;
    }

    /** The first words of a text, enough to find its line. */
    private static String start(String text) {
        return text.substring(0, Math.min(text.length(), 16));
    }

    /** A text of the vocabulary and the key that starts its line in the file. */
    record Text(String key, String text) {
    }

    /** The same vocabulary with every text passed through {@code fill} (threshold names to numbers). */
    RuleVocabulary map(UnaryOperator<String> fill) {
        Map<String, ExerciseEntry> filled = new LinkedHashMap<>();
        exercises.forEach((id, e) -> filled.put(id, e.map(fill)));
        Map<String, String> words = new LinkedHashMap<>();
        levels.forEach((level, text) -> words.put(level, fill.apply(text)));
        Map<String, String> questions = new LinkedHashMap<>();
        redFlagQuestions.forEach((code, text) -> questions.put(code, fill.apply(text)));
        return new RuleVocabulary(filled, warnings, reasons, words, safetyNetGroups.stream().map(g -> g.map(fill)).toList(),
                questions, restrictionRanks, ranksWithoutSteps, fill.apply(alsoTell), clinic);
    }

    /** Parses the YAML text; every problem becomes a {@link RuleProblem} in {@code problems}. */
    static RuleVocabulary parse(String file, String yaml, List<RuleProblem> problems) {
        Map<String, ExerciseEntry> exercises = new LinkedHashMap<>();
        List<String> warnings = new ArrayList<>();
        List<String> reasons = new ArrayList<>();
        Map<String, String> levels = new LinkedHashMap<>();
        Map<String, String> questions = new LinkedHashMap<>();
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
        for (String level : LEVELS) {
            JsonNode words = root.path("levels").path(level);
            if (!words.isTextual() || words.asText().isBlank()) {
                problems.add(new RuleProblem(file, Math.max(1, lineOf(yaml, "levels:")), 1,
                        "levels needs the words for " + level + ": what that referral level tells the person to do"));
            } else {
                levels.put(level, words.asText().strip());
            }
        }
        List<SafetyNetGroup> safetyNet = new ArrayList<>();
        root.path("safetyNet").forEach(group -> {
            List<String> signs = new ArrayList<>();
            group.path("signs").forEach(sign -> signs.add(sign.asText("").strip()));
            String advice = group.path("advice").asText("").strip();
            if (advice.isEmpty() || signs.isEmpty() || signs.stream().anyMatch(String::isEmpty)) {
                problems.add(new RuleProblem(file, Math.max(1, lineOf(yaml, "safetyNet:")), 1, "each part of safetyNet needs"
                        + " an advice (what to do) and its signs (a list of the symptoms, in plain words)"));
            } else {
                safetyNet.add(new SafetyNetGroup(advice, signs));
            }
        });
        if (safetyNet.isEmpty()) {
            problems.add(new RuleProblem(file, 1, 1, "safetyNet needs its parts: for each, an advice (what to do, how fast)"
                    + " and the signs that call for it (\"get help if this happens\")"));
        }
        List<String> ranks = new ArrayList<>();
        root.path("restrictionRanks").forEach(rank -> ranks.add(rank.asText("").strip()));
        if (ranks.isEmpty()) {
            problems.add(new RuleProblem(file, 1, 1, "restrictionRanks needs the ranks of restrictions, highest first:"
                    + " when several restrictions apply to one exercise, the person reads the reason of the highest"));
        }
        List<String> withoutSteps = new ArrayList<>();
        root.path("ranksWithoutSteps").forEach(rank -> withoutSteps.add(rank.asText("").strip()));
        for (String rank : withoutSteps) {
            if (!ranks.contains(rank)) {
                problems.add(new RuleProblem(file, Math.max(1, lineOf(yaml, "ranksWithoutSteps:")), 1, "ranksWithoutSteps names "
                        + rank + ", which is not in restrictionRanks " + ranks));
            }
        }
        String alsoTell = root.path("alsoTell").asText("").strip();
        if (alsoTell.isEmpty()) {
            problems.add(new RuleProblem(file, 1, 1, "alsoTell needs a text: what a reason below an urgent or emergency"
                    + " referral adds (\"Also tell them about this.\")"));
        }
        for (String flag : Vocabulary.RED_FLAGS) {
            JsonNode question = root.path("redFlagQuestions").path(flag);
            if (!question.isTextual() || question.asText().isBlank()) {
                problems.add(new RuleProblem(file, Math.max(1, lineOf(yaml, "redFlagQuestions:")), 1,
                        "redFlagQuestions needs the question " + flag + " in plain words, to name it when it is unanswered"));
            } else {
                questions.put(flag, question.asText().strip());
            }
        }
        Clinic clinic = new Clinic(root.path("clinic").path("name").asText("").strip(),
                root.path("clinic").path("phone").asText("").strip());
        return new RuleVocabulary(exercises, warnings, reasons, levels, safetyNet, questions, ranks, withoutSteps, alsoTell, clinic);
    }

    /** The 1-based line where {@code text} first starts a line (after indentation), or 0. */
    static int lineOf(String yaml, String text) {
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
