package org.backtriage.engine;

import org.backtriage.check.DrlFile;
import org.backtriage.check.DroolsMessages;
import org.backtriage.check.RuleChecker;
import org.backtriage.check.RuleProblem;
import org.backtriage.check.VocabularyCodes;
import org.drools.kiesession.rulebase.InternalKnowledgeBase;
import org.drools.kiesession.rulebase.KnowledgeBaseFactory;
import org.kie.api.KieBaseConfiguration;
import org.kie.api.KieServices;
import org.kie.api.conf.KieBaseMutabilityOption;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.kie.api.io.Resource;
import org.kie.api.io.ResourceType;
import org.kie.internal.builder.CompositeKnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilder;
import org.kie.internal.builder.KnowledgeBuilderError;
import org.kie.internal.builder.KnowledgeBuilderFactory;
import org.kie.internal.io.ResourceFactory;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles rule files into a {@link RuleBase}, or refuses them with every problem located by file, line
 * and column. There is no fallback: a rule base with a problem never reaches an engine. Every door and
 * command that loads rules comes through here, so {@code check}'s refusals ({@link RuleChecker}: rules
 * that run code, unknown codes, ...) hold for all of them, {@code serve --watch} included. Reading and
 * checking the files is the {@code check} package's; building the KieBase and what an engine needs of it
 * is this one's.
 */
public final class RuleBaseCompiler {

    private final RuleChecker checker = new RuleChecker();

    public RuleBase compile(RuleFiles files) {
        List<RuleProblem> problems = new ArrayList<>();
        RuleVocabulary vocabulary = RuleVocabulary.parse(RuleFiles.VOCABULARY,
                files.files().get(RuleFiles.VOCABULARY), problems);
        // a vocabulary that cannot be read would make every code look unknown: its codes are then not checked
        boolean vocabularyRead = problems.isEmpty();
        files.unreadable().forEach((name, why) -> problems.add(new RuleProblem(name, 0, 0, "this rule file cannot be"
                + " read: " + why + ". No rule base is built without all its files: fix or remove it")));
        if (files.drlFiles().isEmpty()) {
            problems.add(new RuleProblem(files.origin(), 0, 0, "no .drl rule files found"));
        }
        if (!files.unreadable().isEmpty()) {
            throw new RuleBaseException(files.origin(), sorted(problems));
        }
        List<DrlFile> drl = DrlFile.parseAll(files.drlFiles());
        List<RuleProblem> unreadable = drl.stream().flatMap(f -> f.problems().stream()).toList();
        if (!unreadable.isEmpty()) {
            // the other files may depend on one that cannot be read (its declared types): report it alone
            problems.addAll(unreadable);
            throw new RuleBaseException(files.origin(), sorted(problems));
        }
        problems.addAll(checker.check(drl, vocabularyRead ? codes(vocabulary) : null));
        if (!problems.isEmpty()) {
            throw new RuleBaseException(files.origin(), sorted(problems));
        }

        KnowledgeBuilder builder = KnowledgeBuilderFactory.newKnowledgeBuilder();
        // one batch, so a type declared in one file (Thresholds, SeriousCondition) is known in all of them
        CompositeKnowledgeBuilder batch = builder.batch();
        files.drlFiles().forEach((name, text) -> {
            Resource resource = ResourceFactory.newByteArrayResource(text.getBytes(StandardCharsets.UTF_8));
            resource.setSourcePath(name);
            resource.setResourceType(ResourceType.DRL);
            batch.add(resource, ResourceType.DRL);
        });
        batch.build();
        Map<String, DrlFile> byName = new HashMap<>();
        drl.forEach(f -> byName.put(f.name(), f));
        for (KnowledgeBuilderError error : builder.getErrors()) {
            problems.add(DroolsMessages.compileError(error, files.origin(), byName));
        }
        if (!problems.isEmpty()) {
            throw new RuleBaseException(files.origin(), sorted(problems));
        }

        // immutable: rules are never added to a built KieBase (a reload builds a new one), and Drools
        // skips the locking and bookkeeping that incremental changes need (measured: README, Throughput)
        KieBaseConfiguration configuration = KieServices.get().newKieBaseConfiguration();
        configuration.setOption(KieBaseMutabilityOption.DISABLED);
        InternalKnowledgeBase kieBase = KnowledgeBaseFactory.newKnowledgeBase(configuration);
        kieBase.addPackages(builder.getKnowledgePackages());
        List<RuleInfo> rules = new ArrayList<>();
        for (KiePackage pkg : kieBase.getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                rules.add(new RuleInfo(meta(rule, "id"), rule.getName(), meta(rule, "source"), fileOf(rule)));
            }
        }
        rules.sort(Comparator.comparing(RuleInfo::file).thenComparing(RuleInfo::name));
        ThresholdTexts thresholds = ThresholdTexts.of(kieBase);
        problems.addAll(unknownThresholdNames(vocabulary, thresholds, files.files().get(RuleFiles.VOCABULARY)));
        if (!problems.isEmpty()) {
            throw new RuleBaseException(files.origin(), sorted(problems));
        }
        Map<String, String> conditions = new HashMap<>();
        for (DrlFile file : drl) {
            file.descr().getRules().forEach(rule -> conditions.put(file.name() + "\u0000" + rule.getName(), file.conditionsOf(rule)));
        }
        return new RuleBase(kieBase, files, vocabulary.map(thresholds::fill), thresholds, rules, files.version(), conditions);
    }

    /** How many rules the DRL files declare, read by Drools' parser (so also when they do not compile). */
    public static int declaredRules(RuleFiles files) {
        return DrlFile.parseAll(files.drlFiles()).stream().filter(DrlFile::readable)
                .mapToInt(f -> (int) f.descr().getRules().stream().filter(r -> !r.isQuery()).count()).sum();
    }

    /** The codes of the vocabulary, which the checker compares every code a rule writes with. */
    private static VocabularyCodes codes(RuleVocabulary vocabulary) {
        return new VocabularyCodes(List.copyOf(vocabulary.exercises().keySet()), vocabulary.warnings(),
                vocabulary.reasons(), vocabulary.restrictionRanks());
    }

    /** A vocabulary text that names a threshold the rule base does not have, at the line of its key. */
    private static List<RuleProblem> unknownThresholdNames(RuleVocabulary vocabulary, ThresholdTexts thresholds,
                                                           String yaml) {
        List<RuleProblem> problems = new ArrayList<>();
        for (RuleVocabulary.Text text : vocabulary.texts()) {
            for (String name : thresholds.unknownNames(text.text())) {
                problems.add(new RuleProblem(RuleFiles.VOCABULARY, RuleVocabulary.lineOf(yaml, text.key()), 1,
                        "{" + name + "} is not a threshold; a text can name one of "
                                + thresholds.values().keySet() + " (declared in thresholds.drl)"));
            }
        }
        return problems;
    }

    private static List<RuleProblem> sorted(List<RuleProblem> problems) {
        return problems.stream().distinct().sorted(Comparator.comparing(RuleProblem::file)
                .thenComparingInt(RuleProblem::line).thenComparingInt(RuleProblem::column)).toList();
    }

    private static String meta(Rule rule, String key) {
        Object value = rule.getMetaData().get(key);
        return value == null ? null : String.valueOf(value);
    }

    private static String fileOf(Rule rule) {
        if (rule instanceof org.drools.base.definitions.rule.impl.RuleImpl impl && impl.getResource() != null) {
            return impl.getResource().getSourcePath();
        }
        return "";
    }
}
