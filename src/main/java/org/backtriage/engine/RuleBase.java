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
public record RuleBase(KieBase kieBase, RuleFiles files, RuleVocabulary vocabulary, List<RuleInfo> rules,
                       String version) {

    public RuleBase {
        rules = List.copyOf(rules);
    }

    /** The metadata of a rule as the engine saw it fire. */
    public RuleInfo info(Rule rule) {
        Map<String, Object> meta = rule.getMetaData();
        return new RuleInfo(String.valueOf(meta.get("id")), rule.getName(), String.valueOf(meta.get("source")), null);
    }

    public Map<String, RuleInfo> rulesById() {
        return rules.stream().collect(Collectors.toMap(RuleInfo::id, Function.identity(), (a, b) -> a));
    }
}
