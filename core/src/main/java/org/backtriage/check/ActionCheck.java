package org.backtriage.check;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.Position;
import com.github.javaparser.Problem;
import com.github.javaparser.ast.Node;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.CharLiteralExpr;
import com.github.javaparser.ast.expr.DoubleLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.IntegerLiteralExpr;
import com.github.javaparser.ast.expr.LongLiteralExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.TextBlockLiteralExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import com.github.javaparser.ast.stmt.BlockStmt;
import com.github.javaparser.ast.stmt.DoStmt;
import com.github.javaparser.ast.stmt.EmptyStmt;
import com.github.javaparser.ast.stmt.ExpressionStmt;
import com.github.javaparser.ast.stmt.ForEachStmt;
import com.github.javaparser.ast.stmt.ForStmt;
import com.github.javaparser.ast.stmt.IfStmt;
import com.github.javaparser.ast.stmt.Statement;
import com.github.javaparser.ast.stmt.TryStmt;
import com.github.javaparser.ast.stmt.WhileStmt;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The actions of one rule (between {@code then} and {@code end}), read as Java statements by JavaParser.
 * A rule's actions may only be {@code insert(new T(...));} or {@code insertLogical(new T(...));} where T is
 * a conclusion (ReferralReason, Warning, ExerciseSuggestion, ExerciseRestriction) or a type the rule files
 * declare, and its values are texts, numbers, true/false, names the conditions bound, and texts joined
 * with {@code +}. Everything else (a method call, {@code System}, a file, a loop, a variable, modify,
 * update, delete) is refused at its place: a rule concludes; it does not run code.
 */
final class ActionCheck {
    private static final JavaParser JAVA = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    private static final Set<String> INSERTS = Set.of("insert", "insertLogical");
    private static final String ONLY = "after then, a rule only inserts conclusions, one per line,"
            + " e.g. insert(new Warning(\"CODE\", \"the message\"));";
    private static final Pattern CHANGES = Pattern.compile("\\b(modify|update|delete|retract)\\s*\\(");

    private final RuleScope scope;
    private final List<String> inserted = new ArrayList<>();
    private int base;
    private int[] blockLines;

    ActionCheck(RuleScope scope) {
        this.scope = scope;
    }

    /** The simple names of the types the actions insert. */
    List<String> inserted() {
        return inserted;
    }

    /** A fact an action inserts: its type and, by field, the texts written as constants (the others vary). */
    record Insert(String type, java.util.Map<String, String> constants) {
    }

    private final List<Insert> inserts = new java.util.ArrayList<>();

    /** What the actions insert, with their constant values (for finding rules that fire each other). */
    List<Insert> inserts() {
        return inserts;
    }

    void check() {
        Object consequence = scope.rule.getConsequence();
        String actions = consequence == null ? "" : consequence.toString();
        base = scope.file.consequenceStart(scope.rule);
        String block = "{" + actions + "\n}";
        blockLines = DrlFile.lineStarts(block);
        int before = scope.problems.size();
        ParseResult<BlockStmt> parsed = JAVA.parseBlock(block);
        if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
            unreadable(actions, parsed.getProblems());
            return;
        }
        for (Statement statement : parsed.getResult().get().getStatements()) {
            statement(statement);
        }
        if (inserted.isEmpty() && scope.problems.size() == before) {
            scope.problems.add(new RuleProblem(scope.file.name(), scope.rule.getLine(), scope.rule.getColumn() + 1,
                    "rule \"" + scope.rule.getName() + "\" concludes nothing: " + ONLY));
        }
    }

    private void unreadable(String actions, List<Problem> problems) {
        Matcher change = CHANGES.matcher(actions);
        if (change.find()) {
            scope.report(base + change.start(1), change.group(1) + " is not used in this rule base: rules never change"
                    + " or remove a fact; " + ONLY);
            return;
        }
        int at = base;
        if (!problems.isEmpty() && problems.get(0).getLocation().isPresent()) {
            at = offset(problems.get(0).getLocation().get().getBegin().getRange().map(r -> r.begin).orElse(null));
        }
        scope.report(at, "Drools' actions here are not a list of inserts: " + ONLY);
    }

    private void statement(Statement statement) {
        if (statement instanceof EmptyStmt) {
            return;
        }
        if (statement instanceof ExpressionStmt expression && expression.getExpression() instanceof MethodCallExpr call) {
            if (call.getScope().isEmpty() && INSERTS.contains(call.getNameAsString())) {
                if (call.getArguments().size() == 1 && call.getArgument(0) instanceof ObjectCreationExpr creation) {
                    conclusion(creation, call.getNameAsString().equals("insertLogical"));
                } else {
                    refuse(call, call.getNameAsString() + "(...) takes one new conclusion: " + ONLY);
                }
                return;
            }
            String name = call.getNameAsString();
            // System.exit(...), drools.halt(...); a longer scope (new Thread(...).start()) is not repeated in full
            String what = call.getScope().filter(s -> s.isNameExpr() || s.isFieldAccessExpr()).map(s -> s + "." + name).orElse(name) + "(...)";
            refuse(call, call.getScope().isEmpty() && CHANGES.matcher(name + "(").find()
                    ? name + " is not used in this rule base: rules never change or remove a fact; " + ONLY
                    : what + " runs code, and rules here do not: " + ONLY);
            return;
        }
        refuse(statement, describe(statement) + " is not allowed: " + ONLY);
    }

    private static String describe(Statement statement) {
        if (statement instanceof ForStmt || statement instanceof ForEachStmt || statement instanceof WhileStmt
                || statement instanceof DoStmt) {
            return "a loop";
        }
        if (statement instanceof IfStmt) {
            return "an if (put the condition before then)";
        }
        if (statement instanceof TryStmt) {
            return "a try block";
        }
        if (statement instanceof ExpressionStmt e) {
            return e.getExpression().isVariableDeclarationExpr() ? "declaring a variable"
                    : e.getExpression().isAssignExpr() ? "an assignment" : "'" + e.getExpression() + "'";
        }
        return "this statement";
    }

    /** @param logical insertLogical: an equal fact already there is justified again, not inserted anew */
    private void conclusion(ObjectCreationExpr creation, boolean logical) {
        String written = creation.getType().getNameWithScope();
        if (creation.getAnonymousClassBody().isPresent() || creation.getScope().isPresent()) {
            refuse(creation, "new " + written + " { ... } runs code: " + ONLY);
            return;
        }
        FactTypes.Type type = scope.types.lookup(written);
        String conclusions = String.join(", ", scope.types.conclusionNames());
        if (type == null) {
            String closest = written.contains(".") ? null : Spelling.closest(written, scope.types.conclusionNames());
            refuse(creation.getType(), (written.contains(".") ? "new " + written + "(...) is not allowed: " + written
                    + " is not one of the rule base's facts." : "unknown conclusion '" + written + "'"
                    + (closest == null ? "." : ": did you mean '" + closest + "'?"))
                    + " A rule inserts " + conclusions);
            return;
        }
        if (!scope.types.isConclusion(type)) {
            refuse(creation.getType(), type.name() + " is a fact about the person, not a conclusion: a rule inserts " + conclusions);
            return;
        }
        if (!scope.visible(type, written)) {
            refuse(creation.getType(), "unknown conclusion '" + written + "': this file does not import it;"
                    + " add 'import " + type.qualifiedName() + "' under the package line");
            return;
        }
        inserted.add(type.name());
        List<Expression> values = creation.getArguments();
        boolean arity = values.size() == type.fields().size() || type.declared() && values.isEmpty();
        if (!arity) {
            refuse(creation, type.name() + " takes " + type.fields().size() + " value(s) (" + String.join(", ", type.fieldNames())
                    + "), not " + values.size());
        }
        String[] constants = new String[values.size()];
        for (int i = 0; i < values.size(); i++) {
            String constant = value(values.get(i));
            constants[i] = constant;
            CodeDomains.Domain domain = arity ? scope.domains.of(type.name(), type.fields().get(i).name()) : null;
            if (domain != null && constant != null && !domain.allowed().contains(constant)) {
                refuse(values.get(i), 1, domain.refusal(constant));
            }
            if (domain != null && values.get(i) instanceof NameExpr name) {
                CodeDomains.Domain holds = scope.boundDomains.get(name.getNameAsString());
                if (holds != null && !holds.what().equals(domain.what())) {
                    refuse(name, "'" + name.getNameAsString() + "' holds a " + holds.what() + ", and a " + domain.what()
                            + " goes here: write the " + domain.what() + " in quotes");
                }
            }
        }
        if (arity) {
            java.util.Map<String, String> known = new java.util.HashMap<>();
            for (int i = 0; i < constants.length; i++) {
                if (constants[i] != null) {
                    known.put(type.fields().get(i).name(), constants[i]);
                }
            }
            inserts.add(new Insert(type.name(), known));
        }
        if (!logical && arity) {
            loop(creation, type, constants);
        }
    }

    /**
     * A rule that matches, one by one, facts of the type it inserts fires again for each fact it inserts,
     * and never stops (the engine would run until the process is killed), unless its conditions exclude
     * what it inserts ({@code code == "X"} while it inserts code "Y").
     */
    private void loop(ObjectCreationExpr creation, FactTypes.Type type, String[] constants) {
        for (RuleScope.Matched matched : scope.positive) {
            if (!matched.type().equals(type.name())) {
                continue;
            }
            boolean excluded = false;
            for (var allowed : matched.equals().entrySet()) {
                int index = type.fieldNames().indexOf(allowed.getKey());
                if (index >= 0 && index < constants.length && constants[index] != null && !allowed.getValue().contains(constants[index])) {
                    excluded = true;
                }
            }
            if (!excluded) {
                refuse(creation, "this rule matches the " + type.name() + " it inserts, so each one it inserts makes it fire"
                        + " again and it never stops: add a condition the new " + type.name() + " does not meet"
                        + " (e.g. code == \"...\"), or match it with exists");
                return;
            }
        }
    }

    /** Checks one value of a conclusion; returns its text when it is a constant text, else null. */
    private String value(Expression value) {
        if (value instanceof StringLiteralExpr s) {
            placeholders(s, s.asString());
            return s.asString();
        }
        if (value instanceof TextBlockLiteralExpr block) {
            placeholders(block, block.asString());
            return block.asString();
        }
        if (value instanceof CharLiteralExpr c) {
            return c.getValue();
        }
        if (value instanceof IntegerLiteralExpr || value instanceof LongLiteralExpr || value instanceof DoubleLiteralExpr
                || value instanceof BooleanLiteralExpr) {
            return null;
        }
        if (value instanceof UnaryExpr unary && unary.getOperator() == UnaryExpr.Operator.MINUS
                && (unary.getExpression() instanceof IntegerLiteralExpr || unary.getExpression() instanceof DoubleLiteralExpr)) {
            return null;
        }
        if (value instanceof EnclosedExpr enclosed) {
            return value(enclosed.getInner());
        }
        if (value instanceof BinaryExpr join && join.getOperator() == BinaryExpr.Operator.PLUS) {
            String left = value(join.getLeft());
            String right = value(join.getRight());
            return left != null && right != null ? left + right : null;
        }
        if (value instanceof NameExpr name) {
            if (!scope.bound.contains(name.getNameAsString())) {
                refuse(name, "'" + name.getNameAsString() + "' is not bound in the conditions: bind it there,"
                        + " e.g. Thresholds( " + name.getNameAsString() + " : youngestAge ), or write a text in quotes");
            }
            return null;
        }
        if (value instanceof MethodCallExpr call) {
            refuse(call, "a method call (" + call.getNameAsString() + "(...)) runs code: a conclusion's values are texts,"
                    + " numbers, true or false and names the conditions bound ($exercise)");
            return null;
        }
        if (value instanceof ObjectCreationExpr creation) {
            refuse(creation, "new " + creation.getType().asString() + "(...) inside a conclusion runs code: a conclusion's values are"
                    + " texts, numbers, true or false and names the conditions bound ($exercise)");
            return null;
        }
        if (value instanceof FieldAccessExpr access) {
            refuse(access, "'" + access + "' reads into a fact here: bind the field in the conditions"
                    + " ($limit : " + access.getNameAsString() + ") and use the bound name");
            return null;
        }
        refuse(value, "'" + value + "' is not a value a conclusion can hold: a conclusion's values are texts, numbers,"
                + " true or false and names the conditions bound ($exercise)");
        return null;
    }

    private void placeholders(Node literal, String text) {
        for (ThresholdNames.Placeholder placeholder : ThresholdNames.placeholders(text)) {
            if (!scope.thresholds.contains(placeholder.name())) {
                refuse(literal, 1 + placeholder.offset(), ThresholdNames.unknown(placeholder.name(), scope.thresholds));
            }
        }
    }

    private void refuse(Node node, String message) {
        refuse(node, 0, message);
    }

    private void refuse(Node node, int shift, String message) {
        scope.report(offset(node.getBegin().orElse(null)) + shift, message);
    }

    /** The place in the DRL file of a place in the parsed block (which starts with an added "{"). */
    private int offset(Position position) {
        if (position == null || position.line < 1 || position.line > blockLines.length) {
            return base;
        }
        int inBlock = blockLines[position.line - 1] + position.column - 1;
        return Math.max(base, Math.min(scope.file.text().length(), base + inBlock - 1));
    }
}
