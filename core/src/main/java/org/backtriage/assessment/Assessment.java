package org.backtriage.assessment;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * What the rules say about one intake (the output contract of {@code design.md}). Every exercise,
 * warning and referral reason names the rule ({@code @id}) and the {@code @source} that produced it.
 *
 * @param intakeId   the intake's {@code id}
 * @param referral   the referral level and the reasons for it
 * @param exercises  suitable exercises with their status, in the vocabulary's order
 * @param warnings   warnings, in the vocabulary's order
 * @param firedRules every rule that fired, once each, in the order it first fired
 * @param ruleset    the rule set's version (a content hash) and its number of rules
 * @param safetyNet  "get help if this happens": what to do and the signs that call for it, from the
 *                   vocabulary; given below emergency level (an app built on the JSON alone must show it),
 *                   left out at emergency, when the person is already told to get help now
 */
public record Assessment(String intakeId, Referral referral, List<Exercise> exercises, List<Warning> warnings,
                         List<FiredRule> firedRules, Ruleset ruleset,
                         @JsonInclude(JsonInclude.Include.NON_NULL) List<SafetyNet> safetyNet) {

    public Assessment {
        exercises = List.copyOf(exercises);
        warnings = List.copyOf(warnings);
        firedRules = List.copyOf(firedRules);
        safetyNet = safetyNet == null ? null : List.copyOf(safetyNet);
    }

    /** Every text a person reads on this assessment: the advice, reasons, exercises, warnings and safety net. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public List<String> textsRead() {
        List<String> texts = new java.util.ArrayList<>();
        texts.add(referral.advice());
        referral.reasons().forEach(r -> texts.add(r.message()));
        for (Exercise e : exercises) {
            java.util.stream.Stream.of(e.name(), e.reason(), e.dosage(), e.instructions()).filter(java.util.Objects::nonNull)
                    .forEach(texts::add);
        }
        warnings.forEach(w -> texts.add(w.message()));
        if (safetyNet != null) {
            safetyNet.forEach(g -> {
                texts.add(g.advice());
                texts.addAll(g.signs());
            });
        }
        return texts;
    }

    /** An assessment without a safety net (emergency level, or a tool that shows none). */
    public Assessment(String intakeId, Referral referral, List<Exercise> exercises, List<Warning> warnings,
                      List<FiredRule> firedRules, Ruleset ruleset) {
        this(intakeId, referral, exercises, warnings, firedRules, ruleset, null);
    }

    /** One part of the safety net: what to do ("Call 999 or go to A&E now if you get") and the signs. */
    public record SafetyNet(String advice, List<String> signs) {
        public SafetyNet {
            signs = List.copyOf(signs);
        }
    }

    /**
     * The referral: {@code none < routine < urgent < emergency}, the highest level of any reason, and
     * what that level tells the person to do now ({@code advice}, the vocabulary's words for the level).
     */
    public record Referral(String level, String advice, List<Reason> reasons) {
        public Referral {
            reasons = List.copyOf(reasons);
        }
    }

    /** One reason to refer, with the level it gives on its own. */
    public record Reason(String code, String level, String message, String rule, String source) {
    }

    /**
     * One exercise: {@code status} is {@code recommended}, {@code needs_clearance} or {@code avoid}.
     * {@code reason} (why it is restricted, in the person's words) is present on every entry that is not
     * recommended; {@code dosage} and {@code instructions} on every entry that is not avoided: nobody
     * reads how to do what they must not do. Absent fields are left out of the JSON, not written as null.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Exercise(String id, String name, String status, String reason, String dosage,
                           String instructions, String rule, String source) {
        public Exercise {
            if ("avoid".equals(status) && (dosage != null || instructions != null)) {
                throw new IllegalArgumentException("an avoided exercise carries no dose or steps: " + id);
            }
        }
    }

    public record Warning(String code, String message, String rule, String source) {
    }

    /**
     * A rule that fired, as the contract asks: its {@code @id} and {@code @source}. Its name is in the
     * rule set ({@code GET /v1/ruleset}, {@code explain}); leaving it out keeps a batch's output small.
     */
    public record FiredRule(String id, String source) {
    }

    /** @param version a content hash of the rule files; @param rules how many rules they hold */
    public record Ruleset(String version, int rules) {
    }
}
