package org.backtriage.engine;

import org.backtriage.check.RuleProblem;

import java.util.List;

/** A rule base that cannot be used: it does not compile, or breaks the rule authors' conventions. */
public class RuleBaseException extends RuntimeException {
    private final transient List<RuleProblem> problems;

    public RuleBaseException(String origin, List<RuleProblem> problems) {
        super("the rule base in " + origin + " has " + problems.size() + " problem(s):\n"
                + String.join("\n", problems.stream().map(RuleProblem::toString).toList()));
        this.problems = List.copyOf(problems);
    }

    public List<RuleProblem> problems() {
        return problems;
    }
}
