package org.backtriage.engine;

import java.util.List;
import org.kie.api.definition.rule.Rule;
import org.kie.api.runtime.rule.ConsequenceException;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A rule failed while evaluating one intake: its consequence threw, or one of its conditions could not be
 * evaluated. The intake was not assessed. Carries the rule's {@code @id} and the class of what was thrown,
 * never the message: a message may quote the facts, and facts are patient data.
 */
public final class RuleFailure extends RuntimeException {
    /** How the rule is named when the engine could not tell which rule failed. */
    public static final String UNKNOWN_RULE = "(unknown rule)";
    // Drools names the rules of a failed constraint in its message: [Rule "name" in file.drl, ...]
    private static final Pattern RULE_NAME = Pattern.compile("Rule \"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern GENERATED_CLASS = Pattern.compile("\\bRule_([A-Za-z0-9_$]+)");

    private final String ruleId;
    private final String thrown;

    private RuleFailure(String ruleId, Throwable cause) {
        super("rule " + ruleId + " failed (" + cause.getClass().getName() + ")", cause, false, false);
        this.ruleId = ruleId;
        this.thrown = cause.getClass().getName();
    }

    /** The {@code @id} of the rule that failed, or {@link #UNKNOWN_RULE}. */
    public String ruleId() {
        return ruleId;
    }

    /** The class of what the rule threw (the Drools wrapper taken off), e.g. {@code java.lang.NullPointerException}. */
    public String thrown() {
        return thrown;
    }

    /**
     * Wraps what an evaluation threw, naming the rule, most specific first: a rule whose condition failed
     * (Drools names it in the message, even when the condition ran inside another rule's insert), else the
     * rule whose consequence threw ({@code firing}: the one running when an Error, which Drools does not
     * wrap, was thrown), else the rule of a generated class named in a message. A JVM that is out of
     * memory or otherwise broken is not a rule's failure: {@link VirtualMachineError}s other than a rule's
     * own runaway recursion are rethrown as they are.
     */
    static RuleFailure of(Throwable thrown, RuleBase ruleBase, Rule firing) {
        if (thrown instanceof VirtualMachineError broken && !(thrown instanceof StackOverflowError)) {
            throw broken;
        }
        Throwable root = thrown;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher named = RULE_NAME.matcher(String.valueOf(t.getMessage()));
            RuleInfo info = named.find() ? byName(ruleBase, named.group(1)) : null;
            if (info != null) {
                return new RuleFailure(info.id(), root);
            }
        }
        Rule rule = thrown instanceof ConsequenceException consequence && consequence.getRule() != null
                ? consequence.getRule() : firing;
        if (rule != null) {
            return new RuleFailure(ruleBase.info(rule).id(), root);
        }
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            RuleInfo info = byGeneratedClass(ruleBase, String.valueOf(t.getMessage()));
            if (info != null) {
                return new RuleFailure(info.id(), root);
            }
        }
        return new RuleFailure(UNKNOWN_RULE, root);
    }

    /** The rules fired more often on one record than any assessment needs: they fire each other in a loop. */
    public static final class Runaway extends RuntimeException {
        Runaway(int limit) {
            super("the rules fired more than " + limit + " times on one record: rules that fire each other in a loop", null, false, false);
        }
    }

    /** A loop between rules, named by the rule that fired most. */
    static RuleFailure runaway(RuleBase ruleBase, List<RuleFiring> firings, int limit) {
        String most = firings.stream().collect(java.util.stream.Collectors.groupingBy(f -> f.rule().id(),
                        java.util.stream.Collectors.counting()))
                .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).map(java.util.Map.Entry::getKey).orElse(UNKNOWN_RULE);
        return new RuleFailure(most, new Runaway(limit));
    }

    private static RuleInfo byName(RuleBase ruleBase, String name) {
        return ruleBase.rules().stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
    }

    /**
     * A condition's {@code eval} names only the class Drools generated for it, {@code Rule_<name>...Invoker},
     * with the rule's name escaped ({@code "Test: a b"} becomes {@code Test$u58$_a_b}). Compared with the
     * escapes, underscores and other non-letters taken out, the rule is the one whose name is the longest
     * match.
     */
    private static RuleInfo byGeneratedClass(RuleBase ruleBase, String message) {
        Matcher generated = GENERATED_CLASS.matcher(message);
        if (!generated.find()) {
            return null;
        }
        String squashed = squash(generated.group(1).replaceAll("\\$u\\d+\\$", ""));
        RuleInfo best = null;
        for (RuleInfo rule : ruleBase.rules()) {
            String name = squash(rule.name());
            if (!name.isEmpty() && squashed.startsWith(name) && (best == null || name.length() > squash(best.name()).length())) {
                best = rule;
            }
        }
        return best;
    }

    private static String squash(String text) {
        return text.replaceAll("[^A-Za-z0-9]", "");
    }
}
