package org.backtriage.engine;

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
     * Wraps what an evaluation threw, naming the rule: the one Drools names in a consequence exception, else
     * the one that was firing ({@code firing}, may be {@code null}), else the first named in a failed
     * constraint's message. A JVM that is out of memory or otherwise broken is not a rule's failure:
     * {@link VirtualMachineError}s other than a rule's own runaway recursion are rethrown as they are.
     */
    static RuleFailure of(Throwable thrown, RuleBase ruleBase, Rule firing) {
        if (thrown instanceof VirtualMachineError broken && !(thrown instanceof StackOverflowError)) {
            throw broken;
        }
        Throwable cause = thrown;
        Rule rule = firing;
        if (thrown instanceof ConsequenceException consequence) {
            cause = consequence.getCause() != null ? consequence.getCause() : consequence;
            rule = consequence.getRule() != null ? consequence.getRule() : firing;
        }
        if (rule != null) {
            return new RuleFailure(ruleBase.info(rule).id(), cause);
        }
        for (Throwable t = thrown; t != null; t = t.getCause() == t ? null : t.getCause()) {
            Matcher named = RULE_NAME.matcher(String.valueOf(t.getMessage()));
            if (named.find()) {
                RuleInfo info = ruleBase.rules().stream().filter(r -> r.name().equals(named.group(1))).findFirst().orElse(null);
                if (info != null) {
                    return new RuleFailure(info.id(), t.getCause() != null ? t.getCause() : t);
                }
            }
        }
        return new RuleFailure(UNKNOWN_RULE, cause);
    }
}
