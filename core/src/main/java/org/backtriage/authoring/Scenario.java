package org.backtriage.authoring;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;
import java.util.Map;

/**
 * One scenario a rule author wrote: a name, the intake (already merged over the all-clear intake) and what
 * the rules must say about it.
 *
 * @param file   the scenario file, as the author knows it (for messages)
 * @param name   the author's one-line description
 * @param intake the full intake JSON the rules will see
 * @param expect what the assessment must say
 */
public record Scenario(String file, String name, ObjectNode intake, Expectation expect) {

    /**
     * What a scenario expects. A part left out of the file is not checked ({@code null} or empty).
     *
     * @param referral        the referral level, or {@code null}
     * @param reasons         the complete set of reason codes (order does not matter), or {@code null}
     * @param exercises       exercise id to status ({@code recommended}, {@code needs_clearance}, {@code avoid}) or {@code absent}
     * @param warningsPresent warning codes that must be there
     * @param warningsAbsent  warning codes that must not be there
     * @param says            phrases some text the person reads must contain (case does not matter)
     * @param doesNotSay      phrases no text the person reads may contain
     * @param withoutSteps    exercise ids that must be listed without a dose or steps
     */
    public record Expectation(String referral, List<String> reasons, Map<String, String> exercises,
                              List<String> warningsPresent, List<String> warningsAbsent,
                              List<String> says, List<String> doesNotSay, List<String> withoutSteps) {
        public Expectation(String referral, List<String> reasons, Map<String, String> exercises,
                           List<String> warningsPresent, List<String> warningsAbsent) {
            this(referral, reasons, exercises, warningsPresent, warningsAbsent, List.of(), List.of(), List.of());
        }

        public Expectation {
            says = List.copyOf(says);
            doesNotSay = List.copyOf(doesNotSay);
            withoutSteps = List.copyOf(withoutSteps);
            reasons = reasons == null ? null : List.copyOf(reasons);
            // the author's order, so differences are printed in the order the file lists them
            exercises = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(exercises));
            warningsPresent = List.copyOf(warningsPresent);
            warningsAbsent = List.copyOf(warningsAbsent);
        }
    }
}
