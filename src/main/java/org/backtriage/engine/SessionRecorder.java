package org.backtriage.engine;

import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;

import java.util.ArrayList;
import java.util.List;

/**
 * Listens to one session: which rules fired (with the facts each matched) and which rule inserted each
 * fact. This is where every result's rule id and source come from, never from text typed in a rule.
 */
final class SessionRecorder extends DefaultAgendaEventListener implements RuleRuntimeEventListener {

    /** One firing: the rule and the facts its conditions matched. */
    record Firing(Rule rule, List<Object> matched) {
    }

    /** One fact a rule inserted, in insertion order. */
    record Insertion(Object fact, Rule rule) {
    }

    private final List<Firing> firings = new ArrayList<>();
    private final List<Insertion> insertions = new ArrayList<>();

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        firings.add(new Firing(event.getMatch().getRule(), List.copyOf(event.getMatch().getObjects())));
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        if (event.getRule() != null) {
            insertions.add(new Insertion(event.getObject(), event.getRule()));
        }
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        // facts are immutable records: rules insert results, they never update them
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        // results are never retracted in this rule base; nothing to record
    }

    List<Firing> firings() {
        return firings;
    }

    List<Insertion> insertions() {
        return insertions;
    }
}
