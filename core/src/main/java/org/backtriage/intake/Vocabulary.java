package org.backtriage.intake;

import org.backtriage.assessment.ExerciseStatus;
import org.backtriage.assessment.ReferralLevel;
import java.util.List;

/**
 * The fixed codes of the intake contract ({@code design.md}). Rule authors extend exercises and
 * result codes in {@code rules/vocabulary.yaml}; the intake codes here are the contract itself.
 */
public final class Vocabulary {
    private Vocabulary() {
    }

    public static final List<String> REGIONS = List.of("neck", "upper_back", "mid_back", "lower_back");
    public static final List<String> STIFFNESS = List.of("none", "mild", "moderate", "severe");
    public static final List<String> TWISTING = List.of("none", "gentle", "vigorous");
    public static final List<String> ANSWERS = List.of("yes", "no", "unknown");
    public static final List<String> CONDITIONS = List.of("herniated_disc", "spinal_stenosis",
            "spondylolisthesis", "osteoporosis", "vertebral_fracture", "recent_spinal_surgery",
            "inflammatory_arthritis", "scoliosis", "pregnancy", "fibromyalgia");
    public static final List<String> RED_FLAGS = List.of("saddleNumbness", "bladderOrBowelDysfunction",
            "bilateralLegSymptoms", "newSexualDysfunction", "chestPain", "progressiveLegWeakness", "fever",
            "immunosuppressed", "historyOfCancer", "unexplainedWeightLoss", "nightPain", "significantTrauma");
    public static final List<String> REFERRAL_LEVELS = ReferralLevel.codes();
    public static final List<String> EXERCISE_STATUSES = ExerciseStatus.codes();

    /** Top-level intake fields, in contract order. */
    public static final List<String> FIELDS = List.of("id", "age", "regions", "painScore", "durationWeeks",
            "stiffness", "muscleKnot", "conditions", "redFlags", "routine");
    public static final List<String> ROUTINE_FIELDS = List.of("minutesPerSession", "sessionsPerWeek",
            "twisting", "newToExercise", "hadTechniqueInstruction");
}
