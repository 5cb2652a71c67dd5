package org.backtriage.batch;

import java.util.Map;

/**
 * The account of a batch run: every record read is either assessed or rejected.
 *
 * @param read            records read from the inputs
 * @param assessed        records that got an assessment
 * @param rejected        records that got an error record (including those a rule failed on)
 * @param ruleFailed      of the rejected, the valid records that a rule failed on
 * @param byReferralLevel assessments per referral level
 * @param byWarning       assessments carrying each warning code
 * @param elapsedMillis   wall time of the run
 * @param recordsPerSecond read / elapsed
 * @param stoppedEarly    true when --fail-fast (or a write failure) stopped the run before the end
 */
public record Summary(long read, long assessed, long rejected, long ruleFailed, Map<String, Long> byReferralLevel,
                      Map<String, Long> byWarning, long elapsedMillis, double recordsPerSecond, boolean stoppedEarly) {

    public Summary {
        // fixed orders, so the summary reads (and diffs) the same from run to run
        Map<String, Long> levels = new java.util.LinkedHashMap<>();
        for (String level : org.backtriage.intake.Vocabulary.REFERRAL_LEVELS) {
            levels.put(level, byReferralLevel.getOrDefault(level, 0L));
        }
        byReferralLevel = java.util.Collections.unmodifiableMap(levels);
        byWarning = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(byWarning));
    }

    /** The one-line summary for stderr. */
    public String oneLine() {
        return String.format(java.util.Locale.ROOT,
                "%d records: %d assessed, %d rejected%s; referral %s; warnings %s; %.1f s, %.0f records/s%s",
                read, assessed, rejected, ruleFailed == 0 ? "" : " (" + ruleFailed + " because a rule failed on them)",
                byReferralLevel, byWarning,
                elapsedMillis / 1000.0, recordsPerSecond, stoppedEarly ? " (stopped early)" : "");
    }
}
