package org.backtriage.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;

/** Turns one raw record into an {@link Outcome}: parse, validate, assess. Never throws for bad input. */
public final class RecordEvaluator {
    private final TriageEngine engine;
    private final ObjectMapper json;
    private final IntakeValidator validator = new IntakeValidator();

    public RecordEvaluator(TriageEngine engine, ObjectMapper json) {
        this.engine = engine;
        this.json = json;
    }

    public Outcome evaluate(RawRecord record) {
        if (record.problem() != null) {
            return Outcome.rejected(record.location(), null, java.util.List.of(record.problem()));
        }
        JsonNode node = record.node();
        if (node == null) {
            try {
                node = json.readTree(record.text());
            } catch (JsonProcessingException e) {
                return Outcome.rejected(record.location(), null, java.util.List.of(
                        new org.backtriage.intake.FieldError(org.backtriage.intake.FieldError.RECORD, JsonProblems.describe(e))));
            }
        }
        ValidationResult result = validator.validate(node);
        if (result instanceof ValidationResult.Invalid invalid) {
            return Outcome.rejected(record.location(), invalid.intakeId(), invalid.errors());
        }
        return Outcome.assessed(record.location(), engine.assess(((ValidationResult.Valid) result).intake()));
    }
}
