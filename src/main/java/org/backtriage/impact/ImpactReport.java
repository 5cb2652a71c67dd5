package org.backtriage.impact;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.List;
import java.util.Locale;

/** Renders changed records and the summary as text (a terminal), NDJSON (machines) or HTML (a review meeting). */
public final class ImpactReport {
    public enum Format { TEXT, NDJSON, HTML }

    private final Format format;
    private final ObjectMapper json;

    public ImpactReport(Format format, ObjectMapper json) {
        this.format = format;
        this.json = json;
    }

    public String header(String before, String after) {
        if (format != Format.HTML) {
            return format == Format.TEXT ? "Rule-change impact: before " + before + ", after " + after + "\n\n" : "";
        }
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>Rule-change impact</title>
                <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse;width:100%%}
                td,th{border:1px solid #ccc;padding:4px 8px;text-align:left;vertical-align:top}
                tr.lowered{background:#fdd}tr.raised{background:#ffd}.summary{font-size:1.1em;margin:1em 0}</style></head>
                <body><h1>Rule-change impact</h1><p>Before: <code>%s</code> &mdash; after: <code>%s</code></p>
                <p>Rows in red lowered a referral level: read them first.</p>
                <table><tr><th>intake</th><th>referral level</th><th>changes</th></tr>
                """.formatted(html(before), html(after));
    }

    public String record(AssessmentChange change) {
        try {
            return switch (format) {
                case NDJSON -> json.writeValueAsString(change);
                case TEXT -> text(change);
                case HTML -> "<tr class=\"" + change.changes().level() + "\"><td>" + html(change.intakeId()) + "<br><small>"
                        + html(change.location()) + "</small></td><td>" + html(levelLine(change)) + "</td><td>"
                        + html(String.join("\n", details(change))).replace("\n", "<br>") + "</td></tr>";
            };
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a change could not be rendered", e);
        }
    }

    public String footer(ImpactTally.Summary summary) {
        return switch (format) {
            case NDJSON -> "";
            case TEXT -> "\n" + summary.oneLine() + "\n";
            case HTML -> "</table><p class=\"summary\">" + html(summary.oneLine()) + "</p></body></html>\n";
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
        return lines;
    }

    private static void add(List<String> lines, String label, List<String> values) {
        if (!values.isEmpty()) {
            lines.add(label + ": " + String.join(", ", values));
        }
    }

    private static String html(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
