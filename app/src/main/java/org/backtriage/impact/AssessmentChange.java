package org.backtriage.impact;

import org.backtriage.assessment.Assessment;
import org.backtriage.assessment.ReferralLevel;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * How one intake's assessment differs between two rule bases: the level, the reason and warning codes, the
 * exercises and their status, which rules fired, and, as a category of its own, the texts a person reads
 * ({@link TextChange}): the referral advice, each reason's and warning's message, each exercise's name,
 * dose, steps and reason, and the safety net. A text is compared where the finding it belongs to is there
 * both times (the same level, the same reason or warning from the same rule, the same exercise with the
 * same status), so a new finding is one change, not also a text change. The rule set version differs with
 * every edit and is not compared.
 */
public record AssessmentChange(String intakeId, String location, Side before, Side after, Changes changes) {
    /** The kind of change of a record whose texts a person reads changed ({@link Changes#kinds()}). */
    public static final String TEXTS = "texts";

    /** The parts of one assessment that are compared. */
    public record Side(String level, List<String> reasons, Map<String, String> exercises, List<String> warnings) {
        static Side of(Assessment a) {
            Map<String, String> exercises = new LinkedHashMap<>();
            a.exercises().forEach(e -> exercises.put(e.id(), e.status()));
            return new Side(a.referral().level(), a.referral().reasons().stream().map(Assessment.Reason::code).toList(),
                    exercises, a.warnings().stream().map(Assessment.Warning::code).toList());
        }
    }

    /** An exercise listed both times, with another status. */
    public record StatusChange(String exercise, String before, String after) {
    }

    /**
     * A text a person reads that has other words after the change.
     *
     * @param text which text: {@code referral advice}, {@code reason CODE message}, {@code warning CODE message},
     *             {@code exercise ID name|dosage|instructions|reason} (a code two rules give is followed by the rule),
     *             {@code safety net}
     */
    public record TextChange(String text, String before, String after) {
    }

    /**
     * @param level            {@code raised}, {@code lowered} or {@code same}
     */
    public record Changes(String level, List<String> reasonsAdded, List<String> reasonsRemoved,
                          List<String> exercisesAdded, List<String> exercisesRemoved, List<StatusChange> statusChanged,
                          List<String> warningsAdded, List<String> warningsRemoved,
                          List<String> rulesFiredOnlyBefore, List<String> rulesFiredOnlyAfter,
                          List<TextChange> textsChanged) {

        /** The kinds of change present, for the summary. */
        public List<String> kinds() {
            List<String> kinds = new ArrayList<>();
            if (!level.equals("same")) {
                kinds.add("level " + level);
            }
            if (!reasonsAdded.isEmpty() || !reasonsRemoved.isEmpty()) {
                kinds.add("reasons");
            }
            if (!exercisesAdded.isEmpty() || !exercisesRemoved.isEmpty()) {
                kinds.add("exercises listed");
            }
            if (!statusChanged.isEmpty()) {
                kinds.add("exercise status");
            }
            if (!warningsAdded.isEmpty() || !warningsRemoved.isEmpty()) {
                kinds.add("warnings");
            }
            if (!rulesFiredOnlyBefore.isEmpty() || !rulesFiredOnlyAfter.isEmpty()) {
                kinds.add("rules fired");
            }
            if (!textsChanged.isEmpty()) {
                kinds.add(TEXTS);
            }
            return kinds;
        }
    }

    /** The change between two assessments of one intake, or empty when nothing a reviewer acts on changed. */
    public static Optional<AssessmentChange> between(String location, Assessment before, Assessment after) {
        Side b = Side.of(before);
        Side a = Side.of(after);
        int levelDelta = Integer.compare(ReferralLevel.rank(a.level()), ReferralLevel.rank(b.level()));
        List<StatusChange> statusChanged = new ArrayList<>();
        b.exercises().forEach((id, status) -> {
            String now = a.exercises().get(id);
            if (now != null && !now.equals(status)) {
                statusChanged.add(new StatusChange(id, status, now));
            }
        });
        List<String> firedBefore = before.firedRules().stream().map(Assessment.FiredRule::id).toList();
        List<String> firedAfter = after.firedRules().stream().map(Assessment.FiredRule::id).toList();
        Changes changes = new Changes(levelDelta > 0 ? "raised" : levelDelta < 0 ? "lowered" : "same",
                minus(a.reasons(), b.reasons()), minus(b.reasons(), a.reasons()),
                minus(a.exercises().keySet(), b.exercises().keySet()), minus(b.exercises().keySet(), a.exercises().keySet()),
                statusChanged, minus(a.warnings(), b.warnings()), minus(b.warnings(), a.warnings()),
                minus(firedBefore, firedAfter), minus(firedAfter, firedBefore), texts(before, after));
        if (changes.kinds().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AssessmentChange(after.intakeId(), location, b, a, changes));
    }

    /** The texts a person reads that changed, where the finding they belong to is there before and after. */
    static List<TextChange> texts(Assessment before, Assessment after) {
        List<TextChange> changes = new ArrayList<>();
        if (before.referral().level().equals(after.referral().level())) {
            text(changes, "referral advice", before.referral().advice(), after.referral().advice());
        }
        Map<String, Assessment.Exercise> was = new LinkedHashMap<>();
        before.exercises().forEach(e -> was.putIfAbsent(e.id(), e));
        for (Assessment.Exercise now : after.exercises()) {
            Assessment.Exercise then = was.get(now.id());
            if (then == null) {
                continue;
            }
            String exercise = "exercise " + now.id() + " ";
            text(changes, exercise + "name", then.name(), now.name());
            if (then.status().equals(now.status())) {
                // a dose, steps and reason come and go with the status: only the same status compares its texts
                text(changes, exercise + "dosage", then.dosage(), now.dosage());
                text(changes, exercise + "instructions", then.instructions(), now.instructions());
                text(changes, exercise + "reason", then.reason(), now.reason());
            }
        }
        messages(changes, "reason", before.referral().reasons(), after.referral().reasons(),
                Assessment.Reason::code, Assessment.Reason::rule, Assessment.Reason::message);
        messages(changes, "warning", before.warnings(), after.warnings(),
                Assessment.Warning::code, Assessment.Warning::rule, Assessment.Warning::message);
        // shown below emergency level only: compared where both have it
        if (before.safetyNet() != null && after.safetyNet() != null) {
            text(changes, "safety net", safetyNet(before.safetyNet()), safetyNet(after.safetyNet()));
        }
        return changes;
    }

    /** Findings with a code, matched by code and rule; the code alone names them unless two rules give it. */
    private static <T> void messages(List<TextChange> changes, String kind, List<T> before, List<T> after,
                                     Function<T, String> code, Function<T, String> rule, Function<T, String> message) {
        Map<String, T> was = new LinkedHashMap<>();
        before.forEach(f -> was.putIfAbsent(code.apply(f) + '\u0000' + rule.apply(f), f));
        Map<String, Long> perCode = new HashMap<>();
        after.forEach(f -> perCode.merge(code.apply(f), 1L, Long::sum));
        for (T now : after) {
            T then = was.get(code.apply(now) + '\u0000' + rule.apply(now));
            if (then != null) {
                String name = kind + " " + code.apply(now) + (perCode.get(code.apply(now)) > 1 ? " (" + rule.apply(now) + ")" : "");
                text(changes, name + " message", message.apply(then), message.apply(now));
            }
        }
    }

    /** The safety net as one text: "advice: sign; sign." for each part. */
    private static String safetyNet(List<Assessment.SafetyNet> parts) {
        return String.join(" ", parts.stream().map(p -> p.advice() + ": " + String.join("; ", p.signs()) + ".").toList());
    }

    private static void text(List<TextChange> changes, String text, String before, String after) {
        if (before != null && after != null && !before.equals(after)) {
            changes.add(new TextChange(text, before, after));
        }
    }

    private static List<String> minus(java.util.Collection<String> from, java.util.Collection<String> remove) {
        Set<String> result = new LinkedHashSet<>(from);
        result.removeAll(remove);
        return List.copyOf(result);
    }
}
