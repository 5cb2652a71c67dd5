package org.backtriage.cli;

import org.backtriage.batch.AtomicOutputFile;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.FhirBatch;
import org.backtriage.batch.Input;
import org.backtriage.batch.InputFormat;
import org.backtriage.batch.Json;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.RecordEvaluator;
import org.backtriage.batch.RecordSink;
import org.backtriage.batch.Summary;
import org.backtriage.engine.TriageEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code backtriage evaluate}: a batch of intake records through the rules, one output line per record. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluates intake records (JSON, NDJSON, CSV) and writes one assessment or error record per input record, in input order.",
                "Results go to stdout or --out; diagnostics, progress and the summary go to stderr."})
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "ndjson",
            description = "Output format: ndjson (default), json or csv.")
    String format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write results to FILE (written to a temporary file and renamed on success).")
    Path out;

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "Format of standard input ('-'): json, ndjson, csv or fhir"
            + " (Bulk Data NDJSON or a Bundle). FHIR files are recognised by their resourceType.")
    String inputFormat;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--quiet", description = "No progress bar.")
    boolean quiet;

    @Option(names = "--summary", paramLabel = "FILE", description = "Also write the summary as JSON to FILE.")
    Path summaryFile;

    @Option(names = "--fail-fast", description = "Stop at the first record that is rejected.")
    boolean failFast;

    @Option(names = "--detail", paramLabel = "DETAIL", defaultValue = "full",
            description = {"full (default): every text a person reads; codes: ids, statuses, codes, levels and rule ids only,",
                    "about a third of the size (the texts are in GET /v1/ruleset and the rule catalogue, by rule set version)."})
    String detail;

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "A file, a folder (its .json, .ndjson, .jsonl and .csv files, in name order) or '-' for standard input.")
    List<String> inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        OutputFormat outputFormat = parseFormat(format, "--format");
        InputFormat stdinFormat = inputFormat == null ? null : parseInputFormat(inputFormat);
        ObjectMapper json = Json.mapper();
        List<Input> expanded = FhirBatch.detect(Input.expand(inputs, stdinFormat), json);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new IllegalArgumentException("--threads must be 1 or more");
        }

        // files are opened before any work, so an unwritable --out or --summary is reported at once
        try (AtomicOutputFile summaryOut = summaryFile == null ? null : new AtomicOutputFile(summaryFile);
             AtomicOutputFile resultsOut = out == null ? null : new AtomicOutputFile(out)) {
            TriageEngine engine = rules.engine(err);
            Summary summary;
            try (FhirBatch fhir = FhirBatch.prepare(expanded, System.in, json)) {
                if (fhir.active()) {
                    // Patients give ages; they are not records, so they are counted apart from the records read
                    err.println("backtriage: " + fhir.patients() + " FHIR Patient resource(s) read for ages");
                }
                BatchEvaluator batch = new BatchEvaluator(new RecordEvaluator(engine, json, fhir.active() ? fhir : null), json,
                        new BatchEvaluator.Options(workers, outputFormat, failFast, parseDetail(detail)));
                List<Input> records = fhir.inputs();
                long totalChars = records.stream().mapToLong(Input::size).reduce(0, (x, y) -> x < 0 || y < 0 ? -1 : x + y);
                try (ProgressDisplay progress = ProgressDisplay.start(!quiet, totalChars, err)) {
                    summary = batch.run(records, System.in,
                            resultsOut == null ? RecordSink.of(spec.commandLine().getOut()) : RecordSink.of(resultsOut.stream()), progress);
                    if (resultsOut != null && !summary.stoppedEarly()) {
                        resultsOut.commit();
                    }
                } catch (BatchEvaluator.OutputFailure e) {
                    err.println("backtriage: the output could not be written (" + e.getMessage() + "); the run stopped"
                            + (out == null ? "" : " and " + out + " was not written"));
                    err.flush();
                    return ExitCode.OUTPUT_FAILED;
                }
            }
            err.println(summary.oneLine());
            err.flush();
            if (summaryOut != null) {
                summaryOut.writeAndCommit(json.writerWithDefaultPrettyPrinter().writeValueAsString(summary) + "\n");
            }
            if (summary.stoppedEarly()) {
                err.println("backtriage: stopped at the first rejected record (--fail-fast)");
                err.flush();
            }
            if (summary.ruleFailed() > 0) {
                return ExitCode.RULE_FAILED;
            }
            return summary.rejected() > 0 ? ExitCode.PROBLEMS : ExitCode.OK;
        }
    }

    private static OutputFormat.Detail parseDetail(String value) {
        try {
            return OutputFormat.Detail.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--detail must be full or codes, not '" + value + "'");
        }
    }

    private static InputFormat parseInputFormat(String value) {
        try {
            return InputFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--input-format must be json, ndjson, csv or fhir, not '" + value + "'");
        }
    }

    private static OutputFormat parseFormat(String value, String option) {
        try {
            return OutputFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " must be ndjson, json or csv, not '" + value + "'");
        }
    }
}
