package org.backtriage.check;

import org.drools.drl.parser.ParserError;
import org.kie.internal.builder.KnowledgeBuilderError;

import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the messages of Drools' parser and compiler into words a rule author can act on. Most mistakes
 * are caught earlier, at their place, by {@link RuleChecker}; these are what is left (a value of the wrong
 * type, a name used before it is bound, a line the parser cannot read). A message with no translation is
 * passed on, shortened.
 */
public final class DroolsMessages {
    private record Translation(Pattern pattern, String plain) {
    }

    /** What the message for a name bound twice says (its place is the second binding, see {@link #placed}). */
    private static final String BOUND_TWICE = " is bound twice in this rule";

    private static final List<Translation> TRANSLATIONS = List.of(
            new Translation(Pattern.compile("(?i)unable to (resolve|find) (ObjectType|class|type) '?([\\w.$]+)'?"),
                    "unknown fact type '$3': check its spelling and that the file imports it"),
            new Translation(Pattern.compile("(?i)Unable to Analyse Expression .*?unable to resolve method using strict-mode: [\\w.$]+\\.(\\$\\w+)\\(\\)"),
                    "'$1' is used before it is bound: bind it in an earlier condition, e.g. Thresholds( $1 : aField )"),
            new Translation(Pattern.compile("(?i)unable to (?:analyze|analyse) expression.*?\\[Error: .*?unable to resolve method using strict-mode: [\\w.$]+\\.(\\w+)\\(\\)"),
                    "unknown field '$1': check its spelling against the fact's fields"),
            new Translation(Pattern.compile("(?i)Comparison operation requires compatible types.*?Found class ([\\w.]+) and class ([\\w.]+)"),
                    "a comparison of a $1 with a $2: compare a text field with a text in quotes, a number with a threshold"),
            new Translation(Pattern.compile("(?i)Duplicate declaration for variable '([\\w$]+)'"),
                    "the name $1" + BOUND_TWICE + ": give the second one another name"),
            // these patterns read Drools' own error messages (never DRL), to say them in plain words
            new Translation(Pattern.compile("(?i)\\[ERR \\d+\\] Line \\d+:\\d+ mismatched input '=' in (?:RULE|QUERY)"),
                    "'=' does not compare: write == to compare (or : to bind a name)"),
            new Translation(Pattern.compile("(?i)Rule Compilation error (.*)"),
                    "the actions (after then) do not compile: $1"),
            new Translation(Pattern.compile("(?i)\\[ERR \\d+\\] Line \\d+:\\d+ mismatched input '<EOF>'.*"),
                    "the file ends in the middle of a rule: a bracket, quote or 'end' is missing"),
            new Translation(Pattern.compile("(?i)\\[ERR \\d+\\] Line \\d+:\\d+ mismatched input '([^']+)'"),
                    "Drools did not expect '$1' here: something before it is missing (a bracket, quote, comma or 'end'), or it is one too many"),
            new Translation(Pattern.compile("(?i)\\[ERR \\d+\\] Line \\d+:\\d+ (?:missing|extraneous input) .*"),
                    "Drools cannot read this line: look for a missing or extra bracket, comma or quote"),
            new Translation(Pattern.compile("(?i).*no viable alternative at input.*"),
                    "Drools cannot read this line: look for a missing bracket, comma or quote"));

    private static final Pattern QUOTED_NAME = Pattern.compile("'([\\w$.]+)'");
    private static final Pattern BOUND_NAME = Pattern.compile("\\$[\\w$]+");

    private DroolsMessages() {
    }

    /**
     * One error of Drools' compiler as a problem an author can act on: in its file ({@code origin} when Drools
     * names none), at its line and column, in plain words.
     *
     * @param parsed the rule base's DRL files as {@link DrlFile#parseAll} read them, by name: they place a
     *               problem for which Drools gives a line only at the name it is about
     */
    public static RuleProblem compileError(KnowledgeBuilderError error, String origin, Map<String, DrlFile> parsed) {
        String file = error.getResource() != null && error.getResource().getSourcePath() != null
                ? error.getResource().getSourcePath() : origin;
        int line = 0;
        int column = 0;
        if (error instanceof ParserError parserError) {
            line = parserError.getRow();
            column = parserError.getCol() + 1;
        } else if (error.getLines() != null && error.getLines().length > 0) {
            line = error.getLines()[0];
        }
        RuleProblem problem = new RuleProblem(file, Math.max(line, 0), Math.max(column, 0), plain(error.getMessage()));
        return placed(problem, parsed.get(problem.file()));
    }

    /** The author's words for a Drools message; Drools' own words, shortened, when there is no translation. */
    static String plain(String droolsMessage) {
        String message = droolsMessage == null ? "" : droolsMessage.strip().replaceAll("\\s+", " ");
        for (Translation t : TRANSLATIONS) {
            Matcher m = t.pattern().matcher(message);
            if (m.find()) {
                String plain = t.plain();
                for (int g = 1; g <= m.groupCount(); g++) {
                    plain = plain.replace("$" + g, m.group(g) == null ? "" : m.group(g));
                }
                return plain;
            }
        }
        return "Drools says: " + (message.length() > 200 ? message.substring(0, 200) + "..." : message);
    }

    /**
     * A compiler problem with a line but no column gets the column of the name it is about, on that line
     * (or the first line after it that has the name): Drools gives the rule's line only. A name bound twice
     * is placed at its last binding on that line ({@code $x :}), the one to rename.
     */
    static RuleProblem placed(RuleProblem problem, DrlFile file) {
        if (problem.column() > 0 || file == null || problem.line() < 1) {
            return problem;
        }
        Matcher quoted = QUOTED_NAME.matcher(problem.message());
        Matcher bound = BOUND_NAME.matcher(problem.message());
        String name = quoted.find() ? quoted.group(1) : bound.find() ? bound.group() : null;
        if (name == null) {
            return problem;
        }
        String word = "(?<![\\w$])" + Pattern.quote(name) + "(?![\\w$])";
        int lineStart = file.offset(problem.line(), 0);
        if (problem.message().contains(BOUND_TWICE)) {
            int lineEnd = file.text().indexOf('\n', lineStart);
            Matcher binding = Pattern.compile(word + "\\s*:(?!:)").matcher(file.text())
                    .region(lineStart, lineEnd < 0 ? file.text().length() : lineEnd);
            int last = -1;
            while (binding.find()) {
                last = binding.start();
            }
            if (last >= 0) {
                return file.problemAt(last, problem.message());
            }
        }
        Matcher use = Pattern.compile(word).matcher(file.text());
        if (use.find(lineStart)) {
            return file.problemAt(use.start(), problem.message());
        }
        return problem;
    }
}
