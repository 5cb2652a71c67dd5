package org.backtriage.engine;

/** One fact a rule inserted during an evaluation (a suggestion, restriction, warning, reason or derived fact). */
public record RuleFinding(Object fact, RuleInfo rule) {
}
