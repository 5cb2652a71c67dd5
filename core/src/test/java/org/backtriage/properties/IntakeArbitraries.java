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
import net.jqwik.api.RandomDistribution;
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

    /**
     * One of the options, by weight. Unlike {@code Arbitraries.frequencyOf} (a flatMap, which looks up a
     * memoised generator on every try and cost a third of the run time), every option is generated and
     * one is picked: cheap for these small values, and it shrinks the same way.
     */
    @SafeVarargs
    static <T> Arbitrary<T> weighted(int[] weights, Arbitrary<? extends T>... options) {
        int total = 0;
        for (int weight : weights) {
            total += weight;
        }
        List<Arbitrary<Object>> parts = new ArrayList<>();
        parts.add(tickets(total).map(i -> i));
        for (Arbitrary<? extends T> option : options) {
            parts.add(option.map(value -> value));
        }
        return Combinators.combine(parts).as(values -> {
            int ticket = (Integer) values.get(0);
            for (int i = 0; i < weights.length; i++) {
                if (ticket < weights[i]) {
                    @SuppressWarnings("unchecked")
                    T chosen = (T) values.get(i + 1);
                    return chosen;
                }
                ticket -= weights[i];
            }
            throw new IllegalStateException("weights do not add up");
        });
    }

    /** 0..count-1, uniformly: jqwik's default integers lean towards the ends of the range. */
    static Arbitrary<Integer> tickets(int count) {
        return Arbitraries.integers().between(0, count - 1).withDistribution(RandomDistribution.uniform());
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
        // one withChars(...) each: several char sources become a flatMap per character, which made
        // generating ids the costliest part of a run
        String letters = "abcdefghijklmnopqrstuvwxyz";
        Arbitrary<String> plain = Arbitraries.strings().withChars(letters + "0123456789-_")
                .ofMinLength(1).ofMaxLength(24);
        Arbitrary<String> awkward = Arbitraries.strings()
                .withChars(letters + " ,;\"'\\{}[]:=\té日\u00e9\u2028\n\r\uD83D\uDE00")
                .ofMinLength(1).ofMaxLength(60); // may split the surrogate pair: filtered out below
        Arbitrary<String> longest = Arbitraries.strings().withChars(letters + letters.toUpperCase()).ofLength(200);
        return weighted(new int[] {6, 3, 1}, plain, awkward, longest)
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
        Arbitrary<Integer> value = weighted(new int[] {3, 2}, Arbitraries.integers().between(min, max),
                Arbitraries.of(edgeList));
        return Combinators.combine(value, tickets(10))
                .as((n, form) -> form == 0 ? (JsonNode) JSON.numberNode((double) n) : JSON.numberNode(n));
    }

    private static Arbitrary<JsonNode> regions() {
        return codes(Arbitraries.subsetOf(Vocabulary.REGIONS).ofMinSize(1)
                .withSizeDistribution(RandomDistribution.uniform()));
    }

    private static Arbitrary<JsonNode> conditions() {
        return codes(Arbitraries.subsetOf(Vocabulary.CONDITIONS).ofMaxSize(3)
                .withSizeDistribution(RandomDistribution.uniform()));
    }

    /** The codes in any order, sometimes one of them twice (the contract allows both). */
    private static Arbitrary<JsonNode> codes(Arbitrary<java.util.Set<String>> sets) {
        return Combinators.combine(sets, Arbitraries.randoms()).as((set, random) -> {
            List<String> codes = new ArrayList<>(set);
            if (!codes.isEmpty() && random.nextInt(4) == 0) {
                codes.add(codes.get(random.nextInt(codes.size())));
            }
            java.util.Collections.shuffle(codes, random);
            return textList(codes);
        });
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
        return weighted(new int[] {2, 2, 1}, edges, any, whole)
                .map(d -> d == Math.rint(d) && d < 1000 && d > 0.5 ? JSON.numberNode((int) (double) d) : JSON.numberNode(d));
    }

    /**
     * Red flags: often all twelve answered and mostly {@code no} (the usual, in-scope case), otherwise
     * any subset with any answers; an empty object and a left-out object both mean "all unknown".
     */
    static Arbitrary<JsonNode> redFlags() {
        // null leaves the flag out
        Arbitrary<String> mostlyNo = tickets(100)
                .map(i -> i < 95 ? "no" : i < 97 ? "yes" : i < 99 ? "unknown" : null);
        Arbitrary<String> anyAnswer = Arbitraries.of("yes", "no", "unknown", "-", "null");
        Arbitrary<JsonNode> screened = mostlyNo.list().ofSize(Vocabulary.RED_FLAGS.size()).map(IntakeArbitraries::flags);
        Arbitrary<JsonNode> mixed = anyAnswer.map(a -> a.equals("-") ? null : a)
                .list().ofSize(Vocabulary.RED_FLAGS.size()).map(IntakeArbitraries::flags);
        return weighted(new int[] {7, 2, 1}, screened, mixed, Arbitraries.just(JSON.objectNode()));
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
        Arbitrary<JsonNode> minutes = optional(IntakeArbitraries.<Integer>weighted(new int[] {3, 2},
                Arbitraries.integers().between(0, 240), Arbitraries.of(0, 30, 31, Integer.MAX_VALUE)).map(JSON::numberNode));
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
        return Combinators.combine(value, tickets(10))
                .as((v, ticket) -> ticket < 6 ? v : ticket < 9 ? LEFT_OUT : NullNode.getInstance());
    }
}
