package org.backtriage.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.AtomicOutputFile;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.InputFormat;
import org.backtriage.batch.Json;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordSink;
import org.backtriage.batch.Summary;
import org.backtriage.batch.UnwritableFile;
import org.backtriage.bench.SyntheticIntakes;
import org.backtriage.commandline.ExitCode;
import org.backtriage.engine.RuleInfo;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Intake;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * {@code backtriage bench}: reproducible throughput figures. Generates N synthetic intakes (seeded,
 * covering every rule), then measures, in one run: the full evaluate pipeline (NDJSON file in, NDJSON
 * file out, all threads), the same pipeline with the rules replaced by an echo of the validated intake
 * (the I/O floor), and the engine alone on one thread.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Measures records per second: full pipeline, I/O floor (no rules), engine alone on one thread.")
public final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Option(names = "--records", defaultValue = "200000", description = "Synthetic records to generate (default ${DEFAULT-VALUE}).")
    int records;

    @Option(names = "--threads", description = "Worker threads for the pipelines (default: available processors).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "20261125", description = "Seed of the synthetic records.")
    long seed;

    @Option(names = "--generate", paramLabel = "FILE", description = "Only write the synthetic records to FILE (NDJSON) and stop.")
    Path generateOnly;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (records < 1) {
            throw new IllegalArgumentException("--records must be 1 or more");
        }
        if (threads != null && threads < 1) {
            throw new IllegalArgumentException("--threads must be 1 or more");
        }
        ObjectMapper json = Json.mapper();
        if (generateOnly != null) {
            try (AtomicOutputFile file = new AtomicOutputFile(generateOnly)) {
                try {
                    generate(file.writer(), json);
                } catch (IOException e) {
                    throw new UnwritableFile(generateOnly, e);
                }
                file.commit();
            }
            out.printf("wrote %,d synthetic records to %s%n", records, generateOnly);
            out.flush();
            return ExitCode.OK;
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        long buildStart = System.nanoTime();
        TriageEngine engine = rules.engine(spec.commandLine().getErr());
        double buildSeconds = (System.nanoTime() - buildStart) / 1e9;
        Path dir = Files.createTempDirectory("backtriage-bench");
        try {
            Path input = dir.resolve("synthetic.ndjson");
            generate(input, json);
            out.printf(Locale.ROOT, "machine: %d processors, Java %s; %,d synthetic records; %d worker threads%n",
                    Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"), records, workers);
            out.printf(Locale.ROOT, "rule base build (KieBase, once): %.2f s%n", buildSeconds);

            // warm-up, so the three figures compare steady states
            pipeline(new BatchEvaluator(engine, json, new BatchEvaluator.Options(workers, OutputFormat.NDJSON, false)), input, dir);
            double floor = pipeline(new BatchEvaluator(echo(json), json, new BatchEvaluator.Options(workers, OutputFormat.NDJSON, false)), input, dir);
            double full = pipeline(new BatchEvaluator(engine, json, new BatchEvaluator.Options(workers, OutputFormat.NDJSON, false)), input, dir);
            double engineAlone = engineAlone(engine, input, json, out);
            double engineParallel = engineParallel(engine, input, json, workers);

            out.printf(Locale.ROOT, "full pipeline (NDJSON in, NDJSON out): %,.0f records/s%n", full);
            out.printf(Locale.ROOT, "I/O floor (read, parse, validate, write; no rules): %,.0f records/s%n", floor);
            out.printf(Locale.ROOT, "engine alone, one thread: %,.0f records/s%n", engineAlone);
            out.printf(Locale.ROOT, "engine alone, %d threads: %,.0f records/s%n", workers, engineParallel);
            out.printf(Locale.ROOT, "full pipeline / I/O floor: %.0f%%%n", 100 * full / floor);
            out.flush();
            return ExitCode.OK;
        } finally {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.deleteIfExists(f);
                }
            }
            Files.deleteIfExists(dir);
        }
    }

    private void generate(Path file, ObjectMapper json) throws IOException {
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 16)) {
            generate(w, json);
        }
    }

    private void generate(Writer w, ObjectMapper json) throws IOException {
        SyntheticIntakes synthetic = new SyntheticIntakes(seed);
        ObjectWriter writer = json.writer();
        for (long i = 0; i < records; i++) {
            w.write(writer.writeValueAsString(synthetic.next(i)));
            w.write('\n');
        }
    }

    private static double pipeline(BatchEvaluator batch, Path input, Path dir) throws Exception {
        Path output = dir.resolve("out.ndjson");
        Summary summary;
        // bytes, as `evaluate --out` writes them
        try (java.io.OutputStream w = new java.io.BufferedOutputStream(Files.newOutputStream(output), 1 << 16)) {
            summary = batch.run(List.of(new Input(input.toString(), input, InputFormat.NDJSON)), System.in,
                    RecordSink.of(w), BatchEvaluator.Progress.NONE);
        }
        return summary.recordsPerSecond();
    }

    /** The pipeline's work without the rules: parse, validate, and write the validated intake back. */
    private static BatchEvaluator.RecordProcessor echo(ObjectMapper json) {
        IntakeValidator validator = new IntakeValidator();
        ObjectWriter writer = json.writer();
        return record -> {
            try {
                JsonNode node = record.node() != null ? record.node() : json.readTree(record.text());
                ValidationResult result = validator.validate(node);
                byte[] utf8 = writer.writeValueAsBytes(result instanceof ValidationResult.Valid v ? v.intake() : result);
                return BatchEvaluator.Rendered.bytes(org.backtriage.batch.Outcome.rejected(record.location(), null, List.of()), utf8);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("synthetic records are valid JSON", e);
            }
        };
    }

    /** The engine on every worker thread at once, no I/O: how well evaluation itself scales. */
    private double engineParallel(TriageEngine engine, Path input, ObjectMapper json, int workers) throws Exception {
        List<Intake> intakes = intakes(input, json);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(workers);
        try {
            long start = System.nanoTime();
            List<java.util.concurrent.Future<?>> parts = new ArrayList<>();
            for (int w = 0; w < workers; w++) {
                int first = w;
                parts.add(pool.submit(() -> {
                    for (int i = first; i < intakes.size(); i += workers) {
                        engine.assess(intakes.get(i));
                    }
                }));
            }
            for (var part : parts) {
                part.get();
            }
            return intakes.size() / ((System.nanoTime() - start) / 1e9);
        } finally {
            pool.shutdown();
        }
    }

    private List<Intake> intakes(Path input, ObjectMapper json) throws Exception {
        IntakeValidator validator = new IntakeValidator();
        List<Intake> intakes = new ArrayList<>();
        try (var lines = Files.lines(input)) {
            for (String line : (Iterable<String>) lines.limit(Math.min(records, 100_000))::iterator) {
                if (validator.validate(json.readTree(line)) instanceof ValidationResult.Valid v) {
                    intakes.add(v.intake());
                }
            }
        }
        return intakes;
    }

    private double engineAlone(TriageEngine engine, Path input, ObjectMapper json, PrintWriter out) throws Exception {
        List<Intake> intakes = intakes(input, json);
        Set<String> fired = new HashSet<>();
        for (Intake intake : intakes) { // also the warm-up
            engine.assess(intake).firedRules().forEach(r -> fired.add(r.id()));
        }
        long start = System.nanoTime();
        for (Intake intake : intakes) {
            engine.assess(intake);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Set<String> all = new HashSet<>(engine.rules().stream().map(RuleInfo::id).toList());
        all.removeAll(fired);
        out.printf(Locale.ROOT, "rules fired by the synthetic records: %d of %d%s%n", engine.rules().size() - all.size(),
                engine.rules().size(), all.isEmpty() ? "" : " (not fired: " + all + ")");
        return intakes.size() / seconds;
    }
}
