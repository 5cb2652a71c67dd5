package org.backtriage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.authoring.Explainer;
import org.backtriage.commandline.ExitCode;
import org.backtriage.fhir.FhirBatch;
import org.backtriage.batch.Input;
import org.backtriage.batch.Json;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordEvaluator;
import org.backtriage.batch.RecordReader;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.ValidationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code backtriage explain}: which rule made each finding for one intake, and why an exercise has its status. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Explains one intake: which rule made each finding, and why an exercise has its status.",
                "FILE is any input evaluate takes (.json, .ndjson, .jsonl, .csv, FHIR); --id picks one record out of it",
                "(a file holding one record needs no --id). Prints each finding with its rule, the rule's source,",
                "its conditions and the facts they matched; with --exercise, which rule listed the exercise and which changed its status.",
                "Exit 0 explained, 1 the intake is not valid, 2 usage error (no such record, no rules folder) or rules that do not compile."})
public final class ExplainCommand implements Callable<Integer> {
    private static final int IDS_SHOWN = 10;

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Option(names = "--exercise", paramLabel = "ID", description = "Explain this exercise's status (an exercise id such as toe-reach).")
    String exercise;

    @Option(names = "--id", paramLabel = "ID", description = "The id of the record to explain, when FILE holds more than one.")
    String id;

    @Parameters(index = "0", paramLabel = "FILE", description = "A .json, .ndjson, .jsonl or .csv file (or FHIR, or a folder) of intakes, as for evaluate.")
    Path intakeFile;

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(intakeFile)) {
            throw new IllegalArgumentException("intake file not found: " + intakeFile);
        }
        TriageEngine engine = rules.authoringEngine();
        Chosen chosen = choose(engine);
        if (chosen.result() instanceof ValidationResult.Invalid invalid) {
            invalid.errors().forEach(e -> err.println(chosen.location() + ": " + e.field() + ": " + e.message()));
            err.println("backtriage: the intake is not valid; nothing to explain");
            err.flush();
            return ExitCode.PROBLEMS;
        }
        Explainer explainer = new Explainer(engine);
        var intake = ((ValidationResult.Valid) chosen.result()).intake();
        List<String> lines = exercise == null ? explainer.findings(intake) : explainer.exercise(intake, exercise);
        lines.forEach(out::println);
        out.flush();
        return ExitCode.OK;
    }

    /** The record to explain and where it is. */
    private record Chosen(String location, ValidationResult result) {
    }

    /**
     * Reads the file's records as evaluate does (so a record evaluate rejects is rejected here with the same
     * plain message) and picks the one with --id, or the only one.
     */
    private Chosen choose(TriageEngine engine) throws IOException {
        ObjectMapper json = Json.mapper();
        List<Input> inputs = FhirBatch.detect(Input.expand(List.of(intakeFile.toString()), null), json);
        List<String> ids = new ArrayList<>();
        Chosen only = null;
        int records = 0;
        try (FhirBatch fhir = FhirBatch.prepare(inputs, System.in, json)) {
            RecordEvaluator evaluator = new RecordEvaluator(engine, json, fhir.active() ? fhir : null);
            for (Input input : fhir.inputs()) {
                try (RecordReader reader = input.open(System.in, json)) {
                    for (RawRecord record = reader.next(); record != null; record = reader.next()) {
                        ValidationResult result = evaluator.validate(record);
                        records++;
                        if (id != null && id.equals(result.intakeId())) {
                            return new Chosen(record.location(), result);
                        }
                        if (result.intakeId() != null && ids.size() <= IDS_SHOWN) {
                            ids.add(result.intakeId());
                        }
                        only = records == 1 ? new Chosen(record.location(), result) : null;
                    }
                }
            }
        }
        String some = ids.isEmpty() ? "" : " (ids: " + String.join(", ", ids.subList(0, Math.min(ids.size(), IDS_SHOWN)))
                + (ids.size() > IDS_SHOWN ? ", ..." : "") + ")";
        if (id != null) {
            throw new IllegalArgumentException("no record with id '" + id + "' in " + intakeFile + some);
        }
        if (records == 0) {
            throw new IllegalArgumentException(intakeFile + " holds no intake record");
        }
        if (only == null) {
            throw new IllegalArgumentException(intakeFile + " holds " + records + " records: pick one with --id" + some);
        }
        return only;
    }
}
