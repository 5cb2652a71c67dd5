package org.backtriage.facts;

/**
 * A rule's finding that an exercise must not simply be recommended: {@code status} is
 * {@code needs_clearance} or {@code avoid}, and the most restrictive status wins. {@code rank} says how
 * this restriction stands against the others on the same exercise (one of the vocabulary's
 * {@code restrictionRanks}, highest first): the person reads the {@code reason} of the highest-ranked
 * restriction, whatever the rules are called or the order they fire in.
 */
public record ExerciseRestriction(String exercise, String status, String rank, String reason) {
}
