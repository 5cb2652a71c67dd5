package org.backtriage.engine;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the checks of one rule share: the file and rule, the known types, codes and thresholds, the names
 * its conditions bind, and the problems found so far.
 */
final class RuleScope {
    final DrlFile file;
    final RuleDescr rule;
    final FactTypes types;
    final CodeDomains domains;
    final List<String> thresholds;
    /** The names the conditions bind ({@code $exercise}), so the actions may use them. */
    final Set<String> bound = new LinkedHashSet<>();
    final List<RuleProblem> problems = new ArrayList<>();
    /** The patterns that match facts one by one (not under not or exists): each new matching fact fires the rule again. */
    final List<Matched> positive = new ArrayList<>();
    /** The codes a bound name holds, when it is bound to a code field ($code : code of a ReferralReason). */
    final Map<String, CodeDomains.Domain> boundDomains = new HashMap<>();

    /** A positive pattern: its type, and for some fields the only texts a matching fact may hold (== and in). */
    record Matched(String type, Map<String, Set<String>> equals) {
    }
    /** A misspelt import is reported once, at the import, not again at every use of the type it meant. */
    final boolean importsBroken;

    RuleScope(DrlFile file, RuleDescr rule, FactTypes types, CodeDomains domains, List<String> thresholds) {
        this.file = file;
        this.rule = rule;
        this.types = types;
        this.domains = domains;
        this.thresholds = thresholds;
        this.importsBroken = file.descr().getImports().stream().anyMatch(i -> !FactTypes.importable(i.getTarget()));
    }

    /** Whether this file may name {@code type} as {@code written} (declared, imported, or the imports are being fixed). */
    boolean visible(FactTypes.Type type, String written) {
        return importsBroken || FactTypes.visible(type, written, pkg());
    }

    PackageDescr pkg() {
        return file.descr();
    }

    void report(int offset, String message) {
        problems.add(file.problemAt(offset, message));
    }

    /**
     * The threshold that goes with a field, by the words their names share ({@code painScore} and
     * {@code severePainScore}, {@code minutesPerSession} and {@code longestSessionMinutes}); null when none does.
     */
    String thresholdFor(String field) {
        Set<String> words = words(field);
        String best = null;
        int bestShared = 0;
        for (String threshold : thresholds) {
            Set<String> shared = words(threshold);
            shared.retainAll(words);
            if (shared.size() > bestShared) {
                bestShared = shared.size();
                best = threshold;
            }
        }
        return best;
    }

    /** What to tell an author who wrote a number into a condition, with the threshold for the field when one fits. */
    String bareNumber(String number, String field, String operator) {
        String threshold = field == null ? null : thresholdFor(field);
        if (threshold != null) {
            return "the number " + number + " is written into the rule: use the threshold " + threshold + " from thresholds.drl:"
                    + " bind it with Thresholds( $limit : " + threshold + " ) and write " + field + " " + (operator == null ? ">=" : operator) + " $limit";
        }
        return "the number " + number + " is written into the rule: thresholds live in thresholds.drl;"
                + " add a field to Thresholds and match it, e.g. Thresholds( $limit : yourThreshold )";
    }

    private static Set<String> words(String camelCase) {
        Set<String> words = new LinkedHashSet<>();
        for (String word : camelCase.split("(?<=[a-z0-9])(?=[A-Z])|_")) {
            if (!word.isBlank()) {
                words.add(word.toLowerCase());
            }
        }
        return words;
    }
}
