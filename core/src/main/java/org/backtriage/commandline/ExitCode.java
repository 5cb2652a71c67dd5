package org.backtriage.commandline;

/** The exit codes every backtriage command uses. */
public final class ExitCode {
    /** Every record assessed; check clean; nothing changed. */
    public static final int OK = 0;
    /** Some records rejected; check found problems; a scenario failed; impact found changes. */
    public static final int PROBLEMS = 1;
    /** A usage error, or a rule base that does not compile. */
    public static final int USAGE = 2;
    /** An output file or stream could not be written (missing or read-only folder, disk full, closed pipe). */
    public static final int OUTPUT_FAILED = 3;
    /**
     * A rule failed on some valid records: each became an error record naming the rule, the others were
     * assessed. A fault in the rule base, not in the input: the rule authors must look.
     */
    public static final int RULE_FAILED = 4;

    private ExitCode() {
    }
}
