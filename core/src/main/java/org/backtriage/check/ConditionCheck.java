package org.backtriage.check;

import com.github.javaparser.JavaParser;
import com.github.javaparser.ParseResult;
import com.github.javaparser.ParserConfiguration;
import com.github.javaparser.ast.expr.BinaryExpr;
import com.github.javaparser.ast.expr.BooleanLiteralExpr;
import com.github.javaparser.ast.expr.EnclosedExpr;
import com.github.javaparser.ast.expr.Expression;
import com.github.javaparser.ast.expr.FieldAccessExpr;
import com.github.javaparser.ast.expr.LiteralStringValueExpr;
import com.github.javaparser.ast.expr.MethodCallExpr;
import com.github.javaparser.ast.expr.NameExpr;
import com.github.javaparser.ast.expr.NullLiteralExpr;
import com.github.javaparser.ast.expr.ObjectCreationExpr;
import com.github.javaparser.ast.expr.StringLiteralExpr;
import com.github.javaparser.ast.expr.ThisExpr;
import com.github.javaparser.ast.expr.UnaryExpr;
import org.drools.drl.ast.descr.AccumulateDescr;
import org.drools.drl.ast.descr.AndDescr;
import org.drools.drl.ast.descr.AtomicExprDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.BindingDescr;
import org.drools.drl.ast.descr.CollectDescr;
import org.drools.drl.ast.descr.ConstraintConnectiveDescr;
import org.drools.drl.ast.descr.EntryPointDescr;
import org.drools.drl.ast.descr.EvalDescr;
import org.drools.drl.ast.descr.ExistsDescr;
import org.drools.drl.ast.descr.ExprConstraintDescr;
import org.drools.drl.ast.descr.ForallDescr;
import org.drools.drl.ast.descr.FromDescr;
import org.drools.drl.ast.descr.NotDescr;
import org.drools.drl.ast.descr.OrDescr;
import org.drools.drl.ast.descr.PatternDescr;
import org.drools.drl.ast.descr.RelationalExprDescr;
import org.drools.drl.parser.DrlExprParser;
import org.drools.drl.parser.DrlExprParserFactory;
import org.drools.drl.parser.DrlParser;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The conditions of one rule (between {@code when} and {@code then}), as Drools' parser reads them: each
 * pattern names a known fact, each constraint compares a field of it with a text, a threshold, a bound
 * name or {@code null} ({@code ==}, {@code !=}, {@code <}, {@code <=}, {@code >}, {@code >=}, {@code in},
 * {@code contains}), binds a field, or combines such constraints with {@code &&} and {@code ||}; patterns
 * combine with {@code and}, {@code or}, {@code not} and {@code exists}. Anything that would run code
 * (a method call, {@code eval}, {@code from}, {@code accumulate}, {@code new}) is refused at its place, and
 * every text a code field is compared with is looked up in the vocabulary.
 */
final class ConditionCheck {
    private static final Set<String> OPERATORS = Set.of("==", "!=", "<", "<=", ">", ">=", "contains", "memberOf");
    private static final JavaParser JAVA = new JavaParser(new ParserConfiguration()
            .setLanguageLevel(ParserConfiguration.LanguageLevel.JAVA_17));
    private static final String REWRITE = "write the condition as a comparison of a fact's field,"
            + " e.g. Intake( painScore >= $severe ) or Condition( code == \"osteoporosis\" )";

    private final RuleScope scope;

    ConditionCheck(RuleScope scope) {
        this.scope = scope;
    }

    void check() {
        if (scope.rule.getLhs() != null) {
            element(scope.rule.getLhs(), true);
        }
    }

    /** @param positive whether the element matches facts one by one (not under not or exists) */
    private void element(BaseDescr descr, boolean positive) {
        if (descr instanceof AndDescr || descr instanceof OrDescr || descr instanceof NotDescr || descr instanceof ExistsDescr) {
            boolean inside = positive && !(descr instanceof NotDescr) && !(descr instanceof ExistsDescr);
            for (Object child : ((org.drools.drl.ast.descr.ConditionalElementDescr) descr).getDescrs()) {
                element((BaseDescr) child, inside);
            }
        } else if (descr instanceof PatternDescr pattern) {
            pattern(pattern, positive);
        } else if (descr instanceof EvalDescr) {
            refuse(descr, "eval(...) runs code, and rules here do not: " + REWRITE);
        } else if (descr instanceof ForallDescr) {
            refuse(descr, "forall is not used in this rule base: say it with not and exists,"
                    + " e.g. not Soreness( region != \"neck\" )");
        } else {
            refuse(descr, "this kind of condition is not used in this rule base: " + REWRITE);
        }
    }

    private void refuse(BaseDescr descr, String message) {
        scope.problems.add(scope.file.problemAt(descr, message));
    }

    private void pattern(PatternDescr pattern, boolean positive) {
        if (pattern.getSource() != null) {
            BaseDescr source = pattern.getSource();
            String what = source instanceof FromDescr ? "from" : source instanceof AccumulateDescr ? "accumulate"
                    : source instanceof CollectDescr ? "collect" : source instanceof EntryPointDescr ? "an entry point" : "a pattern source";
            refuse(pattern, what + " is not used in this rule base: a condition matches the facts about the person"
                    + " as they are (Intake, Soreness, Condition, ...) and those the rules insert");
            return;
        }
        if (pattern.isQuery()) {
            refuse(pattern, "queries are not used in this rule base: " + REWRITE);
            return;
        }
        if (pattern.getIdentifier() != null) {
            scope.bound.add(pattern.getIdentifier());
        }
        scope.problems.addAll(RuleChecker.annotations(scope.file, pattern, pattern.getAnnotations()));
        FactTypes.Type type = type(pattern);
        Map<String, Set<String>> equals = new HashMap<>();
        for (BaseDescr constraint : pattern.getDescrs()) {
            if (constraint instanceof ExprConstraintDescr expression) {
                new Constraint(expression, type, equals).check();
            } else {
                refuse(constraint, "this constraint is not a comparison: " + REWRITE);
            }
        }
        if (positive && type != null) {
            scope.positive.add(new RuleScope.Matched(type.name(), equals));
        }
    }

    /** The pattern's fact type, or null (reported) when it is not one the rule base knows. */
    private FactTypes.Type type(PatternDescr pattern) {
        String written = pattern.getObjectType();
        int at = typeOffset(pattern, written);
        FactTypes.Type type = scope.types.lookup(written);
        if (type == null) {
            if (written.contains(".")) {
                scope.report(at, "the class " + written + " is not one of the rule base's facts: a condition matches "
                        + String.join(", ", scope.types.names()));
            } else {
                String closest = Spelling.closest(written, scope.types.names());
                scope.report(at, "unknown fact type '" + written + "'" + (closest == null ? "" : ": did you mean '" + closest + "'?")
                        + " The facts a rule can match are " + String.join(", ", scope.types.names()));
            }
            return null;
        }
        if (!scope.visible(type, written)) {
            scope.report(at, "unknown fact type '" + written + "': this file does not import it;"
                    + " add 'import " + type.qualifiedName() + "' under the package line");
            return null;
        }
        return type;
    }

    private int typeOffset(PatternDescr pattern, String written) {
        int start = scope.file.start(pattern);
        if (start < 0) {
            return 0;
        }
        int at = scope.file.text().indexOf(written, start);
        return at < 0 || at - start > 200 ? start : at;
    }

    /** One constraint of a pattern ({@code code == "fever"}, {@code $e : exercise in (...)}, a positional value). */
    private final class Constraint {
        private final ExprConstraintDescr descr;
        private final FactTypes.Type type;
        private final String raw;
        private final int start;
        /** Per field, the only texts a matching fact may hold (from == and in), for the pattern. */
        private final Map<String, Set<String>> equals;
        private int cursor;

        Constraint(ExprConstraintDescr descr, FactTypes.Type type, Map<String, Set<String>> equals) {
            this.descr = descr;
            this.type = type;
            this.equals = equals;
            this.raw = scope.file.source(descr);
            this.start = scope.file.start(descr);
        }

        /** What one side of a comparison is; {@code path} is a field as written ({@code routine.twisting}). */
        private record Operand(String field, FactTypes.Type owner, String string, String number, String path) {
            static final Operand OTHER = new Operand(null, null, null, null, null);

            static Operand field(String field, FactTypes.Type owner, String path) {
                return new Operand(field, owner, null, null, path);
            }

            static Operand text(String text) {
                return new Operand(null, null, text, null, null);
            }

            static Operand number(String number) {
                return new Operand(null, null, null, number, null);
            }
        }

        void check() {
            if (descr.getType() == ExprConstraintDescr.Type.POSITIONAL) {
                positional();
                return;
            }
            DrlExprParser parser = DrlExprParserFactory.getDrlExprParser(DrlParser.DEFAULT_LANGUAGE_LEVEL);
            ConstraintConnectiveDescr tree = parser.parse(descr.getExpression());
            if (parser.hasErrors() || tree == null) {
                report(start, "Drools cannot read this constraint: " + REWRITE);
                return;
            }
            node(tree);
        }

        private void positional() {
            if (type == null) {
                return;
            }
            int position = descr.getPosition();
            if (position >= type.fields().size()) {
                report(start, type.name() + " has " + type.fields().size() + " field(s) (" + String.join(", ", type.fieldNames())
                        + "): there is no value number " + (position + 1) + " to match");
                return;
            }
            FactTypes.Field field = type.fields().get(position);
            String expression = descr.getExpression().strip();
            Operand value = expression.startsWith("\"") || expression.startsWith("'") ? literal(expression) : operand(expression);
            if (value.string() != null) {
                equals.put(field.name(), Set.of(value.string()));
            }
            compare(Operand.field(field.name(), type, field.name()), "==", value);
        }

        private void node(BaseDescr node) {
            if (node instanceof ConstraintConnectiveDescr connective) {
                connective.getDescrs().forEach(this::node);
                if (connective.getConnective() == org.drools.drl.ast.descr.ConnectiveType.OR) {
                    alternatives(connective);
                } else {
                    connective.getDescrs().stream().filter(RelationalExprDescr.class::isInstance)
                            .forEach(d -> alternatives(d));
                }
            } else if (node instanceof RelationalExprDescr relation) {
                Operand left = side(relation.getLeft());
                Operand right = side(relation.getRight());
                if (!OPERATORS.contains(relation.getOperator())) {
                    report(locate(relation.getOperator(), false), "the operator '" + relation.getOperator()
                            + "' is not used in this rule base: compare with ==, !=, <, <=, >, >=, in or contains");
                    return;
                }
                compare(left, relation.getOperator(), right);
                compare(right, mirrored(relation.getOperator()), left);
            } else if (node instanceof BindingDescr binding) {
                bind(binding);
            } else if (node instanceof AtomicExprDescr atomic) {
                // a constraint that is one value: a boolean field such as muscleKnot
                Operand value = side(atomic);
                if (value.number() != null || value.string() != null) {
                    report(start, "this constraint is not a comparison: " + REWRITE);
                }
            } else {
                report(start, "this constraint is not a comparison: " + REWRITE);
            }
        }

        /**
         * {@code field == "a"}, or {@code field in ("a", "b")} (which Drools reads as an OR of ==): the only texts
         * the field of a matching fact may hold.
         */
        private void alternatives(BaseDescr node) {
            List<BaseDescr> options = node instanceof ConstraintConnectiveDescr c ? c.getDescrs() : List.of(node);
            String field = null;
            Set<String> values = new java.util.HashSet<>();
            for (BaseDescr option : options) {
                if (!(option instanceof RelationalExprDescr r) || !r.getOperator().equals("==") || r.isNegated()
                        || !(r.getLeft() instanceof AtomicExprDescr left) || left.isLiteral()
                        || !(r.getRight() instanceof AtomicExprDescr right) || !right.isLiteral()
                        || !(right.getExpression().startsWith("\"") || right.getExpression().startsWith("'"))
                        || field != null && !field.equals(left.getExpression())) {
                    if (!(option instanceof BindingDescr)) {
                        return;
                    }
                    continue;
                }
                field = left.getExpression();
                values.add(unquote(right.getExpression()));
            }
            if (field != null) {
                equals.put(field, values);
            }
        }

        private Operand side(BaseDescr side) {
            if (side instanceof AtomicExprDescr atomic) {
                return atomic.isLiteral() ? literal(atomic.getExpression()) : operand(atomic.getExpression());
            }
            if (side instanceof BindingDescr binding) {
                return bind(binding);
            }
            if (side instanceof ConstraintConnectiveDescr nested) {
                node(nested);
                return Operand.OTHER;
            }
            report(start, "this constraint is not a comparison: " + REWRITE);
            return Operand.OTHER;
        }

        /** {@code $name : field}: the name is bound, and holds the field's codes when it is a code field. */
        private Operand bind(BindingDescr binding) {
            scope.bound.add(binding.getVariable());
            Operand bound = operand(binding.getExpression());
            if (bound.field() != null && bound.owner() != null) {
                CodeDomains.Domain domain = scope.domains.of(bound.owner().name(), bound.field());
                if (domain != null) {
                    scope.boundDomains.put(binding.getVariable(), domain);
                }
            }
            return bound;
        }

        /** A field compared with a text is checked against the field's codes; with a number, it should be a threshold. */
        private void compare(Operand field, String operator, Operand other) {
            if (field.field() == null || field.owner() == null) {
                return;
            }
            FactTypes.Field declared = field.owner().field(field.field());
            if (declared != null && other.string() != null && (declared.numeric() || declared.bool())) {
                report(locateText(other.string()), field.field() + " is " + (declared.bool() ? "true or false: write "
                        + field.field() + " == true or " + field.field() + " == false" : "a number: compare it with a threshold"
                        + " (Thresholds( $limit : aThreshold )), not with a text"));
                return;
            }
            if (declared != null && other.number() != null && declared.text()) {
                report(locate(other.number(), true), field.field() + " is a text: write the value in quotes");
                return;
            }
            if (other.string() != null) {
                CodeDomains.Domain domain = scope.domains.of(field.owner().name(), field.field());
                if (domain != null && !domain.allowed().contains(other.string())) {
                    report(locateText(other.string()), domain.refusal(other.string()));
                }
            } else if (other.number() != null) {
                report(locate(other.number(), true), scope.bareNumber(other.number(), field.field(), operator, field.path(),
                        type == null ? null : type.name(), declared != null && declared.decimal()));
            }
        }

        private Operand literal(String expression) {
            if (expression.startsWith("\"") || expression.startsWith("'")) {
                return Operand.text(unquote(expression));
            }
            if (expression.equals("null") || expression.equals("true") || expression.equals("false")) {
                return Operand.OTHER;
            }
            return Operand.number(expression);
        }

        /** A side that is not a plain literal: a field, a bound name, or something refused. */
        private Operand operand(String expression) {
            ParseResult<Expression> parsed = JAVA.parseExpression(expression);
            if (!parsed.isSuccessful() || parsed.getResult().isEmpty()) {
                report(start, "Drools reads '" + expression + "' here, which is not a field, a text or a bound name: " + REWRITE);
                return Operand.OTHER;
            }
            return expression(parsed.getResult().get());
        }

        private Operand expression(Expression e) {
            if (e instanceof EnclosedExpr enclosed) {
                return expression(enclosed.getInner());
            }
            if (e instanceof StringLiteralExpr s) {
                return Operand.text(s.asString());
            }
            if (e instanceof BooleanLiteralExpr || e instanceof NullLiteralExpr || e instanceof ThisExpr) {
                return Operand.OTHER;
            }
            if (e instanceof LiteralStringValueExpr number) {
                return Operand.number(number.getValue());
            }
            if (e instanceof UnaryExpr unary && unary.getExpression() instanceof LiteralStringValueExpr number
                    && unary.getOperator() == UnaryExpr.Operator.MINUS) {
                return Operand.number("-" + number.getValue());
            }
            if (e instanceof UnaryExpr unary && unary.getOperator() == UnaryExpr.Operator.LOGICAL_COMPLEMENT) {
                expression(unary.getExpression());
                return Operand.OTHER;
            }
            if (e instanceof BinaryExpr binary && arithmetic(binary.getOperator())) {
                // arithmetic on thresholds and fields computes nothing outside the facts; its numbers are still numbers
                for (Expression part : List.of(binary.getLeft(), binary.getRight())) {
                    Operand operand = expression(part);
                    if (operand.number() != null) {
                        report(locate(operand.number(), true), scope.bareNumber(operand.number(), null, null, null, null, false));
                    }
                }
                return Operand.OTHER;
            }
            if (e instanceof NameExpr name) {
                return name(name.getNameAsString());
            }
            if (e instanceof FieldAccessExpr access) {
                return path(access);
            }
            if (e instanceof MethodCallExpr call) {
                report(locate(call.getNameAsString(), true), "a method call (" + call.getNameAsString()
                        + "(...)) in a condition runs code, and rules here do not: " + REWRITE);
                return Operand.OTHER;
            }
            if (e instanceof ObjectCreationExpr creation) {
                report(locate("new", true), "new " + creation.getType().asString() + "(...) in a condition runs code,"
                        + " and rules here do not: " + REWRITE);
                return Operand.OTHER;
            }
            report(start, "'" + e + "' is not a field, a text or a bound name: " + REWRITE);
            return Operand.OTHER;
        }

        private Operand name(String name) {
            if (name.startsWith("$") || scope.bound.contains(name) || type == null) {
                return Operand.OTHER;
            }
            FactTypes.Field field = type.field(name);
            if (field == null) {
                unknownField(type, name);
                return Operand.OTHER;
            }
            return Operand.field(name, type, name);
        }

        /** {@code routine.twisting} on an Intake: each step a field of the one before. */
        private Operand path(FieldAccessExpr access) {
            List<String> names = new ArrayList<>();
            Expression e = access;
            while (e instanceof FieldAccessExpr f) {
                names.add(0, f.getNameAsString());
                e = f.getScope();
            }
            if (!(e instanceof NameExpr root)) {
                return expression(e);
            }
            names.add(0, root.getNameAsString());
            if (names.get(0).startsWith("$") || scope.bound.contains(names.get(0)) || type == null) {
                return Operand.OTHER;
            }
            FactTypes.Type owner = type;
            for (int i = 0; i < names.size(); i++) {
                FactTypes.Field field = owner.field(names.get(i));
                if (field == null) {
                    unknownField(owner, names.get(i));
                    return Operand.OTHER;
                }
                if (i == names.size() - 1) {
                    return Operand.field(field.name(), owner, String.join(".", names));
                }
                owner = FactTypes.ofClass(field.javaType());
                if (owner == null) {
                    return Operand.OTHER;
                }
            }
            return Operand.OTHER;
        }

        private void unknownField(FactTypes.Type owner, String name) {
            String closest = Spelling.closest(name, owner.fieldNames());
            report(locate(name, true), "unknown field '" + name + "'" + (closest == null ? ":" : ": did you mean '" + closest + "'?")
                    + " " + owner.name() + " has the fields " + String.join(", ", owner.fieldNames()));
        }

        private void report(int offset, String message) {
            scope.report(offset, message);
        }

        /** Where a text literal is in the constraint as written (in double or single quotes). */
        private int locateText(String value) {
            int best = -1;
            for (String quoted : List.of("\"" + value + "\"", "'" + value + "'")) {
                int at = raw.indexOf(quoted, cursor);
                if (at >= 0 && (best < 0 || at < best)) {
                    best = at;
                }
            }
            if (best < 0) {
                return Math.max(start, 0);
            }
            cursor = best + value.length() + 2;
            return start + best + 1;
        }

        /** Where a word (a field, a number, an operator) is in the constraint as written. */
        private int locate(String word, boolean whole) {
            // a number is not part of a longer number (16 in 16.5); a name may follow a dot (routine.twisting, .length())
            String before = word.matches("-?[0-9.]+") ? "(?<![\\w$.])" : "(?<![\\w$])";
            Matcher m = Pattern.compile((whole ? before : "") + Pattern.quote(word) + (whole ? "(?![\\w])" : "")).matcher(raw);
            if (m.find(Math.min(cursor, raw.length())) || m.find(0)) {
                cursor = m.end();
                return start + m.start();
            }
            return Math.max(start, 0);
        }
    }

    /** The operator with its sides swapped: {@code 65 <= age} is {@code age >= 65}. */
    private static String mirrored(String operator) {
        return switch (operator) {
            case "<" -> ">";
            case ">" -> "<";
            case "<=" -> ">=";
            case ">=" -> "<=";
            default -> operator;
        };
    }

    private static boolean arithmetic(BinaryExpr.Operator operator) {
        return operator == BinaryExpr.Operator.PLUS || operator == BinaryExpr.Operator.MINUS
                || operator == BinaryExpr.Operator.MULTIPLY || operator == BinaryExpr.Operator.DIVIDE;
    }

    private static String unquote(String literal) {
        String body = literal.substring(1, literal.length() - 1);
        return body.replace("\\\"", "\"").replace("\\'", "'").replace("\\\\", "\\");
    }
}
