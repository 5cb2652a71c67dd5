package org.backtriage.check;

import java.util.List;

/**
 * The codes a rule base's vocabulary ({@code vocabulary.yaml}) lets its rules write: exercise ids, warning and
 * referral reason codes, restriction ranks. What the checker compares every code a rule writes with; the engine
 * hands it over from its vocabulary, so checking needs nothing of the engine.
 */
public record VocabularyCodes(List<String> exercises, List<String> warnings, List<String> reasons,
                              List<String> restrictionRanks) {
    public VocabularyCodes {
        exercises = List.copyOf(exercises);
        warnings = List.copyOf(warnings);
        reasons = List.copyOf(reasons);
        restrictionRanks = List.copyOf(restrictionRanks);
    }
}
