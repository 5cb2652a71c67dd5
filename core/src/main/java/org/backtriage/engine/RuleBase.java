package org.backtriage.engine;

import org.kie.api.KieBase;
import org.kie.api.definition.rule.Rule;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A compiled, checked rule base: the shared {@link KieBase} (built once; sessions are made from it per
 * evaluation), its rules' metadata, its vocabulary and its version. Immutable.
 */
public final class RuleBase {
    private final KieBase kieBase;
    private final RuleFiles files;
    private final RuleVocabulary vocabulary;
    private final ThresholdTexts thresholds;
    private final List<RuleInfo> rules;
    private final String version;
    private final Map<String, RuleInfo> byId;
    private final Map<String, RuleInfo> byName;
    private final Map<String, String> conditions;

    RuleBase(KieBase kieBase, RuleFiles files, RuleVocabulary vocabulary, ThresholdTexts thresholds,
             List<RuleInfo> rules, String version, Map<String, String> conditions) {
        this.kieBase = kieBase;
        this.files = files;
        this.vocabulary = vocabulary;
        this.thresholds = thresholds;
        this.rules = List.copyOf(rules);
        this.version = version;
        this.conditions = Map.copyOf(conditions);
        this.byId = this.rules.stream().filter(r -> r.id() != null)
                .collect(Collectors.toUnmodifiableMap(RuleInfo::id, Function.identity(), (a, b) -> a));
        this.byName = this.rules.stream()
                .collect(Collectors.toUnmodifiableMap(RuleInfo::name, Function.identity(), (a, b) -> a));
    }

    public KieBase kieBase() {
        return kieBase;
    }

    public RuleFiles files() {
        return files;
    }

    /** The vocabulary, with every threshold name in its texts already replaced by the clinic's number. */
    public RuleVocabulary vocabulary() {
        return vocabulary;
    }

    /** The clinic's thresholds, and the filling of {@code {name}} in rule texts. */
    public ThresholdTexts thresholds() {
        return thresholds;
    }

    /** Every rule, sorted by file and name. */
    public List<RuleInfo> rules() {
        return rules;
    }

    /** A content hash of the rule files. */
    public String version() {
        return version;
    }

    /** The metadata of a rule as the engine saw it fire. */
    public RuleInfo info(Rule rule) {
        // called for every firing and every inserted fact: look up by name (unique in the package)
        RuleInfo known = byName.get(rule.getName());
        if (known != null) {
            return known;
        }
        Map<String, Object> meta = rule.getMetaData();
        return new RuleInfo(String.valueOf(meta.get("id")), rule.getName(), String.valueOf(meta.get("source")), "");
    }

    /** A rule's conditions (between when and then) on one line, comments left out; empty when it has none. */
    public String conditionsOf(RuleInfo rule) {
        return conditions.getOrDefault(rule.file() + "\u0000" + rule.name(), "");
    }

    /** Rules by {@code @id} (ids are unique: the compiler refuses duplicates). */
    public Map<String, RuleInfo> rulesById() {
        return byId;
    }
}
