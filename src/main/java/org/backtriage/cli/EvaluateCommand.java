package org.backtriage.cli;

import org.backtriage.batch.AtomicOutputFile;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.InputFormat;
import org.backtriage.batch.Json;
import org.backtriage.batch.OutputFormat;
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

import java.io.IOException;
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

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "Format of standard input ('-'): json, ndjson or csv.")
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
        InputFormat stdinFormat = inputFormat == null ? null : InputFormat.valueOf(parseFormat(inputFormat, "--input-format").name());
        List<Input> expanded = Input.expand(inputs, stdinFormat);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new IllegalArgumentException("--threads must be 1 or more");
        }

        TriageEngine engine = rules.engine(err);

        ObjectMapper json = Json.mapper();
        BatchEvaluator batch = new BatchEvaluator(engine, json,
                new BatchEvaluator.Options(workers, outputFormat, failFast, parseDetail(detail)));
        long totalChars = expanded.stream().mapToLong(Input::size).reduce(0, (a, b) -> a < 0 || b < 0 ? -1 : a + b);
        Summary summary;
        try (ProgressDisplay progress = ProgressDisplay.start(!quiet, totalChars, err)) {
            summary = out == null
                    ? batch.run(expanded, System.in, RecordSink.of(spec.commandLine().getOut()), progress)
                    : runToFile(batch, expanded, progress);
        } catch (BatchEvaluator.OutputFailure e) {
            err.println("backtriage: the output could not be written (" + e.getMessage() + "); the run stopped"
                    + (out == null ? "" : " and " + out + " was not written"));
            err.flush();
            return ExitCode.OUTPUT_FAILED;
        }
        err.println(summary.oneLine());
        if (summaryFile != null) {
            json.writerWithDefaultPrettyPrinter().writeValue(summaryFile.toFile(), summary);
        }
        err.flush();
        if (summary.stoppedEarly()) {
            err.println("backtriage: stopped at the first rejected record (--fail-fast)");
            err.flush();
        }
        return summary.rejected() > 0 ? ExitCode.PROBLEMS : ExitCode.OK;
    }

    /** Writes to a hidden file beside --out and renames it into place only when the run completed. */
    private Summary runToFile(BatchEvaluator batch, List<Input> expanded, BatchEvaluator.Progress progress)
            throws IOException, InterruptedException {
        try (AtomicOutputFile file = new AtomicOutputFile(out)) {
            Summary summary = batch.run(expanded, System.in, RecordSink.of(file.writer()), progress);
            if (!summary.stoppedEarly()) {
                file.commit();
            }
            return summary;
        }
    }

    private static OutputFormat.Detail parseDetail(String value) {
        try {
            return OutputFormat.Detail.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--detail must be full or codes, not '" + value + "'");
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
