package org.backtriage.impact;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Input;
import org.backtriage.batch.OutputFormat;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.RecordEvaluator;
import org.backtriage.batch.RecordSink;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Streams intakes through two engines at once, on the batch pipeline (parallel, in input order), and
 * writes only the records whose assessment changed.
 */
public final class ImpactRun {
    private final TriageEngine before;
    private final TriageEngine after;
    private final ObjectMapper json;
    private final ImpactReport report;

    public record Result(ImpactTally.Summary summary) {
    }

    public ImpactRun(TriageEngine before, TriageEngine after, ObjectMapper json, ImpactReport report) {
        this.before = before;
        this.after = after;
        this.json = json;
        this.report = report;
    }

    /** The rules folder as committed at a git revision, extracted under {@code scratch}. */
    public static Path checkout(String revision, Path rulesFolder, Path scratch) throws IOException, InterruptedException {
        return GitRules.at(revision, rulesFolder, scratch);
    }

    public Result run(List<Input> inputs, RecordSink sink, int threads, String beforeName, String afterName)
            throws BatchEvaluator.OutputFailure, InterruptedException {
        ImpactTally tally = new ImpactTally();
        IntakeValidator validator = new IntakeValidator();
        BatchEvaluator.RecordProcessor compare = record -> {
            ValidationResult result = RecordEvaluator.validate(record, json, validator);
            if (result instanceof ValidationResult.Invalid invalid) {
                tally.rejected();
                return new BatchEvaluator.Rendered(Outcome.rejected(record.location(), invalid.intakeId(), invalid.errors()), null);
            }
            var intake = ((ValidationResult.Valid) result).intake();
            Assessment was = before.assess(intake);
            Assessment now = after.assess(intake);
            AssessmentChange change = AssessmentChange.between(record.location(), was, now).orElse(null);
            tally.compared(change);
            return new BatchEvaluator.Rendered(Outcome.assessed(record.location(), now),
                    change == null ? null : report.record(change));
        };
        try {
            sink.write(report.header(beforeName, afterName));
            new BatchEvaluator(compare, json, new BatchEvaluator.Options(threads, OutputFormat.NDJSON, false))
                    .run(inputs, System.in, sink, BatchEvaluator.Progress.NONE);
            sink.write(report.footer(tally.summary()));
            sink.flush();
        } catch (BatchEvaluator.OutputFailure e) {
            throw e;
        } catch (IOException e) {
            throw new BatchEvaluator.OutputFailure(e);
        }
        return new Result(tally.summary());
    }
}
