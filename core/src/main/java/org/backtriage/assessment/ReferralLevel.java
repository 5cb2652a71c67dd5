package org.backtriage.assessment;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.Arrays;
import java.util.List;

/**
 * The referral levels, lowest first: {@code none < routine < urgent < emergency}. The one list of them:
 * the intake vocabulary, the checker and the pages take their codes from here. The assessment carries the
 * code as text ({@link #code()}), as rules write it ({@code level == "urgent"}) and the contract gives it.
 */
public enum ReferralLevel {
    NONE("none"), ROUTINE("routine"), URGENT("urgent"), EMERGENCY("emergency");

    private static final List<String> CODES = Arrays.stream(values()).map(ReferralLevel::code).toList();
    private final String code;

    ReferralLevel(String code) {
        this.code = code;
    }

    /** The contract's code, as the JSON and the rules write it. */
    @JsonValue
    public String code() {
        return code;
    }

    /** Every code, lowest level first. */
    public static List<String> codes() {
        return CODES;
    }

    /** The level of a code; an {@link IllegalArgumentException} naming the code for any other word. */
    @JsonCreator
    public static ReferralLevel of(String code) {
        int rank = CODES.indexOf(code);
        if (rank < 0) {
            throw new IllegalArgumentException("not a referral level: " + code + " (one of " + CODES + ")");
        }
        return values()[rank];
    }

    /** Rank of a level's code, 0 for {@code none}; -1 for a word that is not a level. */
    public static int rank(String code) {
        return CODES.indexOf(code);
    }

    public static boolean isLevel(String code) {
        return CODES.contains(code);
    }

    /** The higher of two levels' codes. */
    public static String higher(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }

    /** True when this level is at least {@code other}. */
    public boolean atLeast(ReferralLevel other) {
        return compareTo(other) >= 0;
    }
}
