package org.backtriage.http;

import org.backtriage.engine.TriageEngine;

import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine the server runs, swapped as a whole when the rules are reloaded. A request reads it once
 * ({@link #current()}) and keeps that engine to the end, so a reload never changes the rules under a
 * request in flight.
 */
public final class LiveEngine {
    private final AtomicReference<TriageEngine> engine;

    public LiveEngine(TriageEngine engine) {
        this.engine = new AtomicReference<>(engine);
    }

    /** A holder with no rules loaded yet: the server answers 503 until {@link #replace} is called. */
    public static LiveEngine notLoaded() {
        return new LiveEngine(null);
    }

    public Optional<TriageEngine> current() {
        return Optional.ofNullable(engine.get());
    }

    /** Makes {@code next} the engine of every request that starts from now on; returns the one it replaces. */
    public TriageEngine replace(TriageEngine next) {
        return engine.getAndSet(next);
    }
}
