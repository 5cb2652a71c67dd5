package org.backtriage.check;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;

import java.math.BigDecimal;
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
    /** Each threshold's value as thresholds.drl writes it, to tell a matching threshold from an unrelated one. */
    final Map<String, String> thresholdValues;
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

    RuleScope(DrlFile file, RuleDescr rule, FactTypes types, CodeDomains domains, List<String> thresholds,
              Map<String, String> thresholdValues) {
        this.file = file;
        this.rule = rule;
        this.types = types;
        this.domains = domains;
        this.thresholds = thresholds;
        this.thresholdValues = thresholdValues;
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
     * The threshold that goes with a field and holds exactly {@code number}: it shares a word with the field
     * ({@code painScore} and {@code severePainScore}, {@code minutesPerSession} and {@code longestSessionMinutes})
     * and its value is the same number (8 and 8, 6 and 6.0). Null when none does: a threshold for the same
     * field with another value is another threshold ({@code age >= 65} is not {@code youngestAge}, 16).
     * Among several, the one sharing the most words.
     */
    String thresholdFor(String field, String number) {
        Set<String> words = words(field);
        String best = null;
        int bestShared = 0;
        for (String threshold : thresholds) {
            Set<String> shared = words(threshold);
            shared.retainAll(words);
            if (shared.size() > bestShared && sameNumber(thresholdValues.get(threshold), number)) {
                bestShared = shared.size();
                best = threshold;
            }
        }
        return best;
    }

    private static boolean sameNumber(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        try {
            return new BigDecimal(strip(a)).compareTo(new BigDecimal(strip(b))) == 0;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    // Java's suffixes (30L, 6.0d) say nothing about the value
    private static String strip(String number) {
        return number.strip().replaceAll("[lLdDfF]$", "");
    }

    /**
     * What to tell an author who wrote a number into a condition. With a threshold for the field that holds
     * that number: use it. Otherwise: add a named threshold first, and how to match it.
     *
     * @param field   the field compared with the number, or {@code null} (arithmetic)
     * @param written the field as the condition writes it ({@code routine.minutesPerSession}), or {@code null}
     * @param fact    the pattern's fact type ({@code Intake}), or {@code null}
     * @param decimal whether the field holds a decimal number
     */
    String bareNumber(String number, String field, String operator, String written, String fact, boolean decimal) {
        String threshold = field == null ? null : thresholdFor(field, number);
        String compare = (written == null ? field : written) + " " + (operator == null ? ">=" : operator) + " $limit";
        if (threshold != null) {
            return "the number " + number + " is written into the rule: use the threshold " + threshold + " from thresholds.drl:"
                    + " bind it with Thresholds( $limit : " + threshold + " ) and write " + compare;
        }
        String type = decimal || number.contains(".") ? "double" : "int";
        String add = "the number " + number + " is written into the rule" + (field == null ? "" : ", and no threshold for "
                + field + " is " + number) + ": add a threshold to Thresholds in thresholds.drl (yourName : " + type + " = "
                + number + "   // what it means) and match it: Thresholds( $limit : yourName )";
        return field == null || fact == null ? add : add + " then " + fact + "( " + compare + " )";
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
