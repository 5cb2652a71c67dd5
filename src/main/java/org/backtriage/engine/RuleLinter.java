package org.backtriage.engine;

import org.backtriage.intake.Vocabulary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rule authors' conventions that the Drools compiler does not enforce: every rule has {@code @id} and
 * {@code @source}; ids are unique; every exercise id, code, status and level a rule writes is in the
 * vocabulary; thresholds come from {@code Thresholds}, never as bare numbers in a rule's conditions.
 */
public final class RuleLinter {
    static final String THRESHOLDS_FILE = "thresholds.drl";

    private static final Pattern RULE = Pattern.compile("(?m)^[ \\t]*rule\\s+(\"([^\"]*)\"|'([^']*)'|(\\S+))");
    private static final Pattern WHEN = Pattern.compile("(?m)^[ \\t]*when\\b");
    private static final Pattern THEN = Pattern.compile("(?m)^[ \\t]*then\\b");
    private static final Pattern END = Pattern.compile("(?m)^[ \\t]*end\\b");
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Pattern NUMBER = Pattern.compile("(?<![\\w.$])\\d+(\\.\\d+)?(?![\\w.])");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"");

    private record Check(Pattern pattern, String what, Function<RuleVocabulary, Collection<String>> allowed) {
    }

    private static final List<Check> CHECKS = List.of(
            new Check(Pattern.compile("new\\s+ExerciseSuggestion\\s*\\(\\s*\"([^\"]*)\""), "exercise id", v -> v.exercises().keySet()),
            new Check(Pattern.compile("new\\s+ExerciseRestriction\\s*\\(\\s*\"([^\"]*)\""), "exercise id", v -> v.exercises().keySet()),
            new Check(Pattern.compile("new\\s+ExerciseRestriction\\s*\\([^,]+,\\s*\"([^\"]*)\""), "exercise status", v -> List.of("needs_clearance", "avoid")),
            new Check(Pattern.compile("\\bexercise\\s*[!=]=\\s*\"([^\"]*)\""), "exercise id", v -> v.exercises().keySet()),
            new Check(Pattern.compile("\\bexercise\\s+(?:not\\s+)?in\\s*\\(([^)]*)\\)"), "exercise id", v -> v.exercises().keySet()),
            new Check(Pattern.compile("new\\s+Warning\\s*\\(\\s*\"([^\"]*)\""), "warning code", RuleVocabulary::warnings),
            new Check(Pattern.compile("new\\s+ReferralReason\\s*\\(\\s*\"([^\"]*)\""), "referral reason code", RuleVocabulary::reasons),
            new Check(Pattern.compile("new\\s+ReferralReason\\s*\\(\\s*\"[^\"]*\"\\s*,\\s*\"([^\"]*)\""), "referral level", v -> List.of("routine", "urgent", "emergency")),
            new Check(Pattern.compile("\\blevel\\s+(?:not\\s+)?in\\s*\\(([^)]*)\\)"), "referral level", v -> Vocabulary.REFERRAL_LEVELS),
            new Check(Pattern.compile("\\blevel\\s*[!=]=\\s*\"([^\"]*)\""), "referral level", v -> Vocabulary.REFERRAL_LEVELS),
            new Check(Pattern.compile("\\bregion\\s*[!=]=\\s*\"([^\"]*)\""), "region", v -> Vocabulary.REGIONS),
            new Check(Pattern.compile("\\bregion\\s+(?:not\\s+)?in\\s*\\(([^)]*)\\)"), "region", v -> Vocabulary.REGIONS),
            new Check(Pattern.compile("Condition\\s*\\([^)]*?\\bcode\\s*[!=]=\\s*\"([^\"]*)\""), "condition code", v -> Vocabulary.CONDITIONS),
            new Check(Pattern.compile("Condition\\s*\\([^)]*?\\bcode\\s+(?:not\\s+)?in\\s*\\(([^)]*)\\)"), "condition code", v -> Vocabulary.CONDITIONS),
            new Check(Pattern.compile("RedFlag\\s*\\([^)]*?\\bcode\\s*[!=]=\\s*\"([^\"]*)\""), "red-flag code", v -> Vocabulary.RED_FLAGS),
            new Check(Pattern.compile("\\banswer\\s*[!=]=\\s*\"([^\"]*)\""), "red-flag answer", v -> Vocabulary.ANSWERS),
            new Check(Pattern.compile("\\bstiffness\\s*[!=]=\\s*\"([^\"]*)\""), "stiffness", v -> Vocabulary.STIFFNESS),
            new Check(Pattern.compile("\\btwisting\\s*[!=]=\\s*\"([^\"]*)\""), "twisting", v -> Vocabulary.TWISTING));

    /** How many rules the DRL files declare, counted from their text (so also when they do not compile). */
    public static int declaredRules(RuleFiles files) {
        int count = 0;
        for (String text : files.drlFiles().values()) {
            Matcher rule = RULE.matcher(blankComments(text));
            while (rule.find()) {
                count++;
            }
        }
        return count;
    }

    /**
     * The conditions (the text between {@code when} and {@code then}) of the rule with this name in this DRL
     * text, whitespace collapsed; empty when there are none or the rule is not there. For explaining a
     * firing whose conditions ({@code exists}, {@code not}) bind no fact.
     */
    public static String conditionsOf(String text, String ruleName) {
        String code = blankComments(text);
        Matcher rule = RULE.matcher(code);
        while (rule.find()) {
            String name = rule.group(2) != null ? rule.group(2) : rule.group(3) != null ? rule.group(3) : rule.group(4);
            if (name.equals(ruleName)) {
                int when = find(WHEN, code, rule.end());
                int then = when < 0 ? -1 : find(THEN, code, when);
                return when < 0 || then < 0 ? "" : code.substring(when + 4, then).strip().replaceAll("\\s+", " ");
            }
        }
        return "";
    }

    /** The fields a {@code declare TYPE ... end} block in the DRL files gives a declared type, in order. */
    static List<String> declaredFields(RuleFiles files, String type) {
        Pattern block = Pattern.compile("(?ms)^[ \\t]*declare\\s+" + Pattern.quote(type) + "\\b(.*?)^[ \\t]*end\\b");
        Pattern field = Pattern.compile("(?m)^[ \\t]*(\\w+)\\s*:");
        List<String> fields = new ArrayList<>();
        for (String text : files.drlFiles().values()) {
            Matcher m = block.matcher(blankComments(text));
            if (m.find()) {
                Matcher f = field.matcher(m.group(1));
                while (f.find()) {
                    fields.add(f.group(1));
                }
            }
        }
        return fields;
    }

    List<RuleProblem> lint(RuleFiles files, List<RuleInfo> rules, RuleVocabulary vocabulary) {
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, Integer> lineOfRule = new HashMap<>();
        files.drlFiles().forEach((file, text) -> {
            String code = blankComments(text);
            Matcher rule = RULE.matcher(code);
            while (rule.find()) {
                String name = rule.group(2) != null ? rule.group(2) : rule.group(3) != null ? rule.group(3) : rule.group(4);
                lineOfRule.put(file + "\u0000" + name, lineAt(code, rule.start(1)));
                int end = find(END, code, rule.end());
                String body = code.substring(rule.start(), end < 0 ? code.length() : end);
                checkCodes(file, code, rule.start(), body, vocabulary, problems);
                if (!file.equals(THRESHOLDS_FILE)) {
                    checkBareNumbers(file, code, rule.start(), body, problems);
                }
            }
        });
        Map<String, RuleInfo> seen = new HashMap<>();
        // in file order, so the rule reported as reusing an id is the later one
        List<RuleInfo> inFileOrder = new ArrayList<>(rules);
        inFileOrder.sort(java.util.Comparator.comparing(RuleInfo::file)
                .thenComparingInt(r -> lineOfRule.getOrDefault(r.file() + "\u0000" + r.name(), 0)));
        for (RuleInfo info : inFileOrder) {
            int line = lineOfRule.getOrDefault(info.file() + "\u0000" + info.name(), 0);
            if (info.id() == null || info.id().isBlank()) {
                problems.add(new RuleProblem(info.file(), line, 1, "rule \"" + info.name()
                        + "\" has no @id: add @id(\"a-kebab-case-id\") under the rule's name"));
            } else if (!KEBAB.matcher(info.id()).matches()) {
                problems.add(new RuleProblem(info.file(), line, 1, "rule \"" + info.name() + "\" has @id(\"" + info.id()
                        + "\"): an id is lower-case words joined by hyphens, such as red-flag-fever"));
            } else if (seen.containsKey(info.id())) {
                RuleInfo first = seen.get(info.id());
                problems.add(new RuleProblem(info.file(), line, 1, "rule \"" + info.name() + "\" reuses @id(\"" + info.id()
                        + "\") of rule \"" + first.name() + "\" at " + first.file() + ":"
                        + lineOfRule.getOrDefault(first.file() + "\u0000" + first.name(), 0) + ": every rule needs its own id"));
            } else {
                seen.put(info.id(), info);
            }
            if (info.source() == null || info.source().isBlank()) {
                problems.add(new RuleProblem(info.file(), line, 1, "rule \"" + info.name()
                        + "\" has no @source: add @source(\"the article's section or the guideline it comes from\")"));
            }
        }
        return problems;
    }

    private static void checkCodes(String file, String code, int offset, String body, RuleVocabulary vocabulary,
                                   List<RuleProblem> problems) {
        for (Check check : CHECKS) {
            Matcher m = check.pattern().matcher(body);
            while (m.find()) {
                Collection<String> allowed = check.allowed().apply(vocabulary);
                Matcher literal = STRING.matcher(m.group(1));
                boolean sawLiteral = false;
                while (literal.find()) {
                    sawLiteral = true;
                    String value = literal.group().substring(1, literal.group().length() - 1);
                    // point at the word itself, as for a single literal below
                    report(file, code, offset + m.start(1) + literal.start() + 1, value, check.what(), allowed, problems);
                }
                if (!sawLiteral && m.group(1).indexOf('$') < 0 && m.group(1).indexOf('"') < 0 && m.group(0).contains("\"")) {
                    report(file, code, offset + m.start(1), m.group(1), check.what(), allowed, problems);
                }
            }
        }
    }

    private static void report(String file, String code, int at, String value, String what, Collection<String> allowed,
                               List<RuleProblem> problems) {
        if (!allowed.contains(value)) {
            String hint = closest(value, allowed);
            problems.add(new RuleProblem(file, lineAt(code, at), columnAt(code, at), "unknown " + what + " \"" + value + "\""
                    + (hint == null ? "." : ": did you mean \"" + hint + "\"?")
                    + (what.startsWith("exercise id") || what.endsWith("code") && !what.contains("condition") && !what.contains("red-flag")
                    ? " New ones go in vocabulary.yaml first." : " Allowed: " + allowed)));
        }
    }

    private static void checkBareNumbers(String file, String code, int offset, String body, List<RuleProblem> problems) {
        int when = find(WHEN, body, 0);
        int then = find(THEN, body, Math.max(when, 0));
        if (when < 0 || then < 0) {
            return;
        }
        String conditions = STRING.matcher(body.substring(when, then)).replaceAll(m -> " ".repeat(m.group().length()));
        Matcher number = NUMBER.matcher(conditions);
        while (number.find()) {
            int at = offset + when + number.start();
            problems.add(new RuleProblem(file, lineAt(code, at), columnAt(code, at), "the number " + number.group()
                    + " is written into the rule: thresholds live in " + THRESHOLDS_FILE
                    + "; add a field to Thresholds and match it, e.g. Thresholds( $limit : severePainScore )"));
        }
    }

    private static final Pattern BLOCK_START = Pattern.compile("(?:rule|declare|query|function)\\b");
    private static final Pattern SECTION_KEYWORD = Pattern.compile("(?:rule|when|then|end|declare|query|import|package|function|global)\\b");

    /**
     * Unclosed quotes and brackets, found in the text itself. Drools reports them later, at the token where
     * its parser gave up (often the next line's {@code then}); this finds the quote or bracket that was opened.
     * A bracket still open at a line that starts a new section (when, then, end, rule, ...) is unclosed.
     */
    public static List<RuleProblem> unbalanced(String file, String text) {
        String code = blankComments(text);
        List<RuleProblem> problems = new ArrayList<>();
        java.util.ArrayDeque<Integer> open = new java.util.ArrayDeque<>();
        int quote = -1;
        boolean quoteBroke = false;
        boolean lineStart = true;
        int block = -1;
        for (int i = 0; i < code.length(); i++) {
            char c = code.charAt(i);
            if (quote >= 0) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    quote = -1;
                } else if (c == '\n') {
                    problems.add(new RuleProblem(file, lineAt(code, quote), columnAt(code, quote),
                            "a text in double quotes is not closed: add the missing \" on this line"));
                    // a bracket of this section was probably closed inside the runaway text: report the quote only
                    quoteBroke = true;
                    quote = -1;
                    lineStart = true;
                }
                continue;
            }
            if (c == '\n') {
                lineStart = true;
                continue;
            }
            if (lineStart && !Character.isWhitespace(c)) {
                lineStart = false;
                if (SECTION_KEYWORD.matcher(code).region(i, code.length()).lookingAt()) {
                    boolean starts = BLOCK_START.matcher(code).region(i, code.length()).lookingAt();
                    if (starts && block >= 0) {
                        problems.add(new RuleProblem(file, lineAt(code, i), columnAt(code, i), "'end' is missing before this line: "
                                + code.substring(block, code.indexOf('\n', block) < 0 ? code.length() : code.indexOf('\n', block)).strip()
                                + " (line " + lineAt(code, block) + ") must finish with end on a line of its own"));
                    }
                    if (starts) {
                        block = i;
                    } else if (code.startsWith("end", i)) {
                        block = -1;
                    }
                    if (!open.isEmpty() && !quoteBroke) {
                        problems.add(unclosed(file, code, open.peekLast(), code.substring(i, Math.min(code.length(), i + 4)).strip()));
                    }
                    open.clear();
                    quoteBroke = false;
                }
            }
            if (c == '"') {
                quote = i;
            } else if (c == '(' || c == '[' || c == '{') {
                open.push(i);
            } else if (c == ')' || c == ']' || c == '}') {
                if (open.isEmpty()) {
                    problems.add(new RuleProblem(file, lineAt(code, i), columnAt(code, i), "this \"" + c
                            + "\" closes a bracket that was never opened: remove it or add the opening one"));
                } else {
                    open.pop();
                }
            }
        }
        if (quote >= 0) {
            problems.add(new RuleProblem(file, lineAt(code, quote), columnAt(code, quote),
                    "a text in double quotes is not closed: add the missing \""));
        }
        if (block >= 0 && quote < 0) {
            problems.add(new RuleProblem(file, lineAt(code, block), columnAt(code, block), "'end' is missing: this block must finish with end on a line of its own"));
        }
        if (!open.isEmpty() && !quoteBroke) {
            problems.add(unclosed(file, code, open.peekLast(), "the end of the file"));
        }
        return problems;
    }

    private static RuleProblem unclosed(String file, String code, int at, String before) {
        char opening = code.charAt(at);
        char closing = opening == '(' ? ')' : opening == '[' ? ']' : '}';
        return new RuleProblem(file, lineAt(code, at), columnAt(code, at), "this bracket \"" + opening
                + "\" is not closed: add the missing \"" + closing + "\" before " + (before.startsWith("the ") ? before : "\"" + before.split("\\s")[0] + "\""));
    }

    /** Replaces comments with spaces so offsets (and so lines and columns) stay true. */
    static String blankComments(String text) {
        StringBuilder out = new StringBuilder(text);
        int i = 0;
        boolean inString = false;
        while (i < out.length()) {
            char c = out.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i += 2;
                    continue;
                }
                if (c == '"' || c == '\n') {
                    inString = false;
                }
                i++;
            } else if (c == '"') {
                inString = true;
                i++;
            } else if (c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '/') {
                while (i < out.length() && out.charAt(i) != '\n') {
                    out.setCharAt(i++, ' ');
                }
            } else if (c == '/' && i + 1 < out.length() && out.charAt(i + 1) == '*') {
                while (i < out.length() && !(out.charAt(i) == '*' && i + 1 < out.length() && out.charAt(i + 1) == '/')) {
                    if (out.charAt(i) != '\n') {
                        out.setCharAt(i, ' ');
                    }
                    i++;
                }
                for (int k = 0; k < 2 && i < out.length(); k++) {
                    out.setCharAt(i++, ' ');
                }
            } else {
                i++;
            }
        }
        return out.toString();
    }

    private static int find(Pattern pattern, String text, int from) {
        Matcher m = pattern.matcher(text);
        return m.find(from) ? m.start() : -1;
    }

    static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    static int columnAt(String text, int offset) {
        int lineStart = text.lastIndexOf('\n', Math.max(offset - 1, 0)) + 1;
        return offset - lineStart + 1;
    }

    private static String closest(String value, Collection<String> allowed) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : allowed) {
            int d = distance(value.toLowerCase(), candidate.toLowerCase());
            if (d < bestDistance) {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.max(2, value.length() / 3) ? best : null;
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1));
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
