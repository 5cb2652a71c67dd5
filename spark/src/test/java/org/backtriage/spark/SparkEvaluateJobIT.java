package org.backtriage.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import org.apache.spark.sql.SparkSession;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.Json;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.RecordSink;
import org.backtriage.bench.SyntheticIntakes;
import org.backtriage.commandline.CommandErrors;
import org.backtriage.commandline.ExitCode;
import org.backtriage.engine.RuleFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark job in {@code local[2]} against {@code evaluate} on the same records: the same assessments
 * and the same error records (located at the same file and line), record by record.
 */
class SparkEvaluateJobIT {
    private static final ObjectMapper JSON = Json.mapper();
    /** Small enough that Spark splits every input file into several chunks (line numbers, CSV headers). */
    private static final int SPLIT_BYTES = 1024;

    private static SparkSession spark;
    private static ExecutorRules rules;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        rules = new ExecutorRules(RuleFiles.fromFolder(Path.of("core/src/test/frozen-rules")));
        spark = SparkSession.builder().master("local[2]").appName("backtriage-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.sql.files.maxPartitionBytes", String.valueOf(SPLIT_BYTES))
                // the test's datasets are tiny: interpreting their plans is quicker than generating code for them
                .config("spark.sql.codegen.wholeStage", "false")
                .getOrCreate();
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    /** Issue 20: the job's closed sets are enums, read in any case; a wrong word stops it before Spark starts. */
    @Test
    void theJobsOptionsTakeTheirWordsInAnyCaseAndRefuseOthers() {
        SparkEvaluateJob job = new SparkEvaluateJob();
        CommandErrors.configure(new CommandLine(job)).parseArgs("--input-format", "PARQUET", "--detail", "Codes",
                "--out", dir.resolve("parsed").toString(), "in.parquet");
        assertEquals(SparkInputFormat.PARQUET, job.inputFormat);
        assertEquals(OutputFormat.Detail.CODES, job.detail);

        StringWriter err = new StringWriter();
        CommandLine refused = CommandErrors.configure(new CommandLine(new SparkEvaluateJob()));
        refused.setErr(new PrintWriter(err));
        int exit = refused.execute("--input-format", "avro", "--out", dir.resolve("refused").toString(), "in.avro");
        assertEquals(ExitCode.USAGE, exit, err.toString());
        assertTrue(err.toString().contains("must be ndjson, csv or parquet, not 'avro'"), err.toString());
        assertFalse(Files.exists(dir.resolve("refused")), "nothing written");
    }

    @Test
    void fixturesGiveWhatEvaluateGives() throws IOException {
        List<String> inputs = List.of("fixtures/clinic-b.ndjson", "fixtures/clinic-c.csv", "fixtures/clinic-d.ndjson");
        for (String input : List.of("fixtures/clinic-b.ndjson", "fixtures/clinic-d.ndjson")) {
            assertTrue(Files.size(Path.of(input)) > SPLIT_BYTES, input + " must span more than one chunk");
        }
        assertSameAsEvaluate(inputs, OutputFormat.Detail.FULL,
                SparkEvaluateJob.run(spark, rules, null, OutputFormat.Detail.FULL, inputs, dir.resolve("out").toString()),
                dir.resolve("out"));
    }

    /**
     * Byte-order marks, CRLF line ends and blank lines, across chunk boundaries, and a CSV record with a
     * quoted line break: records and line numbers are still evaluate's. Written with {@code --detail codes}.
     */
    @Test
    void awkwardLineEndsAndBlankLinesKeepTheirLineNumbers() throws IOException {
        Path ndjson = dir.resolve("awkward.ndjson");
        Path csv = dir.resolve("awkward.csv");
        Files.writeString(ndjson, awkward(Files.readAllLines(Path.of("fixtures/clinic-b.ndjson"))), StandardCharsets.UTF_8);
        List<String> rows = new ArrayList<>(Files.readAllLines(Path.of("fixtures/clinic-c.csv")));
        // a quoted line break keeps a CSV record whole, in evaluate and in the job: one valid row gets one
        int quoted = 1;
        while (quoted < rows.size() && (rows.get(quoted).contains("-bad-") || !rows.get(quoted).contains(",lower_back,"))) {
            quoted++;
        }
        assertTrue(quoted < rows.size(), "clinic-c.csv must have a valid lower_back row");
        rows.set(quoted, rows.get(quoted).replaceFirst(",lower_back,", ",\"lower_back;\r\nmid_back\","));
        Files.writeString(csv, awkward(rows), StandardCharsets.UTF_8);
        List<String> inputs = List.of(ndjson.toString(), csv.toString());
        assertSameAsEvaluate(inputs, OutputFormat.Detail.CODES,
                SparkEvaluateJob.run(spark, rules, null, OutputFormat.Detail.CODES, inputs, dir.resolve("out").toString()),
                dir.resolve("out"));
    }

    private static String awkward(List<String> lines) {
        StringBuilder text = new StringBuilder("\uFEFF");
        for (int i = 0; i < lines.size(); i++) {
            text.append(lines.get(i)).append("\r\n");
            if (i % 4 == 2) {
                text.append("\r\n  \n");
            }
        }
        return text.toString();
    }

    /** Parquet rows (written from NDJSON by Spark itself) give the assessments and errors evaluate gives for that NDJSON. */
    @Test
    void parquetGivesWhatEvaluateGivesForTheSameRecords() throws IOException {
        Path ndjson = dir.resolve("synthetic.ndjson");
        SyntheticIntakes synthetic = new SyntheticIntakes(7);
        ObjectWriter writer = JSON.writer();
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            lines.add(writer.writeValueAsString(synthetic.next(i)));
        }
        // a few that break the contract in value, not in type, so Spark's schema inference keeps the types
        lines.set(17, lines.get(17).replaceFirst("\"painScore\":\\d+", "\"painScore\":42"));
        lines.set(230, lines.get(230).replaceFirst("\"age\":\\d+", "\"age\":-3"));
        Files.write(ndjson, lines, StandardCharsets.UTF_8);
        Path parquet = dir.resolve("synthetic-parquet");
        spark.read().json(ndjson.toString()).coalesce(1).write().parquet(parquet.toString());

        SparkEvaluateJob.Result result = SparkEvaluateJob.run(spark, rules, null, OutputFormat.Detail.FULL,
                List.of(parquet.toString()), dir.resolve("out").toString());

        Outputs expected = evaluate(List.of(ndjson.toString()), OutputFormat.Detail.FULL);
        Outputs actual = written(dir.resolve("out"));
        assertEquals(sorted(expected.assessments()), sorted(actual.assessments()));
        // the same errors at the same record: line N of the NDJSON is row N of the Parquet file
        assertEquals(sorted(withoutFile(expected.errors())), sorted(withoutFile(actual.errors())));
        assertEquals(2, actual.errors().size());
        assertEquals(new SparkEvaluateJob.Result(400, 398, 2, 0, result.elapsedMillis()), result);
    }

    @Test
    void anExistingOutputFolderIsRefused() throws IOException {
        Files.createDirectories(dir.resolve("out"));
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> SparkEvaluateJob.run(spark, rules, null, OutputFormat.Detail.FULL, List.of("fixtures/clinic-b.ndjson"),
                        dir.resolve("out").toString()));
        assertTrue(refused.getMessage().contains("already exists"), refused.getMessage());
    }

    private static void assertSameAsEvaluate(List<String> inputs, OutputFormat.Detail detail, SparkEvaluateJob.Result result,
                                             Path out) {
        Outputs expected = evaluate(inputs, detail);
        Outputs actual = written(out);
        assertFalse(expected.assessments().isEmpty());
        assertFalse(expected.errors().isEmpty());
        assertEquals(sorted(expected.assessments()), sorted(actual.assessments()));
        assertEquals(sorted(expected.errors()), sorted(actual.errors()));
        assertEquals(expected.assessments().size() + expected.errors().size(), result.recordsIn());
        assertEquals(expected.assessments().size(), result.assessments());
        assertEquals(expected.errors().size(), result.errors());
        assertTrue(result.balanced());
    }

    record Outputs(List<String> assessments, List<String> errors) {
    }

    /**
     * What {@code evaluate} writes for the inputs (its pipeline, {@link BatchEvaluator} in NDJSON, with the
     * engine compiled once for the whole class), split into assessments and error records.
     */
    private static Outputs evaluate(List<String> inputs, OutputFormat.Detail detail) {
        StringWriter out = new StringWriter();
        try {
            new BatchEvaluator(rules.engine(), JSON, new BatchEvaluator.Options(2, OutputFormat.NDJSON, false, detail))
                    .run(Input.expand(inputs, null), InputStream.nullInputStream(), RecordSink.of(out),
                            BatchEvaluator.Progress.NONE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        List<String> assessments = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String line : out.toString().lines().toList()) {
            (isErrorRecord(line) ? errors : assessments).add(line);
        }
        return new Outputs(assessments, errors);
    }

    private static boolean isErrorRecord(String line) {
        try {
            JsonNode node = JSON.readTree(line);
            return node.has("errors") && node.has("location");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The job's output: the lines of the part files under kind=assessment and kind=error. */
    private static Outputs written(Path out) {
        return new Outputs(partLines(out.resolve("kind=assessment")), partLines(out.resolve("kind=error")));
    }

    private static List<String> partLines(Path folder) {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(folder)) {
            List<String> lines = new ArrayList<>();
            for (Path part : files.filter(f -> f.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(part, StandardCharsets.UTF_8));
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> sorted(List<String> lines) {
        return lines.stream().sorted().toList();
    }

    /** Error records with the file part of their location dropped: {@code ":17"} remains. */
    private static List<String> withoutFile(List<String> errors) {
        return errors.stream().map(line -> line.replaceFirst("\"location\":\"[^\"]*:(\\d+)\"", "\"location\":\":$1\"")).toList();
    }
}
