package org.backtriage.properties;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.backtriage.intake.Vocabulary;

import java.util.ArrayList;
import java.util.List;

/**
 * Valid intake records generated from the whole intake contract (design.md): every field, every code,
 * the boundaries the rules turn on (age 15/16, pain 7/8, 5.9/6 weeks, 30/31 minutes, 0..21 sessions),
 * fields left out, explicit JSON nulls (= absent), duplicates and any order in the lists, whole numbers
 * written as decimals ({@code 16.0}). The result is the JSON record itself, so the same record can be
 * written in every input format; {@link MissingNode} never appears in it (a left-out field is not there).
 */
final class IntakeArbitraries {
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    /** Stands for "leave the field out" while the record is being assembled. */
    private static final JsonNode LEFT_OUT = MissingNode.getInstance();

    private IntakeArbitraries() {
    }

    /** Any valid intake: ids may hold any printable text (commas, quotes, semicolons, non-ASCII, edges). */
    static Arbitrary<ObjectNode> intakes() {
        return intakes(ids());
    }

    /**
     * Valid intakes whose id fits on one line: the CSV reader reads a row per line (so that one broken
     * row cannot swallow the rest of the file), which rules out a quoted line break inside a cell.
     */
    static Arbitrary<ObjectNode> oneLineIdIntakes() {
        return intakes(ids().filter(id -> id.indexOf('\n') < 0 && id.indexOf('\r') < 0));
    }

    private static Arbitrary<ObjectNode> intakes(Arbitrary<String> ids) {
        List<Arbitrary<Field>> fields = List.of(
                ids.map(id -> new Field("id", JSON.textNode(id))),
                wholeNumber(0, 120, 0, 15, 16, 120).map(n -> new Field("age", n)),
                regions().map(n -> new Field("regions", n)),
                wholeNumber(0, 10, 0, 7, 8, 10).map(n -> new Field("painScore", n)),
                optional(durationWeeks()).map(n -> new Field("durationWeeks", n)),
                optional(Arbitraries.of(Vocabulary.STIFFNESS).map(JSON::textNode)).map(n -> new Field("stiffness", n)),
                optional(Arbitraries.of(true, false).map(JSON::booleanNode)).map(n -> new Field("muscleKnot", n)),
                optional(conditions()).map(n -> new Field("conditions", n)),
                optional(redFlags()).map(n -> new Field("redFlags", n)),
                optional(routine()).map(n -> new Field("routine", n)));
        return Combinators.combine(fields).as(IntakeArbitraries::record);
    }

    private record Field(String name, JsonNode value) {
    }

    private static ObjectNode record(List<Field> fields) {
        ObjectNode record = JSON.objectNode();
        for (Field field : fields) {
            if (!field.value().isMissingNode()) {
                record.set(field.name(), field.value());
            }
        }
        return record;
    }

    static Arbitrary<String> ids() {
        Arbitrary<String> plain = Arbitraries.strings().withCharRange('a', 'z').numeric().withChars("-_")
                .ofMinLength(1).ofMaxLength(24);
        Arbitrary<String> awkward = Arbitraries.strings().withCharRange('a', 'z')
                .withChars(" ,;\"'\\{}[]:=\té日\u00e9\u2028\n\r")
                .withChars("\uD83D\uDE00".toCharArray()) // may split a surrogate pair: still valid text for Java
                .ofMinLength(1).ofMaxLength(60);
        Arbitrary<String> longest = Arbitraries.strings().alpha().ofLength(200);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(6, plain),
                        net.jqwik.api.Tuple.of(3, awkward),
                        net.jqwik.api.Tuple.of(1, longest))
                .filter(id -> !id.isBlank() && !hasLoneSurrogate(id));
    }

    private static boolean hasLoneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= text.length() || !Character.isLowSurrogate(text.charAt(i + 1))) {
                    return true;
                }
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    /** An integer in range, the given edges often, sometimes written as a whole decimal (16.0). */
    private static Arbitrary<JsonNode> wholeNumber(int min, int max, int... edges) {
        List<Integer> edgeList = new ArrayList<>();
        for (int edge : edges) {
            edgeList.add(edge);
        }
        Arbitrary<Integer> value = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(min, max)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(edgeList)));
        return Combinators.combine(value, Arbitraries.integers().between(0, 9))
                .as((n, form) -> form == 0 ? (JsonNode) JSON.numberNode((double) n) : JSON.numberNode(n));
    }

    private static Arbitrary<JsonNode> regions() {
        return Arbitraries.of(Vocabulary.REGIONS).list().ofMinSize(1).ofMaxSize(6).map(IntakeArbitraries::textList);
    }

    private static Arbitrary<JsonNode> conditions() {
        Arbitrary<List<String>> some = Arbitraries.of(Vocabulary.CONDITIONS).list().ofMinSize(1).ofMaxSize(4);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(1, Arbitraries.just(List.<String>of())),
                net.jqwik.api.Tuple.of(4, some)).map(IntakeArbitraries::textList);
    }

    private static JsonNode textList(List<String> codes) {
        ArrayNode list = JSON.arrayNode();
        codes.forEach(list::add);
        return list;
    }

    private static Arbitrary<JsonNode> durationWeeks() {
        Arbitrary<Double> edges = Arbitraries.of(0.0, 5.9, Math.nextDown(6.0), 6.0, Math.nextUp(6.0), 6.5,
                Double.MIN_VALUE, 1e300);
        Arbitrary<Double> any = Arbitraries.doubles().between(0, 520);
        Arbitrary<Double> whole = Arbitraries.integers().between(0, 520).map(Integer::doubleValue);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(2, edges),
                        net.jqwik.api.Tuple.of(2, any),
                        net.jqwik.api.Tuple.of(1, whole))
                .map(d -> d == Math.rint(d) && d < 1000 && d > 0.5 ? JSON.numberNode((int) (double) d) : JSON.numberNode(d));
    }

    /**
     * Red flags: often all twelve answered and mostly {@code no} (the usual, in-scope case), otherwise
     * any subset with any answers; an empty object and a left-out object both mean "all unknown".
     */
    static Arbitrary<JsonNode> redFlags() {
        Arbitrary<String> mostlyNo = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(40, Arbitraries.just("no")),
                net.jqwik.api.Tuple.of(2, Arbitraries.just("yes")),
                net.jqwik.api.Tuple.of(2, Arbitraries.just("unknown")),
                net.jqwik.api.Tuple.of(2, Arbitraries.just((String) null)));
        Arbitrary<String> anyAnswer = Arbitraries.of("yes", "no", "unknown", "-", "null");
        Arbitrary<JsonNode> screened = mostlyNo.list().ofSize(Vocabulary.RED_FLAGS.size()).map(IntakeArbitraries::flags);
        Arbitrary<JsonNode> mixed = anyAnswer.map(a -> a.equals("-") ? null : a)
                .list().ofSize(Vocabulary.RED_FLAGS.size()).map(IntakeArbitraries::flags);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, screened),
                net.jqwik.api.Tuple.of(3, mixed),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(JSON.objectNode())));
    }

    /** answers[i] for flag i: {@code null} leaves the flag out, "null" writes an explicit JSON null. */
    private static JsonNode flags(List<String> answers) {
        ObjectNode flags = JSON.objectNode();
        for (int i = 0; i < answers.size(); i++) {
            String answer = answers.get(i);
            if (answer == null) {
                continue;
            }
            flags.set(Vocabulary.RED_FLAGS.get(i), answer.equals("null") ? NullNode.getInstance() : JSON.textNode(answer));
        }
        return flags;
    }

    private static Arbitrary<JsonNode> routine() {
        Arbitrary<JsonNode> minutes = optional(Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 240)),
                net.jqwik.api.Tuple.of(2, Arbitraries.of(0, 30, 31, Integer.MAX_VALUE))).map(JSON::numberNode));
        Arbitrary<JsonNode> sessions = optional(wholeNumber(0, 21, 0, 21));
        Arbitrary<JsonNode> twisting = optional(Arbitraries.of(Vocabulary.TWISTING).map(JSON::textNode));
        Arbitrary<JsonNode> newToExercise = optional(Arbitraries.of(true, false).map(JSON::booleanNode));
        Arbitrary<JsonNode> instructed = optional(Arbitraries.of(true, false).map(JSON::booleanNode));
        return Combinators.combine(minutes, sessions, twisting, newToExercise, instructed).as((m, s, t, n, h) -> {
            ObjectNode routine = JSON.objectNode();
            put(routine, "minutesPerSession", m);
            put(routine, "sessionsPerWeek", s);
            put(routine, "twisting", t);
            put(routine, "newToExercise", n);
            put(routine, "hadTechniqueInstruction", h);
            return routine;
        });
    }

    private static void put(ObjectNode target, String name, JsonNode value) {
        if (!value.isMissingNode()) {
            target.set(name, value);
        }
    }

    /** A value, left out, or an explicit JSON null (which the contract reads as absent). */
    private static Arbitrary<JsonNode> optional(Arbitrary<JsonNode> value) {
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, value),
                net.jqwik.api.Tuple.of(3, Arbitraries.just(LEFT_OUT)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((JsonNode) NullNode.getInstance())));
    }
}
