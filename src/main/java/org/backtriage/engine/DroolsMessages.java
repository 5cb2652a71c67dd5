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
            new Translation(Pattern.compile("(?i)Error importing : '([\\w.$]+)'"),
                    "unknown class in import '$1': check its spelling (the facts are in org.backtriage.facts and org.backtriage.intake)"),
            new Translation(Pattern.compile("(?i)Field Reader does not exist for declaration '(\\$\\w+)' in '\\$\\w+ : (\\w+)'"),
                    "unknown field '$2' (bound as $1): check its spelling against the fact's fields"),
            new Translation(Pattern.compile("(?i)\\[ERR \\d+\\] Line \\d+:\\d+ mismatched input '=' in rule"),
                    "'=' does not compare: write == to compare (or : to bind a name)"),
            new Translation(Pattern.compile("(?i)Rule Compilation error (.*)"),
                    "the actions (after then) do not compile: $1"),
            new Translation(Pattern.compile("(?i)\\[ERR \\d+\\] Line \\d+:\\d+ mismatched input '([^']+)'"),
                    "Drools did not expect '$1' here: something before it is missing (a bracket, quote, comma or 'end'), or it is one too many"),
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
    private static final Pattern FIELD_READER = Pattern.compile("^unknown field '\\w+' \\(bound as (\\$\\w+)\\)");
    private static final Pattern USED_BEFORE_BOUND = Pattern.compile("^'(\\$\\w+)' is used before it is bound");
    private static final Pattern BOUND_FIELD = Pattern.compile("^unknown field '(\\w+)' \\(bound as (\\$\\w+)\\)");
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
        // a bad import makes every rule's actions fail to compile, and an unknown field bound to a name makes
        // each use of that name fail: report the cause once, not its echoes
        boolean badImport = problems.stream().anyMatch(p -> p.message().contains("Error importing"));
        Set<String> unboundNames = new LinkedHashSet<>();
        for (RuleProblem p : problems) {
            Matcher reader = FIELD_READER.matcher(p.message());
            if (reader.find()) {
                unboundNames.add(p.file() + "\u0000" + reader.group(1));
            }
        }
        for (RuleProblem p : problems) {
            if (badImport && p.message().contains("Only a type can be imported")) {
                continue;
            }
            Matcher used = USED_BEFORE_BOUND.matcher(p.message());
            if (used.find() && unboundNames.contains(p.file() + "\u0000" + used.group(1))) {
                continue;
            }
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
        Matcher bound = BOUND_FIELD.matcher(message);
        if (field.find()) {
            message = message.replaceFirst("check its spelling against the fact's fields",
                    Matcher.quoteReplacement(fieldsOf(field.group(1), field.group(2), files)));
        } else if (bound.find() && p.line() > 0 && files.files().containsKey(p.file())) {
            String line = files.files().get(p.file()).lines().skip(p.line() - 1).findFirst().orElse("");
            Matcher type = Pattern.compile("(\\w+)\\s*\\([^)]*" + Pattern.quote(bound.group(2)) + "\\s*:\\s*" + bound.group(1)).matcher(line);
            if (type.find()) {
                message = message.replaceFirst("check its spelling against the fact's fields",
                        Matcher.quoteReplacement(fieldsOf(type.group(1), bound.group(1), files)));
            }
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

    /**
     * The fields a fact type has (a record's components, or the fields a {@code declare} block gives it), with
     * the closest one to a misspelt name.
     */
    private static String fieldsOf(String typeName, String misspelt, RuleFiles files) {
        List<String> names = new ArrayList<>();
        String simpleName = typeName.substring(typeName.lastIndexOf('.') + 1);
        try {
            Class<?> type = Class.forName(typeName, false, DroolsMessages.class.getClassLoader());
            if (type.isRecord()) {
                java.util.Arrays.stream(type.getRecordComponents()).forEach(c -> names.add(c.getName()));
            }
        } catch (ClassNotFoundException | LinkageError notAJavaClass) {
            names.addAll(RuleLinter.declaredFields(files, simpleName));
        }
        if (names.isEmpty()) {
            return "check its spelling against the fact's fields";
        }
        String closest = names.stream().min(java.util.Comparator.comparingInt(n -> RuleLinter.distance(n.toLowerCase(), misspelt.toLowerCase()))).orElseThrow();
        return (RuleLinter.distance(closest.toLowerCase(), misspelt.toLowerCase()) <= Math.max(3, misspelt.length() / 2) ? "did you mean '" + closest + "'? " : "")
                + simpleName + " has the fields " + String.join(", ", names);
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
