package org.backtriage.batch;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;

/**
 * How a batch turns one raw record into a validated intake when the records are not plain intakes: the FHIR
 * module maps QuestionnaireResponse resources this way. The core reads intake records itself
 * ({@link RecordEvaluator#validate(RawRecord, ObjectMapper, IntakeValidator)}) and knows nothing of FHIR.
 */
@FunctionalInterface
public interface RecordMapping {
    ValidationResult validate(RawRecord record, ObjectMapper json, IntakeValidator validator);
}
