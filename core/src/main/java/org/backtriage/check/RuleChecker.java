package org.backtriage.check;

import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.AttributeDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.FunctionDescr;
import org.drools.drl.ast.descr.FunctionImportDescr;
import org.drools.drl.ast.descr.GlobalDescr;
import org.drools.drl.ast.descr.ImportDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;
import org.drools.drl.ast.descr.TypeFieldDescr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What {@code check} asks of a rule base beyond compiling, read from the descriptors Drools' own parser
 * builds (no regular expressions over DRL): every rule has a unique kebab-case {@code @id} and a
 * {@code @source}; rule names are unique; conditions only compare facts' fields ({@link ConditionCheck});
 * actions only insert conclusions ({@link ActionCheck}); every code, id, status and level is one the
 * vocabulary knows, however it is quoted; numbers live in thresholds; texts name only thresholds that
 * exist; imports name only the rule base's facts; and the rule base has its {@code Thresholds}.
 *
 * <p>The engine's compiler calls it before Drools compiles anything, so no rule file reaches an engine
 * unchecked. It reads text only: nothing here knows the engine ({@code CheckNeedsNoEngineTest}).
 */
public final class RuleChecker {
    private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final Set<String> ATTRIBUTES = Set.of("salience", "no-loop", "dialect", "agenda-group",
            "activation-group", "lock-on-active");
    private static final Set<String> FIELD_TYPES = Set.of("String", "int", "Integer", "long", "Long", "double", "Double",
            "boolean", "Boolean");
    private static final Pattern LITERAL = Pattern.compile("-?\\d+(\\.\\d+)?|true|false|\"([^\"\\\\]|\\\\.)*\"");
    /** An annotation value Drools does not evaluate as code: a text in quotes, a number, true/false, a name, *. */
    private static final Pattern ANNOTATION_VALUE = Pattern.compile(
            "\"([^\"\\\\]|\\\\.)*\"|'([^'\\\\]|\\\\.)*'|-?\\d+(\\.\\d+)?|true|false|!?[A-Za-z_$][\\w$]*|\\*");

    /**
     * @param files      the rule base's DRL files, every one readable
     * @param vocabulary the vocabulary's codes, or {@code null} when it could not be read (its codes are then not
     *                   checked, rather than every code reported unknown)
     * @return every problem found, unsorted; empty when the rule files keep every convention
     */
    public List<RuleProblem> check(List<DrlFile> files, VocabularyCodes vocabulary) {
        FactTypes types = new FactTypes(files);
        CodeDomains domains = new CodeDomains(vocabulary);
        List<String> thresholds = ThresholdNames.of(files.stream().map(DrlFile::descr).filter(Objects::nonNull).toList());
        Map<String, String> thresholdValues = ThresholdNames.values(files.stream().map(DrlFile::descr).filter(Objects::nonNull).toList());
        List<RuleProblem> problems = new ArrayList<>();
        Map<String, Located> ids = new HashMap<>();
        Map<String, Located> names = new HashMap<>();
        boolean thresholdsInserted = false;
        List<Flow> flows = new ArrayList<>();
        for (DrlFile file : files) {
            PackageDescr pkg = file.descr();
            header(file, pkg, problems);
            for (RuleDescr rule : pkg.getRules()) {
                if (rule.isQuery()) {
                    problems.add(file.problemAt(rule, "queries are not used in this rule base: a rule's conditions"
                            + " match facts directly"));
                    continue;
                }
                Located here = new Located(file.name(), rule.getLine(), rule.getName());
                Located sameName = names.putIfAbsent(pkg.getName() + "\u0000" + rule.getName(), here);
                if (sameName != null) {
                    problems.add(file.problemAt(rule, "duplicate rule name \"" + rule.getName() + "\" (the other is at "
                            + sameName.file() + ":" + sameName.line() + "): two rules in one package need different names"));
                }
                metadata(file, rule, ids, problems);
                problems.addAll(annotations(file, rule, rule.getAnnotations()));
                if (!rule.getNamedConsequences().isEmpty()) {
                    problems.add(file.problemAt(rule, "rule \"" + rule.getName() + "\" has named consequences (then[...]):"
                            + " they are not used in this rule base; a rule has one then part"));
                }
                attributes(file, rule, problems);
                RuleScope scope = new RuleScope(file, rule, types, domains, thresholds, thresholdValues);
                new ConditionCheck(scope).check();
                ActionCheck actions = new ActionCheck(scope);
                actions.check();
                thresholdsInserted |= actions.inserted().contains(ThresholdNames.TYPE);
                problems.addAll(scope.problems);
                flows.add(new Flow(file, rule, List.copyOf(scope.positive), List.copyOf(actions.inserts())));
            }
        }
        problems.addAll(loopsBetweenRules(flows));
        if (types.lookup(ThresholdNames.TYPE) == null || !types.lookup(ThresholdNames.TYPE).declared()) {
            problems.add(new RuleProblem("thresholds.drl", 0, 0, "the rule base has no thresholds: thresholds.drl must"
                    + " declare them (declare Thresholds ... end), with a rule that inserts new Thresholds()"));
        } else if (!thresholdsInserted) {
            problems.add(new RuleProblem("thresholds.drl", 0, 0, "no rule inserts the thresholds: add a rule without"
                    + " conditions whose action is insert(new Thresholds());"));
        }
        return problems;
    }

    private record Located(String file, int line, String rule) {
    }

    /** What one rule matches fact by fact (not under not or exists) and what it inserts. */
    private record Flow(DrlFile file, RuleDescr rule, List<RuleScope.Matched> matches, List<ActionCheck.Insert> inserts) {
        /**
         * The type through which this rule's inserts fire {@code next}, or null: an inserted fact fires it
         * unless one of next's {@code ==}/{@code in} constraints excludes a constant the insert writes.
         */
        String fires(Flow next) {
            for (ActionCheck.Insert insert : inserts) {
                for (RuleScope.Matched matched : next.matches()) {
                    if (!matched.type().equals(insert.type())) {
                        continue;
                    }
                    boolean excluded = matched.equals().entrySet().stream().anyMatch(allowed ->
                            insert.constants().containsKey(allowed.getKey())
                                    && !allowed.getValue().contains(insert.constants().get(allowed.getKey())));
                    if (!excluded) {
                        return insert.type();
                    }
                }
            }
            return null;
        }
    }

    /**
     * Rules that fire each other: rule A inserts a fact that rule B matches one by one, and B inserts one
     * that A matches (or through more rules), so every new fact fires the next rule again and the engine
     * never stops. (A rule that matches what it inserts itself is {@link ActionCheck}'s.) Read from the
     * types alone, so conditions that would keep the loop from closing are not seen: matching with
     * {@code exists} breaks it, as a fact under exists fires a rule once, not once per fact.
     */
    private static List<RuleProblem> loopsBetweenRules(List<Flow> all) {
        List<RuleProblem> problems = new ArrayList<>();
        // a rule that fires itself is refused on its own (ActionCheck): its fix changes the loops it is part of
        List<Flow> flows = all.stream().filter(f -> f.fires(f) == null).toList();
        java.util.Set<String> reported = new java.util.HashSet<>();
        for (Flow start : flows) {
            // a path of rules from start back to a type start matches, each step: inserts a type the next matches
            java.util.Deque<Flow> path = new java.util.ArrayDeque<>();
            path.push(start);
            List<Flow> loop = findLoop(start, start, flows, path, new java.util.HashSet<>());
            if (loop == null) {
                continue;
            }
            String key = loop.stream().map(f -> f.file().name() + ":" + f.rule().getName()).sorted().toList().toString();
            if (!reported.add(key)) {
                continue;
            }
            StringBuilder how = new StringBuilder();
            for (int i = 0; i < loop.size(); i++) {
                Flow from = loop.get(i);
                Flow to = loop.get((i + 1) % loop.size());
                String type = from.fires(to);
                how.append(i == 0 ? "" : ", and ").append('"').append(from.rule().getName()).append("\" inserts ")
                        .append(type).append(", which \"").append(to.rule().getName()).append("\" matches")
                        .append(to.file() == from.file() ? "" : " (" + to.file().name() + ":" + to.rule().getLine() + ")");
            }
            problems.add(start.file().problemAt(start.rule(), "these rules fire each other and never stop: " + how
                    + ". Break the loop: match the fact with exists, or add a condition the inserted fact does not meet"));
        }
        return problems;
    }

    private static List<Flow> findLoop(Flow start, Flow at, List<Flow> flows, java.util.Deque<Flow> path, java.util.Set<Flow> seen) {
        for (Flow next : flows) {
            if (next == at || at.fires(next) == null) {
                continue;
            }
            if (next == start && path.size() > 1) {
                List<Flow> loop = new ArrayList<>(path);
                java.util.Collections.reverse(loop);
                return loop;
            }
            if (next != start && seen.add(next)) {
                path.push(next);
                List<Flow> found = findLoop(start, next, flows, path, seen);
                if (found != null) {
                    return found;
                }
                path.pop();
            }
        }
        return null;
    }

    /** Imports name the rule base's facts only; no globals, functions or function imports. */
    private static void header(DrlFile file, PackageDescr pkg, List<RuleProblem> problems) {
        for (ImportDescr i : pkg.getImports()) {
            if (i instanceof FunctionImportDescr) {
                problems.add(file.problemAt(i, "import function is not used in this rule base: rules do not call functions"));
                continue;
            }
            String target = i.getTarget();
            if (FactTypes.importable(target)) {
                continue;
            }
            int at = file.start(i);
            int where = at < 0 ? 0 : file.text().indexOf(target, at);
            String closest = Spelling.closest(target, FactTypes.importableNames());
            problems.add(file.problemAt(where < 0 ? Math.max(at, 0) : where, target.startsWith(FactTypes.FACTS_PACKAGE + ".") || closest != null
                    ? "unknown class in import '" + target + "'" + (closest == null ? "" : ": did you mean '" + closest + "'?")
                    + " The facts are the classes of org.backtriage.facts, and org.backtriage.intake.Intake and Routine"
                    : "import " + target + " is not allowed: rules use only the rule base's facts (org.backtriage.facts),"
                    + " org.backtriage.intake.Intake and org.backtriage.intake.Routine"));
        }
        for (BaseDescr i : pkg.getAccumulateImports()) {
            problems.add(file.problemAt(i, "import accumulate is not used in this rule base: rules do not call functions"));
        }
        for (FunctionImportDescr i : pkg.getFunctionImports()) {
            problems.add(file.problemAt(i, "import function is not used in this rule base: rules do not call functions"));
        }
        for (GlobalDescr global : pkg.getGlobals()) {
            problems.add(file.problemAt(global, "global " + global.getIdentifier() + " is not used in this rule base:"
                    + " a rule inserts its conclusions as facts"));
        }
        for (FunctionDescr function : pkg.getFunctions()) {
            problems.add(file.problemAt(function, "function " + function.getName() + " is not allowed: rules do not run code"));
        }
        for (AttributeDescr attribute : pkg.getAttributes()) {
            if (!attribute.getName().equals("dialect")) {
                problems.add(file.problemAt(attribute, "the attribute " + attribute.getName() + " is not used in this rule base"));
            } else {
                dialect(file, attribute, attribute, problems);
            }
        }
        if (!pkg.getEnumDeclarations().isEmpty() || !pkg.getEntryPointDeclarations().isEmpty() || !pkg.getWindowDeclarations().isEmpty()) {
            BaseDescr first = !pkg.getEnumDeclarations().isEmpty() ? pkg.getEnumDeclarations().get(0)
                    : !pkg.getEntryPointDeclarations().isEmpty() ? pkg.getEntryPointDeclarations().iterator().next()
                    : pkg.getWindowDeclarations().iterator().next();
            problems.add(file.problemAt(first, "declare enum, entry-point and window are not used in this rule base:"
                    + " declare a fact with its fields (declare Name field : String end)"));
        }
        for (TypeDeclarationDescr type : pkg.getTypeDeclarations()) {
            problems.addAll(annotations(file, type, type.getAnnotations()));
            if (type.isTrait() || !type.getSuperTypes().isEmpty()) {
                problems.add(file.problemAt(type, "declare " + type.getTypeName() + ": a declared fact here is a plain list of"
                        + " fields, without traits or extends"));
            }
            for (TypeFieldDescr field : type.getFields().values()) {
                problems.addAll(annotations(file, field.getLine() > 0 ? field : type, field.getAnnotations()));
                String fieldType = field.getPattern() == null ? "" : field.getPattern().getObjectType();
                BaseDescr at = field.getLine() > 0 ? field : type;
                if (!FIELD_TYPES.contains(fieldType)) {
                    problems.add(file.problemAt(at, "the field " + field.getFieldName() + " of " + type.getTypeName() + " is a "
                            + fieldType + ": a declared fact's fields are String, int, double or boolean"));
                }
                String init = field.getInitExpr();
                if (init != null && !LITERAL.matcher(init.strip()).matches()) {
                    problems.add(file.problemAt(at, "the field " + field.getFieldName() + " of " + type.getTypeName()
                            + " starts as '" + init.strip() + "': write a number, a text in double quotes, true or false"));
                }
            }
        }
    }

    /**
     * Annotation values that are not plain values: Drools evaluates them when it loads the rules (so
     * {@code @source(java.lang.System.exit(0))} would run), and check refuses them at the annotation.
     */
    static List<RuleProblem> annotations(DrlFile file, BaseDescr owner, java.util.Collection<AnnotationDescr> annotations) {
        List<RuleProblem> problems = new ArrayList<>();
        for (AnnotationDescr annotation : annotations) {
            for (Object value : annotation.getValueMap().values()) {
                List<?> parts = value instanceof Object[] array ? List.of(array) : java.util.Collections.singletonList(value);
                for (Object part : parts) {
                    String text = String.valueOf(part).strip();
                    if (!ANNOTATION_VALUE.matcher(text).matches()) {
                        int start = Math.max(file.start(owner), 0);
                        int at = file.text().indexOf("@" + annotation.getName(), start);
                        String message = "@" + annotation.getName() + "(" + text + ") is not a text: write it in quotes, @"
                                + annotation.getName() + "(\"...\"); Drools would run anything else when it loads the rules";
                        problems.add(at >= 0 ? file.problemAt(at, message) : file.problemAt(owner, message));
                    }
                }
            }
        }
        return problems;
    }

    private static void metadata(DrlFile file, RuleDescr rule, Map<String, Located> ids, List<RuleProblem> problems) {
        String id = annotation(rule, "id");
        String source = annotation(rule, "source");
        String name = rule.getName();
        if (id == null || id.isBlank()) {
            problems.add(file.problemAt(rule, "rule \"" + name + "\" has no @id: add @id(\"a-kebab-case-id\") under the rule's name"));
        } else if (!KEBAB.matcher(id).matches()) {
            problems.add(file.problemAt(rule, "rule \"" + name + "\" has @id(\"" + id
                    + "\"): an id is lower-case words joined by hyphens, such as red-flag-fever"));
        } else {
            Located first = ids.putIfAbsent(id, new Located(file.name(), rule.getLine(), name));
            if (first != null) {
                problems.add(file.problemAt(rule, "rule \"" + name + "\" reuses @id(\"" + id + "\") of rule \"" + first.rule()
                        + "\" at " + first.file() + ":" + first.line() + ": every rule needs its own id"));
            }
        }
        if (source == null || source.isBlank()) {
            problems.add(file.problemAt(rule, "rule \"" + name
                    + "\" has no @source: add @source(\"the article's section or the guideline it comes from\")"));
        }
    }

    private static String annotation(RuleDescr rule, String name) {
        AnnotationDescr annotation = rule.getAnnotation(name);
        if (annotation == null || annotation.getSingleValue() == null) {
            return null;
        }
        String value = annotation.getSingleValueAsString().strip();
        if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"") || value.startsWith("'") && value.endsWith("'"))) {
            value = value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static void attributes(DrlFile file, RuleDescr rule, List<RuleProblem> problems) {
        for (AttributeDescr attribute : rule.getAttributes().values()) {
            String attributeName = attribute.getName();
            if (!ATTRIBUTES.contains(attributeName)) {
                problems.add(file.problemAt(attribute.getLine() > 0 ? attribute : rule, "the attribute " + attributeName
                        + " is not used in this rule base: a rule fires whenever its conditions hold"));
            } else if (attributeName.equals("dialect")) {
                dialect(file, attribute, attribute.getLine() > 0 ? attribute : rule, problems);
            } else if (attributeName.equals("salience") && !attribute.getValue().strip().matches("-?\\d+")) {
                problems.add(file.problemAt(attribute.getLine() > 0 ? attribute : rule,
                        "salience is a whole number here, not '" + attribute.getValue() + "'"));
            }
        }
    }

    /**
     * Only the java dialect: actions are checked as Java ({@link ActionCheck} reads them with a Java parser),
     * and an MVEL action would be read by another language than the one that checked it.
     */
    private static void dialect(DrlFile file, AttributeDescr attribute, BaseDescr at, List<RuleProblem> problems) {
        String value = attribute.getValue() == null ? "" : attribute.getValue().strip().replaceAll("^[\"']|[\"']$", "");
        if (!value.equals("java")) {
            problems.add(file.problemAt(at, "dialect \"" + value + "\" is not used in this rule base: rules are written in"
                    + " the java dialect (leave the dialect line out)"));
        }
    }
}
