package org.backtriage.facts;

/**
 * One red-flag screening question and its answer. The engine inserts all twelve, so a question that
 * was left out is present with the answer {@code unknown}: rules can never mistake silence for "no".
 */
public record RedFlag(String code, String answer) {
}
