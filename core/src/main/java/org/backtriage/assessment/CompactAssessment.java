package org.backtriage.assessment;

import java.util.List;

/**
 * An assessment without the texts that repeat on every line ({@code evaluate --detail codes}): ids,
 * statuses, codes, levels and rule ids. About a third of the full form's size. Every text it leaves out is
 * a function of the rule set version and the rule ids it keeps: the vocabulary's texts and each rule's
 * source are in {@code GET /v1/ruleset} and the rule catalogue. The messages that name an intake's own
 * answers (the unanswered screening questions) are in the full form only.
 *
 * @param referral   the level and, for each reason, its code, level and rule id
 * @param exercises  each listed exercise's id, status and the rule that decided it
 * @param warnings   each warning's code and rule id
 * @param firedRules the ids of the rules that fired, in order
 * @param ruleset    the rule set version and its number of rules
 */
public record CompactAssessment(String intakeId, Referral referral, List<Exercise> exercises, List<Warning> warnings,
                                List<String> firedRules, Assessment.Ruleset ruleset) {

    public record Referral(String level, List<Reason> reasons) {
    }

    public record Reason(String code, String level, String rule) {
    }

    public record Exercise(String id, String status, String rule) {
    }

    public record Warning(String code, String rule) {
    }

    public static CompactAssessment of(Assessment full) {
        return new CompactAssessment(full.intakeId(),
                new Referral(full.referral().level(), full.referral().reasons().stream()
                        .map(r -> new Reason(r.code(), r.level(), r.rule())).toList()),
                full.exercises().stream().map(e -> new Exercise(e.id(), e.status(), e.rule())).toList(),
                full.warnings().stream().map(w -> new Warning(w.code(), w.rule())).toList(),
                full.firedRules().stream().map(Assessment.FiredRule::id).toList(),
                full.ruleset());
    }
}
