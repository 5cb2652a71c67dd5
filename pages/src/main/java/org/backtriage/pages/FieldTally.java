package org.backtriage.pages;

import org.backtriage.intake.FieldError;
import org.backtriage.intake.Vocabulary;

import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Rejected records counted by the field that is wrong in them, in bounded memory (issue 22: a batch whose
 * every record carries a new unknown field name used to keep every name, and chart each one, until the run
 * ran out of memory; at 100,000 records the report was a 32 MB page). The contract's own fields are always
 * counted by name; of the other names (unknown fields, as the input spells them), the first {@code cap} met
 * are counted by name, and every later one is counted only in the totals for "any other field".
 */
final class FieldTally {
    /** The fields the intake contract knows: few and fixed, so they never crowd out or get crowded out. */
    static final Set<String> CONTRACT = contractFields();

    private final int cap;
    private final Map<String, Long> byField = new TreeMap<>();
    private int otherNamesCounted;
    private long otherRecords;
    private long otherProblems;

    FieldTally(int cap) {
        this.cap = cap;
    }

    /** One rejected record: the distinct fields wrong in it (each counts the record once). */
    void add(Collection<String> fields) {
        boolean other = false;
        for (String field : fields) {
            Long count = byField.get(field);
            if (count != null) {
                byField.put(field, count + 1);
            } else if (CONTRACT.contains(field)) {
                byField.put(field, 1L);
            } else if (otherNamesCounted < cap) {
                byField.put(field, 1L);
                otherNamesCounted++;
            } else {
                otherProblems++;
                other = true;
            }
        }
        if (other) {
            otherRecords++;
        }
    }

    /** Records per field, for the fields counted by name, in name order. */
    Map<String, Long> byField() {
        return Collections.unmodifiableMap(byField);
    }

    /** Whether a field beyond the cap was met: more than {@code cap} different unknown names were wrong. */
    boolean capped() {
        return otherProblems > 0;
    }

    int cap() {
        return cap;
    }

    /** Records wrong in at least one field not counted by name. */
    long otherRecords() {
        return otherRecords;
    }

    /** Wrong fields not counted by name, once per record each. */
    long otherProblems() {
        return otherProblems;
    }

    private static Set<String> contractFields() {
        Set<String> fields = new HashSet<>(Vocabulary.FIELDS);
        fields.add(FieldError.RECORD);
        Vocabulary.RED_FLAGS.forEach(flag -> fields.add("redFlags." + flag));
        Vocabulary.ROUTINE_FIELDS.forEach(field -> fields.add("routine." + field));
        return Set.copyOf(fields);
    }
}
