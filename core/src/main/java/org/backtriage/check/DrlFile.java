package org.backtriage.check;

import org.antlr.runtime.ANTLRStringStream;
import org.antlr.runtime.Token;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.parser.DrlParser;
import org.drools.drl.parser.DroolsError;
import org.drools.drl.parser.DroolsParserException;
import org.drools.drl.parser.ParserError;
import org.drools.drl.parser.lang.DRL6Lexer;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;

/**
 * One DRL file as Drools' own lexer and parser read it: its descriptors ({@link PackageDescr}: rules,
 * patterns, constraints, consequences), the problems that keep it from being read, and the arithmetic
 * that turns Drools' offsets into the {@code FILE:LINE:COLUMN} a rule author is shown.
 */
public final class DrlFile {
    private static final Set<String> BLOCKS = Set.of("rule", "declare", "query");
    private static final Set<String> SECTIONS = Set.of("rule", "declare", "query", "function", "when", "then", "end",
            "import", "package", "global");

    private final String name;
    private final String text;
    private final int[] lineStarts;
    private final PackageDescr descr;
    private final List<RuleProblem> problems;

    private DrlFile(String name, String text) {
        this.name = name;
        this.text = text;
        this.lineStarts = lineStarts(text);
        List<RuleProblem> found = new ArrayList<>(lexicalProblems());
        PackageDescr parsed = null;
        if (found.isEmpty()) {
            DrlParser parser = new DrlParser();
            try {
                parsed = parser.parse(false, text);
            } catch (DroolsParserException e) {
                found.add(new RuleProblem(name, Math.max(e.getLineNumber(), 0), Math.max(e.getColumn(), 0) + 1,
                        DroolsMessages.plain(e.getMessage())));
            }
            for (DroolsError error : parser.getErrors()) {
                found.add(error instanceof ParserError p
                        ? new RuleProblem(name, Math.max(p.getRow(), 0), Math.max(p.getCol(), 0) + 1, DroolsMessages.plain(p.getMessage()))
                        : new RuleProblem(name, 0, 0, DroolsMessages.plain(error.getMessage())));
            }
            if (found.isEmpty() && parsed == null) {
                found.add(new RuleProblem(name, 0, 0, "Drools cannot read this file"));
            }
        }
        if (found.isEmpty() && (parsed.getName() == null || parsed.getName().isBlank())) {
            found.add(new RuleProblem(name, 1, 1, "this file has no package line: start it with"
                    + " 'package org.backtriage.rules', as the other rule files do"));
        }
        this.descr = found.isEmpty() ? parsed : null;
        this.problems = List.copyOf(found);
    }

    /** Reads one DRL file; never throws for a file Drools cannot read (see {@link #problems()}). */
    public static DrlFile parse(String name, String text) {
        return new DrlFile(name, text);
    }

    /** The parsed rule base: every DRL file of {@code drlFiles} (file name to text), in name order. */
    public static List<DrlFile> parseAll(SortedMap<String, String> drlFiles) {
        return drlFiles.entrySet().stream().map(e -> parse(e.getKey(), e.getValue())).toList();
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The file's descriptors, or {@code null} when it could not be read (then {@link #problems()} says why). */
    public PackageDescr descr() {
        return descr;
    }

    /** Why the file could not be read; empty when it could. */
    public List<RuleProblem> problems() {
        return problems;
    }

    public boolean readable() {
        return descr != null;
    }

    // ---- locations -------------------------------------------------------------------------------

    /** The offset of a 1-based line and 0-based column (Drools' convention). */
    int offset(int line, int column) {
        if (line < 1) {
            return 0;
        }
        int start = line - 1 < lineStarts.length ? lineStarts[line - 1] : text.length();
        return Math.min(text.length(), start + Math.max(column, 0));
    }

    int lineAt(int offset) {
        int low = 0;
        int high = lineStarts.length - 1;
        while (low < high) {
            int mid = (low + high + 1) >>> 1;
            if (lineStarts[mid] <= offset) {
                low = mid;
            } else {
                high = mid - 1;
            }
        }
        return low + 1;
    }

    int columnAt(int offset) {
        return offset - lineStarts[lineAt(offset) - 1] + 1;
    }

    RuleProblem problemAt(int offset, String message) {
        return new RuleProblem(name, lineAt(offset), columnAt(offset), message);
    }

    /** A problem at a descriptor's place (Drools' columns are 0-based; an author's are 1-based). */
    RuleProblem problemAt(BaseDescr descr, String message) {
        return new RuleProblem(name, Math.max(descr.getLine(), 0), descr.getLine() > 0 ? Math.max(descr.getColumn(), 0) + 1 : 0, message);
    }

    /** The offset where a descriptor starts in the text, or -1 when Drools did not record it. */
    int start(BaseDescr descr) {
        if (descr.getStartCharacter() >= 0) {
            return descr.getStartCharacter();
        }
        return descr.getLine() > 0 ? offset(descr.getLine(), descr.getColumn()) : -1;
    }

    /** The source text of a descriptor, as written (Drools' own text rewrites quotes). */
    String source(BaseDescr descr) {
        int start = descr.getStartCharacter();
        int end = descr.getEndCharacter();
        if (start < 0 || end < start) {
            return "";
        }
        return text.substring(start, Math.min(text.length(), end + 1));
    }

    /** Where the actions of a rule start: the first character after its {@code then} that is not blank. */
    int consequenceStart(RuleDescr rule) {
        int then = offset(rule.getConsequenceLine(), rule.getConsequencePattern());
        int at = text.startsWith("then", then) ? then + 4 : then;
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
        return at;
    }

    /**
     * A rule's conditions (between {@code when} and {@code then}) as one line, comments left out: what
     * {@code explain} shows. Empty when the rule has none.
     */
    public String conditionsOf(RuleDescr rule) {
        if (rule.getLhs() == null || rule.getLhs().getDescrs().isEmpty()) {
            return "";
        }
        int from = start(rule.getLhs().getDescrs().get(0));
        int to = offset(rule.getConsequenceLine(), rule.getConsequencePattern());
        if (from < 0 || to <= from) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        DRL6Lexer lexer = new DRL6Lexer(new ANTLRStringStream(text.substring(from, to)));
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            int type = token.getType();
            if (type == DRL6Lexer.WS || type == DRL6Lexer.EOL) {
                out.append(' ');
            } else if (type != DRL6Lexer.C_STYLE_SINGLE_LINE_COMMENT && type != DRL6Lexer.MULTI_LINE_COMMENT) {
                out.append(token.getText());
            }
        }
        return out.toString().replaceAll("\\s+", " ").strip();
    }

    // ---- reading problems, found with Drools' own lexer ------------------------------------------

    /**
     * The mistakes that keep Drools from reading a file, found at the place the author made them: a
     * curly quote, a text whose closing quote is missing, a bracket never closed, a block without its
     * {@code end}. Drools' parser reports these later, where it gave up (often at the next {@code then}).
     * Only the first runaway text is reported: everything after it is read out of step.
     */
    private List<RuleProblem> lexicalProblems() {
        List<RuleProblem> found = new ArrayList<>(unicodeEscapes());
        if (!found.isEmpty()) {
            return found;
        }
        DRL6Lexer lexer = new DRL6Lexer(new ANTLRStringStream(text));
        List<Token> tokens = new ArrayList<>();
        for (Token token = lexer.nextToken(); token.getType() != Token.EOF; token = lexer.nextToken()) {
            tokens.add(token);
        }
        for (DroolsParserException error : lexer.getErrors()) {
            int at = offset(error.getLineNumber(), error.getColumn());
            char c = at < text.length() ? text.charAt(at) : 0;
            if (c == '\u201C' || c == '\u201D' || c == '\u2018' || c == '\u2019' || c == '\u00AB' || c == '\u00BB') {
                found.add(problemAt(at, "the curly quote " + c + " is not a quote for Drools: type a straight quote \" instead"
                        + " (a word processor changes quotes; edit rule files in a plain text editor)"));
            } else if (c == 0) {
                found.add(runawayText(tokens).orElseGet(() -> unclosedText(tokens)));
            } else {
                found.add(problemAt(at, "Drools cannot read the character '" + c + "' here: remove it"));
            }
        }
        if (!found.isEmpty()) {
            return found;
        }
        Deque<Token> open = new ArrayDeque<>();
        Token block = null;
        int lastLine = 0;
        for (Token token : tokens) {
            int type = token.getType();
            if (type == DRL6Lexer.WS || type == DRL6Lexer.EOL || type == DRL6Lexer.C_STYLE_SINGLE_LINE_COMMENT
                    || type == DRL6Lexer.MULTI_LINE_COMMENT) {
                continue;
            }
            if (type == DRL6Lexer.STRING && token.getText().indexOf('\n') >= 0) {
                found.add(runawayText(List.of(token)).orElseThrow());
                return found;
            }
            boolean firstOnLine = token.getLine() != lastLine;
            lastLine = token.getLine();
            if (!firstOnLine && type == DRL6Lexer.ID && token.getText().equals("end") && open.isEmpty() && block != null) {
                block = null; // a one-line block: query "q" Warning() end
            }
            if (firstOnLine && type == DRL6Lexer.ID && SECTIONS.contains(token.getText())) {
                String word = token.getText();
                if (BLOCKS.contains(word) && block != null) {
                    found.add(tokenProblem(token, "'end' is missing before this line: " + firstLine(block)
                            + " (line " + block.getLine() + ") must finish with end on a line of its own"));
                }
                if (!open.isEmpty()) {
                    found.add(unclosedBracket(open.peekLast(), "\"" + word + "\""));
                    open.clear();
                }
                if (BLOCKS.contains(word)) {
                    block = token;
                } else if (word.equals("end")) {
                    block = null;
                }
            }
            if (type == DRL6Lexer.LEFT_PAREN || type == DRL6Lexer.LEFT_SQUARE || type == DRL6Lexer.LEFT_CURLY) {
                open.push(token);
            } else if (type == DRL6Lexer.RIGHT_PAREN || type == DRL6Lexer.RIGHT_SQUARE || type == DRL6Lexer.RIGHT_CURLY) {
                if (open.isEmpty()) {
                    found.add(tokenProblem(token, "this \"" + token.getText()
                            + "\" closes a bracket that was never opened: remove it or add the opening one"));
                } else {
                    open.pop();
                }
            }
        }
        if (block != null) {
            found.add(tokenProblem(block, "'end' is missing: " + firstLine(block) + " must finish with end on a line of its own"));
        }
        if (!open.isEmpty()) {
            found.add(unclosedBracket(open.peekLast(), "the end of the file"));
        }
        return found;
    }

    /**
     * Every backslash followed by the letter u, wherever it is: in a consequence, a condition, a text, an
     * annotation or a comment. Java's compiler turns a unicode escape (backslash, one or more u, four hex
     * digits) into its character before it reads anything else (JLS 3.3): 000a becomes a line break that
     * ends a comment, 0022 a quote that ends a text. A rule written with escapes would then mean one thing
     * to this check and another to the compiler, and code hidden in a comment or a text would run. Nobody
     * needs an escape to write a rule, so every backslash-u is refused, even where Java would not decode
     * it (after an even run of backslashes): nothing is left for the compiler to decode.
     */
    private List<RuleProblem> unicodeEscapes() {
        List<RuleProblem> found = new ArrayList<>();
        for (int at = text.indexOf("\\u"); at >= 0; at = text.indexOf("\\u", at + 2)) {
            int end = at + 1;
            while (end < text.length() && text.charAt(end) == 'u') {
                end++;
            }
            String escape = text.substring(at, Math.min(text.length(), end + 4));
            found.add(problemAt(at, "the escape " + escape + " is not allowed in a rule file: Java reads \\u escapes as"
                    + " other characters (a line break, a quote) before it reads the rule, so what check reads and what runs"
                    + " could differ. Type the character itself, or leave it out"));
        }
        return found;
    }

    /** The first text that runs over a line end: its closing quote is missing (a DRL text is one line). */
    private java.util.Optional<RuleProblem> runawayText(List<Token> tokens) {
        return tokens.stream().filter(t -> t.getType() == DRL6Lexer.STRING && t.getText().indexOf('\n') >= 0).findFirst()
                .map(t -> tokenProblem(t, "a text in " + quotes(t.getText().charAt(0)) + " is not closed: add the missing " + t.getText().charAt(0) + " on this line"));
    }

    private RuleProblem unclosedText(List<Token> tokens) {
        // the lexer reached the end of the file inside a text: it opened just after the last token read
        int from = 0;
        if (!tokens.isEmpty()) {
            Token last = tokens.get(tokens.size() - 1);
            from = offset(last.getLine(), last.getCharPositionInLine()) + last.getText().length();
        }
        int quote = from;
        while (quote < text.length() && text.charAt(quote) != '"' && text.charAt(quote) != '\'') {
            quote++;
        }
        char mark = quote < text.length() ? text.charAt(quote) : '"';
        return problemAt(Math.min(quote, text.length()), "a text in " + quotes(mark) + " is not closed: add the missing " + mark);
    }

    private static String quotes(char mark) {
        return mark == '\'' ? "single quotes" : "double quotes";
    }

    private RuleProblem unclosedBracket(Token bracket, String before) {
        String opening = bracket.getText();
        String closing = opening.equals("(") ? ")" : opening.equals("[") ? "]" : "}";
        return tokenProblem(bracket, "this bracket \"" + opening + "\" is not closed: add the missing \"" + closing + "\" before " + before);
    }

    private RuleProblem tokenProblem(Token token, String message) {
        return new RuleProblem(name, token.getLine(), token.getCharPositionInLine() + 1, message);
    }

    private String firstLine(Token token) {
        int at = offset(token.getLine(), token.getCharPositionInLine());
        int end = text.indexOf('\n', at);
        return text.substring(at, end < 0 ? text.length() : end).strip();
    }

    /** The offset at which each line of {@code text} starts (line 1 at index 0). */
    static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }
}
