package org.backtriage.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.assessment.Assessment;
import org.backtriage.fhir.FhirR4;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;

/**
 * An {@link Assessment} as CDS Hooks 2.0 cards: the referral (critical for urgent and emergency, warning
 * for routine, info for none), one card per warning, one for the exercise plan. Every card names, in
 * {@code source.label}, the rule set version and the sources its rules cite, so a clinician can check the
 * basis (clinical-notes: what CDS owes its users). Below emergency level every card carries the
 * vocabulary's safety net ("get help if this happens"). Urgent and emergency referral cards suggest a
 * draft referral ({@code ServiceRequest}) with the reasons as text. No rule logic here: only the engine's
 * words, arranged.
 */
public final class CdsCards {
    static final int MAX_SUMMARY = 139; // the spec: summary SHALL be under 140 characters
    /** SNOMED CT 3457005 "Patient referral", the category of the suggested ServiceRequest. */
    static final Coding REFERRAL_CATEGORY = new Coding("http://snomed.info/sct", "3457005", "Patient referral");
    static final String REASON_SYSTEM = "https://backtriage.example/fhir/CodeSystem/referral-reason";

    /**
     * A CDS Hooks card (the fields this service fills).
     *
     * @param kind what the card shows, for the audit log ({@code referral}, {@code warning:CODE},
     *             {@code exercise-plan}); not part of the card
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Card(String uuid, String summary, String detail, String indicator, Source source,
                       List<Suggestion> suggestions, String selectionBehavior, @JsonIgnore String kind) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Source(String label, String url) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Suggestion(String label, String uuid, Boolean isRecommended, List<Action> actions) {
    }

    /** A suggested change: {@code create} with a FHIR resource. */
    public record Action(String type, String description, JsonNode resource) {
    }

    /** The response body: {@code {"cards": [...]}}. */
    public record Response(List<Card> cards) {
    }

    private final FhirR4 fhir;
    private final ObjectMapper json;

    public CdsCards(FhirR4 fhir, ObjectMapper json) {
        this.fhir = fhir;
        this.json = json;
    }

    /** What a card set is about, beyond the assessment. */
    public record Context(String hookInstance, String patientId, String formId, String safetyNet) {
    }

    /**
     * @param context the request's hookInstance (card uuids derive from it, so the same call gives the same
     *                cards), the patient (the suggested referral's subject), and the safety-net text
     */
    public Response cards(Assessment assessment, Context context) {
        String ruleset = "backtriage rule set " + assessment.ruleset().version();
        // below emergency, every card ends with what to do if it gets worse; at emergency the advice is to go now
        String safetyNet = "emergency".equals(assessment.referral().level()) || context.safetyNet().isBlank() ? ""
                : "\n\n**Get help if this happens:** " + context.safetyNet();
        List<Card> cards = new ArrayList<>();
        cards.add(referralCard(assessment, ruleset, safetyNet, context));
        for (Assessment.Warning warning : assessment.warnings()) {
            cards.add(new Card(null, summary("Warning: " + warning.message()),
                    warning.message() + "\n\n" + basis(warning.rule(), warning.source(), ruleset) + safetyNet,
                    "warning", new Source(label(ruleset, Set.of(warning.source())), null), null, null,
                    "warning:" + warning.code()));
        }
        if (!assessment.exercises().isEmpty()) {
            cards.add(exerciseCard(assessment, ruleset, safetyNet));
        }
        List<Card> numbered = new ArrayList<>();
        for (int i = 0; i < cards.size(); i++) {
            Card card = cards.get(i);
            String seed = context.hookInstance() + "/" + i + "/" + card.summary();
            List<Suggestion> suggestions = card.suggestions() == null ? null : card.suggestions().stream()
                    .map(s -> new Suggestion(s.label(), uuid(seed + "/suggestion/" + s.label()), s.isRecommended(), s.actions()))
                    .toList();
            numbered.add(new Card(uuid(seed), card.summary(), card.detail(), card.indicator(), card.source(),
                    suggestions, card.selectionBehavior(), card.kind()));
        }
        return new Response(numbered);
    }

    private Card referralCard(Assessment assessment, String ruleset, String safetyNet, Context context) {
        Assessment.Referral referral = assessment.referral();
        String level = referral.level();
        List<Assessment.Reason> reasons = referral.reasons();
        boolean urgentOrWorse = level.equals("urgent") || level.equals("emergency");
        String indicator = urgentOrWorse ? "critical" : level.equals("routine") ? "warning" : "info";
        StringBuilder detail = new StringBuilder(referral.advice());
        Set<String> sources = new LinkedHashSet<>();
        if (reasons.isEmpty()) {
            detail.append("\n\nEvery red-flag question was answered *no* and no other reason to refer was found.");
            sources.add("clinical-notes: levels (none = self-care with the advised exercises)");
        } else {
            detail.append("\n\n**Reasons**\n\n");
            for (Assessment.Reason reason : reasons) {
                detail.append("- **").append(reason.code()).append("** (").append(reason.level()).append("): ")
                        .append(reason.message()).append(" _(rule `").append(reason.rule()).append("`; ")
                        .append(reason.source()).append(")_\n");
                sources.add(reason.source());
            }
        }
        detail.append("\n\nRule set: ").append(ruleset).append('.').append(safetyNet);
        List<String> codes = reasons.stream().map(Assessment.Reason::code).distinct().toList();
        String title = level.equals("none") ? "No referral" : capitalised(level) + " referral";
        String summary = title + (codes.isEmpty() ? "" : " (" + String.join(", ", codes) + ")") + ": " + referral.advice();
        List<Suggestion> suggestions = urgentOrWorse && context.patientId() != null
                ? List.of(draftReferral(assessment, ruleset, context)) : null;
        return new Card(null, summary(summary), detail.toString(), indicator, new Source(label(ruleset, sources), null),
                suggestions, suggestions == null ? null : "at-most-one", "referral");
    }

    /** A draft ServiceRequest the clinician can complete and sign: the reasons as text, the form as support. */
    private Suggestion draftReferral(Assessment assessment, String ruleset, Context context) {
        String level = assessment.referral().level();
        ServiceRequest request = new ServiceRequest()
                .setStatus(ServiceRequest.ServiceRequestStatus.DRAFT)
                .setIntent(ServiceRequest.ServiceRequestIntent.ORDER)
                .setPriority(level.equals("emergency") ? ServiceRequest.ServiceRequestPriority.STAT
                        : ServiceRequest.ServiceRequestPriority.URGENT)
                .addCategory(new CodeableConcept(REFERRAL_CATEGORY.copy()))
                .setCode(new CodeableConcept().setText("Referral for assessment of back pain (" + level + ")"))
                .setSubject(new Reference("Patient/" + context.patientId()));
        for (Assessment.Reason reason : assessment.referral().reasons()) {
            request.addReasonCode(new CodeableConcept(new Coding(REASON_SYSTEM, reason.code(), null))
                    .setText(reason.message()));
        }
        if (context.formId() != null) {
            request.addSupportingInfo(new Reference("QuestionnaireResponse/" + context.formId()));
        }
        request.addNote(new Annotation().setText("Suggested by " + ruleset + " from the back-pain intake form: "
                + assessment.referral().advice()));
        JsonNode resource;
        try {
            resource = json.readTree(fhir.encode(request));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("HAPI writes valid JSON", e);
        }
        String label = "Create a draft " + level + " referral";
        String description = "Create a draft ServiceRequest (" + level + " referral for back pain) with the reasons: "
                + String.join("; ", assessment.referral().reasons().stream().map(Assessment.Reason::message).toList());
        return new Suggestion(label, null, true, List.of(new Action("create", description, resource)));
    }

    /**
     * The plan by status. An avoided exercise shows its name and why, never a dose or steps: nobody reads
     * how to do what they must not do.
     */
    private static Card exerciseCard(Assessment assessment, String ruleset, String safetyNet) {
        long recommended = count(assessment, "recommended");
        long clearance = count(assessment, "needs_clearance");
        long avoid = count(assessment, "avoid");
        StringBuilder detail = new StringBuilder();
        Set<String> sources = new LinkedHashSet<>();
        section(detail, assessment, "recommended", "Recommended");
        section(detail, assessment, "needs_clearance", "Only after a GP or physiotherapist has cleared it");
        section(detail, assessment, "avoid", "Avoid");
        assessment.exercises().forEach(e -> sources.add(e.source()));
        detail.append("Rule set: ").append(ruleset).append('.').append(safetyNet);
        String summary = "Exercise plan: " + recommended + " recommended, " + clearance + " need clearance, " + avoid + " to avoid";
        return new Card(null, summary(summary), detail.toString(), "info", new Source(label(ruleset, sources), null),
                null, null, "exercise-plan");
    }

    private static void section(StringBuilder detail, Assessment assessment, String status, String heading) {
        List<Assessment.Exercise> exercises = assessment.exercises().stream().filter(e -> e.status().equals(status)).toList();
        if (exercises.isEmpty()) {
            return;
        }
        detail.append("**").append(heading).append("**\n\n");
        for (Assessment.Exercise exercise : exercises) {
            detail.append("- **").append(oneLine(exercise.name())).append("**");
            if (exercise.reason() != null) {
                detail.append(": ").append(oneLine(exercise.reason()));
            }
            if (!status.equals("avoid")) {
                if (exercise.dosage() != null) {
                    detail.append("\n  - Dose: ").append(oneLine(exercise.dosage()));
                }
                if (exercise.instructions() != null) {
                    detail.append("\n  - How: ").append(oneLine(exercise.instructions()));
                }
            }
            detail.append(" _(rule `").append(exercise.rule()).append("`)_\n");
        }
        detail.append('\n');
    }

    private static long count(Assessment assessment, String status) {
        return assessment.exercises().stream().filter(e -> e.status().equals(status)).count();
    }

    private static String basis(String rule, String source, String ruleset) {
        return "_Rule `" + rule + "` (" + ruleset + "); source: " + source + "._";
    }

    /** "backtriage rule set VERSION | source; source" (first sources only, so a label stays a label). */
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

    private static String oneLine(String text) {
        return text.replace('\n', ' ').strip();
    }

    private static String capitalised(String level) {
        return level.substring(0, 1).toUpperCase(Locale.ROOT) + level.substring(1);
    }

    private static String uuid(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
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
