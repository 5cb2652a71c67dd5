package org.backtriage.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Patient;

import java.time.LocalDate;

/**
 * What the age of a form's patient can be worked out from: the Patient's full birth date, or, when
 * there is none, why (in words for the error that names {@code age}). Only the birth date is kept of
 * a Patient: nothing else of it is needed, so nothing else is held.
 *
 * @param birthDate the full birth date, or {@code null}
 * @param missing   why there is no birth date, or {@code null} when there is one
 */
public record FormSubject(LocalDate birthDate, String missing) {
    public FormSubject {
        if ((birthDate == null) == (missing == null)) {
            throw new IllegalArgumentException("a birth date or the reason there is none, not both");
        }
    }

    public static FormSubject missing(String why) {
        return new FormSubject(null, why);
    }

    /** The birth date of a Patient resource, or why it cannot give an age. */
    public static FormSubject of(Patient patient) {
        if (patient == null) {
            return missing("there is no Patient for the form");
        }
        DateType birth = patient.getBirthDateElement();
        if (birth == null || !birth.hasValue()) {
            return missing("the form's Patient has no birthDate");
        }
        if (birth.getPrecision() != TemporalPrecisionEnum.DAY) {
            return missing("the form's Patient.birthDate is not a full date (YYYY-MM-DD), so the age could be a year out");
        }
        try {
            return new FormSubject(LocalDate.parse(birth.getValueAsString()), null);
        } catch (java.time.format.DateTimeParseException e) {
            // 1980-02-30: HAPI keeps the text, but there is no such day, so there is no age to work out
            return missing("the form's Patient.birthDate is not a real date");
        }
    }
}
