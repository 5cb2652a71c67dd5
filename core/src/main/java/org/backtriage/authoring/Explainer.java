package org.backtriage.authoring;

import org.backtriage.assessment.Assessment;
import org.backtriage.engine.RuleFinding;
import org.backtriage.engine.RuleFiring;
import org.backtriage.engine.RuleInfo;
import org.backtriage.engine.TriageEngine;
import org.backtriage.facts.ExerciseRestriction;
import org.backtriage.facts.ExerciseSuggestion;
import org.backtriage.facts.ReferralReason;
import org.backtriage.facts.Warning;
import org.backtriage.intake.Intake;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Explains one evaluation in the rule author's terms: each finding with the rule that made it, the rule's
 * source and the facts its conditions matched; and, for one exercise, why it has its status. It reads the
 * engine's trace only; it decides nothing.
 */
public final class Explainer {
    private final TriageEngine engine;

    public Explainer(TriageEngine engine) {
        this.engine = engine;
    }

    /** Every finding of the evaluation, in the order the rules made them. */
    public List<String> findings(Intake intake) {
        TriageEngine.Evaluation evaluation = engine.evaluate(intake);
        List<String> lines = new ArrayList<>();
        Assessment assessment = evaluation.assessment();
        lines.add("Intake " + intake.id() + ": referral " + assessment.referral().level() + ", "
                + assessment.exercises().size() + " exercise(s), " + assessment.warnings().size() + " warning(s)");
        Map<String, Integer> seen = new HashMap<>();
        for (RuleFinding finding : evaluation.findings()) {
            RuleInfo rule = finding.rule();
            // each firing of a rule inserts one finding, so the n-th finding of a rule comes from its n-th firing
            int n = seen.merge(rule.id(), 1, Integer::sum) - 1;
            lines.add("");
            // the person reads the clinic's numbers, not {longestSessionMinutes}: explain shows the same
            lines.add(engine.ruleBase().thresholds().fill(describe(finding.fact())));
            lines.add("  rule:    " + rule.id() + " \"" + rule.name() + "\" (" + rule.file() + ")");
            lines.add("  source:  " + rule.source());
            String conditions = engine.ruleBase().conditionsOf(rule);
            lines.add("  when:    " + (conditions.isEmpty() ? "(no conditions: applies to every intake)" : conditions));
            // 'exists' and 'not' conditions bind no fact: Drools reports its internal initial fact for them
            firing(evaluation, rule.id(), n).ifPresent(f -> f.matched().stream()
                    .filter(fact -> !fact.getClass().getName().startsWith("org.drools."))
                    .forEach(fact -> lines.add("  matched: " + fact(fact))));
        }
        return lines;
    }

    /** Why one exercise is (or is not) recommended for this intake. */
    public List<String> exercise(Intake intake, String exerciseId) {
        if (!engine.ruleBase().vocabulary().exercises().containsKey(exerciseId)) {
            throw new IllegalArgumentException("unknown exercise '" + exerciseId + "'; the vocabulary has "
                    + engine.ruleBase().vocabulary().exercises().keySet());
        }
        TriageEngine.Evaluation evaluation = engine.evaluate(intake);
        List<String> lines = new ArrayList<>();
        List<RuleFinding> listed = evaluation.findings().stream()
                .filter(f -> f.fact() instanceof ExerciseSuggestion s && s.exercise().equals(exerciseId)).toList();
        if (listed.isEmpty()) {
            lines.add(exerciseId + ": not listed for this intake.");
            lines.add("  No rule suits " + exerciseId + " to the regions " + intake.regions()
                    + (intake.muscleKnot() ? " (with a muscle knot)" : " (no muscle knot)")
                    + ": an exercise is listed only when a rule in the suitability rules suggests it for one of the intake's regions.");
            return lines;
        }
        Assessment.Exercise result = evaluation.assessment().exercises().stream()
                .filter(e -> e.id().equals(exerciseId)).findFirst().orElseThrow();
        lines.add(exerciseId + ": " + result.status() + (result.status().equals("recommended") ? "" : " (not recommended)"));
        for (RuleFinding f : listed) {
            lines.add("  listed by:     " + f.rule().id() + " \"" + f.rule().name() + "\" (" + f.rule().file() + ")");
            lines.add("                 source: " + f.rule().source());
        }
        List<RuleFinding> restrictions = evaluation.findings().stream()
                .filter(f -> f.fact() instanceof ExerciseRestriction r && r.exercise().equals(exerciseId)).toList();
        if (restrictions.isEmpty()) {
            lines.add("  no rule restricts it for this intake, so it stays recommended");
        }
        for (RuleFinding f : restrictions) {
            ExerciseRestriction r = (ExerciseRestriction) f.fact();
            lines.add("  restricted by: " + f.rule().id() + " -> " + r.status() + " (rank " + r.rank() + ") because "
                    + engine.ruleBase().thresholds().fill(r.reason()));
            lines.add("                 source: " + f.rule().source());
        }
        if (restrictions.size() > 1) {
            lines.add("  the most restrictive status wins (avoid over needs_clearance): " + result.status());
            lines.add("  the reason shown is the highest-ranked restriction's (ranks in vocabulary.yaml, highest first: "
                    + String.join(", ", engine.ruleBase().vocabulary().restrictionRanks()) + "): " + result.rule());
        }
        return lines;
    }

    private static Optional<RuleFiring> firing(TriageEngine.Evaluation evaluation, String ruleId, int n) {
        List<RuleFiring> firings = evaluation.firings().stream().filter(f -> f.rule().id().equals(ruleId)).toList();
        return n < firings.size() ? Optional.of(firings.get(n)) : Optional.empty();
    }

    private static String describe(Object fact) {
        if (fact instanceof ExerciseSuggestion s) {
            return "Exercise listed: " + s.exercise();
        } else if (fact instanceof ExerciseRestriction r) {
            return "Exercise " + r.exercise() + " -> " + r.status() + " (" + r.reason() + ")";
        } else if (fact instanceof Warning w) {
            return "Warning " + w.code() + ": " + w.message();
        } else if (fact instanceof ReferralReason r) {
            return "Referral reason " + r.code() + " (" + r.level() + "): " + r.message();
        }
        return "Derived fact " + fact(fact);
    }

    /** A matched fact, short: the intake without its id and screening answers (those are their own facts). */
    static String fact(Object fact) {
        if (fact instanceof Intake i) {
            return "Intake(age=" + i.age() + ", regions=" + i.regions() + ", painScore=" + i.painScore()
                    + ", durationWeeks=" + i.durationWeeks() + ", stiffness=" + i.stiffness() + ", muscleKnot=" + i.muscleKnot()
                    + ", conditions=" + i.conditions() + ")";
        }
        return String.valueOf(fact).replace("[", "(").replace("]", ")");
    }
}
