package org.backtriage.check;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The YAML files rule authors write ({@code vocabulary.yaml}, scenarios): read with Jackson, and a file
 * that is not valid YAML explained in words that say what to do (never the YAML parser's own message),
 * at the line and column of the mistake.
 */
public final class YamlProblems {
    private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");

    private YamlProblems() {
    }

    /** A mistake in a YAML file: where (1-based) and what to do. */
    public record Problem(int line, int column, String message) {
    }

    /** A YAML reader that also refuses a name given twice (YAML would silently keep the last one). */
    public static ObjectMapper mapper() {
        return new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** What is wrong with {@code yaml}, which {@link #mapper()} could not read. */
    public static Problem describe(JsonProcessingException e, String yaml) {
        MarkedYAMLException marked = marked(e);
        if (marked == null) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            int column = e.getLocation() == null ? 0 : Math.max(e.getLocation().getColumnNr(), 1);
            Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
            if (duplicate.find()) {
                return new Problem(line, 1, "'" + duplicate.group(1) + "' is given twice here: keep one of them");
            }
            return new Problem(line, column, unreadable());
        }
        String problem = String.valueOf(marked.getProblem());
        String context = String.valueOf(marked.getContext());
        Mark at = marked.getProblemMark();
        Mark opened = marked.getContextMark() != null ? marked.getContextMark() : at;
        if (context.contains("quoted scalar")) {
            return at(opened, "a text in quotes is not closed: add the missing " + quoteAt(yaml, opened) + " at its end");
        }
        if (context.contains("flow sequence")) {
            return at(opened, "a list in [ ] is not closed: add the missing ]");
        }
        if (problem.contains("(TAB)") || problem.contains("\\t")) {
            return at(at, "a tab is used to indent this line: indent with spaces only");
        }
        if (problem.contains("mapping values are not allowed")) {
            String line = lineOf(yaml, at.getLine());
            int first = line.indexOf(": ");
            if (first >= 0 && first < at.getColumn()) {
                return at(at, "this text contains ': ': put a text that contains ': ' in quotes, e.g. "
                        + line.substring(0, first + 2).strip() + " \"" + line.substring(first + 2).strip().replace("\"", "'") + "\"");
            }
            return at(at, "this line is indented differently from the lines above it: line it up with the other entries at its level");
        }
        if (context.contains("block mapping") || context.contains("block collection")) {
            return at(at, "this line is indented differently from the lines above it: line it up with the other entries at its level");
        }
        return at(at, unreadable());
    }

    private static String unreadable() {
        return "this line cannot be read as YAML: check its indentation (spaces only, lined up with the line above)"
                + " and put a text that contains ': ' or '#', or starts with a quote, in quotes";
    }

    private static Problem at(Mark mark, String message) {
        return new Problem(mark.getLine() + 1, mark.getColumn() + 1, message);
    }

    private static char quoteAt(String yaml, Mark mark) {
        String line = lineOf(yaml, mark.getLine());
        return mark.getColumn() < line.length() && line.charAt(mark.getColumn()) == '\'' ? '\'' : '"';
    }

    private static String lineOf(String yaml, int zeroBasedLine) {
        return yaml.lines().skip(zeroBasedLine).findFirst().orElse("");
    }

    private static MarkedYAMLException marked(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof MarkedYAMLException m) {
                return m;
            }
        }
        return null;
    }
}
