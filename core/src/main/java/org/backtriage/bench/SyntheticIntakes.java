package org.backtriage.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.intake.Vocabulary;

import java.util.SplittableRandom;

/**
 * Synthetic intake records for benchmarks: seeded, so a run is reproducible, and spread so that every
 * shipped rule fires somewhere in a few hundred records (most records stay plain, as in a real clinic).
 */
public final class SyntheticIntakes {
    private final SplittableRandom random;
    private final JsonNodeFactory json = JsonNodeFactory.instance;

    public SyntheticIntakes(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** The {@code n}-th record as contract JSON. */
    public ObjectNode next(long n) {
        ObjectNode intake = json.objectNode();
        intake.put("id", "syn-" + n);
        intake.put("age", random.nextInt(10) == 0 ? random.nextInt(0, 16) : random.nextInt(16, 95));
        ArrayNode regions = intake.putArray("regions");
        for (String region : Vocabulary.REGIONS) {
            if (random.nextInt(3) == 0) {
                regions.add(region);
            }
        }
        if (regions.isEmpty()) {
            regions.add("lower_back");
        }
        intake.put("painScore", random.nextInt(11));
        if (random.nextInt(5) > 0) {
            intake.put("durationWeeks", random.nextInt(0, 100) / 10.0);
        }
        intake.put("stiffness", Vocabulary.STIFFNESS.get(random.nextInt(Vocabulary.STIFFNESS.size())));
        intake.put("muscleKnot", random.nextInt(4) == 0);
        ArrayNode conditions = intake.putArray("conditions");
        if (random.nextInt(4) == 0) {
            conditions.add(Vocabulary.CONDITIONS.get(random.nextInt(Vocabulary.CONDITIONS.size())));
        }
        ObjectNode flags = intake.putObject("redFlags");
        for (String flag : Vocabulary.RED_FLAGS) {
            int roll = random.nextInt(100);
            if (roll < 2) {
                flags.put(flag, "yes");
            } else if (roll < 4) {
                flags.put(flag, "unknown");
            } else if (roll < 99) {
                flags.put(flag, "no");
            } // else left out: unknown
        }
        ObjectNode routine = intake.putObject("routine");
        routine.put("minutesPerSession", random.nextInt(5, 61));
        routine.put("sessionsPerWeek", random.nextInt(0, 15));
        routine.put("twisting", Vocabulary.TWISTING.get(random.nextInt(Vocabulary.TWISTING.size())));
        routine.put("newToExercise", random.nextBoolean());
        if (random.nextInt(3) > 0) {
            routine.put("hadTechniqueInstruction", random.nextBoolean());
        }
        return intake;
    }
}
