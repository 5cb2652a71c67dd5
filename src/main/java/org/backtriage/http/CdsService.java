package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.FieldError;
import org.backtriage.intake.Intake;

import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The CDS Hooks 2.0 service {@code back-exercise-advice} on the {@code patient-view} hook: discovery, and
 * a call that reads the intake QuestionnaireResponse from {@code prefetch}, assesses it on the shared
 * engine and answers cards. No rule logic here: the assessment is the engine's, the cards only show it.
 */
public final class CdsService {
    public static final String ID = "back-exercise-advice";
    public static final String HOOK = "patient-view";
    /** The canonical URL of the intake form shipped in fixtures/fhir/back-pain-intake.questionnaire.json. */
    public static final String QUESTIONNAIRE_URL = "https://backtriage.example/fhir/Questionnaire/back-pain-intake";

    /** One entry of the discovery response. */
    public record Service(String hook, String id, String title, String description, Map<String, String> prefetch) {
    }

    public record Discovery(List<Service> services) {
    }

    private final IntakeAssessor assessor;
    private final QuestionnaireResponseReader reader = new QuestionnaireResponseReader();
    private final CdsCards cards = new CdsCards();
    private final Clock clock;

    public CdsService(IntakeAssessor assessor, Clock clock) {
        this.assessor = assessor;
        this.clock = clock;
    }

    public Discovery discovery() {
        Map<String, String> prefetch = new LinkedHashMap<>();
        prefetch.put("patient", "Patient/{{context.patientId}}");
        prefetch.put("intake", "QuestionnaireResponse?subject={{context.patientId}}&questionnaire="
                + QUESTIONNAIRE_URL + "&status=completed&_sort=-authored&_count=1");
        return new Discovery(List.of(new Service(HOOK, ID, "Back exercise advice",
                "Reads the patient's latest back-pain intake form and advises which back exercises suit them, "
                        + "with red-flag referrals and warnings, each citing its rule and source.",
                prefetch)));
    }

    /** Answers one hook call, assessing on {@code engine} (read once for this request). */
    public CdsCards.Response call(JsonNode request, TriageEngine engine) {
        if (!request.isObject()) {
            throw badRequest("the body must be a CDS Hooks request object");
        }
        if (!HOOK.equals(request.path("hook").asText())) {
            throw badRequest("hook must be \"" + HOOK + "\"");
        }
        if (!request.path("hookInstance").isTextual()) {
            throw badRequest("hookInstance is required");
        }
        JsonNode prefetch = request.get("prefetch");
        JsonNode response = questionnaireResponse(prefetch == null ? null : prefetch.get("intake"));
        JsonNode patient = prefetch.get("patient");

        QuestionnaireResponseReader.Converted converted = reader.read(response, patient, LocalDate.now(clock));
        Intake intake;
        try {
            intake = assessor.validate(converted.intake());
            if (!converted.errors().isEmpty()) {
                throw invalid(converted.errors());
            }
        } catch (Problem.Failure failure) {
            if (failure.problem().status() != 422) {
                throw failure;
            }
            // one list: the form's own shape errors first, then the contract's errors on fields not already named
            Set<String> named = converted.errors().stream().map(FieldError::field).collect(Collectors.toSet());
            List<FieldError> errors = new ArrayList<>(converted.errors());
            for (FieldError error : failure.problem().errors()) {
                if (!named.contains(error.field()) && !errors.contains(error)) {
                    errors.add(error);
                }
            }
            throw invalid(errors);
        }
        Assessment assessment = assessor.assess(engine, intake, "cds-hooks");
        return cards.cards(assessment, request.get("hookInstance").asText());
    }

    /** The intake form from prefetch: the resource itself, or the newest one in a search Bundle. */
    private static JsonNode questionnaireResponse(JsonNode intake) {
        if (intake == null || intake.isNull() || "OperationOutcome".equals(intake.path("resourceType").asText())) {
            throw missingPrefetch();
        }
        if ("Bundle".equals(intake.path("resourceType").asText())) {
            JsonNode newest = null;
            for (JsonNode entry : intake.path("entry")) {
                JsonNode resource = entry.path("resource");
                if ("QuestionnaireResponse".equals(resource.path("resourceType").asText())
                        && (newest == null || resource.path("authored").asText().compareTo(newest.path("authored").asText()) > 0)) {
                    newest = resource;
                }
            }
            if (newest == null) {
                throw missingPrefetch();
            }
            return newest;
        }
        return intake;
    }

    private static Problem.Failure missingPrefetch() {
        return new Problem.Failure(Problem.of(412, "Prefetch data missing",
                "prefetch.intake must hold the patient's back-pain intake QuestionnaireResponse"));
    }

    private static Problem.Failure badRequest(String detail) {
        return new Problem.Failure(Problem.of(400, "Bad CDS Hooks request", detail));
    }

    private static Problem.Failure invalid(List<FieldError> errors) {
        return new Problem.Failure(Problem.withErrors(422, QuestionnaireResponseReader.INVALID_FHIR,
                "The intake form does not meet the intake contract",
                errors.size() + " error(s), each naming the item's linkId; see errors", errors));
    }
}
