package org.backtriage.check;

/**
 * One problem in the rule files, located for a rule author: {@code FILE:LINE:COLUMN: message}.
 * Line and column are 1-based; 0 when unknown.
 */
public record RuleProblem(String file, int line, int column, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + message;
    }
}
