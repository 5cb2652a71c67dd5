package org.backtriage.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.backtriage.assessment.Assessment;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An {@link Assessment} as CDS Hooks 2.0 cards: one for the referral, one per warning, one for the
 * exercise plan. Every card names, in {@code source.label}, the rule set version and the article or
 * guideline its rules cite, so a clinician can check the basis (clinical-notes: what CDS owes its users).
 */
public final class CdsCards {
    static final int MAX_SUMMARY = 139; // the spec: summary SHALL be under 140 characters

    /** A CDS Hooks card (only the fields this service fills). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Card(String uuid, String summary, String detail, String indicator, Source source) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String label, String url) {
    }

    /** The response body: {@code {"cards": [...]}}. */
    public record Response(List<Card> cards) {
    }

    private static final Map<String, String> LEVEL_ADVICE = Map.of(
            "emergency", "Emergency referral: go to an emergency department now; do not start the exercises",
            "urgent", "Urgent referral: see a doctor today before any exercise",
            "routine", "Routine referral: see a GP or physiotherapist before or while starting the exercises",
            "none", "No referral needed: self-care with the advised exercises is fine");

    /**
     * @param hookInstance the request's hookInstance: card uuids derive from it, so the same call gives the same cards
     */
    public Response cards(Assessment assessment, String hookInstance) {
        String ruleset = "backtriage rule set " + assessment.ruleset().version();
        List<Card> cards = new ArrayList<>();
        cards.add(referralCard(assessment, ruleset));
        for (Assessment.Warning warning : assessment.warnings()) {
            cards.add(new Card(null, summary("Warning: " + warning.message()),
                    warning.message() + "\n\n" + basis(warning.rule(), warning.source(), ruleset),
                    "warning", new Source(label(ruleset, Set.of(warning.source())), null)));
        }
        if (!assessment.exercises().isEmpty()) {
            cards.add(exerciseCard(assessment, ruleset));
        }
        List<Card> numbered = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            Card card = cards.get(i);
            String seed = hookInstance + "/" + i + "/" + card.summary();
            numbered.add(new Card(UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString(),
                    card.summary(), card.detail(), card.indicator(), card.source()));
        }
        return new Response(numbered);
    }

    private static Card referralCard(Assessment assessment, String ruleset) {
        String level = assessment.referral().level();
        List<Assessment.Reason> reasons = assessment.referral().reasons();
        String indicator = switch (level) {
            case "emergency", "urgent" -> "critical";
            case "routine" -> "warning";
            default -> "info";
        };
        StringBuilder detail = new StringBuilder();
        Set<String> sources = new LinkedHashSet<>();
        if (reasons.isEmpty()) {
            detail.append("Every red-flag question was answered *no* and no other reason to refer was found.\n\n")
                    .append("Rule set: ").append(ruleset).append('.');
            sources.add("clinical-notes: levels (none = self-care with the advised exercises)");
        } else {
            detail.append("**Reasons**\n\n");
            for (Assessment.Reason reason : reasons) {
                detail.append("- **").append(reason.code()).append("** (").append(reason.level()).append("): ")
                        .append(reason.message()).append(" _(rule `").append(reason.rule()).append("`; ")
                        .append(reason.source()).append(")_\n");
                sources.add(reason.source());
            }
            detail.append("\nRule set: ").append(ruleset).append('.');
        }
        String codes = reasons.isEmpty() ? "" : " (" + String.join(", ", reasons.stream().map(Assessment.Reason::code).toList()) + ")";
        return new Card(null, summary(LEVEL_ADVICE.getOrDefault(level, "Referral: " + level) + codes),
                detail.toString(), indicator, new Source(label(ruleset, sources), null));
    }

    private static Card exerciseCard(Assessment assessment, String ruleset) {
        long recommended = assessment.exercises().stream().filter(e -> e.status().equals("recommended")).count();
        long clearance = assessment.exercises().stream().filter(e -> e.status().equals("needs_clearance")).count();
        long avoid = assessment.exercises().stream().filter(e -> e.status().equals("avoid")).count();
        StringBuilder detail = new StringBuilder("| exercise | status | dose |\n| --- | --- | --- |\n");
        Set<String> sources = new LinkedHashSet<>();
        for (Assessment.Exercise exercise : assessment.exercises()) {
            detail.append("| ").append(cell(exercise.name())).append(" | ").append(exercise.status().replace('_', ' '))
                    .append(" | ").append(cell(exercise.dosage())).append(" |\n");
            sources.add(exercise.source());
        }
        detail.append("\nRule set: ").append(ruleset).append('.');
        String summary = "Exercise plan: " + recommended + " recommended, " + clearance + " need clearance, " + avoid + " to avoid";
        return new Card(null, summary(summary), detail.toString(), "info", new Source(label(ruleset, sources), null));
    }

    private static String basis(String rule, String source, String ruleset) {
        return "_Rule `" + rule + "` (" + ruleset + "); source: " + source + "._";
    }

    /** "backtriage rule set VERSION: source; source" (first sources only, so a label stays a label). */
    private static String label(String ruleset, Set<String> sources) {
        List<String> shown = sources.stream().map(CdsCards::shortSource).distinct().limit(3).toList();
        return ruleset + " | " + String.join("; ", shown) + (sources.size() > 3 ? "; ..." : "");
    }

    /** An @source, capped at 120 characters. */
    private static String shortSource(String source) {
        if (source == null) {
            return "";
        }
        return source.length() > 120 ? source.substring(0, 117) + "..." : source;
    }

    private static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|").replace("\n", " ");
    }

    /** Under 140 characters, cut at a word. */
    static String summary(String text) {
        if (text.length() <= MAX_SUMMARY) {
            return text;
        }
        int cut = text.lastIndexOf(' ', MAX_SUMMARY - 3);
        return text.substring(0, cut > 40 ? cut : MAX_SUMMARY - 3) + "...";
    }
}
