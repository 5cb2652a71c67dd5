package org.backtriage.check;

import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The clinic's thresholds by name: the fields of the {@code declare Thresholds} type in the rule files
 * ({@code rules/thresholds.drl}). A text (a rule's message, a vocabulary text) may name one as
 * {@code {longestSessionMinutes}}; {@code check} refuses a name that no threshold has.
 */
final class ThresholdNames {
    /** The declared type that holds the thresholds. */
    static final String TYPE = "Thresholds";

    // the names the engine fills in texts (ThresholdTexts): a Java identifier between braces
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\p{javaJavaIdentifierStart}\\p{javaJavaIdentifierPart}*)}");

    private ThresholdNames() {
    }

    /** A {@code {name}} in a text, and where it starts in that text. */
    record Placeholder(String name, int offset) {
    }

    /** The names of the thresholds, in declaration order; empty when no file declares {@code Thresholds}. */
    static List<String> of(Collection<PackageDescr> packages) {
        List<String> names = new ArrayList<>();
        for (PackageDescr pkg : packages) {
            for (TypeDeclarationDescr type : pkg.getTypeDeclarations()) {
                if (type.getTypeName().equals(TYPE)) {
                    names.addAll(type.getFields().keySet());
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Each threshold's value as the rule files write it ({@code 30}, {@code 6.5}), in declaration order; a
     * threshold declared without a value is left out.
     */
    static Map<String, String> values(Collection<PackageDescr> packages) {
        Map<String, String> values = new LinkedHashMap<>();
        for (PackageDescr pkg : packages) {
            for (TypeDeclarationDescr type : pkg.getTypeDeclarations()) {
                if (type.getTypeName().equals(TYPE)) {
                    type.getFields().forEach((name, field) -> {
                        if (field.getInitExpr() != null && !field.getInitExpr().isBlank()) {
                            values.put(name, field.getInitExpr().strip());
                        }
                    });
                }
            }
        }
        return values;
    }

    /** Every {@code {name}} a text names. */
    static List<Placeholder> placeholders(String text) {
        List<Placeholder> found = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(new Placeholder(m.group(1), m.start()));
        }
        return found;
    }

    /** What to tell an author whose text names {@code name}, which no threshold has. */
    static String unknown(String name, List<String> thresholds) {
        String closest = Spelling.closest(name, thresholds);
        return "{" + name + "} names no threshold" + (closest == null ? "." : ": did you mean {" + closest + "}?")
                + " The thresholds are the fields of Thresholds in thresholds.drl: " + String.join(", ", thresholds);
    }
}
