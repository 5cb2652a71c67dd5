package org.backtriage.http;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.assessment.Assessment;
import org.backtriage.assessment.ReferralLevel;
import org.backtriage.fhir.FhirR4;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.ServiceRequest;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * An {@link Assessment} as CDS Hooks 2.0 cards, written for the clinician who opened the chart: exactly two,
 * the referral (critical for urgent and emergency, warning for routine, info for none) and the exercise
 * plan (with the cautions the patient was given). The patient's own words are quoted as what the patient
 * was told. Every card names, in {@code source.label}, the rule set version and the sources its rules cite,
 * so a clinician can check the basis (clinical-notes: what CDS owes its users). Below emergency level the
 * referral card's detail ends with the safety net given to the patient, once, as a list. Urgent and
 * emergency referral cards suggest a draft referral ({@code ServiceRequest}) with the reasons as text.
 * No rule logic here: only the engine's words, arranged.
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
    public record Card(String uuid, String summary, String detail, Indicator indicator, Source source,
                       List<Suggestion> suggestions, String selectionBehavior, @JsonIgnore String kind) {
    }

    /** How urgent a card is, in the CDS Hooks codes: {@code info < warning < critical}. */
    public enum Indicator {
        INFO("info"), WARNING("warning"), CRITICAL("critical");

        private final String code;

        Indicator(String code) {
            this.code = code;
        }

        @JsonValue
        public String code() {
            return code;
        }

        /** A referral level's card: critical at urgent or emergency, warning at routine, info at none. */
        static Indicator forReferral(String level) {
            return ReferralLevel.rank(level) >= ReferralLevel.URGENT.ordinal() ? CRITICAL
                    : ReferralLevel.ROUTINE.code().equals(level) ? WARNING : INFO;
        }
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

    /**
     * What a card set is about, beyond the assessment.
     *
     * @param alsoTell the vocabulary's words that a lower reason beside an urgent or emergency one adds for the
     *                 patient ("Also tell them about this when you are seen."): left out of the clinician's card
     */
    public record Context(String hookInstance, String patientId, String formId, String alsoTell) {
    }

    /**
     * @param context the request's hookInstance (card uuids derive from it, so the same call gives the same
     *                cards), the patient (the suggested referral's subject), the form, the vocabulary's alsoTell
     */
    public Response cards(Assessment assessment, Context context) {
        String ruleset = "backtriage rule set " + assessment.ruleset().version();
        List<Card> cards = List.of(referralCard(assessment, ruleset, context), exerciseCard(assessment, ruleset));
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

    private Card referralCard(Assessment assessment, String ruleset, Context context) {
        Assessment.Referral referral = assessment.referral();
        String level = referral.level();
        List<Assessment.Reason> reasons = referral.reasons();
        Indicator indicator = Indicator.forReferral(level);
        String title = switch (level) {
            case "emergency" -> "Emergency referral advised";
            case "urgent" -> "Urgent referral advised";
            case "routine" -> "Routine referral advised";
            default -> "No referral indicated";
        };
        StringBuilder detail = new StringBuilder("**").append(title).append(".** The patient was told: \u201c")
                .append(oneLine(referral.advice())).append("\u201d");
        Set<String> sources = new LinkedHashSet<>();
        if (reasons.isEmpty()) {
            detail.append("\n\nEvery red-flag question was answered *no* and no other reason to refer was found.");
            sources.add("clinical-notes: levels (none = self-care with the advised exercises)");
        } else {
            detail.append("\n\n**Findings**\n\n");
            for (Assessment.Reason reason : reasons) {
                detail.append("- **").append(words(reason.code())).append("** (").append(reason.level()).append("): ")
                        .append(finding(reason.message(), context.alsoTell())).append(" _(rule `").append(reason.rule())
                        .append("`; ").append(reason.source()).append(")_\n");
                sources.add(reason.source());
            }
        }
        // the safety net once, here: below emergency (at emergency the patient is told to go now)
        if (assessment.safetyNet() != null && !assessment.safetyNet().isEmpty()) {
            detail.append("\n\n**Safety net given to the patient** (when to seek help at once)\n\n");
            for (Assessment.SafetyNet part : assessment.safetyNet()) {
                String advice = oneLine(part.advice());
                detail.append("- ").append(advice.endsWith(":") ? advice : advice + ":").append('\n');
                part.signs().forEach(sign -> detail.append("  - ").append(oneLine(sign)).append('\n'));
            }
        }
        detail.append("\n\n_Decision support from ").append(ruleset).append(", not a diagnosis._");
        List<String> names = reasons.stream().map(r -> words(r.code()).toLowerCase(Locale.ROOT)).distinct().toList();
        String summary = title + (names.isEmpty() ? "" : ": " + String.join(", ", names));
        List<Suggestion> suggestions = indicator == Indicator.CRITICAL && context.patientId() != null
                ? List.of(draftReferral(assessment, ruleset, context)) : null;
        return new Card(null, summary(summary), detail.toString().replace("\n\n\n", "\n\n"), indicator,
                new Source(label(ruleset, sources), null), suggestions, suggestions == null ? null : "at-most-one", "referral");
    }

    /** A reason's message without the words added for the patient beside a higher referral. */
    private static String finding(String message, String alsoTell) {
        String text = oneLine(message);
        if (alsoTell != null && !alsoTell.isBlank() && text.endsWith(alsoTell.strip())) {
            text = text.substring(0, text.length() - alsoTell.strip().length()).strip();
        }
        return text;
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
     * The plan by status, with the dose the patient was given, and the cautions. An avoided exercise shows its
     * name and why, never a dose: nobody reads how to do what they must not do. The steps are the patient's
     * (on the handout); the clinician reads what was advised and why.
     */
    private static Card exerciseCard(Assessment assessment, String ruleset) {
        long recommended = count(assessment, "recommended");
        long clearance = count(assessment, "needs_clearance");
        long avoid = count(assessment, "avoid");
        StringBuilder detail = new StringBuilder();
        Set<String> sources = new LinkedHashSet<>();
        section(detail, assessment, "recommended", "Recommended");
        section(detail, assessment, "needs_clearance", "Only after a GP or physiotherapist has cleared it");
        section(detail, assessment, "avoid", "Avoid");
        if (assessment.exercises().isEmpty()) {
            detail.append("No exercise was listed for this patient.\n\n");
        }
        assessment.exercises().forEach(e -> sources.add(e.source()));
        if (!assessment.warnings().isEmpty()) {
            detail.append("**Cautions given to the patient**\n\n");
            for (Assessment.Warning warning : assessment.warnings()) {
                detail.append("- **").append(words(warning.code())).append("**: ").append(oneLine(warning.message()))
                        .append(" _(rule `").append(warning.rule()).append("`)_\n");
                sources.add(warning.source());
            }
            detail.append('\n');
        }
        if (recommended + clearance > 0) {
            detail.append("The steps of each exercise are on the patient's handout.\n\n");
        }
        detail.append("_Decision support from ").append(ruleset).append(", not a diagnosis._");
        String summary = assessment.exercises().isEmpty() ? "Exercise plan: no exercises listed"
                : "Exercise plan: " + recommended + " recommended, " + clearance + (clearance == 1 ? " needs" : " need")
                + " clearance, " + avoid + " to avoid";
        if (!assessment.warnings().isEmpty()) {
            int cautions = assessment.warnings().size();
            summary += "; " + cautions + (cautions == 1 ? " caution" : " cautions");
        }
        return new Card(null, summary(summary), detail.toString(), assessment.warnings().isEmpty() ? Indicator.INFO : Indicator.WARNING,
                new Source(label(ruleset, sources), null), null, null, "exercise-plan");
    }

    private static void section(StringBuilder detail, Assessment assessment, String status, String heading) {
        List<Assessment.Exercise> exercises = assessment.exercises().stream().filter(e -> e.status().equals(status)).toList();
        if (exercises.isEmpty()) {
            return;
        }
        detail.append("**").append(heading).append("**\n\n");
        if (status.equals("avoid")) {
            for (Assessment.Exercise exercise : exercises) {
                detail.append("- **").append(oneLine(exercise.name())).append("**: ").append(oneLine(String.valueOf(exercise.reason())))
                        .append(" _(rule `").append(exercise.rule()).append("`)_\n");
            }
            detail.append('\n');
            return;
        }
        // exercises held back for the same reason are listed under it, so the reason is read once
        Map<String, List<Assessment.Exercise>> byReason = new LinkedHashMap<>();
        exercises.forEach(e -> byReason.computeIfAbsent(e.reason() == null ? "" : oneLine(e.reason()), r -> new ArrayList<>()).add(e));
        byReason.forEach((reason, group) -> {
            if (!reason.isEmpty()) {
                detail.append("The patient was told: \u201c").append(reason).append("\u201d\n\n");
            }
            for (Assessment.Exercise exercise : group) {
                detail.append("- **").append(oneLine(exercise.name())).append("**");
                if (exercise.dosage() != null) {
                    detail.append(": ").append(oneLine(exercise.dosage()));
                } else if (!status.equals("recommended")) {
                    detail.append(": no dose given until the patient has been seen");
                }
                detail.append(" _(rule `").append(exercise.rule()).append("`)_\n");
            }
            detail.append('\n');
        });
    }

    private static long count(Assessment assessment, String status) {
        return assessment.exercises().stream().filter(e -> e.status().equals(status)).count();
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

    /** A code as words: {@code SCREENING_INCOMPLETE} is "Screening incomplete". */
    static String words(String code) {
        String spaced = code.replace('_', ' ').strip().toLowerCase(Locale.ROOT);
        return spaced.isEmpty() ? spaced : capitalised(spaced);
    }

    /**
     * A card's summary: under 140 characters (the spec's limit), on one line. A longer text is shortened at the
     * last space that leaves room for an ellipsis ("\u2026"), with any comma, colon or opening bracket before it
     * dropped, so no word is ever cut in two. Only a text whose first word alone is longer than a summary (no
     * text this service writes) is cut inside that word.
     */
    static String summary(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        if (line.length() <= MAX_SUMMARY) {
            return line;
        }
        int room = MAX_SUMMARY - 1; // the ellipsis takes one character
        int cut = line.lastIndexOf(' ', room);
        String head = cut > 0 ? line.substring(0, cut) : line.substring(0, room);
        head = head.replaceAll("[\\s,;:(\\[-]+$", "");
        return head + "\u2026";
    }
}
