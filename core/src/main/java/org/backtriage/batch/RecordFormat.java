package org.backtriage.batch;

/**
 * How a batch's outcomes become text: what comes before the first record, between records and after the
 * last, and each outcome's own rendering. {@link #render} runs on the worker threads, so it must be
 * thread-safe; the framing is written by the one writing thread.
 */
public interface RecordFormat {
    /** Text before the first record. */
    String header();

    /** Text written just before the first record's rendering. */
    String firstPrefix();

    /** Text between two records' renderings. */
    String separator();

    /** Text after the last record; {@code any} says whether there were records. */
    String footer(boolean any);

    /** One outcome's text. */
    String render(Outcome outcome);

    /** One outcome's text as UTF-8 bytes (a format that can render straight to bytes does so). */
    default byte[] renderBytes(Outcome outcome) {
        return render(outcome).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
