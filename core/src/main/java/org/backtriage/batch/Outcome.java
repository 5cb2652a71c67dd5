package org.backtriage.batch;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.RuleFailure;
import org.backtriage.intake.FieldError;

import java.util.List;

/**
 * What became of one input record: an assessment, or the errors that rejected it. Exactly one is set.
 *
 * @param failedRule when a rule failed on the record (it is then rejected, with an error naming the rule):
 *                   the rule's id; {@code null} otherwise
 */
public record Outcome(String location, Assessment assessment, Rejection rejection, String failedRule) {

    /** The error record of the output contract: {@code {"intakeId"?, "location", "errors":[{field, message}]}}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Rejection(String intakeId, String location, List<FieldError> errors) {
        public Rejection {
            errors = List.copyOf(errors);
        }
    }

    public static Outcome assessed(String location, Assessment assessment) {
        return new Outcome(location, assessment, null, null);
    }

    public static Outcome rejected(String location, String intakeId, List<FieldError> errors) {
        return new Outcome(location, null, new Rejection(intakeId, location, errors), null);
    }

    /** A valid record that a rule failed on: an error record naming the rule and what it threw, never its message. */
    public static Outcome ruleFailed(String location, String intakeId, RuleFailure failure) {
        String thrown = failure.thrown().substring(failure.thrown().lastIndexOf('.') + 1);
        return new Outcome(location, null, new Rejection(intakeId, location, List.of(new FieldError(FieldError.RECORD,
                "the rule " + failure.ruleId() + " failed on this record (" + thrown + "), so it was not assessed;"
                        + " the record is valid: report it to the rule authors"))), failure.ruleId());
    }

    public boolean isAssessed() {
        return assessment != null;
    }
}
