package org.backtriage.engine;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.runtime.rule.FactHandle;
import org.kie.api.definition.rule.Rule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Listens to one session: which rules fired (with the facts each matched) and which rule inserted each
 * fact. This is where every result's rule id and source come from, never from text typed in a rule.
 */
final class SessionRecorder extends DefaultAgendaEventListener implements RuleRuntimeEventListener {

    private final RuleBase ruleBase;
    private final List<RuleFiring> firings = new ArrayList<>();
    // by fact handle: a fact a rule inserted logically is taken back when its condition stops holding
    private final Map<FactHandle, RuleFinding> insertions = new LinkedHashMap<>();

    private final boolean traceMatches;
    // the rule whose consequence is running: the one to blame when it throws an Error Drools does not wrap
    private Rule firing;

    SessionRecorder(RuleBase ruleBase, boolean traceMatches) {
        this.ruleBase = ruleBase;
        this.traceMatches = traceMatches;
    }

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        firing = event.getMatch().getRule();
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        firing = null;
        firings.add(new RuleFiring(ruleBase.info(event.getMatch().getRule()),
                traceMatches ? event.getMatch().getObjects() : List.of()));
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getRule() != null) {
            insertions.put(event.getFactHandle(), new RuleFinding(event.getObject(), ruleBase.info(event.getRule())));
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        // facts are immutable records: rules insert results, they never update them
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        // only the engine's truth maintenance deletes (rules cannot): a logical insertion whose
        // condition no longer holds, e.g. an exercise warning once every exercise is avoided
        insertions.remove(event.getFactHandle());
    }

    /** The rule whose consequence is running now, or {@code null} between firings. */
    Rule firing() {
        return firing;
    }

    List<RuleFiring> firings() {
        return firings;
    }

    List<RuleFinding> insertions() {
        return List.copyOf(insertions.values());
    }
}
