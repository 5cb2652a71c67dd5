package org.backtriage.cli;

/** The exit codes every backtriage command uses. */
public final class ExitCode {
    /** Every record assessed; check clean; nothing changed. */
    public static final int OK = 0;
    /** Some records rejected; check found problems; a scenario failed; impact found changes. */
    public static final int PROBLEMS = 1;
    /** A usage error, or a rule base that does not compile. */
    public static final int USAGE = 2;
    /** The output could not be written (disk full, closed pipe). */
    public static final int OUTPUT_FAILED = 3;

    private ExitCode() {
    }
}
