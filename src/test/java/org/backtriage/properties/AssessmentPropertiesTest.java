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
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The clinical invariants of issue 6, each checked on generated intakes (see {@link IntakeArbitraries} for
 * what the generator covers): as many as {@code jqwik.tries.default} says, 1,000 in a normal build
 * (src/test/resources/junit-platform.properties) and 10,000 with {@code mvn verify -Pproperties-long}.
 * jqwik reports the seed of a failing run.
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

    @BeforeContainer
    static void buildEngine() {
        engine = TriageEngine.fromFolder(Path.of("rules"));
        rulesById = engine.ruleBase().rules().stream().collect(Collectors.toMap(RuleInfo::id, Function.identity()));
        heldRules = rulesById.keySet();
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

    @Property
    void referralLevelIsTheHighestLevelOfItsReasons(@ForAll("intakes") ObjectNode record) {
        Assessment.Referral referral = assess(record).referral();
        int highest = referral.reasons().stream().mapToInt(r -> ReferralLevel.rank(r.level())).max().orElse(0);
        referral.reasons().forEach(r -> assertTrue(ReferralLevel.rank(r.level()) > 0,
                "reason " + r.code() + " has a level above none: " + r.level()));
        assertEquals(highest, ReferralLevel.rank(referral.level()), referral.toString());
        assertEquals(referral.reasons().isEmpty(), referral.level().equals(ReferralLevel.NONE), referral.toString());
    }

    @Property
    void redFlagsNotAllNoIsNeverNone(@ForAll("intakes") ObjectNode record) {
        Intake intake = valid(record);
        boolean allNo = Vocabulary.RED_FLAGS.stream().allMatch(f -> intake.redFlagAnswer(f).equals("no"));
        Assessment assessment = engine.assess(intake);
        if (!allNo) {
            assertNotEquals(ReferralLevel.NONE, assessment.referral().level(), "red flags " + intake.redFlags());
        }
    }

    /** From {@code no}, {@code unknown} or left out to {@code yes}: the level never drops. */
    @Property
    void aRedFlagTurnedYesNeverLowersTheLevel(@ForAll("intakes") ObjectNode record,
                                              @ForAll("redFlagCodes") String flag,
                                              @ForAll("notYes") String before) {
        ObjectNode base = withFlag(record, flag, before);
        ObjectNode raised = withFlag(record, flag, "yes");
        String baseLevel = assess(base).referral().level();
        String raisedLevel = assess(raised).referral().level();
        assertTrue(ReferralLevel.rank(raisedLevel) >= ReferralLevel.rank(baseLevel),
                flag + ": " + before + " -> yes took " + baseLevel + " to " + raisedLevel);
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

    @Property
    void urgentOrEmergencyRecommendsNoExercise(@ForAll("intakes") ObjectNode record) {
        Assessment assessment = assess(record);
        if (ReferralLevel.rank(assessment.referral().level()) >= ReferralLevel.rank("urgent")) {
            assessment.exercises().forEach(e -> assertNotEquals("recommended", e.status(),
                    e.id() + " at referral " + assessment.referral().level()));
        }
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
