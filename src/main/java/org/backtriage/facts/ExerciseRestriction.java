package org.backtriage.facts;

/**
 * A rule's finding that an exercise must not simply be recommended: {@code status} is
 * {@code needs_clearance} or {@code avoid}, and the most restrictive finding wins.
 */
public record ExerciseRestriction(String exercise, String status, String reason) {
}
