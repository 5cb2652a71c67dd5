package org.backtriage.engine;

import org.backtriage.assessment.Assessment;
import org.backtriage.assessment.ReferralLevel;
import org.backtriage.facts.ExerciseRestriction;
import org.backtriage.facts.ExerciseSuggestion;
import org.backtriage.facts.ReferralReason;
import org.backtriage.facts.Warning;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the result facts of one session into an {@link Assessment}. It decides nothing clinical: it
 * attaches each result to the rule that inserted it, keeps one reason per finding and one warning per
 * code, applies the two orderings the contract fixes (the highest level of the reasons; the most
 * restrictive status), puts the clinic's numbers into texts that name thresholds, and leaves the dose
 * and steps off an avoided exercise.
 */
final class AssessmentAssembler {
    private static final List<String> STATUS_ORDER = List.of("recommended", "needs_clearance", "avoid");

    private final RuleBase ruleBase;
    private final Assessment.Ruleset ruleset;

    AssessmentAssembler(RuleBase ruleBase) {
        this.ruleBase = ruleBase;
        this.ruleset = new Assessment.Ruleset(ruleBase.version(), ruleBase.rules().size());
    }

    Assessment assemble(String intakeId, SessionRecorder recorder) {
        ThresholdTexts thresholds = ruleBase.thresholds();
        Map<String, RuleInfo> suggestedBy = new LinkedHashMap<>();
        Map<String, ExerciseRestriction> restriction = new LinkedHashMap<>();
        Map<String, RuleInfo> restrictedBy = new LinkedHashMap<>();
        Map<String, Assessment.Warning> warnings = new LinkedHashMap<>();
        // one reason per finding: only the same code from the same rule is one entry
        Map<String, Assessment.Reason> reasons = new LinkedHashMap<>();

        for (RuleFinding insertion : recorder.insertions()) {
            RuleInfo rule = insertion.rule();
            Object fact = insertion.fact();
            if (fact instanceof ExerciseSuggestion s) {
                suggestedBy.merge(s.exercise(), rule, (a, b) -> a.id().compareTo(b.id()) <= 0 ? a : b);
            } else if (fact instanceof ExerciseRestriction r) {
                ExerciseRestriction current = restriction.get(r.exercise());
                int byStatus = current == null ? 1 : Integer.compare(STATUS_ORDER.indexOf(r.status()), STATUS_ORDER.indexOf(current.status()));
                if (byStatus > 0 || byStatus == 0 && rule.id().compareTo(restrictedBy.get(r.exercise()).id()) < 0) {
                    restriction.put(r.exercise(), r);
                    restrictedBy.put(r.exercise(), rule);
                }
            } else if (fact instanceof Warning w) {
                Assessment.Warning current = warnings.get(w.code());
                String message = thresholds.fill(w.message());
                // two rules may give one code (a child with neck-only soreness): keep the one whose rule id
                // sorts first, so the message does not depend on which rule happened to fire first
                if (current == null || firstOf(rule.id(), message, current.rule(), current.message())) {
                    warnings.put(w.code(), new Assessment.Warning(w.code(), message, rule.id(), rule.source()));
                }
            } else if (fact instanceof ReferralReason r) {
                String key = r.code() + '\u0000' + rule.id();
                Assessment.Reason current = reasons.get(key);
                String message = thresholds.fill(r.message());
                int byLevel = current == null ? 1 : Integer.compare(ReferralLevel.rank(r.level()), ReferralLevel.rank(current.level()));
                if (byLevel > 0 || byLevel == 0 && message.compareTo(current.message()) < 0) {
                    reasons.put(key, new Assessment.Reason(r.code(), r.level(), message, rule.id(), rule.source()));
                }
            }
        }

        RuleVocabulary vocabulary = ruleBase.vocabulary();
        List<Assessment.Exercise> exercises = new ArrayList<>();
        for (Map.Entry<String, RuleVocabulary.ExerciseEntry> entry : vocabulary.exercises().entrySet()) {
            String id = entry.getKey();
            RuleInfo listed = suggestedBy.get(id);
            if (listed == null) {
                continue;
            }
            ExerciseRestriction r = restriction.get(id);
            RuleVocabulary.ExerciseEntry text = entry.getValue();
            if (r == null) {
                exercises.add(new Assessment.Exercise(id, text.name(), "recommended", null, text.dosage(),
                        text.instructions(), listed.id(), listed.source()));
            } else {
                RuleInfo decided = restrictedBy.get(id);
                boolean avoid = "avoid".equals(r.status());
                exercises.add(new Assessment.Exercise(id, text.name(), r.status(), thresholds.fill(r.reason()),
                        avoid ? null : text.dosage(), avoid ? null : text.instructions(), decided.id(), decided.source()));
            }
        }

        List<Assessment.Warning> warningList = new ArrayList<>(warnings.values());
        warningList.sort(Comparator.comparingInt(w -> order(vocabulary.warnings(), w.code())));
        List<Assessment.Reason> reasonList = new ArrayList<>(reasons.values());
        reasonList.sort(Comparator.comparingInt((Assessment.Reason r) -> -ReferralLevel.rank(r.level()))
                .thenComparingInt(r -> order(vocabulary.reasons(), r.code()))
                .thenComparing(Assessment.Reason::rule));
        String level = reasonList.stream().map(Assessment.Reason::level)
                .reduce(ReferralLevel.NONE, ReferralLevel::higher);

        Map<String, Assessment.FiredRule> fired = new LinkedHashMap<>();
        for (RuleFiring firing : recorder.firings()) {
            RuleInfo rule = firing.rule();
            fired.putIfAbsent(rule.id(), new Assessment.FiredRule(rule.id(), rule.source()));
        }
        return new Assessment(intakeId, new Assessment.Referral(level, vocabulary.advice(level), reasonList),
                exercises, warningList, List.copyOf(fired.values()), ruleset);
    }

    /** Whether (rule, message) sorts before the current one: one finding per code, whatever the firing order. */
    private static boolean firstOf(String rule, String message, String currentRule, String currentMessage) {
        int byRule = rule.compareTo(currentRule);
        return byRule < 0 || byRule == 0 && message.compareTo(currentMessage) < 0;
    }

    private static int order(List<String> vocabulary, String code) {
        int index = vocabulary.indexOf(code);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
