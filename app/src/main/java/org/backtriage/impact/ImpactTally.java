package org.backtriage.impact;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Counts of an impact run, safe to update from every worker thread. */
public final class ImpactTally {
    private final LongAdder compared = new LongAdder();
    private final LongAdder changed = new LongAdder();
    private final LongAdder raised = new LongAdder();
    private final LongAdder lowered = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder textsOnly = new LongAdder();
    private final Map<String, LongAdder> byKind = new ConcurrentHashMap<>();

    void rejected() {
        rejected.increment();
    }

    void compared(AssessmentChange change) {
        compared.increment();
        if (change == null) {
            return;
        }
        changed.increment();
        if (change.changes().level().equals("raised")) {
            raised.increment();
        } else if (change.changes().level().equals("lowered")) {
            lowered.increment();
        }
        change.changes().kinds().forEach(kind -> byKind.computeIfAbsent(kind, k -> new LongAdder()).increment());
        if (change.changes().kinds().equals(java.util.List.of(AssessmentChange.TEXTS))) {
            textsOnly.increment();
        }
    }

    public Summary summary() {
        Map<String, Long> kinds = new TreeMap<>();
        byKind.forEach((k, v) -> kinds.put(k, v.sum()));
        return new Summary(compared.sum(), compared.sum() - changed.sum(), changed.sum(), raised.sum(), lowered.sum(),
                rejected.sum(), kinds, textsOnly.sum());
    }

    /**
     * @param rejected      records that failed validation (the same for both rule bases, so not compared)
     * @param changesByKind per kind of change, the records that have it ({@code texts}: a text a person reads changed)
     * @param textsOnly     changed records whose only change is in the texts a person reads (counted in {@code changed})
     */
    public record Summary(long compared, long unchanged, long changed, long levelRaised, long levelLowered,
                          long rejected, Map<String, Long> changesByKind, long textsOnly) {

        /** A summary of a run that compared no texts. */
        public Summary(long compared, long unchanged, long changed, long levelRaised, long levelLowered,
                       long rejected, Map<String, Long> changesByKind) {
            this(compared, unchanged, changed, levelRaised, levelLowered, rejected, changesByKind, 0);
        }

        public String oneLine() {
            return String.format("%d compared: %d unchanged, %d changed (level raised %d, level LOWERED %d, texts only %d);"
                            + " %d rejected as invalid; changes by kind %s",
                    compared, unchanged, changed, levelRaised, levelLowered, textsOnly, rejected, changesByKind);
        }
    }
}
