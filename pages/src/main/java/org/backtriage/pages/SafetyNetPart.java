package org.backtriage.pages;

import org.backtriage.engine.RuleVocabulary;

import java.util.List;

/**
 * One part of the safety net as a page shows it: a heading that says what to do ("Call 999 or go to A&E
 * now if you get:") over a bulleted list of the signs, one per line, so a worried person can scan it.
 */
public record SafetyNetPart(String heading, List<String> signs) {
    public SafetyNetPart {
        signs = List.copyOf(signs);
    }

    /** The vocabulary's safety net, part by part, in its order. */
    public static List<SafetyNetPart> of(List<RuleVocabulary.SafetyNetGroup> groups) {
        return groups.stream().map(g -> new SafetyNetPart(heading(g.advice()), g.signs())).toList();
    }

    /** The advice as a list's heading: ends with a colon (added when the vocabulary's words have none). */
    static String heading(String advice) {
        String words = advice.strip();
        return words.endsWith(":") ? words : words + ":";
    }
}
