package org.backtriage.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.batch.AtomicOutputFile;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.Json;
import org.backtriage.batch.RecordSink;
import org.backtriage.commandline.ExitCode;
import org.backtriage.engine.RuleBaseCache;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.backtriage.impact.ImpactRun;
import org.backtriage.impact.ImpactReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code backtriage impact}: which assessments a rule change changes, before it goes live. */
@Command(name = "impact", mixinStandardHelpOptions = true,
        description = {"Evaluates the same intakes with two rule bases and reports every record whose assessment differs.",
                "Exit 0 when nothing changed, 1 when something changed, 2 for trouble (as diff does)."})
public final class ImpactCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--before", required = true, paramLabel = "DIR|REV",
            description = "The rules before the change: a folder, or a git revision of the --after folder (e.g. HEAD).")
    String before;

    @Option(names = "--after", paramLabel = "DIR",
            description = "The rules after the change (default ./rules, or the current folder when it is a rules folder).")
    Path after;

    @Option(names = "--format", defaultValue = "text", description = "text (default), ndjson or html.")
    ImpactReport.Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the report to FILE instead of stdout.")
    Path out;

    @Option(names = "--threads", description = "Worker threads (default: available processors).")
    Integer threads;

    @Parameters(paramLabel = "INPUT", arity = "1..*", description = "Intake files or folders, as for evaluate.")
    List<String> inputs;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        List<Input> expanded = Input.expand(inputs, null);
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be 1 or more");
        }
        Path after = RulesOption.authoringFolder(this.after);
        // the report file is opened before any work, so an unwritable --out is reported at once
        try (AtomicOutputFile file = out == null ? null : new AtomicOutputFile(out)) {
            Path scratch = Files.createTempDirectory("backtriage-impact");
            try {
                Path beforeFolder = Files.isDirectory(Path.of(before)) ? Path.of(before) : ImpactRun.checkout(before, after, scratch);
                RuleBaseCache engines = BacktriageCommand.engines(spec);
                TriageEngine beforeEngine = engines.engine(RuleFiles.fromFolder(beforeFolder));
                TriageEngine afterEngine = engines.engine(RuleFiles.fromFolder(after));
                ObjectMapper json = Json.mapper();
                ImpactRun run = new ImpactRun(beforeEngine, afterEngine, json, new ImpactReport(format, json));
                int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
                ImpactRun.Result result = run.run(expanded, RecordSink.of(file == null ? spec.commandLine().getOut() : file.writer()),
                        workers, before, after.toString());
                if (file != null) {
                    file.commit();
                }
                if (format == ImpactReport.Format.NDJSON || out != null) {
                    err.println(result.summary().oneLine()); // text and html on stdout end with the summary already
                    err.flush();
                }
                return result.summary().changed() > 0 ? ExitCode.PROBLEMS : ExitCode.OK;
            } catch (BatchEvaluator.OutputFailure e) {
                err.println("backtriage: the report could not be written (" + e.getMessage() + ")"
                        + (out == null ? "" : "; " + out + " was not written"));
                err.flush();
                return ExitCode.OUTPUT_FAILED;
            } finally {
                deleteRecursively(scratch);
            }
        }
    }

    private static void deleteRecursively(Path folder) throws java.io.IOException {
        try (var paths = Files.walk(folder)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
