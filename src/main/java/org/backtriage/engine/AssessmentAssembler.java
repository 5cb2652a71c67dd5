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
 * attaches each result to the rule that inserted it, keeps one entry per code, and applies the two
 * orderings the contract fixes (the highest level of the reasons; the most restrictive status).
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
        Map<String, RuleInfo> suggestedBy = new LinkedHashMap<>();
        Map<String, ExerciseRestriction> restriction = new LinkedHashMap<>();
        Map<String, RuleInfo> restrictedBy = new LinkedHashMap<>();
        Map<String, Assessment.Warning> warnings = new LinkedHashMap<>();
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
                // two rules may give one code (a child with neck-only soreness): keep the one whose rule id
                // sorts first, so the message does not depend on which rule happened to fire first
                if (current == null || firstOf(rule.id(), w.message(), current.rule(), current.message())) {
                    warnings.put(w.code(), new Assessment.Warning(w.code(), w.message(), rule.id(), rule.source()));
                }
            } else if (fact instanceof ReferralReason r) {
                Assessment.Reason current = reasons.get(r.code());
                int byLevel = current == null ? 1 : Integer.compare(ReferralLevel.rank(r.level()), ReferralLevel.rank(current.level()));
                if (byLevel > 0 || byLevel == 0 && firstOf(rule.id(), r.message(), current.rule(), current.message())) {
                    reasons.put(r.code(), new Assessment.Reason(r.code(), r.level(), r.message(), rule.id(), rule.source()));
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
            String status = r == null ? "recommended" : r.status();
            RuleInfo decided = r == null ? listed : restrictedBy.get(id);
            RuleVocabulary.ExerciseEntry text = entry.getValue();
            exercises.add(new Assessment.Exercise(id, text.name(), status, text.dosage(), text.instructions(),
                    decided.id(), decided.source()));
        }

        List<Assessment.Warning> warningList = new ArrayList<>(warnings.values());
        warningList.sort(Comparator.comparingInt(w -> order(vocabulary.warnings(), w.code())));
        List<Assessment.Reason> reasonList = new ArrayList<>(reasons.values());
        reasonList.sort(Comparator.comparingInt((Assessment.Reason r) -> -ReferralLevel.rank(r.level()))
                .thenComparingInt(r -> order(vocabulary.reasons(), r.code())));
        String level = reasonList.stream().map(Assessment.Reason::level)
                .reduce(ReferralLevel.NONE, ReferralLevel::higher);

        Map<String, Assessment.FiredRule> fired = new LinkedHashMap<>();
        for (RuleFiring firing : recorder.firings()) {
            RuleInfo rule = firing.rule();
            fired.putIfAbsent(rule.id(), new Assessment.FiredRule(rule.id(), rule.source()));
        }
        return new Assessment(intakeId, new Assessment.Referral(level, reasonList), exercises, warningList,
                List.copyOf(fired.values()), ruleset);
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
