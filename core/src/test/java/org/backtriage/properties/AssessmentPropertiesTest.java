package org.backtriage.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.backtriage.assessment.Assessment;
import org.backtriage.assessment.ReferralLevel;
import org.backtriage.batch.Json;
import org.backtriage.engine.RuleInfo;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Intake;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import org.backtriage.intake.Vocabulary;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clinical invariants of issues 6 and 10 (clinical-notes.md revision 2), each checked on generated
 * intakes (see {@link IntakeArbitraries} for what the generator covers): as many as
 * {@code jqwik.tries.default} says, 1,000 in a normal build (core/src/test/resources/junit-platform.properties)
 * and 10,000 with {@code mvn verify -Pproperties-long}. jqwik reports the seed of a failing run.
 */
class AssessmentPropertiesTest {
    /** Building the rule base takes seconds; one engine serves every try of this class. */
    private static TriageEngine engine;
    private static Set<String> heldRules;
    private static Map<String, RuleInfo> rulesById;
    private static final ObjectMapper MAPPER = Json.mapper();
    private static final IntakeValidator VALIDATOR = new IntakeValidator();

    /** The region table of design.md: which regions an exercise is listed for. */
    private static final Map<String, Set<String>> REGIONS_OF = Map.of(
            "toe-reach", Set.of("lower_back"),
            "side-bend-overhead", Set.of("mid_back", "upper_back"),
            "posture-correction", Set.of("lower_back", "mid_back", "upper_back"),
            "gentle-spinal-twist", Set.of("lower_back", "mid_back", "upper_back"),
            "abdominal-crunch", Set.of("lower_back", "mid_back", "upper_back"),
            "knee-to-elbow-crunch", Set.of("lower_back", "mid_back", "upper_back"),
            "tennis-ball-release", Set.of("lower_back", "mid_back", "upper_back"));
    private static final List<String> STATUS_ORDER = List.of("recommended", "needs_clearance", "avoid");
    /** clinical-notes.md, the red-flag table: each flag's group, which is its reason code. */
    private static final Map<String, String> GROUP_OF = Map.ofEntries(
            Map.entry("saddleNumbness", "CAUDA_EQUINA"), Map.entry("bladderOrBowelDysfunction", "CAUDA_EQUINA"),
            Map.entry("bilateralLegSymptoms", "CAUDA_EQUINA"), Map.entry("newSexualDysfunction", "CAUDA_EQUINA"),
            Map.entry("chestPain", "CHEST_PAIN"), Map.entry("progressiveLegWeakness", "NEUROLOGICAL_DEFICIT"),
            Map.entry("fever", "INFECTION"), Map.entry("immunosuppressed", "INFECTION"),
            Map.entry("historyOfCancer", "MALIGNANCY"), Map.entry("unexplainedWeightLoss", "MALIGNANCY"),
            Map.entry("nightPain", "MALIGNANCY"), Map.entry("significantTrauma", "FRACTURE"));
    /** design.md: the warnings about exercising, given only while an exercise is open to the person. */
    private static final Set<String> EXERCISE_WARNINGS = Set.of(
            "OVEREXERTION", "VIGOROUS_TWISTING", "START_GRADUALLY", "TECHNIQUE_GUIDANCE", "HEAT_OR_ICE_FIRST");
    /** The advice first seen for each level, across the tries of {@link #referralFollowsItsReasons}. */
    private static final Map<String, String> ADVICE_SEEN = new ConcurrentHashMap<>();
    /** The rule base's youngestAge threshold: under it, the guidance does not cover the person. */
    private static int youngestAge;

    @BeforeContainer
    static void buildEngine() {
        assertEquals(Set.copyOf(Vocabulary.RED_FLAGS), GROUP_OF.keySet(), "every red flag has its group from clinical-notes.md");
        engine = TriageEngine.fromFolder(Path.of("core/src/test/frozen-rules"));
        rulesById = engine.ruleBase().rules().stream().collect(Collectors.toMap(RuleInfo::id, Function.identity()));
        heldRules = rulesById.keySet();
        youngestAge = Integer.parseInt(engine.ruleBase().thresholds().values().get("youngestAge"));
    }

    @Provide
    Arbitrary<ObjectNode> intakes() {
        return IntakeArbitraries.intakes();
    }

    /** The generator only makes records the contract allows: the validator must accept every one. */
    static Intake valid(JsonNode record) {
        ValidationResult result = VALIDATOR.validate(record);
        if (result instanceof ValidationResult.Invalid invalid) {
            throw new AssertionError("a valid intake was rejected: " + invalid.errors() + " for " + record);
        }
        return ((ValidationResult.Valid) result).intake();
    }

    private static Assessment assess(JsonNode record) {
        return engine.assess(valid(record));
    }

    @Property
    void everyValidIntakeGetsAnAssessment(@ForAll("intakes") ObjectNode record) {
        Intake intake = valid(record);
        Assessment assessment = engine.assess(intake);
        assertNotNull(assessment);
        assertEquals(intake.id(), assessment.intakeId());
        assertTrue(ReferralLevel.isLevel(assessment.referral().level()), assessment.referral().level());
        assessment.exercises().forEach(e -> assertTrue(STATUS_ORDER.contains(e.status()), e.toString()));
        assertEquals(engine.ruleBase().rules().size(), assessment.ruleset().rules());
        // what the generator reaches, checked below: every level, and every exercise status
        Statistics.label("referral level").collect(assessment.referral().level());
        Statistics.label("statuses").collect(assessment.exercises().stream().map(Assessment.Exercise::status)
                .distinct().sorted().toList().toString());
        Statistics.label("referral level").coverage(coverage -> {
            for (String level : Vocabulary.REFERRAL_LEVELS) {
                coverage.check(level).percentage(p -> p >= 1.0);
            }
        });
        Statistics.label("statuses").coverage(coverage -> {
            coverage.checkQuery(statuses -> statuses.toString().contains("avoid")).percentage(p -> p >= 1.0);
            coverage.checkQuery(statuses -> statuses.toString().contains("needs_clearance")).percentage(p -> p >= 1.0);
            coverage.checkQuery(statuses -> statuses.toString().contains("recommended")).percentage(p -> p >= 1.0);
        });
    }

    /**
     * The same intake gives the same assessment, list order included: assessed once as generated and
     * once from the same record with its lists shuffled, codes repeated and its fields in another order.
     */
    @Property
    void sameIntakeSameAssessment(@ForAll("intakes") ObjectNode record, @ForAll Random random) {
        Assessment first = assess(record);
        Assessment reordered = assess(reorder(record, random));
        assertEquals(first, reordered);
    }

    private static ObjectNode reorder(ObjectNode record, Random random) {
        List<String> names = new ArrayList<>();
        record.fieldNames().forEachRemaining(names::add);
        Collections.shuffle(names, random);
        ObjectNode copy = MAPPER.createObjectNode();
        for (String name : names) {
            JsonNode value = record.get(name).deepCopy();
            if (value.isArray() && !value.isEmpty()) {
                List<JsonNode> items = new ArrayList<>();
                value.forEach(items::add);
                items.add(items.get(random.nextInt(items.size()))); // a repeated code changes nothing
                Collections.shuffle(items, random);
                ArrayNode shuffled = MAPPER.createArrayNode();
                items.forEach(shuffled::add);
                value = shuffled;
            }
            copy.set(name, value);
        }
        return copy;
    }

    /**
     * The referral follows its reasons: its level is the highest of theirs; every red flag answered yes is
     * a reason of its own (a code may repeat; only the same code from the same rule is one entry); and
     * {@code advice}, what the level tells the person, is never empty and is the same words for the same
     * level whatever else the intake says (recorded across the tries of this property).
     */
    @Property
    void referralFollowsItsReasons(@ForAll("intakes") ObjectNode record) {
        Intake intake = valid(record);
        Assessment.Referral referral = engine.assess(intake).referral();
        int highest = referral.reasons().stream().mapToInt(r -> ReferralLevel.rank(r.level())).max().orElse(0);
        referral.reasons().forEach(r -> assertTrue(ReferralLevel.rank(r.level()) > 0,
                "reason " + r.code() + " has a level above none: " + r.level()));
        assertEquals(highest, ReferralLevel.rank(referral.level()), referral.toString());
        assertEquals(referral.reasons().isEmpty(), referral.level().equals(ReferralLevel.NONE.code()), referral.toString());

        long mostYesInOneGroup = eachYesAnswerIsItsOwnReason(intake, referral.reasons());
        adviceIsTheSameForTheSameLevel(referral);

        Statistics.label("most yes answers in one red-flag group").collect(mostYesInOneGroup);
        Statistics.label("most yes answers in one red-flag group").coverage(coverage ->
                coverage.checkQuery(most -> (Long) most.get(0) >= 2).percentage(p -> p >= 1.0));
    }

    /** Returns the most yes answers in one group, for the statistics. */
    private static long eachYesAnswerIsItsOwnReason(Intake intake, List<Assessment.Reason> reasons) {
        Map<String, Long> yesByGroup = Vocabulary.RED_FLAGS.stream().filter(f -> intake.redFlagAnswer(f).equals("yes"))
                .collect(Collectors.groupingBy(GROUP_OF::get, Collectors.counting()));
        yesByGroup.forEach((group, yes) -> {
            long given = reasons.stream().filter(r -> r.code().equals(group)).count();
            assertTrue(given >= yes, yes + " yes answers in " + group + ", " + given + " reasons: " + reasons);
        });
        Set<String> codeAndRule = new HashSet<>();
        for (Assessment.Reason r : reasons) {
            assertTrue(codeAndRule.add(r.code() + " " + r.rule()), "reason " + r.code() + " from " + r.rule() + " twice: " + reasons);
        }
        return yesByGroup.values().stream().mapToLong(n -> n).max().orElse(0);
    }

    private static void adviceIsTheSameForTheSameLevel(Assessment.Referral referral) {
        assertFalse(blank(referral.advice()), "advice at level " + referral.level());
        String first = ADVICE_SEEN.putIfAbsent(referral.level(), referral.advice());
        if (first != null) {
            assertEquals(first, referral.advice(), "advice at level " + referral.level());
        }
    }

    @Property
    void redFlagsNotAllNoIsNeverNone(@ForAll("intakes") ObjectNode record) {
        Intake intake = valid(record);
        boolean allNo = Vocabulary.RED_FLAGS.stream().allMatch(f -> intake.redFlagAnswer(f).equals("no"));
        Assessment assessment = engine.assess(intake);
        if (!allNo) {
            assertNotEquals(ReferralLevel.NONE.code(), assessment.referral().level(), "red flags " + intake.redFlags());
        }
    }

    /**
     * From {@code no}, {@code unknown} or left out to {@code yes}: the level never drops, and the yes adds
     * a reason with its group's code.
     */
    @Property
    void aRedFlagTurnedYesAddsAReasonAndNeverLowersTheLevel(@ForAll("intakes") ObjectNode record,
                                                            @ForAll("redFlagCodes") String flag,
                                                            @ForAll("notYes") String before) {
        ObjectNode base = withFlag(record, flag, before);
        ObjectNode raised = withFlag(record, flag, "yes");
        Assessment.Referral baseReferral = assess(base).referral();
        Assessment.Referral raisedReferral = assess(raised).referral();
        String baseLevel = baseReferral.level();
        String raisedLevel = raisedReferral.level();
        assertTrue(ReferralLevel.rank(raisedLevel) >= ReferralLevel.rank(baseLevel),
                flag + ": " + before + " -> yes took " + baseLevel + " to " + raisedLevel);
        // the new yes is a reason of its own, beside any other yes of its group
        String group = GROUP_OF.get(flag);
        assertTrue(count(raisedReferral, group) > count(baseReferral, group),
                flag + ": " + before + " -> yes did not add a " + group + " reason: " + raisedReferral.reasons());
    }

    private static long count(Assessment.Referral referral, String code) {
        return referral.reasons().stream().filter(r -> r.code().equals(code)).count();
    }

    @Provide
    Arbitrary<String> redFlagCodes() {
        return Arbitraries.of(Vocabulary.RED_FLAGS);
    }

    /** An answer that is not yes: "-" leaves the flag out (which counts as unknown). */
    @Provide
    Arbitrary<String> notYes() {
        return Arbitraries.of("no", "unknown", "-");
    }

    private static ObjectNode withFlag(ObjectNode record, String flag, String answer) {
        ObjectNode copy = record.deepCopy();
        JsonNode flags = copy.get("redFlags");
        ObjectNode target = flags instanceof ObjectNode o ? o : copy.putObject("redFlags");
        if (answer.equals("-")) {
            target.remove(flag);
        } else {
            target.put(flag, answer);
        }
        return copy;
    }

    /**
     * Adding a condition never lowers the level, and never makes an exercise less restricted (so an
     * {@code avoid} or {@code needs_clearance} never becomes {@code recommended}).
     */
    @Property
    void addingAConditionNeverLowersTheLevelOrLoosensAnExercise(@ForAll("intakes") ObjectNode record,
                                                                 @ForAll("conditionCodes") String condition) {
        ObjectNode without = withCondition(record, condition, false);
        ObjectNode with = withCondition(record, condition, true);
        Assessment before = assess(without);
        Assessment after = assess(with);
        assertTrue(ReferralLevel.rank(after.referral().level()) >= ReferralLevel.rank(before.referral().level()),
                "adding " + condition + " took " + before.referral().level() + " to " + after.referral().level());
        Map<String, String> statusAfter = after.exercises().stream()
                .collect(Collectors.toMap(Assessment.Exercise::id, Assessment.Exercise::status));
        for (Assessment.Exercise exercise : before.exercises()) {
            String now = statusAfter.get(exercise.id());
            if (now == null) {
                continue; // no longer listed: not recommended either
            }
            if (!exercise.status().equals("recommended")) {
                assertNotEquals("recommended", now,
                        exercise.id() + " was " + exercise.status() + " before adding " + condition);
            }
            assertTrue(STATUS_ORDER.indexOf(now) >= STATUS_ORDER.indexOf(exercise.status()),
                    exercise.id() + " was " + exercise.status() + " before adding " + condition + ", now " + now);
        }
    }

    @Provide
    Arbitrary<String> conditionCodes() {
        return Arbitraries.of(Vocabulary.CONDITIONS);
    }

    private static ObjectNode withCondition(ObjectNode record, String condition, boolean present) {
        ObjectNode copy = record.deepCopy();
        ArrayNode conditions = MAPPER.createArrayNode();
        JsonNode current = copy.get("conditions");
        if (current != null && current.isArray()) {
            current.forEach(c -> {
                if (!c.asText().equals(condition)) {
                    conditions.add(c);
                }
            });
        }
        if (present) {
            conditions.add(condition);
        }
        copy.set("conditions", conditions);
        return copy;
    }

    /**
     * What clinical-notes.md (revision 2) lets the exercise entries be. One property checks the four
     * invariants on the same assessment, so the run time does not grow with each invariant.
     */
    @Property
    void exerciseEntriesFollowTheClinicalNotes(@ForAll("intakes") ObjectNode record) {
        Intake intake = valid(record);
        Assessment assessment = engine.assess(intake);
        anEmergencyLeavesNoExerciseOpen(assessment);
        List<String> restrictions = restrictionsThatHoldBackEveryExercise(intake, assessment);
        restrictedIntakesGetNoExerciseRecommended(restrictions, assessment);
        assessment.exercises().forEach(e -> anEntryCarriesTheFieldsItsStatusAllows(e, assessment.referral().level()));
        boolean open = exerciseWarningsOnlyWhileAnExerciseIsOpen(assessment);

        // what the generator reaches: each restriction with exercises listed, and a warning-prone
        // routine both with an exercise open and with none open
        if (!assessment.exercises().isEmpty()) {
            String level = assessment.referral().level();
            Statistics.label("restricted, with exercises").collect(restrictions.isEmpty() ? "none"
                    : level.equals("emergency") ? "emergency" : restrictions.get(0).replaceAll("[0-9]+", "n"));
        }
        Statistics.label("restricted, with exercises").coverage(coverage -> {
            for (String why : List.of("none", "emergency", "age n", "screening incomplete", "pregnancy", "referral urgent")) {
                coverage.check(why).count(c -> c >= 1);
            }
        });
        boolean severe = "severe".equals(intake.stiffness());
        Statistics.label("very stiff: exercise open").collect(severe ? String.valueOf(open) : "not very stiff");
        Statistics.label("very stiff: exercise open").coverage(coverage -> {
            coverage.check("true").percentage(p -> p >= 1.0);
            coverage.check("false").percentage(p -> p >= 1.0);
        });
    }

    /** An emergency leaves no exercise open: every listed exercise is {@code avoid}. */
    private static void anEmergencyLeavesNoExerciseOpen(Assessment assessment) {
        if (assessment.referral().level().equals("emergency")) {
            assessment.exercises().forEach(e -> assertEquals("avoid", e.status(), e.id() + " at an emergency referral"));
        }
    }

    /**
     * Under 16 (the rule base's youngestAge), incomplete screening (a red flag unknown or left out),
     * pregnancy, an urgent (or emergency) referral: each holds back every exercise.
     */
    private static List<String> restrictionsThatHoldBackEveryExercise(Intake intake, Assessment assessment) {
        List<String> restrictions = new ArrayList<>();
        if (intake.age() < youngestAge) {
            restrictions.add("age " + intake.age());
        }
        if (Vocabulary.RED_FLAGS.stream().anyMatch(f -> !Set.of("yes", "no").contains(intake.redFlagAnswer(f)))) {
            restrictions.add("screening incomplete");
        }
        if (intake.conditions().contains("pregnancy")) {
            restrictions.add("pregnancy");
        }
        String level = assessment.referral().level();
        if (ReferralLevel.rank(level) >= ReferralLevel.rank("urgent")) {
            restrictions.add("referral " + level);
        }
        return restrictions;
    }

    private static void restrictedIntakesGetNoExerciseRecommended(List<String> restrictions, Assessment assessment) {
        if (!restrictions.isEmpty()) {
            assessment.exercises().forEach(e -> assertNotEquals("recommended", e.status(), e.id() + " with " + restrictions));
        }
    }

    /**
     * What each entry tells the person (design.md, output contract): {@code avoid} is the name and a reason,
     * never a dose or steps; {@code needs_clearance} carries a reason, the dose and the steps;
     * {@code recommended} the dose and the steps and no reason. Revision 3: at an urgent referral a
     * {@code needs_clearance} entry carries no dose or steps either.
     */
    private static void anEntryCarriesTheFieldsItsStatusAllows(Assessment.Exercise e, String level) {
        assertFalse(blank(e.name()), e.id() + " has a name");
        switch (e.status()) {
            case "avoid" -> {
                assertFalse(blank(e.reason()), e.id() + " is avoided and says why: " + e);
                assertNull(e.dosage(), e.id() + " is avoided and carries no dose: " + e);
                assertNull(e.instructions(), e.id() + " is avoided and carries no steps: " + e);
            }
            case "needs_clearance" -> {
                assertFalse(blank(e.reason()), e.id() + " needs clearance and says why: " + e);
                if (level.equals("urgent")) {
                    // revision 3: not until a doctor has seen the person, so no dose and no steps
                    assertNull(e.dosage(), e.id() + " waits for a doctor and carries no dose: " + e);
                    assertNull(e.instructions(), e.id() + " waits for a doctor and carries no steps: " + e);
                } else {
                    assertFalse(blank(e.dosage()), e.id() + " needs clearance and carries its dose: " + e);
                    assertFalse(blank(e.instructions()), e.id() + " needs clearance and carries its steps: " + e);
                }
            }
            case "recommended" -> {
                assertNull(e.reason(), e.id() + " is recommended, so nothing restricts it: " + e);
                assertFalse(blank(e.dosage()), e.id() + " is recommended and carries its dose: " + e);
                assertFalse(blank(e.instructions()), e.id() + " is recommended and carries its steps: " + e);
            }
            default -> throw new AssertionError("unknown status " + e.status());
        }
    }

    /**
     * The exercise warnings go with exercises: none is given when no listed exercise is open to the
     * person (every one avoided, or none listed). Returns whether an exercise is open.
     */
    private static boolean exerciseWarningsOnlyWhileAnExerciseIsOpen(Assessment assessment) {
        boolean open = assessment.exercises().stream().anyMatch(e -> !e.status().equals("avoid"));
        if (!open) {
            List<String> given = assessment.warnings().stream().map(Assessment.Warning::code)
                    .filter(EXERCISE_WARNINGS::contains).toList();
            assertEquals(List.of(), given, "exercise warnings with no exercise open: " + assessment.exercises());
        }
        return open;
    }

    /**
     * Revision 3's wording: below emergency the assessment carries the safety net, at emergency it does
     * not; beside an urgent or emergency referral every lower reason says "also tell them", and no text a
     * person reads says to do something "before following it".
     */
    @Property
    void lowerFindingsBesideAnUrgentReferralAreToMentionNotToDoFirst(@ForAll("intakes") ObjectNode record) {
        Assessment assessment = assess(record);
        String level = assessment.referral().level();
        assertEquals(level.equals("emergency"), assessment.safetyNet() == null, "safety net at " + level);
        if (assessment.safetyNet() != null) {
            assertFalse(assessment.safetyNet().isEmpty());
            assessment.safetyNet().forEach(g -> assertFalse(g.signs().isEmpty(), g.advice()));
        }
        String alsoTell = engine.ruleBase().vocabulary().alsoTell();
        for (Assessment.Reason r : assessment.referral().reasons()) {
            boolean lower = ReferralLevel.rank(level) >= ReferralLevel.rank("urgent") && ReferralLevel.rank(r.level()) < ReferralLevel.rank(level);
            assertEquals(lower, r.message().endsWith(alsoTell), r.code() + " (" + r.level() + ") at " + level + ": " + r.message());
        }
        assertFalse(assessment.textsRead().stream().anyMatch(t -> t.contains("before following it")));
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }

    /** design.md's table: an exercise is listed only for an intake with one of its regions. */
    @Property
    void noExerciseWithoutOneOfItsRegions(@ForAll("intakes") ObjectNode record) {
        Intake intake = valid(record);
        Assessment assessment = engine.assess(intake);
        for (Assessment.Exercise exercise : assessment.exercises()) {
            Set<String> suited = REGIONS_OF.get(exercise.id());
            if (suited == null) {
                continue; // an exercise the clinic added: its regions are shown by its own scenarios
            }
            assertTrue(intake.regions().stream().anyMatch(suited::contains),
                    exercise.id() + " listed for regions " + intake.regions());
            if (exercise.id().equals("tennis-ball-release")) {
                assertTrue(intake.muscleKnot(), "tennis-ball-release needs a muscle knot");
            }
        }
    }

    @Property
    void everyResultNamesARuleAndSourceTheRuleBaseHolds(@ForAll("intakes") ObjectNode record) {
        Assessment assessment = assess(record);
        for (Assessment.Exercise e : assessment.exercises()) {
            assertHeld(e.rule(), e.source(), "exercise " + e.id());
        }
        for (Assessment.Warning w : assessment.warnings()) {
            assertHeld(w.rule(), w.source(), "warning " + w.code());
        }
        for (Assessment.Reason r : assessment.referral().reasons()) {
            assertHeld(r.rule(), r.source(), "reason " + r.code());
        }
        for (Assessment.FiredRule f : assessment.firedRules()) {
            assertHeld(f.id(), f.source(), "fired rule " + f.id());
        }
    }

    private static void assertHeld(String rule, String source, String what) {
        assertNotNull(rule, what + " has a rule id");
        assertFalse(rule.isBlank(), what + " has a rule id");
        assertTrue(heldRules.contains(rule), what + " names rule " + rule + ", which the rule base does not hold");
        assertNotNull(source, what + " has a source");
        assertFalse(source.isBlank(), what + " has a source");
        assertEquals(rulesById.get(rule).source(), source, what + " carries its rule's source");
    }

    @Property
    void anAssessmentReadBackFromJsonIsEqualToItself(@ForAll("intakes") ObjectNode record) throws Exception {
        Assessment assessment = assess(record);
        String written = MAPPER.writeValueAsString(assessment);
        Assessment read = MAPPER.readValue(written, Assessment.class);
        assertEquals(assessment, read);
        assertEquals(written, MAPPER.writeValueAsString(read));
    }
}
