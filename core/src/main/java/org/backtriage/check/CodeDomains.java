package org.backtriage.check;

import org.backtriage.assessment.ExerciseStatus;
import org.backtriage.intake.Vocabulary;

import java.util.List;

/**
 * Which fields of which facts hold a code from a fixed list, and that list: an exercise id, a warning or
 * reason code, a referral level, an intake code. {@code check} compares every text a rule writes into
 * such a field (in a condition or a conclusion, in any quotes) with the list.
 */
final class CodeDomains {

    /** A list of codes: what it is called, what is allowed, and whether rule authors add to it in vocabulary.yaml. */
    record Domain(String what, List<String> allowed, boolean inVocabulary) {
        String refusal(String value) {
            return "unknown " + what + " \"" + value + "\"" + Spelling.hint(value, allowed)
                    + (inVocabulary ? (Spelling.closest(value, allowed) == null ? "." : "") + " New ones go in vocabulary.yaml first."
                    : (Spelling.closest(value, allowed) == null ? "." : "") + " Allowed: " + allowed);
        }
    }

    private static final List<String> RESTRICTIONS = ExerciseStatus.restrictionCodes();
    private static final List<String> LEVELS = List.of("routine", "urgent", "emergency");

    private final VocabularyCodes vocabulary;

    /** @param vocabulary the rule base's vocabulary codes, or {@code null} when it could not be read (its codes are then not checked) */
    CodeDomains(VocabularyCodes vocabulary) {
        this.vocabulary = vocabulary;
    }

    /** The codes {@code type.field} holds, or {@code null} when it holds free text, a number or a code this check does not know. */
    Domain of(String type, String field) {
        switch (type + "." + field) {
            case "ExerciseSuggestion.exercise", "ExerciseRestriction.exercise" -> {
                return vocabulary == null ? null : new Domain("exercise id", vocabulary.exercises(), true);
            }
            case "Warning.code" -> {
                return vocabulary == null ? null : new Domain("warning code", vocabulary.warnings(), true);
            }
            case "ReferralReason.code" -> {
                return vocabulary == null ? null : new Domain("referral reason code", vocabulary.reasons(), true);
            }
            case "ExerciseRestriction.rank" -> {
                return vocabulary == null ? null : new Domain("restriction rank", vocabulary.restrictionRanks(), true);
            }
            case "ExerciseRestriction.status" -> {
                return new Domain("exercise status", RESTRICTIONS, false);
            }
            case "ReferralReason.level" -> {
                return new Domain("referral level", LEVELS, false);
            }
            case "Condition.code", "Intake.conditions" -> {
                return new Domain("condition code", Vocabulary.CONDITIONS, false);
            }
            case "Soreness.region", "Intake.regions" -> {
                return new Domain("region", Vocabulary.REGIONS, false);
            }
            case "RedFlag.code" -> {
                return new Domain("red-flag code", Vocabulary.RED_FLAGS, false);
            }
            case "RedFlag.answer" -> {
                return new Domain("red-flag answer", Vocabulary.ANSWERS, false);
            }
            case "Intake.stiffness" -> {
                return new Domain("stiffness", Vocabulary.STIFFNESS, false);
            }
            case "Routine.twisting" -> {
                return new Domain("twisting", Vocabulary.TWISTING, false);
            }
            default -> {
                // a field named after a red-flag question (RedFlags( fever == "yes" )) holds its answer
                return Vocabulary.RED_FLAGS.contains(field) ? new Domain("red-flag answer", Vocabulary.ANSWERS, false) : null;
            }
        }
    }
}
