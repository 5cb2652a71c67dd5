package org.backtriage.engine;

import org.drools.drl.parser.ParserError;
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
import java.util.List;

/**
 * Compiles rule files into a {@link RuleBase}, or refuses them with every problem located by file, line
 * and column. There is no fallback: a rule base with a problem never reaches an engine.
 */
public final class RuleBaseCompiler {

    private final RuleLinter linter = new RuleLinter();

    public RuleBase compile(RuleFiles files) {
        List<RuleProblem> problems = new ArrayList<>();
        RuleVocabulary vocabulary = RuleVocabulary.parse(RuleFiles.VOCABULARY,
                files.files().get(RuleFiles.VOCABULARY), problems);
        if (files.drlFiles().isEmpty()) {
            problems.add(new RuleProblem(files.origin(), 0, 0, "no .drl rule files found"));
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
        List<RuleProblem> droolsProblems = new ArrayList<>();
        for (KnowledgeBuilderError error : builder.getErrors()) {
            droolsProblems.add(locate(error, files));
        }
        problems.addAll(DroolsMessages.refine(droolsProblems, files));

        List<RuleInfo> rules = new ArrayList<>();
        InternalKnowledgeBase kieBase = null;
        ThresholdTexts thresholds = null;
        if (!builder.hasErrors()) {
            // immutable: rules are never added to a built KieBase (a reload builds a new one), and Drools
            // skips the locking and bookkeeping that incremental changes need (measured: README, Throughput)
            KieBaseConfiguration configuration = KieServices.get().newKieBaseConfiguration();
            configuration.setOption(KieBaseMutabilityOption.DISABLED);
            kieBase = KnowledgeBaseFactory.newKnowledgeBase(configuration);
            kieBase.addPackages(builder.getKnowledgePackages());
            for (KiePackage pkg : kieBase.getKiePackages()) {
                for (Rule rule : pkg.getRules()) {
                    rules.add(new RuleInfo(meta(rule, "id"), rule.getName(), meta(rule, "source"),
                            fileOf(rule)));
                }
            }
            rules.sort(Comparator.comparing(RuleInfo::file).thenComparing(RuleInfo::name));
            problems.addAll(linter.lint(files, rules, vocabulary));
            thresholds = ThresholdTexts.of(kieBase);
            problems.addAll(unknownThresholdNames(vocabulary, thresholds, files.files().get(RuleFiles.VOCABULARY)));
        }
        if (!problems.isEmpty()) {
            throw new RuleBaseException(files.origin(), sorted(problems));
        }
        return new RuleBase(kieBase, files, vocabulary.map(thresholds::fill), thresholds, rules, files.version());
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

    private static RuleProblem locate(KnowledgeBuilderError error, RuleFiles files) {
        String file = error.getResource() != null && error.getResource().getSourcePath() != null
                ? error.getResource().getSourcePath() : files.origin();
        int line = 0;
        int column = 0;
        if (error instanceof ParserError parserError) {
            line = parserError.getRow();
            column = parserError.getCol() + 1;
        } else if (error.getLines() != null && error.getLines().length > 0) {
            line = error.getLines()[0];
        }
        return new RuleProblem(file, Math.max(line, 0), Math.max(column, 0), DroolsMessages.plain(error.getMessage()));
    }
}
