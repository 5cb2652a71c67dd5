package org.backtriage.cli;

import org.backtriage.batch.AtomicOutputFile;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Disk;
import org.backtriage.batch.Input;
import org.backtriage.batch.InputFormat;
import org.backtriage.batch.Json;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.RecordEvaluator;
import org.backtriage.batch.RecordSink;
import org.backtriage.batch.Summary;
import org.backtriage.batch.UnwritableFile;
import org.backtriage.commandline.ExitCode;
import org.backtriage.engine.TriageEngine;
import org.backtriage.fhir.FhirBatch;
import org.backtriage.pages.BatchReport;
import org.backtriage.pages.HandoutFolder;
import org.backtriage.pages.HandoutFormat;
import org.backtriage.pages.PageHeader;
import org.backtriage.pages.Pages;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
            description = "Output format: ndjson (default), json, csv or html (patient handouts, a page break between records).")
    ResultFormat format;

    /** What --format accepts: one of the batch's formats, or the patients' handout pages. */
    enum ResultFormat {
        NDJSON, JSON, CSV, HTML;

        /** The format of the batch's own output stream; pages are written beside it, so html writes NDJSON to none. */
        OutputFormat batchFormat() {
            return this == HTML ? OutputFormat.NDJSON : OutputFormat.valueOf(name());
        }
    }

    @Option(names = "--out", paramLabel = "FILE|DIR", description = {"Write results to FILE (written to a temporary file and renamed on success).",
            "With --format html, an existing folder (or a path ending in /) gets one page per record, named from its intake id,",
            "an index.html linking them, and the batch report (report.html, unless --report names another file)."})
    void out(String value) {
        out = Path.of(value);
        // Path drops a trailing slash, and with it the user's word that this is a folder
        outNamesFolder = value.endsWith("/") || value.endsWith(java.io.File.separator);
    }

    Path out;
    boolean outNamesFolder;

    @Option(names = "--report", paramLabel = "FILE", description = "Also write a batch report: one self-contained HTML page with charts and the emergency and urgent records.")
    Path report;

    @Option(names = "--input-format", paramLabel = "FORMAT", description = "Format of standard input ('-'): json, ndjson, csv or fhir"
            + " (Bulk Data NDJSON or a Bundle). FHIR files are recognised by their resourceType.")
    InputFormat inputFormat;

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
    OutputFormat.Detail detail;

    /** Where the output files are written (a test stands in a disk that fills up). */
    Disk disk = Disk.REAL;

    /** The handouts' and index's date: the clinic's today, in this machine's time zone. */
    private final Clock clock = Clock.systemDefaultZone();

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "A file, a folder (its .json, .ndjson, .jsonl and .csv files, in name order) or '-' for standard input.")
    List<String> inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        boolean html = format == ResultFormat.HTML;
        OutputFormat outputFormat = format.batchFormat();
        ObjectMapper json = Json.mapper();
        List<Input> expanded = FhirBatch.detect(Input.expand(inputs, inputFormat), json);
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new IllegalArgumentException("--threads must be 1 or more");
        }
        if (!html && out != null && (outNamesFolder || Files.isDirectory(out))) {
            throw new IllegalArgumentException("--out " + out + " is a folder: one file per record needs --format html");
        }
        // checked before the rules are compiled: a folder that cannot take the pages is a usage error
        boolean toFolder = html && out != null && (outNamesFolder || Files.isDirectory(out));
        Pages pages = html || report != null ? new Pages() : null;
        // files are opened before any work, so an unwritable --out, --report or --summary is reported at once
        try (HandoutFolder folder = toFolder ? HandoutFolder.create(out, pages, report, disk) : null;
             AtomicOutputFile summaryOut = summaryFile == null ? null : new AtomicOutputFile(summaryFile, disk);
             AtomicOutputFile resultsOut = out == null || folder != null ? null : new AtomicOutputFile(out, disk);
             // a folder of pages always gets its report, linked from its index
             AtomicOutputFile reportOut = folder != null ? folder.outputFile(reportFile(folder))
                     : report != null ? new AtomicOutputFile(report, disk) : null) {
            TriageEngine engine = rules.engine(err);
            Summary summary;
            try (FhirBatch fhir = FhirBatch.prepare(expanded, System.in, json)) {
                if (fhir.active()) {
                    // Patients give ages; they are not records, so they are counted apart from the records read
                    err.println("backtriage: " + fhir.patients() + " FHIR Patient resource(s) read for ages");
                }
                BatchEvaluator.Options options = new BatchEvaluator.Options(workers, outputFormat, failFast, detail);
                RecordEvaluator evaluator = new RecordEvaluator(engine, json, fhir.active() ? fhir : null);
                BatchEvaluator batch = !html ? new BatchEvaluator(evaluator, json, options)
                        : new BatchEvaluator(evaluator, json, options, folder != null
                                ? HandoutFormat.pagePerRecord(pages, engine.ruleBase().vocabulary(), clock)
                                : HandoutFormat.document(pages, engine.ruleBase().vocabulary(), clock));
                BatchReport collected = reportOut == null ? null : new BatchReport(exerciseNames(engine));
                BatchEvaluator.Observer observer = collected == null && folder == null ? BatchEvaluator.Observer.NONE
                        : rendered -> {
                            if (collected != null) {
                                collected.seen(rendered);
                            }
                            if (folder != null) {
                                folder.seen(rendered);
                            }
                        };
                List<Input> records = fhir.inputs();
                long totalChars = records.stream().mapToLong(Input::size).reduce(0, (x, y) -> x < 0 || y < 0 ? -1 : x + y);
                try (ProgressDisplay progress = ProgressDisplay.start(!quiet, totalChars, err)) {
                    RecordSink sink = folder != null ? DISCARD
                            : resultsOut == null ? RecordSink.of(spec.commandLine().getOut()) : RecordSink.of(resultsOut.stream());
                    summary = batch.run(records, System.in, sink, progress, observer);
                    // every output is written in full before any is put in place: a failure (a full disk) leaves none
                    try {
                        if (reportOut != null) {
                            writeReport(pages, collected, summary, engine, reportOut);
                        }
                        if (folder != null) {
                            folder.writeIndex(PageHeader.of(engine.ruleBase().vocabulary().clinic(), clock), reportFile(folder));
                        }
                        if (resultsOut != null && !summary.stoppedEarly()) {
                            resultsOut.commit();
                        }
                        if (reportOut != null) {
                            reportOut.commit();
                        }
                        if (folder != null) {
                            folder.publish();
                        }
                    } catch (IOException e) {
                        throw new BatchEvaluator.OutputFailure(e);
                    }
                } catch (BatchEvaluator.OutputFailure e) {
                    err.println("backtriage: " + failure(e) + "; the run stopped" + notWritten(folder, resultsOut, reportOut));
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

    /** Pages are written to their own files: the batch's own output stream carries nothing. */
    private static final RecordSink DISCARD = new RecordSink() {
        @Override
        public void write(String text) {
        }

        @Override
        public void flush() {
        }
    };

    private static Map<String, String> exerciseNames(TriageEngine engine) {
        Map<String, String> names = new LinkedHashMap<>();
        engine.ruleBase().vocabulary().exercises().forEach((id, entry) -> names.put(id, entry.name()));
        return names;
    }

    /** The batch report of a folder of pages: --report, or report.html in the folder. */
    private Path reportFile(HandoutFolder folder) {
        return report != null ? report : folder.folder().resolve(HandoutFolder.REPORT);
    }

    /** The batch report, written (not yet put in place) into {@code file}. */
    private void writeReport(Pages pages, BatchReport collected, Summary summary, TriageEngine engine, AtomicOutputFile file)
            throws IOException {
        String written = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MINUTES).toString();
        BatchReport.View view = collected.view(summary, engine.ruleBase().version(), engine.ruleBase().rules().size(),
                inputs, written);
        file.writer().write(pages.report(view));
    }

    /** What failed: the file and why (a full disk), or the output stream. */
    private static String failure(BatchEvaluator.OutputFailure e) {
        return e.getCause() instanceof UnwritableFile unwritable ? unwritable.getMessage()
                : "the output could not be written (" + e.getMessage() + ")";
    }

    /** What the stopped run did not leave behind: the folder's pages, --out, --report. */
    private String notWritten(HandoutFolder folder, AtomicOutputFile resultsOut, AtomicOutputFile reportOut) {
        StringBuilder said = new StringBuilder();
        if (folder != null && !folder.published()) {
            said.append(" and left no page in ").append(out);
        }
        List<String> files = new ArrayList<>();
        if (resultsOut != null && !resultsOut.committed()) {
            files.add(out.toString());
        }
        if (reportOut != null && !reportOut.committed() && report != null && (folder == null || !folder.holds(report))) {
            files.add(report.toString());
        }
        if (!files.isEmpty()) {
            said.append(said.length() > 0 ? ", and " : " and ")
                    .append(files.size() == 1 ? files.get(0) + " was not written" : "neither " + String.join(" nor ", files) + " was written");
        }
        return said.toString();
    }
}
