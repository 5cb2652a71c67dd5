package org.backtriage.engine;

import org.backtriage.Engines;
import org.backtriage.TestIntakes;
import org.backtriage.assessment.Assessment;
import org.backtriage.intake.Routine;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One test or more per rule of the frozen rule base (core/src/test/frozen-rules, a copy of the shipped rules at
 * clinical revision 3), named for the clinical behaviour it proves. Each test also checks that the rule it is
 * about fired. It runs on the frozen copy so that a physiotherapist's edit of rules/ never breaks it: the
 * shipped rules are judged by their scenarios (ShippedScenariosTest) and fixtures/expected (FixturesTest).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FrozenRulesTest {
    private static TriageEngine engine;

    @BeforeAll
    static void compileOnce() {
        engine = Engines.frozen();
    }

    private static Assessment assess(TestIntakes intake, String... rulesThatMustFire) {
        Assessment a = engine.assess(intake.build());
        Set<String> fired = a.firedRules().stream().map(Assessment.FiredRule::id).collect(Collectors.toSet());
        for (String rule : rulesThatMustFire) {
            assertTrue(fired.contains(rule), rule + " should have fired; fired: " + fired);
        }
        return a;
    }

    /** The article's seven exercises (design.md): the shipped rules' table. An exercise the clinic adds has its scenarios. */
    private static final Set<String> ARTICLE_EXERCISES = Set.of("toe-reach", "side-bend-overhead", "posture-correction",
            "gentle-spinal-twist", "abdominal-crunch", "knee-to-elbow-crunch", "tennis-ball-release");

    /** Each of the article's exercises listed for this assessment, with its status. */
    private static Map<String, String> statuses(Assessment a) {
        Map<String, String> map = new LinkedHashMap<>();
        a.exercises().stream().filter(e -> ARTICLE_EXERCISES.contains(e.id())).forEach(e -> map.put(e.id(), e.status()));
        return map;
    }

    private static Set<String> warnings(Assessment a) {
        return a.warnings().stream().map(Assessment.Warning::code).collect(Collectors.toSet());
    }

    private static Set<String> reasons(Assessment a) {
        return a.referral().reasons().stream().map(Assessment.Reason::code).collect(Collectors.toSet());
    }

    @Test
    @DisplayName("An all-clear sore lower back gets the lower-back exercises, no warnings and no referral")
    void allClearLowerBack() {
        Assessment a = assess(TestIntakes.allClear(), "clinic-thresholds", "toe-reach-for-lower-back",
                "posture-correction-for-back", "gentle-spinal-twist-for-back", "abdominal-crunch-for-back",
                "knee-to-elbow-crunch-for-back");
        assertEquals("none", a.referral().level());
        assertEquals(Map.of("toe-reach", "recommended", "posture-correction", "recommended",
                "gentle-spinal-twist", "recommended", "abdominal-crunch", "recommended",
                "knee-to-elbow-crunch", "recommended"), statuses(a));
        assertEquals(Set.of(), warnings(a));
        assertEquals(List.of(), a.referral().reasons());
    }

    @Nested
    class WhichExerciseSuitsWhichRegion {
        @Test
        void sideBendsSuitTheMidAndUpperBackButNotTheLowerBack() {
            assertEquals(Set.of("side-bend-overhead", "posture-correction", "gentle-spinal-twist", "abdominal-crunch",
                    "knee-to-elbow-crunch"), statuses(assess(TestIntakes.allClear().regions("upper_back"),
                    "side-bend-for-mid-upper-back")).keySet());
            assertTrue(statuses(assess(TestIntakes.allClear().regions("mid_back"))).containsKey("side-bend-overhead"));
            assertFalse(statuses(assess(TestIntakes.allClear())).containsKey("side-bend-overhead"));
        }

        @Test
        void toeReachSuitsOnlyTheLowerBack() {
            assertFalse(statuses(assess(TestIntakes.allClear().regions("mid_back", "upper_back"))).containsKey("toe-reach"));
        }

        @Test
        void aTennisBallIsSuggestedOnlyForAKnot() {
            assertEquals("recommended", statuses(assess(TestIntakes.allClear().muscleKnot(true),
                    "tennis-ball-release-for-knot")).get("tennis-ball-release"));
            assertFalse(statuses(assess(TestIntakes.allClear())).containsKey("tennis-ball-release"));
        }

        @Test
        void eachExerciseIsListedOnceWhateverTheNumberOfRegions() {
            Assessment a = assess(TestIntakes.allClear().regions("lower_back", "mid_back", "upper_back").muscleKnot(true));
            List<String> ids = a.exercises().stream().map(Assessment.Exercise::id).toList();
            assertEquals(Set.copyOf(ids).size(), ids.size(), ids.toString());
            assertTrue(ids.containsAll(ARTICLE_EXERCISES), ids.toString());
        }

        @Test
        void theNeckAloneHasNoExercisesAndIsOutOfScope() {
            Assessment a = assess(TestIntakes.allClear().regions("neck").muscleKnot(true), "out-of-scope-neck-only",
                    "warn-out-of-scope-neck", "referral-out-of-scope-neck");
            assertEquals(List.of(), a.exercises());
            assertEquals("routine", a.referral().level());
            assertEquals(Set.of("OUT_OF_SCOPE"), reasons(a));
            assertTrue(warnings(a).contains("OUT_OF_SCOPE"));
        }

        @Test
        void theNeckWithTheBackIsInScope() {
            Assessment a = assess(TestIntakes.allClear().regions("neck", "lower_back"));
            assertEquals("none", a.referral().level());
            assertTrue(statuses(a).containsKey("toe-reach"));
        }
    }

    @Nested
    class ContraindicationsAndClearance {
        @Test
        void osteoporosisRulesOutBendingAndTwistingAndTheRestNeedClearance() {
            Assessment a = assess(TestIntakes.allClear().conditions("osteoporosis"),
                    "fragile-vertebrae-avoid-flexion-and-twisting", "serious-back-condition", "serious-condition-needs-clearance");
            assertEquals(Map.of("toe-reach", "avoid", "posture-correction", "needs_clearance", "gentle-spinal-twist", "avoid",
                    "abdominal-crunch", "avoid", "knee-to-elbow-crunch", "avoid"), statuses(a));
        }

        @Test
        void aVertebralFractureRulesOutTheSameExercises() {
            Map<String, String> s = statuses(assess(TestIntakes.allClear().regions("upper_back").conditions("vertebral_fracture")));
            assertEquals("avoid", s.get("gentle-spinal-twist"));
            assertEquals("needs_clearance", s.get("side-bend-overhead"));
        }

        @Test
        void pregnancyRulesOutExercisesLyingOnTheBackAndTheRestNeedClearance() {
            Map<String, String> s = statuses(assess(TestIntakes.allClear().conditions("pregnancy").muscleKnot(true),
                    "pregnancy-avoid-lying-on-the-back", "pregnancy-needs-clearance", "referral-pregnancy"));
            assertEquals("avoid", s.get("abdominal-crunch"));
            assertEquals("avoid", s.get("knee-to-elbow-crunch"));
            assertEquals("avoid", s.get("tennis-ball-release"));
            assertEquals("needs_clearance", s.get("toe-reach"));
        }

        @Test
        void pregnancyIsItsOwnReasonNotASeriousBackCondition() {
            Assessment a = assess(TestIntakes.allClear().conditions("pregnancy"), "referral-pregnancy");
            assertEquals(List.of("PREGNANCY"), a.referral().reasons().stream().map(Assessment.Reason::code).toList());
            assertFalse(a.referral().reasons().get(0).message().contains("back condition"));
            a.exercises().forEach(e -> assertFalse(e.reason().contains("back condition"), e.reason()));
        }

        @Test
        void recentSpinalSurgeryRulesOutBendingCrunchesAndTwistingAndTheSurgicalTeamClearsTheRest() {
            Assessment a = assess(TestIntakes.allClear().conditions("recent_spinal_surgery"),
                    "recent-surgery-avoid-bending-and-twisting", "recent-surgery-needs-clearance");
            Map<String, String> s = statuses(a);
            assertEquals("avoid", s.get("gentle-spinal-twist"));
            assertEquals("avoid", s.get("toe-reach"));
            assertEquals("avoid", s.get("abdominal-crunch"));
            assertEquals("needs_clearance", s.get("posture-correction"));
            // the surgical team's reason outranks the serious condition's
            a.exercises().forEach(e -> assertTrue(e.reason().contains("surgical team"), e.reason()));
        }

        @Test
        void fibromyalgiaIsNotASeriousBackCondition() {
            Assessment a = assess(TestIntakes.allClear().conditions("fibromyalgia"));
            assertEquals("none", a.referral().level());
            assertTrue(statuses(a).values().stream().allMatch("recommended"::equals));
        }

        @Test
        void anUrgentReferralMeansNoExerciseIsRecommended() {
            Assessment a = assess(TestIntakes.allClear().redFlag("fever", "yes"), "urgent-referral-needs-clearance");
            assertTrue(statuses(a).values().stream().allMatch("needs_clearance"::equals));
        }

        @Test
        void anEmergencyRulesOutEveryExercise() {
            Assessment a = assess(TestIntakes.allClear().conditions("osteoporosis").redFlag("chestPain", "yes"),
                    "emergency-avoid-all-exercise");
            assertEquals("emergency", a.referral().level());
            assertTrue(statuses(a).values().stream().allMatch("avoid"::equals), statuses(a).toString());
            a.exercises().forEach(e -> assertEquals(null, e.dosage()));
        }

        @Test
        void aYoungChildGetsNoExerciseList() {
            Assessment a = assess(TestIntakes.allClear().age(3), "out-of-scope-young-child");
            assertEquals(List.of(), a.exercises());
            assertEquals(Set.of("OUT_OF_SCOPE"), reasons(a));
        }

        @Test
        void aChildNeedsClearanceForEveryExercise() {
            Assessment a = assess(TestIntakes.allClear().age(8), "child-needs-clearance");
            assertTrue(statuses(a).values().stream().allMatch("needs_clearance"::equals), statuses(a).toString());
            assertTrue(a.exercises().get(0).reason().contains("16"), a.exercises().get(0).reason());
        }

        @Test
        void incompleteScreeningNeedsClearanceForEveryExercise() {
            Assessment a = assess(TestIntakes.allClear().redFlag("saddleNumbness", "unknown").painScore(9),
                    "screening-incomplete-needs-clearance");
            assertTrue(statuses(a).values().stream().allMatch("needs_clearance"::equals), statuses(a).toString());
        }

        @Test
        void anExerciseNamesTheRuleThatDecidedItsStatusAndAnAvoidedOneHasNoSteps() {
            Assessment a = assess(TestIntakes.allClear().conditions("pregnancy"));
            Assessment.Exercise crunch = a.exercises().stream().filter(e -> e.id().equals("abdominal-crunch")).findFirst().orElseThrow();
            assertEquals("pregnancy-avoid-lying-on-the-back", crunch.rule());
            assertTrue(crunch.source().contains("ACOG"));
            assertEquals(null, crunch.dosage());
            assertEquals(null, crunch.instructions());
            assertTrue(crunch.reason().contains("pregnant"), crunch.reason());
        }

        @Test
        void theCrunchDoseStatesTheClinicsLongestSession() {
            Assessment a = assess(TestIntakes.allClear());
            Assessment.Exercise crunch = a.exercises().stream().filter(e -> e.id().equals("abdominal-crunch")).findFirst().orElseThrow();
            assertEquals("recommended", crunch.status());
            assertEquals(null, crunch.reason());
            assertTrue(crunch.dosage().contains("15 to 30 minutes"), crunch.dosage());
        }
    }

    @Nested
    class Warnings {
        @Test
        void aSeriousConditionMeansConsultingBeforeExercise() {
            Assessment a = assess(TestIntakes.allClear().conditions("herniated_disc"), "warn-consult-before-exercise",
                    "referral-serious-condition");
            assertTrue(warnings(a).contains("CONSULT_BEFORE_EXERCISE"));
            assertEquals(Set.of("SERIOUS_CONDITION"), reasons(a));
            assertEquals("routine", a.referral().level());
        }

        @Test
        void sessionsOverThirtyMinutesRiskOverexertionButThirtyDoesNot() {
            assertTrue(warnings(assess(TestIntakes.allClear().routine(new Routine(31, 3, "gentle", false, true)),
                    "warn-overexertion")).contains("OVEREXERTION"));
            assertFalse(warnings(assess(TestIntakes.allClear().routine(new Routine(30, 3, "gentle", false, true))))
                    .contains("OVEREXERTION"));
        }

        @Test
        void vigorousTwistingIsWarnedAgainst() {
            assertEquals(Set.of("VIGOROUS_TWISTING"), warnings(assess(TestIntakes.allClear()
                    .routine(new Routine(20, 3, "vigorous", false, true)), "warn-vigorous-twisting")));
        }

        @Test
        void someoneNewToExerciseShouldStartGradually() {
            assertEquals(Set.of("START_GRADUALLY"), warnings(assess(TestIntakes.allClear()
                    .routine(new Routine(20, 3, "gentle", true, true)), "warn-start-gradually")));
        }

        @Test
        void noTechniqueInstructionOrNoAnswerMeansTechniqueGuidance() {
            assertEquals(Set.of("TECHNIQUE_GUIDANCE"), warnings(assess(TestIntakes.allClear()
                    .routine(new Routine(20, 3, "gentle", false, false)), "warn-technique-guidance")));
            assertEquals(Set.of("TECHNIQUE_GUIDANCE"), warnings(assess(TestIntakes.allClear()
                    .routine(new Routine(20, 3, "gentle", false, null)))));
        }

        @Test
        void aVeryStiffBackGetsHeatOrIceFirst() {
            assertEquals(Set.of("HEAT_OR_ICE_FIRST"), warnings(assess(TestIntakes.allClear().stiffness("severe"),
                    "warn-heat-or-ice-first")));
            assertEquals(Set.of(), warnings(assess(TestIntakes.allClear().stiffness("moderate"))));
        }
    }

    @Nested
    class UnknownIsNotNo {
        @Test
        void anUnknownRedFlagGivesScreeningIncompleteAndARoutineReferral() {
            Assessment a = assess(TestIntakes.allClear().redFlag("nightPain", "unknown"), "screening-incomplete",
                    "warn-screening-incomplete", "referral-screening-incomplete");
            assertEquals("routine", a.referral().level());
            assertEquals(Set.of("SCREENING_INCOMPLETE"), reasons(a));
            assertEquals(Set.of("SCREENING_INCOMPLETE"), warnings(a));
        }

        @Test
        void aRedFlagLeftOutIsUnknown() {
            Assessment a = assess(TestIntakes.allClear().withoutRedFlag("fever"));
            assertEquals("routine", a.referral().level());
            assertEquals(Set.of("SCREENING_INCOMPLETE"), reasons(a));
        }

        @Test
        void everyUnansweredRedFlagAloneNeverGivesNoReferral() {
            for (String flag : org.backtriage.intake.Vocabulary.RED_FLAGS) {
                for (String answer : List.of("unknown", "missing")) {
                    TestIntakes intake = answer.equals("missing") ? TestIntakes.allClear().withoutRedFlag(flag)
                            : TestIntakes.allClear().redFlag(flag, answer);
                    assertFalse(assess(intake).referral().level().equals("none"), flag + " " + answer);
                }
            }
        }
    }

    @Nested
    class RedFlags {
        private void assertRedFlag(String flag, String ruleId, String reason, String level) {
            Assessment a = assess(TestIntakes.allClear().redFlag(flag, "yes"), ruleId);
            assertEquals(level, a.referral().level(), flag);
            assertEquals(Set.of(reason), reasons(a), flag);
        }

        @Test
        void saddleNumbnessIsACaudaEquinaEmergency() {
            assertRedFlag("saddleNumbness", "red-flag-saddle-numbness", "CAUDA_EQUINA", "emergency");
        }

        @Test
        void newBladderOrBowelTroubleIsACaudaEquinaEmergency() {
            assertRedFlag("bladderOrBowelDysfunction", "red-flag-bladder-or-bowel", "CAUDA_EQUINA", "emergency");
        }

        @Test
        void symptomsInBothLegsAreACaudaEquinaEmergency() {
            assertRedFlag("bilateralLegSymptoms", "red-flag-both-legs", "CAUDA_EQUINA", "emergency");
        }

        @Test
        void newSexualDysfunctionIsACaudaEquinaEmergency() {
            assertRedFlag("newSexualDysfunction", "red-flag-sexual-dysfunction", "CAUDA_EQUINA", "emergency");
        }

        @Test
        void chestPainIsAnEmergency() {
            assertRedFlag("chestPain", "red-flag-chest-pain", "CHEST_PAIN", "emergency");
        }

        @Test
        void aLegGettingWeakerIsUrgent() {
            assertRedFlag("progressiveLegWeakness", "red-flag-progressive-leg-weakness", "NEUROLOGICAL_DEFICIT", "urgent");
        }

        @Test
        void feverIsAnUrgentInfectionFlag() {
            assertRedFlag("fever", "red-flag-fever", "INFECTION", "urgent");
        }

        @Test
        void immunosuppressionIsAnUrgentInfectionFlag() {
            assertRedFlag("immunosuppressed", "red-flag-immunosuppressed", "INFECTION", "urgent");
        }

        @Test
        void aHistoryOfCancerIsAnUrgentMalignancyFlag() {
            assertRedFlag("historyOfCancer", "red-flag-history-of-cancer", "MALIGNANCY", "urgent");
        }

        @Test
        void unexplainedWeightLossIsAnUrgentMalignancyFlag() {
            assertRedFlag("unexplainedWeightLoss", "red-flag-weight-loss", "MALIGNANCY", "urgent");
        }

        @Test
        void constantNightPainIsAnUrgentMalignancyFlag() {
            assertRedFlag("nightPain", "red-flag-night-pain", "MALIGNANCY", "urgent");
        }

        @Test
        void painAfterASeriousAccidentIsAnEmergencyFractureFlag() {
            assertRedFlag("significantTrauma", "red-flag-significant-trauma", "FRACTURE", "emergency");
        }

        @Test
        void everyPositiveAnswerIsItsOwnReasonAndTheHighestLevelWins() {
            Assessment a = assess(TestIntakes.allClear().redFlag("saddleNumbness", "yes")
                    .redFlag("bilateralLegSymptoms", "yes").redFlag("historyOfCancer", "yes"));
            assertEquals("emergency", a.referral().level());
            assertEquals("Call 999 or go to A&E now.", a.referral().advice());
            assertEquals(List.of("CAUDA_EQUINA", "CAUDA_EQUINA", "MALIGNANCY"),
                    a.referral().reasons().stream().map(Assessment.Reason::code).toList());
            assertEquals(Set.of("red-flag-saddle-numbness", "red-flag-both-legs"), a.referral().reasons().stream()
                    .filter(r -> r.code().equals("CAUDA_EQUINA")).map(Assessment.Reason::rule).collect(Collectors.toSet()));
        }
    }

    @Nested
    class Thresholds {
        @Test
        void painOfEightIsSevereButSevenIsNot() {
            assertEquals(Set.of("SEVERE_PAIN"), reasons(assess(TestIntakes.allClear().painScore(8), "referral-severe-pain")));
            assertEquals(Set.of(), reasons(assess(TestIntakes.allClear().painScore(7))));
        }

        @Test
        void sixWeeksIsPersistentButFivePointNineIsNot() {
            assertEquals(Set.of("PERSISTENT_PAIN"), reasons(assess(TestIntakes.allClear().durationWeeks(6.0),
                    "referral-persistent-pain")));
            assertEquals(Set.of(), reasons(assess(TestIntakes.allClear().durationWeeks(5.9))));
            assertEquals(Set.of(), reasons(assess(TestIntakes.allClear().durationWeeks(null))));
        }

        @Test
        void fifteenIsTooYoungForTheGuidanceButSixteenIsNot() {
            Assessment young = assess(TestIntakes.allClear().age(15), "out-of-scope-child");
            assertEquals(Set.of("OUT_OF_SCOPE"), reasons(young));
            assertEquals(Set.of("OUT_OF_SCOPE"), warnings(young));
            assertEquals(Set.of(), reasons(assess(TestIntakes.allClear().age(16))));
        }
    }

    @Test
    void aChildWithNeckOnlySorenessGetsBothFindings() {
        // revision 3: the age and the neck are two findings, each a reason and a warning of its own
        Assessment a = assess(TestIntakes.allClear().age(12).regions("neck"), "out-of-scope-child", "out-of-scope-neck-only");
        assertEquals(List.of("OUT_OF_SCOPE", "OUT_OF_SCOPE"), a.warnings().stream().map(Assessment.Warning::code).toList());
        assertEquals(List.of("OUT_OF_SCOPE", "OUT_OF_SCOPE"), a.referral().reasons().stream().map(Assessment.Reason::code).toList());
        assertTrue(a.referral().reasons().stream().anyMatch(r -> r.message().contains("16 and over")), a.referral().toString());
        assertTrue(a.referral().reasons().stream().anyMatch(r -> r.message().contains("not the neck")), a.referral().toString());
    }

    @Test
    void nothingAnsweredNamesTheQuestionsOnce() {
        // revision 3: the unanswered questions are listed in the reason only, not again in the warning
        Assessment a = assess(TestIntakes.allClear().noRedFlags());
        String question = engine.ruleBase().vocabulary().redFlagQuestions().get("saddleNumbness");
        long times = a.textsRead().stream().filter(t -> t.contains(question)).count();
        assertEquals(1, times, a.textsRead().toString());
    }

    @Test
    void theSameIntakeAlwaysGivesTheSameAssessment() {
        TestIntakes intake = TestIntakes.allClear().regions("upper_back", "lower_back").conditions("pregnancy", "scoliosis")
                .redFlag("fever", "unknown").redFlag("nightPain", "yes").stiffness("severe").muscleKnot(true);
        Assessment first = assess(intake);
        for (int i = 0; i < 50; i++) {
            assertEquals(first, assess(intake));
        }
    }

    @Test
    void everyResultCarriesTheRuleAndSourceBehindIt() {
        Assessment a = assess(TestIntakes.allClear().conditions("osteoporosis").redFlag("fever", "unknown")
                .stiffness("severe").muscleKnot(true).regions("upper_back", "lower_back"));
        Set<String> ids = engine.ruleBase().rulesById().keySet();
        a.exercises().forEach(e -> assertTrue(ids.contains(e.rule()) && !e.source().isBlank(), e.toString()));
        a.warnings().forEach(w -> assertTrue(ids.contains(w.rule()) && !w.source().isBlank(), w.toString()));
        a.referral().reasons().forEach(r -> assertTrue(ids.contains(r.rule()) && !r.source().isBlank(), r.toString()));
        assertEquals(engine.ruleBase().version(), a.ruleset().version());
        assertEquals(engine.rules().size(), a.ruleset().rules());
    }
}
