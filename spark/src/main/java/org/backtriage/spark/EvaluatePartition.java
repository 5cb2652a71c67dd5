package org.backtriage.spark;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.backtriage.batch.Json;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.RawRecord;
import org.backtriage.batch.RecordEvaluator;

import java.util.Iterator;

/**
 * One partition through the engine: each record is validated, assessed and rendered exactly as by
 * {@code evaluate --format ndjson --detail full|codes} ({@link RecordEvaluator}, {@link OutputFormat.Renderer}), and becomes a
 * row {@code (kind, line)}: {@code kind} is {@code assessment} or {@code error}, {@code line} the NDJSON text.
 * Lazy: a partition's outcomes are never all in memory.
 */
final class EvaluatePartition implements MapPartitionsFunction<Row, Row> {
    private static final long serialVersionUID = 1L;
    static final String ASSESSMENT = "assessment";
    static final String ERROR = "error";
    static final StructType OUTCOME = new StructType()
            .add("kind", DataTypes.StringType, false)
            .add("line", DataTypes.StringType, false);

    private final Broadcast<ExecutorRules> rules;
    private final RecordSource source;
    private final OutputFormat.Detail detail;
    private final JobCounters counters;

    EvaluatePartition(Broadcast<ExecutorRules> rules, RecordSource source, OutputFormat.Detail detail,
                      JobCounters counters) {
        this.rules = rules;
        this.source = source;
        this.detail = detail;
        this.counters = counters;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> rows) {
        ObjectMapper json = Json.mapper();
        RecordEvaluator evaluator = new RecordEvaluator(rules.value().engine(), json);
        OutputFormat.Renderer renderer = new OutputFormat.Renderer(OutputFormat.NDJSON, detail, json);
        Iterator<RawRecord> records = source.records(rows, json);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return records.hasNext();
            }

            @Override
            public Row next() {
                Outcome outcome = evaluator.evaluate(records.next());
                String line = renderer.render(outcome);
                if (outcome.isAssessed()) {
                    counters.assessments().add(1);
                    return RowFactory.create(ASSESSMENT, line);
                }
                counters.errors().add(1);
                if (outcome.failedRule() != null) {
                    counters.ruleFailures().add(1);
                }
                return RowFactory.create(ERROR, line);
            }
        };
    }
}
