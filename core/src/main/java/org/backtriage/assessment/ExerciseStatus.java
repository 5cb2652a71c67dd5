package org.backtriage.assessment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;

/**
 * An exercise's status, least restrictive first: {@code recommended < needs_clearance < avoid}. The one list
 * of them: the assembler (the most restrictive wins), the checker (which statuses a restriction may set),
 * scenarios and pages take their codes from here. The assessment carries the code as text, as rules
 * write it ({@code new ExerciseRestriction($exercise, "avoid", ...)}) and the contract gives it.
 */
public enum ExerciseStatus {
    RECOMMENDED("recommended"), NEEDS_CLEARANCE("needs_clearance"), AVOID("avoid");

    private static final List<String> CODES = Arrays.stream(values()).map(ExerciseStatus::code).toList();
    private final String code;

    ExerciseStatus(String code) {
        this.code = code;
    }

    /** The contract's code, as the JSON and the rules write it. */
    @JsonValue
    public String code() {
        return code;
    }

    /** Every code, least restrictive first. */
    public static List<String> codes() {
        return CODES;
    }

    /** The codes a restriction may set: every status but {@code recommended}. */
    public static List<String> restrictionCodes() {
        return CODES.subList(1, CODES.size());
    }

    /** The status of a code; an {@link IllegalArgumentException} naming the code for any other word. */
    @JsonCreator
    public static ExerciseStatus of(String code) {
        int rank = CODES.indexOf(code);
        if (rank < 0) {
            throw new IllegalArgumentException("not an exercise status: " + code + " (one of " + CODES + ")");
        }
        return values()[rank];
    }

    /** How restrictive a status code is: 0 for {@code recommended}; -1 for a word that is not a status. */
    public static int restrictiveness(String code) {
        return CODES.indexOf(code);
    }

    /** The more restrictive of two status codes. */
    public static String moreRestrictive(String a, String b) {
        return restrictiveness(a) >= restrictiveness(b) ? a : b;
    }
}
