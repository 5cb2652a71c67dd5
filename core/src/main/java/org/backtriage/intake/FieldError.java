package org.backtriage.intake;

/**
 * One contract violation: the field in the contract's dotted form ({@code redFlags.fever}) and what is
 * allowed. Messages never echo more than a short, escaped excerpt of the input.
 */
public record FieldError(String field, String message) {
    /** The pseudo-field of a record that could not be read at all (malformed line, too long, ...). */
    public static final String RECORD = "$record";
}
