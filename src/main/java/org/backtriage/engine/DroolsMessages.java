package org.backtriage.engine;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the Drools compiler's messages into words a rule author can act on. The original message is
 * kept (shortened) after the plain explanation, so nothing Drools said is lost.
 */
final class DroolsMessages {
    private record Translation(Pattern pattern, String plain) {
    }

    private static final List<Translation> TRANSLATIONS = List.of(
            new Translation(Pattern.compile("(?i)unable to (resolve|find) (ObjectType|class|type) '?([\\w.$]+)'?"),
                    "unknown fact type '$3': check its spelling and that the file imports it"),
            new Translation(Pattern.compile("(?i)unable to (?:analyze|analyse) expression.*?\\[Error: .*?unable to resolve method using strict-mode: [\\w.$]+\\.(\\w+)\\(\\)"),
                    "unknown field '$1': check its spelling against the fact's fields"),
            new Translation(Pattern.compile("(?is)unknown field (\\w+) on .*"), "unknown field '$1': check its spelling against the fact's fields"),
            new Translation(Pattern.compile("(?i)Unable to Analyse Expression .*?unable to resolve method using strict-mode: [\\w.$]+\\.(\\$\\w+)\\(\\)"),
                    "'$1' is used before it is bound: bind it in an earlier condition, e.g. Thresholds( $1 : aField )"),
            new Translation(Pattern.compile("(?i)Rule Compilation error (.*)"),
                    "the actions (after then) do not compile: $1"),
            new Translation(Pattern.compile("(?i)\\[ERR \\d+\\] Line \\d+:\\d+ mismatched input '(\\w+)' in rule \"([^\"]*)\""),
                    "Drools did not expect '$1' here in rule \"$2\": a bracket, quote or comma before it is probably missing"),
            new Translation(Pattern.compile("(?i)Duplicate rule name:? *\"?([^\"]+)\"?.*"),
                    "duplicate rule name \"$1\": two rules in one package need different names"),
            new Translation(Pattern.compile("(?i).*token recognition error at: '\"[^']*'.*"),
                    "a text in double quotes is not closed: add the missing \""),
            new Translation(Pattern.compile("(?i).*(missing|expecting) '?\\)'?.*"),
                    "a bracket is not closed: add the missing )"),
            new Translation(Pattern.compile("(?i).*mismatched input '<EOF>'.*"),
                    "the file ends in the middle of a rule: a bracket, quote or 'end' is missing"),
            new Translation(Pattern.compile("(?i).*no viable alternative at input.*"),
                    "Drools cannot read this line: look for a missing bracket, comma or quote"));

    private DroolsMessages() {
    }

    static String plain(String droolsMessage) {
        String message = droolsMessage == null ? "" : droolsMessage.strip().replaceAll("\\s+", " ");
        for (Translation t : TRANSLATIONS) {
            Matcher m = t.pattern().matcher(message);
            if (m.find()) {
                String plain = t.plain();
                for (int g = 1; g <= m.groupCount(); g++) {
                    plain = plain.replace("$" + g, m.group(g) == null ? "" : m.group(g));
                }
                return plain + " (Drools: " + shorten(message) + ")";
            }
        }
        return shorten(message);
    }

    private static final Pattern QUOTED_NAME = Pattern.compile("'([\\w$.]+)'");
    private static final Pattern UNKNOWN_FIELD = Pattern.compile("strict-mode: ([\\w.$]+)\\.(\\w+)\\(\\)");
    private static final Pattern UNRESOLVED = Pattern.compile("(\\$?\\w+) cannot be resolved");
    private static final Pattern DUPLICATE = Pattern.compile("^duplicate rule name \"([^\"]+)\"");

    /**
     * Makes the compiler's located problems right for a rule author. A file Drools cannot parse makes every
     * type it declares unknown elsewhere, so when some file does not parse only that file's problems are
     * kept (the rest follow from it and vanish when it is fixed). An unclosed quote or bracket is reported
     * where it was opened rather than where the parser gave up. A problem without a column gets the column
     * of the name it is about; a duplicate rule name says where the other rule is.
     */
    static List<RuleProblem> refine(List<RuleProblem> problems, RuleFiles files) {
        Set<String> unparsed = new LinkedHashSet<>();
        for (RuleProblem p : problems) {
            if (isParserProblem(p)) {
                unparsed.add(p.file());
            }
        }
        List<RuleProblem> refined = new ArrayList<>();
        for (String file : unparsed) {
            List<RuleProblem> structural = RuleLinter.unbalanced(file, files.files().getOrDefault(file, ""));
            if (!structural.isEmpty()) {
                refined.addAll(structural);
            } else {
                problems.stream().filter(p -> p.file().equals(file) && !p.message().contains(NULL_PACKAGE)).forEach(refined::add);
                if (refined.stream().noneMatch(p -> p.file().equals(file))) {
                    refined.add(new RuleProblem(file, 0, 0, "Drools cannot read this file"));
                }
            }
        }
        if (!unparsed.isEmpty()) {
            return refined;
        }
        for (RuleProblem p : problems) {
            refined.add(locateName(p, files));
        }
        return refined;
    }

    private static final String NULL_PACKAGE = "Parser returned a null Package";

    private static boolean isParserProblem(RuleProblem p) {
        return p.message().contains("[ERR ") || p.message().contains(NULL_PACKAGE);
    }

    private static RuleProblem locateName(RuleProblem p, RuleFiles files) {
        String message = p.message();
        Matcher field = UNKNOWN_FIELD.matcher(message);
        if (field.find()) {
            message = message.replaceFirst("check its spelling against the fact's fields",
                    fieldsOf(field.group(1), field.group(2)).replace("$", "\\$"));
        }
        Matcher duplicate = DUPLICATE.matcher(message);
        if (duplicate.find()) {
            String other = firstDeclaration(files, duplicate.group(1), p);
            if (other != null) {
                message = message.replaceFirst(": two rules", Matcher.quoteReplacement(" (the other is at " + other + "): two rules"));
            }
        }
        String text = files.files().get(p.file());
        Matcher name = QUOTED_NAME.matcher(message);
        Matcher unresolved = UNRESOLVED.matcher(message);
        String token = name.find() ? name.group(1) : unresolved.find() ? unresolved.group(1) : null;
        if (p.column() == 0 && text != null && token != null) {
            // Drools gives the rule's line (or none): point at the first use of the name from there on
            Matcher use = Pattern.compile("(?<![\\w$])" + Pattern.quote(token) + "(?![\\w$])").matcher(RuleLinter.blankComments(text));
            int from = p.line() <= 1 ? 0 : nthLineStart(text, p.line());
            if (use.find(from)) {
                return new RuleProblem(p.file(), RuleLinter.lineAt(text, use.start()), RuleLinter.columnAt(text, use.start()), message);
            }
        }
        return new RuleProblem(p.file(), p.line(), p.column(), message);
    }

    private static int nthLineStart(String text, int line) {
        int at = 0;
        for (int l = 1; l < line && at >= 0; l++) {
            at = text.indexOf('\n', at) + 1;
            if (at == 0) {
                return text.length();
            }
        }
        return at;
    }

    /** The fields a fact type has (record components), with the closest one to a misspelt name. */
    private static String fieldsOf(String className, String misspelt) {
        try {
            Class<?> type = Class.forName(className, false, DroolsMessages.class.getClassLoader());
            if (!type.isRecord()) {
                return "check its spelling against the fact's fields";
            }
            List<String> names = java.util.Arrays.stream(type.getRecordComponents()).map(c -> c.getName()).toList();
            String closest = names.stream().min(java.util.Comparator.comparingInt(n -> RuleLinter.distance(n.toLowerCase(), misspelt.toLowerCase()))).orElse(null);
            return (closest != null && RuleLinter.distance(closest.toLowerCase(), misspelt.toLowerCase()) <= 3 ? "did you mean '" + closest + "'? " : "")
                    + type.getSimpleName() + " has the fields " + String.join(", ", names);
        } catch (ClassNotFoundException | LinkageError e) {
            return "check its spelling against the fact's fields";
        }
    }

    private static String firstDeclaration(RuleFiles files, String ruleName, RuleProblem duplicate) {
        Pattern declaration = Pattern.compile("(?m)^[ \\t]*rule\\s+\"" + Pattern.quote(ruleName) + "\"");
        for (var entry : files.drlFiles().entrySet()) {
            Matcher m = declaration.matcher(RuleLinter.blankComments(entry.getValue()));
            while (m.find()) {
                int line = RuleLinter.lineAt(entry.getValue(), m.start());
                if (!(entry.getKey().equals(duplicate.file()) && line == duplicate.line())) {
                    return entry.getKey() + ":" + line;
                }
            }
        }
        return null;
    }

    private static String shorten(String message) {
        return message.length() > 200 ? message.substring(0, 200) + "..." : message;
    }
}
