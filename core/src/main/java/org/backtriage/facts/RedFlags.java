package org.backtriage.facts;

import org.backtriage.intake.Intake;
import org.backtriage.intake.Vocabulary;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The twelve red-flag screening answers of one intake, as one fact: a rule reads
 * {@code RedFlags( fever == "yes" )}. Every field is {@code yes}, {@code no} or {@code unknown}; a
 * question left out of the intake is {@code unknown}, so a rule can never mistake silence for "no".
 * One fact instead of twelve halves the work of inserting and matching the screening answers.
 *
 * @param complete   every question was answered {@code yes} or {@code no}
 * @param unanswered the questions still unanswered, in plain words, joined with "; " (empty when complete)
 */
public record RedFlags(String saddleNumbness, String bladderOrBowelDysfunction, String bilateralLegSymptoms,
                       String newSexualDysfunction, String chestPain, String progressiveLegWeakness,
                       String fever, String immunosuppressed, String historyOfCancer,
                       String unexplainedWeightLoss, String nightPain, String significantTrauma,
                       boolean complete, String unanswered) {

    /**
     * The screening answers of {@code intake}; {@code questions} gives each red-flag code's question in
     * plain words (from the rule base's vocabulary), used to name the unanswered ones.
     */
    public static RedFlags of(Intake intake, Map<String, String> questions) {
        List<String> open = new ArrayList<>();
        for (String flag : Vocabulary.RED_FLAGS) {
            if ("unknown".equals(intake.redFlagAnswer(flag))) {
                open.add(questions.getOrDefault(flag, flag));
            }
        }
        return new RedFlags(intake.redFlagAnswer("saddleNumbness"), intake.redFlagAnswer("bladderOrBowelDysfunction"),
                intake.redFlagAnswer("bilateralLegSymptoms"), intake.redFlagAnswer("newSexualDysfunction"),
                intake.redFlagAnswer("chestPain"), intake.redFlagAnswer("progressiveLegWeakness"),
                intake.redFlagAnswer("fever"), intake.redFlagAnswer("immunosuppressed"),
                intake.redFlagAnswer("historyOfCancer"), intake.redFlagAnswer("unexplainedWeightLoss"),
                intake.redFlagAnswer("nightPain"), intake.redFlagAnswer("significantTrauma"),
                open.isEmpty(), String.join("; ", open));
    }
}
