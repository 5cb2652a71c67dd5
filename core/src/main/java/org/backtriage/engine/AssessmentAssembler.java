package org.backtriage.engine;

import org.backtriage.assessment.Assessment;
import org.backtriage.assessment.ExerciseStatus;
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
 * attaches each result to the rule that inserted it, keeps one reason and one warning per finding (code
 * and rule), applies the orderings the contract fixes (the highest level of the reasons; the most
 * restrictive status; the reason of the highest-ranked restriction, ranked by the vocabulary), puts the
 * clinic's numbers into texts that name thresholds, leaves the dose and steps off an avoided exercise
 * (and off one whose shown restriction's rank withholds them), adds the vocabulary's alsoTell to a
 * finding below an urgent or emergency referral, and the safety net below emergency.
 */
final class AssessmentAssembler {

    private final RuleBase ruleBase;
    private final Assessment.Ruleset ruleset;

    AssessmentAssembler(RuleBase ruleBase) {
        this.ruleBase = ruleBase;
        this.ruleset = new Assessment.Ruleset(ruleBase.version(), ruleBase.rules().size());
    }

    Assessment assemble(String intakeId, SessionRecorder recorder) {
        ThresholdTexts thresholds = ruleBase.thresholds();
        RuleVocabulary vocabulary = ruleBase.vocabulary();
        Map<String, RuleInfo> suggestedBy = new LinkedHashMap<>();
        // per exercise: the most restrictive status, and the highest-ranked restriction (whose reason is shown)
        Map<String, String> status = new LinkedHashMap<>();
        Map<String, Restricted> shown = new LinkedHashMap<>();
        // one warning and one reason per finding: only the same code from the same rule is one entry
        Map<String, Assessment.Warning> warnings = new LinkedHashMap<>();
        Map<String, Assessment.Reason> reasons = new LinkedHashMap<>();

        for (RuleFinding insertion : recorder.insertions()) {
            RuleInfo rule = insertion.rule();
            Object fact = insertion.fact();
            if (fact instanceof ExerciseSuggestion s) {
                suggestedBy.merge(s.exercise(), rule, (a, b) -> a.id().compareTo(b.id()) <= 0 ? a : b);
            } else if (fact instanceof ExerciseRestriction r) {
                status.merge(r.exercise(), r.status(), ExerciseStatus::moreRestrictive);
                Restricted candidate = new Restricted(r, rule, vocabulary.rankOrder(r.rank()));
                shown.merge(r.exercise(), candidate, (a, b) -> Restricted.ORDER.compare(a, b) <= 0 ? a : b);
            } else if (fact instanceof Warning w) {
                String key = w.code() + '\u0000' + rule.id();
                Assessment.Warning current = warnings.get(key);
                String message = thresholds.fill(w.message());
                if (current == null || message.compareTo(current.message()) < 0) {
                    warnings.put(key, new Assessment.Warning(w.code(), message, rule.id(), rule.source()));
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

        List<Assessment.Exercise> exercises = new ArrayList<>();
        for (Map.Entry<String, RuleVocabulary.ExerciseEntry> entry : vocabulary.exercises().entrySet()) {
            String id = entry.getKey();
            RuleInfo listed = suggestedBy.get(id);
            if (listed == null) {
                continue;
            }
            Restricted r = shown.get(id);
            RuleVocabulary.ExerciseEntry text = entry.getValue();
            if (r == null) {
                exercises.add(new Assessment.Exercise(id, text.name(), ExerciseStatus.RECOMMENDED.code(), null, text.dosage(),
                        text.instructions(), listed.id(), listed.source()));
            } else {
                String decided = status.get(id);
                // no dose or steps for an exercise to avoid, nor where the shown restriction's rank withholds them
                // (an urgent referral: "not until a doctor has seen you")
                boolean steps = !ExerciseStatus.AVOID.code().equals(decided) && !vocabulary.ranksWithoutSteps().contains(r.restriction().rank());
                exercises.add(new Assessment.Exercise(id, text.name(), decided, thresholds.fill(r.restriction().reason()),
                        steps ? text.dosage() : null, steps ? text.instructions() : null, r.rule().id(), r.rule().source()));
            }
        }

        List<Assessment.Warning> warningList = new ArrayList<>(warnings.values());
        warningList.sort(Comparator.comparingInt((Assessment.Warning w) -> order(vocabulary.warnings(), w.code()))
                .thenComparing(Assessment.Warning::rule));
        List<Assessment.Reason> found = new ArrayList<>(reasons.values());
        String level = found.stream().map(Assessment.Reason::level).reduce(ReferralLevel.NONE.code(), ReferralLevel::higher);
        // beside an urgent or emergency referral, a lower finding is something to mention when seen, never a
        // step to take first: its message gains the vocabulary's alsoTell ("Also tell them about this.")
        boolean pressing = ReferralLevel.rank(level) >= ReferralLevel.URGENT.ordinal();
        List<Assessment.Reason> reasonList = new ArrayList<>();
        for (Assessment.Reason r : found) {
            boolean lower = pressing && ReferralLevel.rank(r.level()) < ReferralLevel.rank(level) && !vocabulary.alsoTell().isEmpty();
            reasonList.add(lower ? new Assessment.Reason(r.code(), r.level(), r.message() + " " + vocabulary.alsoTell(), r.rule(), r.source()) : r);
        }
        reasonList.sort(Comparator.comparingInt((Assessment.Reason r) -> -ReferralLevel.rank(r.level()))
                .thenComparingInt(r -> order(vocabulary.reasons(), r.code()))
                .thenComparing(Assessment.Reason::rule));

        Map<String, Assessment.FiredRule> fired = new LinkedHashMap<>();
        for (RuleFiring firing : recorder.firings()) {
            RuleInfo rule = firing.rule();
            fired.putIfAbsent(rule.id(), new Assessment.FiredRule(rule.id(), rule.source()));
        }
        List<Assessment.SafetyNet> safetyNet = "emergency".equals(level) ? null
                : vocabulary.safetyNetGroups().stream().map(g -> new Assessment.SafetyNet(g.advice(), g.signs())).toList();
        return new Assessment(intakeId, new Assessment.Referral(level, vocabulary.advice(level), reasonList),
                exercises, warningList, List.copyOf(fired.values()), ruleset, safetyNet);
    }

    /**
     * A restriction with the rule that gave it. The shown one is the highest-ranked; among equal ranks an
     * avoid before a clearance (so the reason matches the status), then by reason text and rule id, so the
     * choice never depends on firing order or, but for identical texts, on what the rules are called.
     */
    private record Restricted(ExerciseRestriction restriction, RuleInfo rule, int rankOrder) {
        static final Comparator<Restricted> ORDER = Comparator.comparingInt(Restricted::rankOrder)
                .thenComparingInt((Restricted r) -> -ExerciseStatus.restrictiveness(r.restriction().status()))
                .thenComparing(r -> r.restriction().reason())
                .thenComparing(r -> r.rule().id());
    }

    private static int order(List<String> vocabulary, String code) {
        int index = vocabulary.indexOf(code);
        return index < 0 ? Integer.MAX_VALUE : index;
    }
}
