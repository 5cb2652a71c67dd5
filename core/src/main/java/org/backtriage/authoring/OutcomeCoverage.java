package org.backtriage.authoring;

import org.backtriage.engine.RuleVocabulary;
import org.backtriage.intake.Vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Outcome coverage of the scenarios: whether every outcome the rule base can give is checked by some
 * scenario's {@code expect}. Rule coverage ({@link ScenarioRunner#unfired}) says a rule fired; it does not
 * say that anyone checked what came out, so a forgotten scenario (an exercise nobody expects to be avoided)
 * goes unnoticed there. The outcomes are read from the vocabulary, so an exercise or code added to it is
 * uncovered until a scenario expects it:
 * <ul>
 *   <li>every exercise with each status it can take: {@code expect.exercises.<id>: <status>};</li>
 *   <li>every warning code: in some {@code expect.warnings.present};</li>
 *   <li>every referral reason code: in some {@code expect.reasons};</li>
 *   <li>every referral level: some {@code expect.referral}.</li>
 * </ul>
 * An exercise "can take" all three statuses, {@code recommended}, {@code needs_clearance} and
 * {@code avoid}, whatever the rules say about it: the simplest and strictest reading, and true of the
 * shipped rules, where an emergency rules out every exercise and a serious condition puts every one behind
 * a professional's clearance. Working out from the rules which statuses each exercise can reach would trust
 * the very rules the scenarios are there to check. {@code absent} (not listed) is not an outcome: every
 * exercise is absent for someone. Only the expectations of scenarios that pass count: a scenario that
 * fails checks nothing yet.
 */
public final class OutcomeCoverage {
    /** The statuses every exercise is expected to be seen with. */
    public static final List<String> STATUSES = Vocabulary.EXERCISE_STATUSES;

    /** The kinds of outcome, in the order they are reported. */
    public enum Kind {
        EXERCISE("exercises"), WARNING("warnings"), REASON("reasons"), LEVEL("referral levels");

        private final String plural;

        Kind(String plural) {
            this.plural = plural;
        }

        public String plural() {
            return plural;
        }
    }

    /**
     * One outcome a scenario can expect.
     *
     * @param kind    what it is
     * @param subject the exercise id, warning code, reason code or referral level
     * @param status  the exercise's status; {@code null} for the other kinds
     */
    public record Outcome(Kind kind, String subject, String status) {
        /** What is missing, in a sentence, when no scenario expects this outcome. */
        public String missing() {
            return switch (kind) {
                case EXERCISE -> "no scenario expects " + subject + " to be " + status;
                case WARNING -> "no scenario expects the warning " + subject + " (expect.warnings.present)";
                case REASON -> "no scenario expects the reason " + subject + " (expect.reasons)";
                case LEVEL -> "no scenario expects the referral " + subject + " (expect.referral)";
            };
        }
    }

    /** The outcomes some scenario expects and the ones none does, each in the vocabulary's order. */
    public record Report(List<Outcome> covered, List<Outcome> missing) {
        public Report {
            covered = List.copyOf(covered);
            missing = List.copyOf(missing);
        }

        public int total() {
            return covered.size() + missing.size();
        }

        /**
         * The covered outcomes of one kind as a line: codes separated by commas, an exercise with its
         * statuses in brackets ({@code toe-reach (recommended, avoid)}); empty when none is covered.
         */
        public String coveredLine(Kind kind) {
            Map<String, List<String>> bySubject = new LinkedHashMap<>();
            for (Outcome o : covered) {
                if (o.kind() == kind) {
                    List<String> statuses = bySubject.computeIfAbsent(o.subject(), s -> new ArrayList<>());
                    if (o.status() != null) {
                        statuses.add(o.status());
                    }
                }
            }
            List<String> parts = new ArrayList<>();
            bySubject.forEach((subject, statuses) ->
                    parts.add(statuses.isEmpty() ? subject : subject + " (" + String.join(", ", statuses) + ")"));
            return String.join(", ", parts);
        }
    }

    private OutcomeCoverage() {
    }

    /** Every outcome the vocabulary's exercises, codes and the referral levels make possible, in order. */
    public static List<Outcome> possible(RuleVocabulary vocabulary) {
        List<Outcome> outcomes = new ArrayList<>();
        for (String exercise : vocabulary.exercises().keySet()) {
            for (String status : STATUSES) {
                outcomes.add(new Outcome(Kind.EXERCISE, exercise, status));
            }
        }
        vocabulary.warnings().forEach(code -> outcomes.add(new Outcome(Kind.WARNING, code, null)));
        vocabulary.reasons().forEach(code -> outcomes.add(new Outcome(Kind.REASON, code, null)));
        Vocabulary.REFERRAL_LEVELS.forEach(level -> outcomes.add(new Outcome(Kind.LEVEL, level, null)));
        return outcomes;
    }

    /** Which of the possible outcomes the expectations name. */
    public static Report of(RuleVocabulary vocabulary, Collection<Scenario.Expectation> expectations) {
        java.util.Set<Outcome> expected = new java.util.HashSet<>();
        for (Scenario.Expectation e : expectations) {
            e.exercises().forEach((id, status) -> expected.add(new Outcome(Kind.EXERCISE, id, status)));
            e.warningsPresent().forEach(code -> expected.add(new Outcome(Kind.WARNING, code, null)));
            if (e.reasons() != null) {
                e.reasons().forEach(code -> expected.add(new Outcome(Kind.REASON, code, null)));
            }
            if (e.referral() != null) {
                expected.add(new Outcome(Kind.LEVEL, e.referral(), null));
            }
        }
        List<Outcome> covered = new ArrayList<>();
        List<Outcome> missing = new ArrayList<>();
        for (Outcome outcome : possible(vocabulary)) {
            (expected.contains(outcome) ? covered : missing).add(outcome);
        }
        return new Report(covered, missing);
    }

    /** The outcome coverage of the scenario results that passed. */
    public static Report ofPassed(RuleVocabulary vocabulary, List<ScenarioRunner.Result> results) {
        return of(vocabulary, results.stream().filter(ScenarioRunner.Result::passed)
                .map(ScenarioRunner.Result::expect).filter(java.util.Objects::nonNull).toList());
    }
}
