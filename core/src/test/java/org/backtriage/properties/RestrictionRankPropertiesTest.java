package org.backtriage.properties;

import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.backtriage.Engines;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.RuleFinding;
import org.backtriage.engine.RuleInfo;
import org.backtriage.engine.RuleVocabulary;
import org.backtriage.engine.TriageEngine;
import org.backtriage.facts.ExerciseRestriction;
import org.backtriage.intake.Intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Clinical revision 3 (issue 18): the reason an exercise shows is that of its highest-ranked restriction
 * (the vocabulary's restrictionRanks), never the one whose rule id sorts first. A copy of the rule base has
 * every rule id replaced by a random one (so ids sort in another order); for any intake both rule bases show the same status, reason and steps for every exercise, and that reason is the one of the
 * highest-ranked restriction the session inserted.
 */
class RestrictionRankPropertiesTest {
    private static TriageEngine engine;
    private static List<TriageEngine> renamed;

    @BeforeContainer
    static void setUp() {
        engine = Engines.frozen();
        RuleFiles files = RuleFiles.fromFolder(Engines.FROZEN_RULES);
        // a new random renaming each run (the seed is printed when the property fails, with the sample)
        long seed = new Random().nextLong();
        System.out.println("RestrictionRankPropertiesTest renames rule ids with seed " + seed);
        renamed = List.of(TriageEngine.from(renameIds(files, engine.rules(), new Random(seed))));
    }

    /** The rule files with each {@code @id("x")} replaced by a random id (the ids' sort order shuffled). */
    static RuleFiles renameIds(RuleFiles files, List<RuleInfo> rules, Random random) {
        Map<String, String> texts = new TreeMap<>(files.files());
        for (RuleInfo rule : rules) {
            String fresh = "r" + Integer.toString(random.nextInt(1 << 30), 36) + "-" + rule.id().length();
            texts.computeIfPresent(rule.file(), (file, text) -> text.replace("@id(\"" + rule.id() + "\")", "@id(\"" + fresh + "\")"));
        }
        return new RuleFiles(files.origin() + " (ids renamed)", new TreeMap<>(texts));
    }

    @Provide
    Arbitrary<ObjectNode> intakes() {
        return IntakeArbitraries.intakes();
    }

    @Property
    void theShownReasonIsTheHighestRankedWhateverTheRulesAreCalled(@ForAll("intakes") ObjectNode record) {
        Intake intake = AssessmentPropertiesTest.valid(record);
        TriageEngine.Evaluation evaluation = engine.evaluate(intake);
        Map<String, String> shown = shown(evaluation.assessment());
        for (TriageEngine other : renamed) {
            assertEquals(shown, shown(other.assess(intake)), "the same intake under renamed rule ids: " + record);
        }
        Map<String, String> highest = highestRanked(evaluation.findings(), engine.ruleBase().vocabulary());
        for (Assessment.Exercise exercise : evaluation.assessment().exercises()) {
            assertEquals(highest.get(exercise.id()), exercise.reason(), exercise.id() + " for " + record);
        }
        long restrictedTwice = evaluation.findings().stream().filter(f -> f.fact() instanceof ExerciseRestriction)
                .collect(Collectors.groupingBy(f -> ((ExerciseRestriction) f.fact()).exercise(), Collectors.counting()))
                .values().stream().filter(n -> n > 1).count();
        Statistics.label("an exercise restricted by several rules").collect(restrictedTwice > 0);
        Statistics.label("an exercise restricted by several rules").coverage(c -> c.check(true).count(n -> n >= 1));
    }

    /** Each exercise's status, reason and whether its steps are shown, as one comparable text. */
    private static Map<String, String> shown(Assessment assessment) {
        Map<String, String> shown = new HashMap<>();
        for (Assessment.Exercise e : assessment.exercises()) {
            shown.put(e.id(), e.status() + " | " + e.reason() + " | steps " + (e.instructions() != null));
        }
        return shown;
    }

    /** The reason of the highest-ranked restriction per exercise, computed from the inserted facts alone. */
    private Map<String, String> highestRanked(List<RuleFinding> findings, RuleVocabulary vocabulary) {
        Map<String, List<ExerciseRestriction>> byExercise = new HashMap<>();
        for (RuleFinding finding : findings) {
            if (finding.fact() instanceof ExerciseRestriction r) {
                byExercise.computeIfAbsent(r.exercise(), k -> new ArrayList<>()).add(r);
            }
        }
        Map<String, String> reasons = new HashMap<>();
        byExercise.forEach((exercise, restrictions) -> {
            ExerciseRestriction top = restrictions.stream().min(Comparator
                    .comparingInt((ExerciseRestriction r) -> vocabulary.restrictionRanks().indexOf(r.rank()))
                    .thenComparing(r -> r.status().equals("avoid") ? 0 : 1)
                    .thenComparing(ExerciseRestriction::reason)).orElseThrow();
            reasons.put(exercise, engine.ruleBase().thresholds().fill(top.reason()));
        });
        return reasons;
    }
}
