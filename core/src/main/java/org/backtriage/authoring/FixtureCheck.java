package org.backtriage.authoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.RecordSink;
import org.backtriage.engine.TriageEngine;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * The shipped rules against the clinic's fixtures: every intake file in {@code fixtures/} evaluated, each
 * record compared with its hand-written expectation in {@code fixtures/expected/BASE.expected.ndjson}
 * (level, reason codes, warning codes, each exercise's status; or the rejected fields). {@code test} runs
 * it after the scenarios, so a rule change that moves a fixture's outcome is seen, and says which line of
 * which expected file to update if the change is meant.
 */
public final class FixtureCheck {
    public static final String EXPECTED_SUFFIX = ".expected.ndjson";

    private final ObjectMapper json;

    public FixtureCheck(ObjectMapper json) {
        this.json = json;
    }

    /** One record whose outcome is not its expectation: where the expectation is, and both compact lines. */
    public record Mismatch(Path expectedFile, int line, String expected, String actual) {
    }

    /**
     * @param problems what keeps the fixtures from being compared at all (an input without its expected
     *                 file, a different number of lines): each in words
     */
    public record Report(int files, int records, List<Mismatch> mismatches, List<String> problems) {
        public Report {
            mismatches = List.copyOf(mismatches);
            problems = List.copyOf(problems);
        }

        public boolean clean() {
            return mismatches.isEmpty() && problems.isEmpty();
        }
    }

    public Report check(TriageEngine engine, Path fixtures) {
        try {
            Path expectedFolder = fixtures.resolve("expected");
            List<Input> inputs = Input.expand(List.of(fixtures.toString()), null);
            Set<String> named = exercisesNamed(expectedFolder);
            List<Mismatch> mismatches = new ArrayList<>();
            List<String> problems = new ArrayList<>();
            int records = 0;
            for (Input input : inputs) {
                Path expectedFile = expectedFolder.resolve(base(input) + EXPECTED_SUFFIX);
                if (!Files.isRegularFile(expectedFile)) {
                    problems.add(input.path() + " has no expected outcomes: write them in " + expectedFile);
                    continue;
                }
                List<String> expected = Files.readAllLines(expectedFile);
                StringWriter out = new StringWriter();
                new BatchEvaluator(engine, json, new BatchEvaluator.Options(2, OutputFormat.NDJSON, false))
                        .run(List.of(input), InputStream.nullInputStream(), RecordSink.of(out), BatchEvaluator.Progress.NONE);
                List<String> actual = out.toString().lines().toList();
                if (expected.size() != actual.size()) {
                    problems.add(expectedFile + " has " + expected.size() + " line(s) for " + actual.size()
                            + " record(s) of " + input.path() + ": one line per record, in order");
                    continue;
                }
                for (int i = 0; i < expected.size(); i++) {
                    records++;
                    JsonNode want = json.readTree(expected.get(i));
                    JsonNode got = compact(json.readTree(actual.get(i)), named);
                    if (!want.equals(got)) {
                        mismatches.add(new Mismatch(expectedFile, i + 1, want.toString(), json.writeValueAsString(got)));
                    }
                }
            }
            return new Report(inputs.size(), records, mismatches, problems);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the fixtures in " + fixtures, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while evaluating the fixtures", e);
        }
    }

    static String base(Input input) {
        return input.path().getFileName().toString().replaceFirst("\\.[^.]+$", "");
    }

    /**
     * The exercises the expected files speak about. An exercise the clinic adds later is not listed in
     * them: its scenarios judge it, and adding it changes no fixture's expectation.
     */
    public Set<String> exercisesNamed(Path expectedFolder) throws IOException {
        Set<String> named = new TreeSet<>();
        if (!Files.isDirectory(expectedFolder)) {
            return named;
        }
        try (Stream<Path> files = Files.list(expectedFolder)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(EXPECTED_SUFFIX)).toList()) {
                for (String line : Files.readAllLines(file)) {
                    json.readTree(line).path("exercises").fieldNames().forEachRemaining(named::add);
                }
            }
        }
        return named;
    }

    /** An output line in the expected files' compact form. */
    public JsonNode compact(JsonNode line, Set<String> named) throws IOException {
        ObjectNode out = json.createObjectNode();
        out.set("intakeId", line.get("intakeId") == null ? json.nullNode() : line.get("intakeId"));
        if (line.has("errors")) {
            TreeSet<String> fields = new TreeSet<>();
            line.get("errors").forEach(e -> fields.add(e.get("field").asText()));
            out.set("errorFields", json.valueToTree(fields));
            return out;
        }
        Assessment a = json.treeToValue(line, Assessment.class);
        out.put("level", a.referral().level());
        // one reason per finding: a code may repeat, so the reasons are a sorted list, not a set
        out.set("reasons", json.valueToTree(a.referral().reasons().stream().map(Assessment.Reason::code).sorted().toList()));
        Map<String, String> exercises = new TreeMap<>();
        a.exercises().stream().filter(e -> named.contains(e.id())).forEach(e -> exercises.put(e.id(), e.status()));
        out.set("exercises", json.valueToTree(exercises));
        out.set("warnings", json.valueToTree(new TreeSet<>(a.warnings().stream().map(Assessment.Warning::code).toList())));
        return out;
    }
}
