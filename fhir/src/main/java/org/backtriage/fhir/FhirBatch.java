package org.backtriage.fhir;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.batch.FhirRecordReader;
import org.backtriage.batch.Input;
import org.backtriage.batch.InputFormat;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordEvaluator;
import org.backtriage.batch.RecordMapping;
import org.backtriage.batch.RecordReader;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import org.hl7.fhir.r4.model.Patient;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * FHIR in a batch: which inputs are FHIR, the Patients they hold, and the mapping of each resource
 * record to an intake on the workers.
 *
 * <p>A Patient may come after the forms that refer to it (Bulk Data writes one file per resource type;
 * a Bundle lists its entries in any order), so the FHIR inputs are read twice: once before the run, to
 * index every Patient's birth date, then as records. Standard input cannot be read twice: it is first
 * copied to a temporary file (readable by this user only), deleted when the run ends.
 */
public final class FhirBatch implements RecordMapping, Closeable {
    private final List<Input> inputs;
    private final FhirIntakes intakes;
    private final PatientIndex patients;
    private final Path spooled;

    private FhirBatch(List<Input> inputs, FhirIntakes intakes, PatientIndex patients, Path spooled) {
        this.inputs = inputs;
        this.intakes = intakes;
        this.patients = patients;
        this.spooled = spooled;
    }

    /**
     * The inputs with every JSON or NDJSON file whose first value is an object with a
     * {@code resourceType} marked as FHIR (detection by content: Bulk Data files are {@code .ndjson}).
     */
    public static List<Input> detect(List<Input> inputs, ObjectMapper json) {
        List<Input> detected = new ArrayList<>(inputs.size());
        for (Input input : inputs) {
            boolean candidate = input.path() != null
                    && (input.format() == InputFormat.JSON || input.format() == InputFormat.NDJSON);
            detected.add(candidate && firstValueIsResource(input.path(), json)
                    ? new Input(input.name(), input.path(), InputFormat.FHIR) : input);
        }
        return detected;
    }

    /**
     * Reads every Patient of the FHIR inputs (after copying FHIR standard input to a file). With no
     * FHIR input it does nothing and {@link #active()} is false: HAPI is not even started.
     */
    public static FhirBatch prepare(List<Input> inputs, InputStream stdin, ObjectMapper json) throws IOException {
        if (inputs.stream().noneMatch(i -> i.format() == InputFormat.FHIR)) {
            return new FhirBatch(inputs, null, null, null);
        }
        Path spooled = null;
        List<Input> prepared = new ArrayList<>(inputs.size());
        for (Input input : inputs) {
            if (input.format() == InputFormat.FHIR && input.path() == null) {
                spooled = Files.createTempFile("backtriage-stdin-", ".fhir");
                spooled.toFile().deleteOnExit();
                Files.copy(stdin, spooled, StandardCopyOption.REPLACE_EXISTING);
                prepared.add(new Input(input.name(), spooled, InputFormat.FHIR));
            } else {
                prepared.add(input);
            }
        }
        FhirIntakes intakes = new FhirIntakes(new FhirR4());
        PatientIndex patients = new PatientIndex();
        for (Input input : prepared) {
            if (input.format() == InputFormat.FHIR) {
                index(input, json, intakes.fhir(), patients);
            }
        }
        return new FhirBatch(prepared, intakes, patients, spooled);
    }

    /** The inputs to read (standard input replaced by its copy). */
    public List<Input> inputs() {
        return inputs;
    }

    /** True when some input is FHIR. */
    public boolean active() {
        return intakes != null;
    }

    /** How many Patient resources the FHIR inputs hold (they give ages; they are not records). */
    public long patients() {
        return patients == null ? 0 : patients.patients();
    }

    /**
     * One record to a validated intake on a worker: a FHIR resource (a JSON object with a
     * {@code resourceType}) through the FHIR mapping, anything else as an intake record.
     */
    @Override
    public ValidationResult validate(RawRecord record, ObjectMapper json, IntakeValidator validator) {
        if (!active() || record.problem() != null) {
            return RecordEvaluator.validate(record, json, validator);
        }
        JsonNode node = record.node();
        if (node == null) {
            try {
                node = json.readTree(record.text());
            } catch (JsonProcessingException e) {
                return RecordEvaluator.validate(record, json, validator); // names the syntax error
            }
        }
        if (!node.isObject() || !node.has("resourceType")) {
            return validator.validate(node);
        }
        return intakes.fromResource(record.text() != null ? record.text() : node.toString(), patients);
    }

    private static void index(Input input, ObjectMapper json, FhirR4 fhir, PatientIndex patients) throws IOException {
        try (RecordReader reader = input.open(InputStream.nullInputStream(), json)) {
            ((FhirRecordReader) reader).patientsTo((text, fullUrl) -> {
                if (fhir.parse(text).resource() instanceof Patient patient) {
                    patients.add(patient, fullUrl);
                }
            });
            while (reader.next() != null) {
                // records are read in the run; this pass only meets the Patients
            }
        }
    }

    private static boolean firstValueIsResource(Path file, ObjectMapper json) {
        try (JsonParser parser = json.getFactory().createParser(Files.newInputStream(file))) { // bytes: Jackson skips a BOM
            return FhirRecordReader.resourceType(parser) != null;
        } catch (IOException | RuntimeException e) {
            return false; // unreadable: the intake readers report it as they always do
        }
    }

    @Override
    public void close() throws IOException {
        if (spooled != null) {
            Files.deleteIfExists(spooled);
        }
    }
}
