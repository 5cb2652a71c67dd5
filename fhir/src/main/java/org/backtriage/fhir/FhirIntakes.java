package org.backtriage.fhir;

import org.backtriage.intake.FieldError;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.QuestionnaireResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * FHIR to validated intake, for every door: a {@code QuestionnaireResponse} (and its Patient's birth
 * date) is mapped to the intake JSON and checked by the one {@link IntakeValidator}. The errors are one
 * list: the form's own first (its value problems and the mapper's linkId errors), then the contract's
 * on fields not already named. Thread-safe.
 */
public final class FhirIntakes {
    private final FhirR4 fhir;
    private final QuestionnaireResponseMapper mapper = new QuestionnaireResponseMapper();
    private final IntakeValidator validator = new IntakeValidator();

    public FhirIntakes(FhirR4 fhir) {
        this.fhir = fhir;
    }

    public FhirR4 fhir() {
        return fhir;
    }

    /**
     * One resource as JSON text: a QuestionnaireResponse is assessed with its Patient from
     * {@code patients}; any other resource is an error naming {@code resourceType}.
     */
    public ValidationResult fromResource(String json, PatientIndex patients) {
        FhirR4.Parsed parsed = fhir.parse(json);
        IBaseResource resource = parsed.resource();
        if (resource == null) {
            return new ValidationResult.Invalid(null, parsed.problems());
        }
        if (!(resource instanceof QuestionnaireResponse form)) {
            String id = resource.getIdElement().getIdPart();
            String type = resource.fhirType();
            return new ValidationResult.Invalid(id, List.of(new FieldError("resourceType", "Patient".equals(type)
                    ? "a Patient gives the age of the forms that refer to it only in a FHIR input (Bulk Data NDJSON or a Bundle)"
                    : "backtriage reads QuestionnaireResponse resources of the back-pain intake form (and Patient"
                    + " resources for ages), not " + type)));
        }
        return fromForm(form, patients.subjectOf(form), parsed.problems());
    }

    /** A parsed form and its subject's birth date (or why there is none). */
    public ValidationResult fromForm(QuestionnaireResponse form, FormSubject subject) {
        return fromForm(form, subject, List.of());
    }

    private ValidationResult fromForm(QuestionnaireResponse form, FormSubject subject, List<FieldError> problems) {
        QuestionnaireResponseMapper.Mapped mapped = mapper.map(form, subject);
        List<FieldError> own = new ArrayList<>(problems);
        own.addAll(mapped.errors());
        String id = mapped.intake().path("id").asText(null);
        if (mapped.otherForm()) {
            return new ValidationResult.Invalid(id, own); // the contract's errors on its items would only be noise
        }
        ValidationResult result = validator.validate(mapped.intake());
        if (result instanceof ValidationResult.Invalid invalid) {
            Set<String> named = own.stream().map(FieldError::field).collect(Collectors.toSet());
            for (FieldError error : invalid.errors()) {
                if (!named.contains(error.field()) && !own.contains(error)) {
                    own.add(error);
                }
            }
        }
        return own.isEmpty() ? result : new ValidationResult.Invalid(id, own);
    }
}
