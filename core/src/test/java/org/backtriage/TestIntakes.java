package org.backtriage;

import org.backtriage.intake.Intake;
import org.backtriage.intake.Routine;
import org.backtriage.intake.Vocabulary;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Intakes for tests: an "all clear" person with a sore lower back, changed one thing at a time. */
public final class TestIntakes {
    private String id = "t-1";
    private int age = 40;
    private List<String> regions = List.of("lower_back");
    private int painScore = 3;
    private Double durationWeeks = 2.0;
    private String stiffness = "mild";
    private boolean muscleKnot;
    private List<String> conditions = List.of();
    private final Map<String, String> redFlags = new LinkedHashMap<>();
    private Routine routine = new Routine(20, 3, "gentle", false, true);

    private TestIntakes() {
        Vocabulary.RED_FLAGS.forEach(flag -> redFlags.put(flag, "no"));
    }

    public static TestIntakes allClear() {
        return new TestIntakes();
    }

    public TestIntakes id(String value) { id = value; return this; }
    public TestIntakes age(int value) { age = value; return this; }
    public TestIntakes regions(String... value) { regions = List.of(value); return this; }
    public TestIntakes painScore(int value) { painScore = value; return this; }
    public TestIntakes durationWeeks(Double value) { durationWeeks = value; return this; }
    public TestIntakes stiffness(String value) { stiffness = value; return this; }
    public TestIntakes muscleKnot(boolean value) { muscleKnot = value; return this; }
    public TestIntakes conditions(String... value) { conditions = List.of(value); return this; }
    public TestIntakes redFlag(String flag, String answer) { redFlags.put(flag, answer); return this; }
    public TestIntakes withoutRedFlag(String flag) { redFlags.remove(flag); return this; }
    public TestIntakes noRedFlags() { redFlags.clear(); return this; }
    public TestIntakes routine(Routine value) { routine = value; return this; }

    public Intake build() {
        return new Intake(id, age, regions, painScore, durationWeeks, stiffness, muscleKnot, conditions, redFlags, routine);
    }
}
