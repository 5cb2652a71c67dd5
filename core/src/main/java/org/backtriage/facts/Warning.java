package org.backtriage.facts;

/** A warning for the person or the clinician, by vocabulary code, with a plain-words message. */
public record Warning(String code, String message) {
}
