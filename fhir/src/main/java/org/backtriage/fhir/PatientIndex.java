package org.backtriage.fhir;

import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The Patients of one input, by the references a form's {@code subject} may use: {@code Patient/ID}
 * (also when written as an absolute URL or with a version) and the Bundle entry's {@code fullUrl}
 * ({@code urn:uuid:...}). Each keeps only its birth date (see {@link FormSubject}), so an index of a
 * million patients stays around a hundred megabytes. Filled once before the forms are read, then
 * read by many threads.
 */
public final class PatientIndex {
    private final Map<String, FormSubject> byReference = new ConcurrentHashMap<>();
    // Patient/ID keys that some Patient of the input gave under an absolute URL (its server is known)
    private final java.util.Set<String> onAKnownServer = ConcurrentHashMap.newKeySet();
    private final AtomicLong patients = new AtomicLong();

    /**
     * Adds one Patient resource.
     *
     * @param fullUrl the Bundle entry's fullUrl, or {@code null}
     */
    public void add(Patient patient, String fullUrl) {
        patients.incrementAndGet();
        FormSubject subject = FormSubject.of(patient);
        if (patient.getIdElement().hasIdPart()) {
            put("Patient/" + patient.getIdElement().getIdPart(), subject);
        }
        if (fullUrl != null && !fullUrl.isBlank()) {
            put(fullUrl, subject);
            String relative = relative(fullUrl);
            if (relative != null) {
                put(relative, subject);
                if (absolute(fullUrl)) {
                    onAKnownServer.add(relative);
                }
            }
        }
    }

    /** How many Patient resources were added (the same patient twice counts twice). */
    public long patients() {
        return patients.get();
    }

    /** The subject of a form: a contained Patient, or one of this index, or why there is none. */
    public FormSubject subjectOf(QuestionnaireResponse form) {
        Reference subject = form.getSubject();
        if (subject.getResource() instanceof Patient contained) {
            return FormSubject.of(contained);
        }
        if (!subject.hasReference()) {
            return FormSubject.missing("the form has no subject (a reference to its Patient)");
        }
        String reference = subject.getReference();
        FormSubject found = byReference.get(reference);
        if (found == null && absolute(reference) && relative(reference) != null && onAKnownServer.contains(relative(reference))) {
            // an absolute reference names one server's Patient: a Patient with the same id on another server is
            // another person, so where the input says which server its Patient is on, only the exact URL matches.
            // (A Bulk Data export gives Patients without their server: there the id is all there is.)
            return FormSubject.missing("the form's Patient (its subject, " + serverOf(reference) + ") is not in the input");
        }
        if (found == null) {
            String relative = relative(reference);
            if (relative == null) {
                return FormSubject.missing("the form's subject is not a Patient");
            }
            found = byReference.get(relative);
        }
        return found != null ? found : FormSubject.missing("the form's Patient (its subject) is not in the input");
    }

    /** Two Patients under one reference with different birth dates: neither is trusted for the age. */
    private void put(String key, FormSubject subject) {
        byReference.merge(key, subject, (old, added) -> old.equals(added) ? old
                : FormSubject.missing("the input holds two Patients for the form's subject, with different birth dates"));
    }

    private static boolean absolute(String reference) {
        String lower = reference.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }

    /** The server part of an absolute reference, for a message (never the patient's id). */
    private static String serverOf(String reference) {
        try {
            java.net.URI uri = java.net.URI.create(reference);
            return "a Patient on " + uri.getScheme() + "://" + uri.getHost();
        } catch (IllegalArgumentException e) {
            return "an absolute reference";
        }
    }

    /** {@code Patient/ID} for any reference to a Patient (relative, absolute, versioned); else {@code null}. */
    static String relative(String reference) {
        if (reference.startsWith("#") || reference.toLowerCase(Locale.ROOT).startsWith("urn:")) {
            return null;
        }
        IdType id = new IdType(reference);
        if (!"Patient".equals(id.getResourceType()) || !id.hasIdPart()) {
            return null;
        }
        return "Patient/" + id.getIdPart();
    }
}
