package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.engine.RuleFailure;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.FieldError;
import org.backtriage.intake.Intake;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;

import java.util.List;

/**
 * Turns one raw record into an {@link Outcome}: parse, validate, assess. Never throws for bad input, nor for
 * a rule that fails on one record.
 */
public final class RecordEvaluator {
    private final TriageEngine engine;
    private final ObjectMapper json;
    private final IntakeValidator validator = new IntakeValidator();
    private final RecordMapping mapping;

    public RecordEvaluator(TriageEngine engine, ObjectMapper json) {
        this(engine, json, null);
    }

    /** @param mapping how records that are not intakes become intakes (FHIR's), or {@code null} when all are intakes */
    public RecordEvaluator(TriageEngine engine, ObjectMapper json, RecordMapping mapping) {
        this.engine = engine;
        this.json = json;
        this.mapping = mapping;
    }

    public Outcome evaluate(RawRecord record) {
        ValidationResult result = validate(record);
        if (result instanceof ValidationResult.Invalid invalid) {
            return Outcome.rejected(record.location(), invalid.intakeId(), invalid.errors());
        }
        Intake intake = ((ValidationResult.Valid) result).intake();
        try {
            return Outcome.assessed(record.location(), engine.assess(intake));
        } catch (RuleFailure failure) {
            // one record's failure: it becomes an error record naming the rule, the batch goes on
            return Outcome.ruleFailed(record.location(), intake.id(), failure);
        }
    }

    /** One record read as evaluate reads it (a FHIR resource through the FHIR mapping), validated; no rule runs. */
    public ValidationResult validate(RawRecord record) {
        return mapping == null ? validate(record, json, validator) : mapping.validate(record, json, validator);
    }

    /** Parses (when the record is text) and validates one record; an unreadable record is invalid. */
    public static ValidationResult validate(RawRecord record, ObjectMapper json, IntakeValidator validator) {
        if (record.problem() != null) {
            return new ValidationResult.Invalid(null, List.of(record.problem()));
        }
        JsonNode node = record.node();
        if (node == null) {
            try {
                node = json.readTree(record.text());
            } catch (JsonProcessingException e) {
                return new ValidationResult.Invalid(null, List.of(new FieldError(FieldError.RECORD, JsonProblems.describe(e))));
            }
        }
        return validator.validate(node);
    }
}
