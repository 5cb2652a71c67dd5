package org.backtriage.intake;

/**
 * The exercise routine a person does or plans. Every field may be {@code null}: not given.
 *
 * @param minutesPerSession        length of one session, in minutes
 * @param sessionsPerWeek          sessions per week, 0..21
 * @param twisting                 {@code none}, {@code gentle} or {@code vigorous}
 * @param newToExercise            starting a routine now
 * @param hadTechniqueInstruction  has been shown how to do the exercises
 */
public record Routine(Integer minutesPerSession, Integer sessionsPerWeek, String twisting,
                      Boolean newToExercise, Boolean hadTechniqueInstruction) {

    /** A routine about which nothing was said. */
    public static Routine notGiven() {
        return new Routine(null, null, null, null, null);
    }
}
