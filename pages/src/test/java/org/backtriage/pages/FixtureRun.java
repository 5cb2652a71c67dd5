package org.backtriage.pages;

import org.backtriage.Engines;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.Json;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.RecordSink;
import org.backtriage.batch.Summary;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.io.InputStream;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The shipped fixtures evaluated once with the frozen rules of the tests, as the batch does it, for every page test:
 * each record's outcome, the handouts document the batch wrote, and the batch report collected on the way.
 * Shared through JUnit's root store (built on first use, one rule base compile for all page tests).
 */
public record FixtureRun(TriageEngine engine, Pages pages, List<Outcome> outcomes, String document, BatchReport report,
                  Summary summary) {
    /** The day the page tests' handouts are made: noon UTC, the same date in every time zone from -11 to +11. */
    public static final java.time.Clock CLOCK = java.time.Clock.fixed(java.time.Instant.parse("2026-03-14T12:00:00Z"),
            java.time.ZoneOffset.UTC);
    public static final java.time.LocalDate DAY = java.time.LocalDate.now(CLOCK);

    static FixtureRun create() {
        try {
            TriageEngine engine = Engines.frozen();
            Pages pages = new Pages();
            BatchReport report = new BatchReport(BatchReportPageTest.exerciseNames(engine));
            List<Outcome> outcomes = new ArrayList<>();
            StringWriter document = new StringWriter();
            BatchEvaluator batch = new BatchEvaluator(engine, Json.mapper(),
                    new BatchEvaluator.Options(2, OutputFormat.NDJSON, false),
                    HandoutFormat.document(pages, engine.ruleBase().vocabulary(), CLOCK));
            Summary summary = batch.run(Input.expand(List.of("fixtures"), null), InputStream.nullInputStream(),
                    RecordSink.of(document), BatchEvaluator.Progress.NONE, rendered -> {
                        outcomes.add(rendered.outcome());
                        report.seen(rendered);
                    });
            return new FixtureRun(engine, pages, List.copyOf(outcomes), document.toString(), report, summary);
        } catch (Exception e) {
            throw new IllegalStateException("the fixtures could not be evaluated", e);
        }
    }

    public List<Outcome> assessed() {
        return outcomes.stream().filter(Outcome::isAssessed).toList();
    }

    List<Outcome> rejected() {
        return outcomes.stream().filter(o -> !o.isAssessed()).toList();
    }

    /** Hands a test the one {@link FixtureRun} of this test JVM. */
    public static final class Resolver implements ParameterResolver {
        private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(FixtureRun.class);

        @Override
        public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
            return parameter.getParameter().getType() == FixtureRun.class;
        }

        @Override
        public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
            return context.getRoot().getStore(NAMESPACE)
                    .getOrComputeIfAbsent(FixtureRun.class, key -> create(), FixtureRun.class);
        }
    }
}
