package org.backtriage.pages;

import org.backtriage.assessment.Assessment;
import org.backtriage.engine.RuleVocabulary;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * What a patient handout shows, in the order it shows it: the header (the clinic, its phone, the date), the
 * referral advice (first, and marked by its level), the reasons, the exercises open to the person (those to
 * ask about first with their reason), the ones not for them now with the reason, the warnings, the safety
 * net as a list per part, that this is no diagnosis, and last a small footer for the clinician: the record
 * id, the rule set version, and the rule and source behind every item.
 *
 * <p>Everything above that footer is in the person's words: no code, rule id, hash or record id.
 *
 * <p>At emergency level the page is the advice and the reasons only: nobody reads exercise steps, or
 * anything else, before "call 999". The safety net ("get help if this happens") is shown below emergency.
 *
 * @param header     who gives the advice and when (never the record id)
 * @param intakeId   the record's id, for the clinician's footer only
 * @param level      {@code none}, {@code routine}, {@code urgent} or {@code emergency}
 * @param advice     what the level tells the person to do now (the vocabulary's words)
 * @param recommended exercises to do, with dose and steps
 * @param askFirst   exercises that need a professional's clearance first, grouped by the reason (shown once
 *                   above its exercises), each with dose and steps
 * @param notNow     exercises to avoid: name and reason only
 * @param safetyNet  the vocabulary's "get help if this happens", part by part; empty at emergency
 * @param basis      the rule and source behind every item on the page, one entry per rule (clinician's footer)
 */
public record Handout(PageHeader header, String intakeId, String level, String advice, List<Assessment.Reason> reasons,
                      List<Assessment.Exercise> recommended, List<Group> askFirst,
                      List<Assessment.Exercise> notNow, List<Assessment.Warning> warnings, List<SafetyNetPart> safetyNet,
                      List<Basis> basis, String rulesetVersion, int ruleCount) {

    static final String EMERGENCY = "emergency";

    /** Exercises that share the reason to ask first. */
    public record Group(String reason, List<Assessment.Exercise> exercises) {
        public Group {
            exercises = List.copyOf(exercises);
        }
    }

    /** A rule, its source, and the items of the page it gave, in the clinician's words ("Toe reach (needs clearance)"). */
    public record Basis(String rule, String source, List<String> items) {
        public Basis {
            items = List.copyOf(items);
        }
    }

    public Handout {
        reasons = List.copyOf(reasons);
        recommended = List.copyOf(recommended);
        askFirst = List.copyOf(askFirst);
        notNow = List.copyOf(notNow);
        warnings = List.copyOf(warnings);
        safetyNet = List.copyOf(safetyNet);
        basis = List.copyOf(basis);
    }

    /**
     * The handout for one assessment, made on {@code date}; {@code vocabulary} gives the clinic and the safety
     * net (thresholds filled in).
     */
    public static Handout of(Assessment assessment, RuleVocabulary vocabulary, LocalDate date) {
        Assessment.Referral referral = assessment.referral();
        boolean emergency = EMERGENCY.equals(referral.level());
        List<Assessment.Exercise> recommended = new ArrayList<>();
        Map<String, List<Assessment.Exercise>> askFirst = new LinkedHashMap<>();
        List<Assessment.Exercise> notNow = new ArrayList<>();
        List<Assessment.Warning> warnings = emergency ? List.of() : assessment.warnings();
        if (!emergency) {
            for (Assessment.Exercise exercise : assessment.exercises()) {
                switch (exercise.status()) {
                    case "recommended" -> recommended.add(exercise);
                    case "avoid" -> notNow.add(exercise);
                    // needs_clearance, and any status a rule author adds: never shown as plainly recommended
                    default -> askFirst.computeIfAbsent(String.valueOf(exercise.reason()), r -> new ArrayList<>()).add(exercise);
                }
            }
        }
        List<Group> groups = new ArrayList<>();
        askFirst.forEach((reason, exercises) -> groups.add(new Group(reason, exercises)));
        // one entry per rule (and source), in the order the page shows the items, so the section stays short
        Map<String, Basis> basis = new LinkedHashMap<>();
        BiConsumer<String, String[]> add = (item, ruleAndSource) -> basis.merge(ruleAndSource[0] + '\u0000' + ruleAndSource[1],
                new Basis(ruleAndSource[0], ruleAndSource[1], List.of(item)),
                (a, b) -> new Basis(a.rule(), a.source(), concat(a.items(), b.items())));
        referral.reasons().forEach(r -> add.accept(r.code() + " (" + r.level() + " reason)", new String[] {r.rule(), r.source()}));
        recommended.forEach(e -> add.accept(e.name() + " (recommended)", new String[] {e.rule(), e.source()}));
        groups.forEach(g -> g.exercises().forEach(e -> add.accept(e.name() + " (needs clearance)", new String[] {e.rule(), e.source()})));
        notNow.forEach(e -> add.accept(e.name() + " (avoid)", new String[] {e.rule(), e.source()}));
        warnings.forEach(w -> add.accept(w.code() + " (warning)", new String[] {w.rule(), w.source()}));
        RuleVocabulary.Clinic clinic = vocabulary.clinic();
        return new Handout(new PageHeader(clinic.name(), clinic.phone(), date), assessment.intakeId(), referral.level(),
                referral.advice(), referral.reasons(), recommended, groups, notNow, warnings,
                emergency ? List.of() : SafetyNetPart.of(vocabulary.safetyNetGroups()),
                List.copyOf(basis.values()), assessment.ruleset().version(), assessment.ruleset().rules());
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    public boolean emergency() {
        return EMERGENCY.equals(level);
    }

    /** Whether the person is referred at all (any level above {@code none}). */
    public boolean referred() {
        return !"none".equals(level);
    }

    /** The level in the person's words, above the advice: a word to catch the eye, not a code. */
    public String levelWords() {
        return switch (level) {
            case EMERGENCY -> "Emergency";
            case "urgent" -> "Urgent";
            case "routine" -> "Not urgent";
            case "none" -> "No referral needed";
            default -> "Advice";
        };
    }

    /** The record as the clinician's footer names it. */
    public String recordName() {
        return intakeId == null ? "(without an id)" : intakeId;
    }

    /** The heading over the reasons, in the person's words. */
    public String reasonsHeading() {
        return reasons.size() == 1 ? "Why we advise this" : "Why we advise this (" + reasons.size() + " reasons)";
    }
}
