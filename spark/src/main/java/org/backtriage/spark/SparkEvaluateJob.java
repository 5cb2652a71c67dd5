package org.backtriage.spark;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkException;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.util.SerializableConfiguration;
import org.backtriage.batch.OutputFormat;
import org.backtriage.commandline.CommandErrors;
import org.backtriage.commandline.ExitCode;
import org.backtriage.engine.RuleFiles;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The rules over a batch too large for one machine, as a Spark job:
 * {@code spark-submit --class org.backtriage.spark.SparkEvaluateJob backtriage.jar --out DIR INPUT...}.
 *
 * <p>Reads NDJSON, CSV or Parquet; evaluates each partition with the executor's one engine, compiled from
 * the rule files the driver broadcasts ({@link ExecutorRules}); writes one dataset of NDJSON lines
 * partitioned by kind: {@code DIR/kind=assessment/} (the assessments, as {@code evaluate} writes them) and
 * {@code DIR/kind=error/} (the error records, each naming its {@code file:line}). It prints the account
 * (records in, assessments, errors) and fails when they do not add up. No rule logic here: every record
 * goes through {@link org.backtriage.batch.RecordEvaluator}, as in {@code evaluate}.
 */
@Command(name = "org.backtriage.spark.SparkEvaluateJob", mixinStandardHelpOptions = true,
        description = {"Evaluates intake records (NDJSON, CSV, Parquet) on Spark: assessments to OUT/kind=assessment/, "
                + "error records to OUT/kind=error/ (NDJSON part files).",
                "The account (records in, assessments, errors) goes to stdout; diagnostics to stderr."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every record assessed", "1:some records rejected (see OUT/kind=error/)",
                "2:usage error or rule base that does not compile",
                "3:the job failed, or its output does not account for every record",
                "4:a rule failed on some records (their error records name it)"})
public final class SparkEvaluateJob implements Callable<Integer> {
    /** Each task writes assessments and errors through two open files rather than sorting its rows by kind. */
    private static final String CONCURRENT_WRITERS = "spark.sql.maxConcurrentOutputFileWriters";

    @Spec
    CommandSpec spec;

    @Option(names = "--rules", paramLabel = "DIR",
            description = "Folder of rule files, read on the driver and broadcast (default: the rules built into the jar).")
    java.nio.file.Path rules;

    @Option(names = "--input-format", paramLabel = "FORMAT",
            description = "ndjson, csv or parquet for every input (default: from each file's extension).")
    SparkInputFormat inputFormat;

    @Option(names = "--detail", paramLabel = "DETAIL", defaultValue = "full",
            description = "Assessments in full (default) or as codes only, as evaluate --detail writes them.")
    OutputFormat.Detail detail;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "Output folder, any Hadoop path (must not exist yet).")
    String out;

    @Parameters(paramLabel = "INPUT", arity = "1..*",
            description = "Files, folders (their files, in name order) or globs, any Hadoop path.")
    List<String> inputs;

    public static void main(String[] args) {
        System.exit(CommandErrors.configure(new CommandLine(new SparkEvaluateJob())).execute(args));
    }

    /** The account of a run. */
    public record Result(long recordsIn, long assessments, long errors, long ruleFailures, long elapsedMillis) {
        public boolean balanced() {
            return recordsIn == assessments + errors;
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RuleFiles ruleFiles = rules == null ? RuleFiles.embedded() : RuleFiles.fromFolder(rules);
        // compiled here first, so a broken rule base stops the job before any executor starts
        ExecutorRules executorRules = new ExecutorRules(ruleFiles);
        int ruleCount = executorRules.engine().rules().size();
        err.printf("backtriage: %s, rule set %s (%d rules)%n", ruleFiles.origin(), executorRules.version(), ruleCount);
        err.flush();

        SparkSession spark = SparkSession.builder().appName("backtriage evaluate").getOrCreate();
        try {
            Result result;
            try {
                result = run(spark, executorRules, inputFormat, detail, inputs, out);
            } catch (Exception failed) {
                if (!(failed instanceof SparkException)) {
                    throw failed; // usage errors and the like: reported by the command line's handler
                }
                // a task failed past its retries: Spark has aborted the write, so nothing in --out counts
                err.println("backtriage: the Spark job failed and wrote no complete output: " + failed.getMessage());
                err.flush();
                return ExitCode.OUTPUT_FAILED;
            }
            stdout.printf("records in: %d%nassessments: %d%nerrors: %d%nof which rule failures: %d%n", result.recordsIn(),
                    result.assessments(), result.errors(), result.ruleFailures());
            stdout.flush();
            err.printf(Locale.ROOT, "backtriage: %.1f s; assessments in %s/kind=%s, error records in %s/kind=%s%n",
                    result.elapsedMillis() / 1000.0, out, EvaluatePartition.ASSESSMENT, out, EvaluatePartition.ERROR);
            if (!result.balanced()) {
                err.printf("backtriage: the output does not account for every record: %d in, %d assessments + %d errors%n",
                        result.recordsIn(), result.assessments(), result.errors());
                err.flush();
                return ExitCode.OUTPUT_FAILED;
            }
            err.flush();
            if (result.ruleFailures() > 0) {
                return ExitCode.RULE_FAILED;
            }
            return result.errors() > 0 ? ExitCode.PROBLEMS : ExitCode.OK;
        } finally {
            spark.stop();
        }
    }

    /**
     * Runs the job on {@code spark}: reads {@code inputs}, writes {@code out}, returns the account.
     *
     * @param forced the format of every input, or {@code null} to go by each file's extension
     * @param detail how much of each assessment to write, as {@code evaluate --detail}
     * @throws IllegalArgumentException when {@code out} exists or an input is missing or of unknown format
     */
    public static Result run(SparkSession spark, ExecutorRules rules, SparkInputFormat forced, OutputFormat.Detail detail,
                             List<String> inputs, String out) throws IOException {
        long started = System.nanoTime();
        Configuration hadoop = spark.sparkContext().hadoopConfiguration();
        Path outPath = new Path(out);
        if (outPath.getFileSystem(hadoop).exists(outPath)) {
            throw new IllegalArgumentException("--out " + out + " already exists; the job writes a new folder");
        }
        List<InputFile> files = InputFile.expand(inputs, forced, hadoop);
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no .ndjson, .jsonl, .csv or .parquet files in " + inputs);
        }
        Map<String, InputFile> byUri = files.stream()
                .collect(Collectors.toMap(InputFile::uri, Function.identity(), (a, b) -> a, HashMap::new));

        JavaSparkContext context = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<ExecutorRules> shippedRules = context.broadcast(rules);
        Broadcast<Map<String, InputFile>> shippedFiles = context.broadcast(byUri);
        List<Broadcast<?>> broadcasts = new ArrayList<>(List.of(shippedRules, shippedFiles));
        JobCounters counters = JobCounters.register(spark);

        Dataset<Row> outcomes = null;
        List<InputFile> ndjsonFiles = files.stream().filter(f -> f.format() == SparkInputFormat.NDJSON).toList();
        if (!ndjsonFiles.isEmpty()) {
            Dataset<Row> lines = TextChunks.scan(spark, ndjsonFiles);
            List<TextChunks.Count> counts = lines.javaRDD().mapPartitions(new TextChunks.CountLines()).collect();
            Broadcast<Map<String, Long>> starts = context.broadcast(new HashMap<>(TextChunks.starts(counts)));
            broadcasts.add(starts);
            outcomes = lines.mapPartitions(new EvaluatePartition(shippedRules,
                    new TextChunks.Source(starts, shippedFiles, counters.recordsIn()), detail, counters),
                    Encoders.row(EvaluatePartition.OUTCOME));
        }
        List<InputFile> csvFiles = files.stream().filter(f -> f.format() == SparkInputFormat.CSV).toList();
        if (!csvFiles.isEmpty()) {
            Broadcast<SerializableConfiguration> hadoopConf = SerializableConfiguration.broadcast(spark.sparkContext(), hadoop);
            broadcasts.add(hadoopConf);
            outcomes = union(outcomes, CsvFiles.scan(spark, csvFiles).mapPartitions(new EvaluatePartition(shippedRules,
                    new CsvFiles.Source(hadoopConf, counters.recordsIn()), detail, counters),
                    Encoders.row(EvaluatePartition.OUTCOME)));
        }
        List<InputFile> parquetFiles = files.stream().filter(f -> f.format() == SparkInputFormat.PARQUET).toList();
        if (!parquetFiles.isEmpty()) {
            outcomes = union(outcomes, ParquetRows.scan(spark, parquetFiles).mapPartitions(new EvaluatePartition(shippedRules,
                    new ParquetRows.Source(shippedFiles, counters.recordsIn()), detail, counters),
                    Encoders.row(EvaluatePartition.OUTCOME)));
        }

        String concurrentWriters = spark.conf().get(CONCURRENT_WRITERS);
        spark.conf().set(CONCURRENT_WRITERS, "2");
        try {
            outcomes.write().partitionBy("kind").text(out);
        } finally {
            spark.conf().set(CONCURRENT_WRITERS, concurrentWriters);
            broadcasts.forEach(Broadcast::destroy);
        }
        return new Result(counters.recordsIn().value(), counters.assessments().value(), counters.errors().value(),
                counters.ruleFailures().value(), (System.nanoTime() - started) / 1_000_000);
    }

    private static Dataset<Row> union(Dataset<Row> outcomes, Dataset<Row> more) {
        return outcomes == null ? more : outcomes.union(more);
    }
}
