package org.backtriage.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.backtriage.assessment.Assessment;
import org.backtriage.intake.FieldError;

import java.util.List;

/** What became of one input record: an assessment, or the errors that rejected it. Exactly one is set. */
public record Outcome(String location, Assessment assessment, Rejection rejection) {

    /** The error record of the output contract: {@code {"intakeId"?, "location", "errors":[{field, message}]}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rejection(String intakeId, String location, List<FieldError> errors) {
        public Rejection {
            errors = List.copyOf(errors);
        }
    }

    public static Outcome assessed(String location, Assessment assessment) {
        return new Outcome(location, assessment, null);
    }

    public static Outcome rejected(String location, String intakeId, List<FieldError> errors) {
        return new Outcome(location, null, new Rejection(intakeId, location, errors));
    }

    public boolean isAssessed() {
        return assessment != null;
    }
}
