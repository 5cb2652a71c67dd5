package org.backtriage.facts;

import org.backtriage.intake.Intake;
import org.backtriage.intake.Vocabulary;

import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
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

    // the answers' fields are declared above (rules read them by name), and their names are the intake's red-flag
    // codes: Vocabulary.RED_FLAGS is the one list, checked against these fields once, when this class loads
    private static final Constructor<RedFlags> CANONICAL = canonicalConstructor();

    /**
     * The screening answers of {@code intake}; {@code questions} gives each red-flag code's question in
     * plain words (from the rule base's vocabulary), used to name the unanswered ones.
     */
    public static RedFlags of(Intake intake, Map<String, String> questions) {
        List<String> flags = Vocabulary.RED_FLAGS;
        Object[] fields = new Object[flags.size() + 2];
        List<String> open = new ArrayList<>();
        for (int i = 0; i < flags.size(); i++) {
            String answer = intake.redFlagAnswer(flags.get(i));
            fields[i] = answer;
            if ("unknown".equals(answer)) {
                open.add(questions.getOrDefault(flags.get(i), flags.get(i)));
            }
        }
        fields[flags.size()] = open.isEmpty();
        fields[flags.size() + 1] = String.join("; ", open);
        try {
            return CANONICAL.newInstance(fields);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("RedFlags could not be made", e);
        }
    }

    private static Constructor<RedFlags> canonicalConstructor() {
        RecordComponent[] components = RedFlags.class.getRecordComponents();
        List<String> answers = Arrays.stream(components).limit(components.length - 2L).map(RecordComponent::getName).toList();
        if (!answers.equals(Vocabulary.RED_FLAGS)) {
            throw new IllegalStateException("RedFlags' answer fields " + answers + " must be the intake's red flags "
                    + Vocabulary.RED_FLAGS + ", in the same order");
        }
        try {
            return RedFlags.class.getDeclaredConstructor(
                    Arrays.stream(components).map(RecordComponent::getType).toArray(Class<?>[]::new));
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("a record always has its canonical constructor", e);
        }
    }
}
