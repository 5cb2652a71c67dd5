package org.backtriage.fhir;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.client.exceptions.FhirClientConnectionException;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a patient's intake form and Patient from a CDS Client's FHIR server with HAPI's generic client,
 * sending the bearer token the client handed over. Failures say what happened in words that never
 * quote the server's answer or the token.
 */
public final class FhirServerForms {
    /** Forms asked for at once; the newest of them is taken by {@code authored} as instants. */
    static final int PAGE = 10;

    private final FhirR4 fhir;

    public FhirServerForms(FhirR4 fhir) {
        this.fhir = fhir;
    }

    /** The server could not give what was asked. */
    public static final class Unavailable extends RuntimeException {
        public Unavailable(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * The patient's newest completed back-pain intake form, or empty when there is none. The search is
     * the discovery response's prefetch template for {@code intake}, so what is fetched is what a CDS
     * Client would have prefetched.
     */
    public Optional<QuestionnaireResponse> newestForm(String baseUrl, String bearerToken, String patientId) {
        IGenericClient client = fhir.client(baseUrl, bearerToken);
        Bundle page = call(() -> client.search().forResource(QuestionnaireResponse.class)
                .where(QuestionnaireResponse.SUBJECT.hasId("Patient/" + patientId))
                .and(QuestionnaireResponse.QUESTIONNAIRE.hasId(QuestionnaireResponseMapper.QUESTIONNAIRE_URL))
                .and(QuestionnaireResponse.STATUS.exactly().code("completed"))
                .sort().descending(QuestionnaireResponse.AUTHORED)
                .count(PAGE)
                .returnBundle(Bundle.class)
                .execute(), "search its QuestionnaireResponses");
        List<QuestionnaireResponse> forms = new ArrayList<>();
        for (Bundle.BundleEntryComponent entry : page.getEntry()) {
            if (entry.getResource() instanceof QuestionnaireResponse form) {
                forms.add(form);
            }
        }
        return IntakeForms.newest(forms);
    }

    /** The Patient {@code patientId}. */
    public Patient patient(String baseUrl, String bearerToken, String patientId) {
        IGenericClient client = fhir.client(baseUrl, bearerToken);
        return call(() -> client.read().resource(Patient.class).withId(new IdType("Patient", patientId)).execute(),
                "read the Patient");
    }

    private static <T> T call(java.util.function.Supplier<T> request, String what) {
        try {
            return request.get();
        } catch (FhirClientConnectionException e) { // before its superclass: a connection never got an answer
            BoundedFetch.LimitExceeded limit = limit(e);
            if (limit != null) {
                throw new Unavailable("the FHIR server's answer broke a limit when asked to " + what + ": " + limit.getMessage());
            }
            throw new Unavailable("the FHIR server could not be reached, or did not answer in time, to " + what);
        } catch (BaseServerResponseException e) {
            // a redirect (3xx) lands here too: it is never followed, so the token goes to no other address
            throw new Unavailable("the FHIR server answered HTTP " + e.getStatusCode() + " when asked to " + what
                    + (e.getStatusCode() / 100 == 3 ? " (a redirect: backtriage fetches only from the listed server)" : ""));
        } catch (RuntimeException e) {
            BoundedFetch.LimitExceeded limit = limit(e);
            if (limit != null) {
                throw new Unavailable("the FHIR server's answer broke a limit when asked to " + what + ": " + limit.getMessage());
            }
            throw new Unavailable("the FHIR server's answer could not be read when asked to " + what);
        }
    }

    private static BoundedFetch.LimitExceeded limit(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BoundedFetch.LimitExceeded limit) {
                return limit;
            }
        }
        return null;
    }
}
