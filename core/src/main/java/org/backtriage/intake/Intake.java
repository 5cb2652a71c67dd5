package org.backtriage.intake;

import java.util.List;
import java.util.Map;

/**
 * One validated intake record, as the contract in {@code design.md} defines it. Build it with
 * {@link IntakeValidator} (from JSON) or directly; lists and maps are copied and unmodifiable.
 *
 * @param id            the record's id, echoed as {@code intakeId}
 * @param age           years, 0..120
 * @param regions       where the soreness is (at least one of {@link Vocabulary#REGIONS})
 * @param painScore     numeric rating scale now, 0..10
 * @param durationWeeks how long the soreness has lasted; {@code null} when not given
 * @param stiffness     {@code none}, {@code mild}, {@code moderate} or {@code severe}
 * @param muscleKnot    a tight knot the person can point to
 * @param conditions    diagnosed condition codes
 * @param redFlags      red-flag code to {@code yes}/{@code no}/{@code unknown}; a code left out is unknown
 * @param routine       the exercise routine; never {@code null}, its fields may be
 */
public record Intake(String id, int age, List<String> regions, int painScore, Double durationWeeks,
                     String stiffness, boolean muscleKnot, List<String> conditions,
                     Map<String, String> redFlags, Routine routine) {

    public Intake {
        regions = List.copyOf(regions);
        conditions = List.copyOf(conditions);
        redFlags = Map.copyOf(redFlags);
        stiffness = stiffness == null ? "none" : stiffness;
        routine = routine == null ? Routine.notGiven() : routine;
    }

    /** The screening answer for one red flag: a flag left out counts as {@code unknown}. */
    public String redFlagAnswer(String flag) {
        return redFlags.getOrDefault(flag, "unknown");
    }
}
