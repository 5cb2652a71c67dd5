package org.backtriage.engine;

import java.util.List;

/** One firing of a rule during an evaluation: the rule and the facts its conditions matched. */
public record RuleFiring(RuleInfo rule, List<Object> matched) {
    public RuleFiring {
        matched = List.copyOf(matched);
    }
}
