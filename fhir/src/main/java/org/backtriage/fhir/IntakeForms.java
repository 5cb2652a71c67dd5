package org.backtriage.fhir;

import org.hl7.fhir.r4.model.QuestionnaireResponse;

import java.util.Collection;
import java.util.Comparator;
import java.util.Date;
import java.util.Optional;

/** Choosing among a patient's intake forms. */
public final class IntakeForms {
    private IntakeForms() {
    }

    /**
     * The newest form by {@code authored} compared as instants: {@code 2025-03-14T09:00:00+10:00} is
     * older than {@code 2025-03-13T23:30:00Z}, though its text sorts later. A form without an authored
     * time counts as the oldest.
     */
    public static Optional<QuestionnaireResponse> newest(Collection<QuestionnaireResponse> forms) {
        return forms.stream().max(Comparator.comparing(IntakeForms::authored,
                Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    private static Date authored(QuestionnaireResponse form) {
        return form.getAuthoredElement().getValue();
    }
}
