package org.backtriage.check;

import java.util.Collection;

/** The nearest known word to a misspelt one, for "did you mean" hints. */
final class Spelling {
    private Spelling() {
    }

    /** The candidate closest to {@code word} (ignoring case), or {@code null} when none is close. */
    static String closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(word.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        if (bestDistance <= Math.max(2, word.length() / 3)) {
            return best;
        }
        // a word cut short or run on (severePain for severePainScore) is as close as a typo
        for (String candidate : candidates) {
            String a = candidate.toLowerCase();
            String b = word.toLowerCase();
            if (b.length() >= 4 && (a.startsWith(b) || b.startsWith(a) && a.length() >= 4)) {
                return candidate;
            }
        }
        return null;
    }

    /** ": did you mean "x"?" or nothing. */
    static String hint(String word, Collection<String> candidates) {
        String closest = closest(word, candidates);
        return closest == null ? "" : ": did you mean \"" + closest + "\"?";
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
