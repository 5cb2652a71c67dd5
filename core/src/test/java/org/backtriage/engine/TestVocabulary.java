package org.backtriage.engine;

import org.backtriage.intake.Vocabulary;

import java.util.stream.Collectors;

/** The texts every vocabulary.yaml must give besides its codes, for the small rule bases tests write. */
public final class TestVocabulary {
    private TestVocabulary() {
    }

    /** YAML for the level words, the safety net and every red-flag question. */
    public static final String TEXTS = "levels:\n  none: self-care\n  routine: see a GP\n  urgent: GP today\n"
            + "  emergency: A&E now\nsafetyNet:\n  - advice: get help if\n    signs: [it gets worse]\n"
            + "restrictionRanks: [emergency, urgent, contraindication, clearance]\nranksWithoutSteps: [emergency, urgent]\n"
            + "alsoTell: also tell them\nredFlagQuestions:\n"
            + Vocabulary.RED_FLAGS.stream().map(flag -> "  " + flag + ": question " + flag + "\n").collect(Collectors.joining());
}
