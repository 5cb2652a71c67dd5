package org.backtriage.engine;

import org.kie.api.KieBase;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.type.FactField;
import org.kie.api.definition.type.FactType;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The clinic's thresholds as they appear in texts a person reads: a text names a threshold as
 * {@code {longestSessionMinutes}} and is shown with the number from {@code thresholds.drl}, so changing a
 * threshold changes every text that states it. The values are the defaults of the declared
 * {@code Thresholds} type, read once from the compiled rule base.
 */
public final class ThresholdTexts {
    /** The declared type that holds the thresholds. */
    public static final String TYPE = "Thresholds";

    private final Map<String, String> values;
    // rule messages are a handful of constant texts: fill each once, not once per record
    private final Map<String, String> filled = new ConcurrentHashMap<>();

    ThresholdTexts(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** The thresholds declared in {@code kieBase} (none when it declares no {@code Thresholds} type). */
    static ThresholdTexts of(KieBase kieBase) {
        Map<String, String> values = new LinkedHashMap<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (FactType type : pkg.getFactTypes()) {
                if (!type.getSimpleName().equals(TYPE)) {
                    continue;
                }
                try {
                    Object defaults = type.newInstance();
                    for (FactField field : type.getFields()) {
                        values.put(field.getName(), format(field.get(defaults)));
                    }
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("the declared type " + TYPE + " cannot be made", e);
                }
            }
        }
        return new ThresholdTexts(values);
    }

    /** Threshold name to the number texts show (6.0 shows as 6). */
    public Map<String, String> values() {
        return values;
    }

    /** {@code text} with every {@code {name}} of a threshold replaced by its number; other text unchanged. */
    public String fill(String text) {
        if (text == null || text.indexOf('{') < 0) {
            return text;
        }
        return filled.computeIfAbsent(text, this::substitute);
    }

    /** The {@code {names}} in {@code text} that no threshold has, in order. */
    public List<String> unknownNames(String text) {
        List<String> unknown = new ArrayList<>();
        for (String name : names(text)) {
            if (!values.containsKey(name)) {
                unknown.add(name);
            }
        }
        return unknown;
    }

    /** Every {@code {identifier}} in a text. */
    static List<String> names(String text) {
        List<String> names = new ArrayList<>();
        if (text == null) {
            return names;
        }
        int at = text.indexOf('{');
        while (at >= 0) {
            int close = text.indexOf('}', at + 1);
            if (close < 0) {
                break;
            }
            String name = text.substring(at + 1, close);
            if (isIdentifier(name)) {
                names.add(name);
            }
            at = text.indexOf('{', at + 1);
        }
        return names;
    }

    private String substitute(String text) {
        StringBuilder out = new StringBuilder(text.length());
        int from = 0;
        int at = text.indexOf('{');
        while (at >= 0) {
            int close = text.indexOf('}', at + 1);
            if (close < 0) {
                break;
            }
            String value = values.get(text.substring(at + 1, close));
            if (value != null) {
                out.append(text, from, at).append(value);
                from = close + 1;
            }
            at = text.indexOf('{', at + 1);
        }
        return out.append(text, from, text.length()).toString();
    }

    private static boolean isIdentifier(String name) {
        if (name.isEmpty() || !Character.isJavaIdentifierStart(name.charAt(0))) {
            return false;
        }
        return name.chars().allMatch(Character::isJavaIdentifierPart);
    }

    private static String format(Object value) {
        if (value instanceof Double || value instanceof Float) {
            return new BigDecimal(value.toString()).stripTrailingZeros().toPlainString();
        }
        return String.valueOf(value);
    }
}
