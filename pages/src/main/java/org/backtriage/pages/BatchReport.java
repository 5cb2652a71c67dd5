package org.backtriage.pages;

import org.backtriage.assessment.Assessment;
import org.backtriage.batch.BatchEvaluator;
import org.backtriage.batch.Outcome;
import org.backtriage.batch.Summary;
import org.backtriage.intake.FieldError;
import org.backtriage.intake.Vocabulary;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Collects, as a batch runs, what its report shows: counts by referral level, warning code, exercise and
 * status, and rejected field, the records referred at emergency or urgent level, and the records that could
 * not be assessed (with where they are and what is wrong). Memory stays bounded whatever the batch's size:
 * counts, plus at most {@link #ROWS_PER_LEVEL} listed records per level and as many rejected ones, and
 * counts by name for at most {@link #FIELDS_CHARTED} unknown field names besides the contract's own fields
 * (the report says how many more records and fields there were). Fed on the batch's writing thread only.
 */
public final class BatchReport implements BatchEvaluator.Observer {
    /** Records listed per level (emergency, urgent); beyond that they are counted, not listed. */
    public static final int ROWS_PER_LEVEL = 500;
    /**
     * Unknown field names (as the input spells them) charted one by one among the rejected records' fields;
     * records wrong in a later one are counted together under {@link #OTHER_FIELDS}.
     */
    public static final int FIELDS_CHARTED = 100;
    /** The rejected-by-field chart's bar for the fields beyond {@link #FIELDS_CHARTED}. */
    public static final String OTHER_FIELDS = "(any other field)";
    static final List<String> LISTED_LEVELS = List.of("emergency", "urgent");

    private final Map<String, Long> byLevel = new LinkedHashMap<>();
    private final Map<String, Long> byWarning = new TreeMap<>();
    private final Map<String, Map<String, Long>> exercises = new LinkedHashMap<>();
    private final Map<String, String> exerciseNames = new LinkedHashMap<>();
    private final FieldTally rejectedByField = new FieldTally(FIELDS_CHARTED);
    private final Map<String, List<Row>> rows = new LinkedHashMap<>();
    private final Map<String, Long> unlisted = new LinkedHashMap<>();
    private final List<Outcome.Rejection> rejected = new ArrayList<>();
    private long rejectedUnlisted;

    /** A referred record as the report lists it. */
    public record Row(String intakeId, String location, String level, List<Assessment.Reason> reasons) {
        public Row {
            reasons = List.copyOf(reasons);
        }
    }

    /**
     * @param exerciseOrder the vocabulary's exercise ids, so the chart lists exercises in the rule base's order
     */
    public BatchReport(Map<String, String> exerciseOrder) {
        Vocabulary.REFERRAL_LEVELS.forEach(level -> byLevel.put(level, 0L));
        exerciseOrder.forEach((id, name) -> {
            exercises.put(id, new LinkedHashMap<>());
            exerciseNames.put(id, name);
        });
        LISTED_LEVELS.forEach(level -> {
            rows.put(level, new ArrayList<>());
            unlisted.put(level, 0L);
        });
    }

    @Override
    public void seen(BatchEvaluator.Rendered rendered) {
        Outcome outcome = rendered.outcome();
        if (!outcome.isAssessed()) {
            // a record counts once for each field that is wrong in it
            Set<String> fields = new LinkedHashSet<>();
            outcome.rejection().errors().stream().map(FieldError::field).forEach(fields::add);
            rejectedByField.add(fields);
            if (rejected.size() < ROWS_PER_LEVEL) {
                rejected.add(outcome.rejection());
            } else {
                rejectedUnlisted++;
            }
            return;
        }
        Assessment a = outcome.assessment();
        String level = a.referral().level();
        byLevel.merge(level, 1L, Long::sum);
        a.warnings().forEach(w -> byWarning.merge(w.code(), 1L, Long::sum));
        for (Assessment.Exercise e : a.exercises()) {
            exercises.computeIfAbsent(e.id(), id -> new LinkedHashMap<>()).merge(e.status(), 1L, Long::sum);
            exerciseNames.putIfAbsent(e.id(), e.name());
        }
        List<Row> listed = rows.get(level);
        if (listed != null) {
            if (listed.size() < ROWS_PER_LEVEL) {
                listed.add(new Row(a.intakeId(), outcome.location(), level, a.referral().reasons()));
            } else {
                unlisted.merge(level, 1L, Long::sum);
            }
        }
    }

    /** What the report page shows, once the batch is done. */
    public View view(Summary summary, String rulesetVersion, int ruleCount, List<String> inputs, String written) {
        List<Chart> charts = new ArrayList<>();
        charts.add(Chart.single("levels", "Records by referral level", "records", "referral level",
                levelBars(), summary.assessed(), "assessed records"));
        charts.add(Chart.single("warnings", "Warnings by code", "records with the warning", "warning code",
                bars(byWarning, "#455a64"), summary.assessed(), "assessed records"));
        charts.add(exerciseChart());
        List<Chart.Bar> fieldBars = bars(rejectedByField.byField(), "#6a1b5a");
        if (rejectedByField.capped()) {
            fieldBars.add(new Chart.Bar(OTHER_FIELDS, List.of(rejectedByField.otherRecords()), List.of("#555555")));
        }
        charts.add(Chart.single("rejected", "Rejected records by field", "records rejected for the field", "field",
                fieldBars, summary.rejected(), "rejected records"));
        List<Section> sections = new ArrayList<>();
        for (String level : LISTED_LEVELS) {
            sections.add(new Section(level, byLevel.getOrDefault(level, 0L), rows.get(level), unlisted.get(level)));
        }
        OtherFields otherFields = new OtherFields(rejectedByField.capped(), rejectedByField.cap(),
                rejectedByField.otherRecords(), rejectedByField.otherProblems());
        return new View(summary, rulesetVersion, ruleCount, List.copyOf(inputs), written, charts, sections, ROWS_PER_LEVEL,
                new Rejected(rejected, rejectedUnlisted), otherFields);
    }

    private List<Chart.Bar> levelBars() {
        List<Chart.Bar> bars = new ArrayList<>();
        byLevel.forEach((level, count) -> bars.add(new Chart.Bar(level, List.of(count), List.of(Colours.level(level)))));
        return bars;
    }

    private static List<Chart.Bar> bars(Map<String, Long> counts, String colour) {
        List<Chart.Bar> bars = new ArrayList<>();
        counts.forEach((label, count) -> bars.add(new Chart.Bar(label, List.of(count), List.of(colour))));
        return bars;
    }

    private Chart exerciseChart() {
        List<String> statuses = Vocabulary.EXERCISE_STATUSES;
        List<String> colours = statuses.stream().map(Colours::status).toList();
        List<Chart.Bar> bars = new ArrayList<>();
        exercises.forEach((id, byStatus) -> {
            List<Long> values = statuses.stream().map(s -> byStatus.getOrDefault(s, 0L)).toList();
            bars.add(new Chart.Bar(exerciseNames.getOrDefault(id, id), values, colours));
        });
        return new Chart("exercises", "Exercises by status", "times listed in an assessment, by status", "exercise",
                statuses, colours, bars, 0, "");
    }

    /**
     * The report's content.
     *
     * @param written  when the report was written (UTC, to the minute)
     * @param sections the emergency and urgent records, each with how many were left out of the list
     * @param rejected the records that could not be assessed, and how many were left out of that list
     * @param otherFields the rejected records' fields that the chart does not name one by one
     */
    public record View(Summary summary, String rulesetVersion, int ruleCount, List<String> inputs, String written,
                       List<Chart> charts, List<Section> sections, int rowsPerLevel, Rejected rejected,
                       OtherFields otherFields) {
    }

    /**
     * The unknown field names beyond the first {@code named}, counted together: whether there were any, the
     * records wrong in at least one of them, and how many such wrong fields there were (once per record each).
     */
    public record OtherFields(boolean any, int named, long records, long problems) {
    }

    /** The records that could not be assessed, in input order: id, location and every error; then how many more. */
    public record Rejected(List<Outcome.Rejection> rows, long unlisted) {
        public Rejected {
            rows = List.copyOf(rows);
        }
    }

    /** The listed records of one level. */
    public record Section(String level, long total, List<Row> rows, long unlisted) {
        public Section {
            rows = List.copyOf(rows);
        }
    }
}
