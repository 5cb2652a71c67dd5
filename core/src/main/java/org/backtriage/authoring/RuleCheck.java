package org.backtriage.authoring;

import org.backtriage.check.RuleProblem;
import org.backtriage.engine.RuleBase;
import org.backtriage.engine.RuleBaseCompiler;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFiles;

import java.util.List;

/**
 * What {@code backtriage check} reports: the rule base compiled exactly as an engine would compile it
 * (the same compiler, so check and a running engine can never disagree), with every problem located.
 */
public final class RuleCheck {

    /**
     * @param files    how many rule files (DRL and vocabulary) were read
     * @param rules    how many rules they declare
     * @param problems every problem, sorted by file, line and column; empty when the rule base is usable
     * @param ruleBase the compiled rule base, or {@code null} when there are problems
     */
    public record Report(int files, int rules, List<RuleProblem> problems, RuleBase ruleBase) {
        public Report {
            problems = List.copyOf(problems);
        }

        public boolean clean() {
            return problems.isEmpty();
        }

        public String summary() {
            return "checked " + files + " file(s), " + rules + " rule(s): "
                    + (problems.isEmpty() ? "no problems" : problems.size() + " problem(s)");
        }
    }

    public Report check(RuleFiles files) {
        int declared = RuleBaseCompiler.declaredRules(files);
        try {
            RuleBase ruleBase = new RuleBaseCompiler().compile(files);
            return new Report(files.files().size(), ruleBase.rules().size(), List.of(), ruleBase);
        } catch (RuleBaseException e) {
            return new Report(files.files().size(), declared, e.problems(), null);
        }
    }
}
