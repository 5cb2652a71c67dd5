package org.backtriage.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.assessment.Assessment;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Intake;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;

import java.io.IOException;

/**
 * What both HTTP doors share: body to JSON, JSON to a validated {@link Intake} (the one validator of the
 * contract), intake to assessment on the engine the request started with, and the audit line.
 * Failures are {@link Problem.Failure}s that say what is wrong without echoing the input.
 */
public final class IntakeAssessor {
    static final String INVALID_INTAKE = "https://backtriage.example/problems/invalid-intake";
    static final String MALFORMED_JSON = "https://backtriage.example/problems/malformed-json";

    private final ObjectMapper json;
    private final IntakeValidator validator = new IntakeValidator();
    private final AuditLog audit;

    public IntakeAssessor(ObjectMapper json, AuditLog audit) {
        this.json = json;
        this.audit = audit;
    }

    /** Parses a request body as one JSON value; malformed JSON is a 400. */
    public JsonNode parse(byte[] body) {
        try {
            JsonNode node = json.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw new Problem.Failure(Problem.withErrors(400, MALFORMED_JSON, "Malformed JSON",
                        "the request body is empty", null));
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new Problem.Failure(Problem.withErrors(400, MALFORMED_JSON, "Malformed JSON", describe(e), null));
        } catch (IOException e) {
            throw new Problem.Failure(Problem.withErrors(400, MALFORMED_JSON, "Malformed JSON",
                    "the request body could not be read as JSON", null));
        }
    }

    /** Checks the intake contract; every violation is listed in one 422. */
    public Intake validate(JsonNode node) {
        ValidationResult result = validator.validate(node);
        if (result instanceof ValidationResult.Invalid invalid) {
            throw new Problem.Failure(Problem.withErrors(422, INVALID_INTAKE, "Intake does not meet the contract",
                    invalid.errors().size() + " field error(s); see errors", invalid.errors()));
        }
        return ((ValidationResult.Valid) result).intake();
    }

    /** Assesses on {@code engine} (the one the request read once) and writes the audit line. */
    public Assessment assess(TriageEngine engine, Intake intake, String door) {
        Assessment assessment = engine.assess(intake);
        if (audit != null) {
            audit.record(door, intake, assessment);
        }
        return assessment;
    }

    /** Where the JSON broke, never what it said (Jackson's own messages quote the input). */
    private static String describe(JsonProcessingException e) {
        String where = e.getLocation() == null ? ""
                : " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        if (e instanceof StreamConstraintsException) {
            return "the JSON is nested too deeply, or has a number or text too long" + where;
        }
        String original = String.valueOf(e.getOriginalMessage());
        if (original.contains("Duplicate field")) {
            return "a field appears twice" + where;
        }
        if (original.contains("end-of-input")) {
            return "the body ends before its JSON is complete" + where;
        }
        if (original.contains("Trailing token")) {
            return "there is more text after the JSON value" + where;
        }
        return "the body is not valid JSON" + where;
    }
}
