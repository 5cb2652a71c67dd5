package org.backtriage.assessment;

import java.util.List;

/** The order of referral levels: {@code none < routine < urgent < emergency}. */
public final class ReferralLevel {
    public static final String NONE = "none";
    private static final List<String> ORDER = List.of("none", "routine", "urgent", "emergency");

    private ReferralLevel() {
    }

    /** Rank of a level, 0 for {@code none}; -1 for a word that is not a level. */
    public static int rank(String level) {
        return ORDER.indexOf(level);
    }

    public static boolean isLevel(String level) {
        return ORDER.contains(level);
    }

    public static String higher(String a, String b) {
        return rank(a) >= rank(b) ? a : b;
    }
}
