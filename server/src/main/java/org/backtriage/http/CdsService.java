package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.TriageEngine;
import org.backtriage.fhir.FhirIntakes;
import org.backtriage.fhir.FhirR4;
import org.backtriage.fhir.FhirServerForms;
import org.backtriage.fhir.FormSubject;
import org.backtriage.fhir.IntakeForms;
import org.backtriage.fhir.QuestionnaireResponseMapper;
import org.backtriage.intake.FieldError;
import org.backtriage.intake.Intake;
import org.backtriage.intake.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The CDS Hooks 2.0 service {@code back-exercise-advice} on the {@code patient-view} hook: discovery, the
 * call, and the feedback endpoint. The call finds the patient's intake form (prefetch, or a fetch from the
 * client's FHIR server when the prefetch key is left out), maps it with the shared FHIR mapping, assesses
 * it on the shared engine and answers cards. No rule logic here: the assessment is the engine's, the
 * cards only show it.
 *
 * <p>Prefetch as the spec has it: a key whose value is {@code null} means the client has no such data
 * (the patient has no form on file: no cards); a key left out means the client did not fetch it (fetch it
 * ourselves if we may, else 412); an OperationOutcome means the client tried and failed (412).
 */
public final class CdsService {
    public static final String ID = "back-exercise-advice";
    public static final String HOOK = "patient-view";
    /** The canonical URL of the intake form shipped in fixtures/fhir/back-pain-intake.questionnaire.json. */
    public static final String QUESTIONNAIRE_URL = QuestionnaireResponseMapper.QUESTIONNAIRE_URL;
    static final String INVALID_FHIR = "https://backtriage.example/problems/invalid-questionnaire-response";
    /** A FHIR logical id (FHIR R4: id datatype). */
    private static final Pattern FHIR_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    /** One entry of the discovery response. */
    public record Service(String hook, String id, String title, String description, Map<String, String> prefetch) {
    }

    public record Discovery(List<Service> services) {
    }

    private final IntakeAssessor assessor;
    private final FhirR4 fhir;
    private final FhirIntakes intakes;
    private final FhirServerForms server;
    private final CdsCards cards;
    private final CdsOptions options;
    private final AuditLog audit;

    public CdsService(IntakeAssessor assessor, CdsOptions options, ObjectMapper json, AuditLog audit) {
        this.assessor = assessor;
        this.fhir = options.fhir();
        this.intakes = new FhirIntakes(fhir);
        this.server = new FhirServerForms(fhir);
        this.cards = new CdsCards(fhir, json);
        this.options = options;
        this.audit = audit;
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
        if (!request.path("hookInstance").isTextual() || request.get("hookInstance").asText().isBlank()
                || request.get("hookInstance").asText().length() > 200) {
            throw badRequest("hookInstance is required: the UUID of this hook call");
        }
        String patientId = request.path("context").path("patientId").asText("");
        if (!FHIR_ID.matcher(patientId).matches()) {
            throw badRequest("context.patientId is required: the FHIR id of the patient whose chart is open");
        }
        JsonNode prefetch = request.get("prefetch");
        if (prefetch != null && !prefetch.isNull() && !prefetch.isObject()) {
            throw badRequest("prefetch must be an object of prefetched resources by key");
        }
        Access access = access(request);

        Optional<QuestionnaireResponse> found = form(prefetch, access, patientId);
        if (found.isEmpty()) {
            return new CdsCards.Response(List.of()); // no form on file: nothing to advise on
        }
        QuestionnaireResponse form = found.get();
        samePatient(form, patientId);
        FormSubject subject = QuestionnaireResponseMapper.needsPatient(form) ? subject(prefetch, access, patientId)
                : FormSubject.missing("the age is answered on the form");
        ValidationResult result = intakes.fromForm(form, subject);
        if (result instanceof ValidationResult.Invalid invalid) {
            throw invalid(invalid.errors());
        }
        Intake intake = ((ValidationResult.Valid) result).intake();
        Assessment assessment = assessor.assess(engine, intake, "cds-hooks");
        String formId = form.getIdElement().hasIdPart() ? form.getIdElement().getIdPart() : null;
        String hookInstance = request.get("hookInstance").asText();
        CdsCards.Response response = cards.cards(assessment, new CdsCards.Context(hookInstance, patientId, formId,
                engine.ruleBase().vocabulary().alsoTell()));
        if (audit != null) {
            audit.recordCards(hookInstance, assessment, response.cards());
        }
        return response;
    }

    /**
     * Records the user's response to cards ({@code accepted} with the suggestions taken, or
     * {@code overridden} with the reason's code), one audit line each. A free-text comment may name the
     * patient and is never kept.
     *
     * @return how many feedback entries were recorded
     */
    public int feedback(JsonNode body) {
        JsonNode entries = body.path("feedback");
        if (!body.isObject() || !entries.isArray() || entries.isEmpty()) {
            throw badRequest("the body must be {\"feedback\": [...]} with one entry or more");
        }
        List<AuditLog.Feedback> recorded = new ArrayList<>();
        int index = 0;
        for (JsonNode entry : entries) {
            String at = "feedback[" + index++ + "]";
            String card = entry.path("card").asText("");
            // only a uuid, as this service issues them: free text here could hold a name, and it is kept in the audit
            if (!entry.path("card").isTextual() || !UUID_TEXT.matcher(card).matches()) {
                throw badRequest(at + ".card is required: the uuid of a card this service gave");
            }
            String outcome = entry.path("outcome").asText("");
            if (!outcome.equals("accepted") && !outcome.equals("overridden")) {
                throw badRequest(at + ".outcome must be accepted or overridden");
            }
            List<String> accepted = new ArrayList<>();
            for (JsonNode suggestion : entry.path("acceptedSuggestions")) {
                String id = suggestion.path("id").asText("");
                if (!UUID_TEXT.matcher(id).matches()) {
                    throw badRequest(at + ".acceptedSuggestions[].id is required: the uuid of a suggestion this service gave");
                }
                accepted.add(id);
            }
            if (outcome.equals("accepted") && accepted.isEmpty()) {
                throw badRequest(at + ".acceptedSuggestions is required when the outcome is accepted");
            }
            String timestamp = entry.path("outcomeTimestamp").asText("");
            try {
                Instant.parse(timestamp);
            } catch (DateTimeParseException e) {
                throw badRequest(at + ".outcomeTimestamp is required: when the user acted, in UTC (2021-12-11T10:05:31Z)");
            }
            JsonNode reason = entry.path("overrideReason").path("reason");
            recorded.add(new AuditLog.Feedback(card, outcome, accepted, code(reason.path("system")),
                    code(reason.path("code")), timestamp));
        }
        if (audit != null) {
            recorded.forEach(audit::recordFeedback);
        }
        return recorded.size();
    }

    /** A coded value kept in the audit: a code (a token or a URI, no spaces, at most 200 characters), else left out. */
    private static String code(JsonNode value) {
        return value.isTextual() && CODE_TEXT.matcher(value.asText()).matches() ? value.asText() : null;
    }

    private static final java.util.regex.Pattern UUID_TEXT =
            java.util.regex.Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final java.util.regex.Pattern CODE_TEXT = java.util.regex.Pattern.compile("[A-Za-z0-9._:/#-]{1,200}");

    /**
     * The form must be the chart's patient's: cards for another patient would be advice on the wrong person.
     * Its subject must name {@code context.patientId} (relative or absolute reference, any version).
     */
    private static void samePatient(QuestionnaireResponse form, String patientId) {
        String reference = form.getSubject().getReference();
        if (reference == null || reference.isBlank()) {
            throw badRequest("the intake form has no subject: it must name the patient in context.patientId");
        }
        org.hl7.fhir.r4.model.IdType id = new org.hl7.fhir.r4.model.IdType(reference);
        if (!"Patient".equals(id.getResourceType()) || !patientId.equals(id.getIdPart())) {
            throw badRequest("the intake form's subject is not the patient in context.patientId: no cards are given"
                    + " for another patient's form");
        }
    }

    /** The client's FHIR server and bearer token, when it gave one. */
    private record Access(String fhirServer, String token) {
    }

    private static Access access(JsonNode request) {
        JsonNode server = request.get("fhirServer");
        JsonNode authorization = request.get("fhirAuthorization");
        if (server == null || server.isNull()) {
            if (authorization != null && !authorization.isNull()) {
                throw badRequest("fhirServer is required when fhirAuthorization is given");
            }
            return null;
        }
        URI uri;
        try {
            uri = URI.create(server.asText());
        } catch (IllegalArgumentException e) {
            throw badRequest("fhirServer must be the absolute http(s) base URL of the FHIR server");
        }
        if (!server.isTextual() || !uri.isAbsolute() || uri.getScheme() == null
                || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
            throw badRequest("fhirServer must be the absolute http(s) base URL of the FHIR server");
        }
        String token = null;
        if (authorization != null && !authorization.isNull()) {
            token = authorization.path("access_token").asText("");
            if (token.isBlank() || !"bearer".equalsIgnoreCase(authorization.path("token_type").asText())) {
                throw badRequest("fhirAuthorization needs an access_token and token_type Bearer");
            }
        }
        return new Access(server.asText(), token);
    }

    /** The form to assess: the prefetched one (or the newest of a prefetched Bundle), or one fetched. */
    private Optional<QuestionnaireResponse> form(JsonNode prefetch, Access access, String patientId) {
        if (prefetch != null && prefetch.has("intake")) {
            JsonNode intake = prefetch.get("intake");
            if (intake.isNull() || (intake.isObject() && intake.isEmpty())) {
                return Optional.empty();
            }
            IBaseResource resource = parse(intake, "prefetch.intake");
            if (resource instanceof OperationOutcome) {
                throw preconditionFailed("the CDS Client could not prefetch the intake form (it sent an OperationOutcome)");
            }
            if (resource instanceof QuestionnaireResponse form) {
                return Optional.of(form);
            }
            if (resource instanceof Bundle bundle) {
                List<QuestionnaireResponse> forms = new ArrayList<>();
                for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
                    if (entry.getResource() instanceof QuestionnaireResponse form) {
                        forms.add(form);
                    }
                }
                return IntakeForms.newest(forms);
            }
            throw new Problem.Failure(Problem.withErrors(400, INVALID_FHIR, "Not a QuestionnaireResponse",
                    "prefetch.intake must be a FHIR R4 QuestionnaireResponse or a searchset Bundle of them", null));
        }
        Access server = fetchable(access, "prefetch.intake is left out");
        try {
            return this.server.newestForm(server.fhirServer(), server.token(), patientId);
        } catch (FhirServerForms.Unavailable e) {
            throw preconditionFailed("prefetch.intake is left out and " + e.getMessage());
        }
    }

    /** The form's Patient, for the age: prefetched, or read from the FHIR server. */
    private FormSubject subject(JsonNode prefetch, Access access, String patientId) {
        if (prefetch != null && prefetch.has("patient")) {
            JsonNode patient = prefetch.get("patient");
            if (patient.isNull()) {
                throw preconditionFailed("the form does not answer the age item, and prefetch.patient is null (no Patient),"
                        + " so the age is unknown");
            }
            if (parse(patient, "prefetch.patient") instanceof Patient resource) {
                return FormSubject.of(resource);
            }
            throw badRequest("prefetch.patient must be a FHIR R4 Patient");
        }
        Access server = fetchable(access, "the form does not answer the age item and prefetch.patient is left out");
        try {
            return FormSubject.of(this.server.patient(server.fhirServer(), server.token(), patientId));
        } catch (FhirServerForms.Unavailable e) {
            throw preconditionFailed("the form does not answer the age item, prefetch.patient is left out, and "
                    + e.getMessage());
        }
    }

    /** The client's FHIR server when this service may fetch from it; else 412 saying why not. */
    private Access fetchable(Access access, String what) {
        if (access == null) {
            throw preconditionFailed(what + ", and the request gives no fhirServer to fetch it from");
        }
        if (!options.mayFetchFrom(access.fhirServer())) {
            throw preconditionFailed(what + ", and its fhirServer is not one this service is configured to fetch"
                    + " from (serve --fhir-server)");
        }
        return access;
    }

    private IBaseResource parse(JsonNode resource, String where) {
        FhirR4.Parsed parsed = fhir.parse(resource.toString());
        if (parsed.resource() == null) {
            throw new Problem.Failure(Problem.withErrors(400, INVALID_FHIR, "Not a FHIR resource",
                    where + " must be a FHIR R4 resource", parsed.problems()));
        }
        if (!parsed.problems().isEmpty()) {
            throw invalid(parsed.problems());
        }
        return parsed.resource();
    }

    private static Problem.Failure preconditionFailed(String detail) {
        return new Problem.Failure(Problem.of(412, "Precondition Failed", detail));
    }

    private static Problem.Failure badRequest(String detail) {
        return new Problem.Failure(Problem.of(400, "Bad CDS Hooks request", detail));
    }

    private static Problem.Failure invalid(List<FieldError> errors) {
        return new Problem.Failure(Problem.withErrors(422, INVALID_FHIR,
                "The intake form does not meet the intake contract",
                errors.size() + " error(s), each naming the item's linkId; see errors", errors));
    }
}
