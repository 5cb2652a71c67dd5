package org.backtriage.impact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.backtriage.pages.Pages;

import java.util.List;
import java.util.Locale;

/** Renders changed records and the summary as text (a terminal), NDJSON (machines) or HTML (a review meeting). */
public final class ImpactReport {
    public enum Format { TEXT, NDJSON, HTML }

    private final Format format;
    private final ObjectMapper json;
    private final Pages pages; // the HTML page is made from the same templates as every other page

    public ImpactReport(Format format, ObjectMapper json) {
        this.format = format;
        this.json = json;
        this.pages = format == Format.HTML ? new Pages() : null;
    }

    public String header(String before, String after) {
        if (format == Format.HTML) {
            return pages.impactHeader(before, after);
        }
        return format == Format.TEXT ? "Rule-change impact: before " + before + ", after " + after + "\n\n" : "";
    }

    public String record(AssessmentChange change) {
        try {
            return switch (format) {
                case NDJSON -> json.writeValueAsString(change);
                case TEXT -> text(change);
                case HTML -> pages.impactRow(new Pages.ImpactRow(change.intakeId(), change.location(),
                        change.changes().level(), levelLine(change), details(change)));
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change could not be rendered", e);
        }
    }

    public String footer(ImpactTally.Summary summary) {
        return switch (format) {
            case NDJSON -> "";
            case TEXT -> "\n" + summary.oneLine() + "\n";
            case HTML -> pages.impactFooter(summary.oneLine());
        };
    }

    private static String text(AssessmentChange change) {
        StringBuilder out = new StringBuilder(change.intakeId() + " (" + change.location() + "): " + levelLine(change));
        details(change).forEach(line -> out.append("\n  ").append(line));
        return out.toString();
    }

    private static String levelLine(AssessmentChange change) {
        String level = change.changes().level();
        return "referral " + change.before().level() + " -> " + change.after().level()
                + (level.equals("same") ? "" : " (" + level.toUpperCase(Locale.ROOT) + ")");
    }

    private static List<String> details(AssessmentChange change) {
        AssessmentChange.Changes c = change.changes();
        java.util.ArrayList<String> lines = new java.util.ArrayList<>();
        add(lines, "reasons added", c.reasonsAdded());
        add(lines, "reasons removed", c.reasonsRemoved());
        // an exercise is never just "added": a reviewer needs to know whether the person is told to do it or to avoid it
        add(lines, "exercises added", c.exercisesAdded().stream()
                .map(id -> id + " (" + change.after().exercises().get(id) + ")").toList());
        add(lines, "exercises removed", c.exercisesRemoved().stream()
                .map(id -> id + " (was " + change.before().exercises().get(id) + ")").toList());
        c.statusChanged().forEach(s -> lines.add("exercise " + s.exercise() + ": " + s.before() + " -> " + s.after()));
        add(lines, "warnings added", c.warningsAdded());
        add(lines, "warnings removed", c.warningsRemoved());
        add(lines, "rules fired only before", c.rulesFiredOnlyBefore());
        add(lines, "rules fired only after", c.rulesFiredOnlyAfter());
        c.textsChanged().forEach(t -> lines.add("text changed, " + t.text() + ": \"" + t.before() + "\" -> \"" + t.after() + "\""));
        return lines;
    }

    private static void add(List<String> lines, String label, List<String> values) {
        if (!values.isEmpty()) {
            lines.add(label + ": " + String.join(", ", values));
        }
    }
}
