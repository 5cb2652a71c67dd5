package org.backtriage.impact;

import org.backtriage.assessment.Assessment;
import org.backtriage.assessment.ReferralLevel;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How one intake's assessment differs between two rule bases. Only what a reviewer acts on is
 * compared: the level, the reason and warning codes, the exercises and their status, and which rules
 * fired. Messages and the rule set version differ with every edit and are not changes in themselves.
 */
public record AssessmentChange(String intakeId, String location, Side before, Side after, Changes changes) {

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
     * @param level            {@code raised}, {@code lowered} or {@code same}
     */
    public record Changes(String level, List<String> reasonsAdded, List<String> reasonsRemoved,
                          List<String> exercisesAdded, List<String> exercisesRemoved, List<StatusChange> statusChanged,
                          List<String> warningsAdded, List<String> warningsRemoved,
                          List<String> rulesFiredOnlyBefore, List<String> rulesFiredOnlyAfter) {

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
                minus(firedBefore, firedAfter), minus(firedAfter, firedBefore));
        if (changes.kinds().isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new AssessmentChange(after.intakeId(), location, b, a, changes));
    }

    private static List<String> minus(java.util.Collection<String> from, java.util.Collection<String> remove) {
        Set<String> result = new LinkedHashSet<>(from);
        result.removeAll(remove);
        return List.copyOf(result);
    }
}
