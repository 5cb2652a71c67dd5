package org.backtriage.batch;

import java.util.Map;

/**
 * The account of a batch run: every record read is either assessed or rejected.
 *
 * @param read            records read from the inputs
 * @param assessed        records that got an assessment
 * @param rejected        records that got an error record
 * @param byReferralLevel assessments per referral level
 * @param byWarning       assessments carrying each warning code
 * @param elapsedMillis   wall time of the run
 * @param recordsPerSecond read / elapsed
 * @param stoppedEarly    true when --fail-fast (or a write failure) stopped the run before the end
 */
public record Summary(long read, long assessed, long rejected, Map<String, Long> byReferralLevel,
                      Map<String, Long> byWarning, long elapsedMillis, double recordsPerSecond, boolean stoppedEarly) {

    public Summary {
        byReferralLevel = Map.copyOf(byReferralLevel);
        byWarning = Map.copyOf(byWarning);
    }

    /** The one-line summary for stderr. */
    public String oneLine() {
        return String.format(java.util.Locale.ROOT,
                "%d records: %d assessed, %d rejected; referral %s; warnings %s; %.1f s, %.0f records/s%s",
                read, assessed, rejected, new java.util.TreeMap<>(byReferralLevel), new java.util.TreeMap<>(byWarning),
                elapsedMillis / 1000.0, recordsPerSecond, stoppedEarly ? " (stopped early)" : "");
    }
}
