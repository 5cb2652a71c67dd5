package org.backtriage.pages;

import org.backtriage.assessment.Assessment;
import org.backtriage.check.DrlFile;
import org.backtriage.engine.RuleBase;
import org.backtriage.engine.RuleVocabulary;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Intake;
import org.backtriage.intake.Routine;
import org.backtriage.intake.Vocabulary;
import org.drools.drl.ast.descr.AnnotationDescr;
import org.drools.drl.ast.descr.BaseDescr;
import org.drools.drl.ast.descr.PackageDescr;
import org.drools.drl.ast.descr.RuleDescr;
import org.drools.drl.ast.descr.TypeDeclarationDescr;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rule catalogue: every rule as its file states it (read by {@link DrlFile}, Drools' own DRL parser as
 * the engine's compiler uses it, not by pattern matching), the thresholds, the vocabulary's texts, and two
 * matrices worked out by running probe intakes through the engine, so that they show what the rules do now
 * rather than restate what they say.
 *
 * @param version the rule set version (a content hash of the rule files): a signed catalogue names exactly what was signed
 * @param origin  where the rule files came from
 */
public record Catalogue(String version, int ruleCount, String origin, List<RuleFile> files,
                        Map<String, String> thresholds, RuleVocabulary vocabulary, Matrix regions, Matrix statuses) {

    public Catalogue {
        files = List.copyOf(files);
        thresholds = Map.copyOf(thresholds);
    }

    /** One DRL file: its rules in file order, and the fact types it declares. */
    public record RuleFile(String file, List<String> declares, List<Rule> rules) {
        public RuleFile {
            declares = List.copyOf(declares);
            rules = List.copyOf(rules);
        }
    }

    /**
     * One rule as written: {@code conditions} are its {@code when} elements, each as the file words it;
     * {@code action} is its {@code then} part.
     */
    public record Rule(String name, String id, String source, int line, List<String> conditions, String action) {
        public Rule {
            conditions = List.copyOf(conditions);
        }
    }

    /** An intake the catalogue runs through the engine, and what the row that shows it is called. */
    public record Probe(String label, Intake intake) {
    }

    /**
     * Probes by rows, exercises by columns: each cell is what the engine said about that exercise for that
     * probe ({@code recommended}, {@code needs_clearance}, {@code avoid}, or {@code not listed}).
     */
    public record Matrix(String title, String probeNote, List<String> exerciseIds, List<String> exerciseNames,
                         List<Row> rows) {
        public static final String NOT_LISTED = "not listed";

        public Matrix {
            exerciseIds = List.copyOf(exerciseIds);
            exerciseNames = List.copyOf(exerciseNames);
            rows = List.copyOf(rows);
        }
    }

    /** One probe's row: its label, the referral level the engine gave, and one cell per exercise column. */
    public record Row(String label, String level, List<String> cells, Probe probe) {
        public Row {
            cells = List.copyOf(cells);
        }
    }

    /** Builds the catalogue of {@code engine}'s rule base. */
    public static Catalogue of(TriageEngine engine) {
        RuleBase ruleBase = engine.ruleBase();
        List<RuleFile> files = new ArrayList<>();
        ruleBase.files().drlFiles().forEach((name, text) -> files.add(readFile(name, text)));
        RuleVocabulary vocabulary = ruleBase.vocabulary();
        Matrix regions = matrix(engine, "Which exercise suits which sore region",
                "Each row is one intake with soreness in that region only: an adult, every red flag answered no, "
                        + "a muscle knot (so the knot exercise can show), no condition. A cell is what the engine said.",
                regionProbes(), vocabulary);
        Matrix statuses = matrix(engine, "Exercise status by condition and referral level",
                "Each row is one intake with soreness in the lower, mid and upper back and a muscle knot (so every "
                        + "exercise can be listed), every red flag answered no, no condition, changed in one way: the "
                        + "row's label. The referral level and each cell are what the engine said.",
                statusProbes(), vocabulary);
        return new Catalogue(ruleBase.version(), ruleBase.rules().size(), ruleBase.files().origin(), files,
                ruleBase.thresholds().values(), vocabulary, regions, statuses);
    }

    /** One probe per region of the intake contract, each alone. */
    public static List<Probe> regionProbes() {
        List<Probe> probes = new ArrayList<>();
        for (String region : Vocabulary.REGIONS) {
            probes.add(new Probe(region, probe("probe-region-" + region, List.of(region), List.of(), Map.of(), 40, 3, 2.0)));
        }
        return probes;
    }

    /**
     * The baseline, then each condition of the contract, each red flag answered yes, a red flag left
     * unanswered, and pain, duration and age far past any threshold a clinic might set.
     */
    public static List<Probe> statusProbes() {
        List<String> back = List.of("lower_back", "mid_back", "upper_back");
        List<Probe> probes = new ArrayList<>();
        probes.add(new Probe("baseline: no condition, every red flag answered no",
                probe("probe-baseline", back, List.of(), Map.of(), 40, 3, 2.0)));
        for (String condition : Vocabulary.CONDITIONS) {
            probes.add(new Probe("condition: " + condition,
                    probe("probe-condition-" + condition, back, List.of(condition), Map.of(), 40, 3, 2.0)));
        }
        for (String flag : Vocabulary.RED_FLAGS) {
            probes.add(new Probe("red flag answered yes: " + flag,
                    probe("probe-red-flag-" + flag, back, List.of(), Map.of(flag, "yes"), 40, 3, 2.0)));
        }
        String unanswered = Vocabulary.RED_FLAGS.get(0);
        probes.add(new Probe("red flag not answered: " + unanswered,
                probe("probe-unanswered", back, List.of(), Map.of(unanswered, "unknown"), 40, 3, 2.0)));
        probes.add(new Probe("pain score 10 of 10", probe("probe-pain-10", back, List.of(), Map.of(), 40, 10, 2.0)));
        probes.add(new Probe("pain for 52 weeks", probe("probe-52-weeks", back, List.of(), Map.of(), 40, 3, 52.0)));
        probes.add(new Probe("age 10", probe("probe-age-10", back, List.of(), Map.of(), 10, 3, 2.0)));
        return probes;
    }

    /** An all-clear adult intake with a knot, changed by the given answers. */
    private static Intake probe(String id, List<String> regions, List<String> conditions, Map<String, String> flags,
                                int age, int painScore, double weeks) {
        Map<String, String> answers = new LinkedHashMap<>();
        Vocabulary.RED_FLAGS.forEach(flag -> answers.put(flag, "no"));
        answers.putAll(flags);
        return new Intake(id, age, regions, painScore, weeks, "mild", true, conditions, answers,
                new Routine(20, 3, "gentle", false, true));
    }

    private static Matrix matrix(TriageEngine engine, String title, String note, List<Probe> probes,
                                 RuleVocabulary vocabulary) {
        List<String> ids = new ArrayList<>(vocabulary.exercises().keySet());
        List<String> names = ids.stream().map(id -> vocabulary.exercises().get(id).name()).toList();
        List<Row> rows = new ArrayList<>();
        for (Probe probe : probes) {
            Assessment assessment = engine.assess(probe.intake());
            Map<String, String> status = new LinkedHashMap<>();
            assessment.exercises().forEach(e -> status.put(e.id(), e.status()));
            List<String> cells = ids.stream().map(id -> status.getOrDefault(id, Matrix.NOT_LISTED)).toList();
            rows.add(new Row(probe.label(), assessment.referral().level(), cells, probe));
        }
        return new Matrix(title, note, ids, names, rows);
    }

    /**
     * One DRL file read as the engine's compiler reads it ({@link DrlFile}: Drools' own parser); the text of
     * each condition is cut from the file at the parser's offsets.
     */
    static RuleFile readFile(String name, String drl) {
        DrlFile file = DrlFile.parse(name, drl);
        if (!file.readable()) {
            // the engine compiled these files already, so this cannot happen with the rule base of an engine
            throw new IllegalStateException(name + " could not be parsed: " + file.problems());
        }
        PackageDescr pkg = file.descr();
        List<String> declares = pkg.getTypeDeclarations().stream().map(TypeDeclarationDescr::getTypeName).toList();
        List<Rule> rules = new ArrayList<>();
        for (RuleDescr rule : pkg.getRules()) {
            List<String> conditions = new ArrayList<>();
            for (BaseDescr element : rule.getLhs().getDescrs()) {
                conditions.add(textOf(drl, element));
            }
            Object consequence = rule.getConsequence();
            rules.add(new Rule(rule.getName(), annotation(rule, "id"), annotation(rule, "source"), rule.getLine(),
                    conditions, consequence == null ? "" : dedent(consequence.toString())));
        }
        return new RuleFile(name, declares, rules);
    }

    private static String annotation(RuleDescr rule, String name) {
        AnnotationDescr annotation = rule.getAnnotation(name);
        if (annotation == null || annotation.getSingleValueAsString() == null) {
            return "";
        }
        return AnnotationDescr.unquote(annotation.getSingleValueAsString());
    }

    private static String textOf(String drl, BaseDescr element) {
        int start = element.getStartCharacter();
        int end = element.getEndCharacter();
        if (start < 0 || end <= start || end > drl.length()) {
            return element.getText() == null ? element.toString() : element.getText();
        }
        // from the start of the element's line when only indentation precedes it, so that continuation
        // lines keep their indentation relative to the first
        int lineStart = drl.lastIndexOf('\n', start - 1) + 1;
        return dedent(drl.substring(drl.substring(lineStart, start).isBlank() ? lineStart : start, end));
    }

    /** The text with the indentation its lines share removed, and no blank lines at either end. */
    static String dedent(String text) {
        List<String> lines = text.strip().isEmpty() ? List.of() : List.of(text.replace("\r\n", "\n").split("\n", -1));
        int first = 0;
        int last = lines.size() - 1;
        while (first <= last && lines.get(first).isBlank()) {
            first++;
        }
        while (last >= first && lines.get(last).isBlank()) {
            last--;
        }
        if (first > last) {
            return "";
        }
        List<String> kept = lines.subList(first, last + 1);
        int indent = Integer.MAX_VALUE;
        for (String line : kept) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : kept) {
            if (out.length() > 0) {
                out.append('\n');
            }
            out.append(line.isBlank() ? "" : line.substring(indent).stripTrailing());
        }
        return out.toString();
    }
}
