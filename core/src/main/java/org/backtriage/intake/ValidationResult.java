package org.backtriage.intake;

import java.util.List;

/** What the validator made of one record: an {@link Intake}, or the field errors that reject it. */
public sealed interface ValidationResult {

    /** The record's id when it has a readable one, else {@code null}. */
    String intakeId();

    record Valid(Intake intake) implements ValidationResult {
        @Override
        public String intakeId() {
            return intake.id();
        }
    }

    record Invalid(String intakeId, List<FieldError> errors) implements ValidationResult {
        public Invalid {
            errors = List.copyOf(errors);
        }
    }
}
