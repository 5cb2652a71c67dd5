package org.backtriage.facts;

/** One diagnosed condition, by its contract code (for example {@code osteoporosis}). */
public record Condition(String code) {
}
