package org.backtriage.facts;

/** A rule's finding that an exercise suits this intake's regions. Its status starts as recommended. */
public record ExerciseSuggestion(String exercise) {
}
