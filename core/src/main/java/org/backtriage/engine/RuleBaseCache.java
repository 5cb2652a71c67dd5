package org.backtriage.engine;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Compiled rule bases by their content: the same rule files (same folder, same names, same text) compile
 * once, and later asks get the same {@link TriageEngine}, which is immutable and thread-safe. A changed
 * file, a different folder or an unreadable file is a different key; a rule base that does not compile is
 * never kept, so it is refused again on every ask.
 *
 * <p>One process owns one cache (the command line holds one for its commands): {@code serve --watch}
 * reloading unchanged files, {@code impact} with the same rules before and after, and the test suite's
 * many commands on the frozen rules each compile once. Bounded: the least recently used is dropped.
 */
public final class RuleBaseCache {
    private final Map<RuleFiles, TriageEngine> engines;

    /** @param capacity how many compiled rule bases to keep (each is a few MB) */
    public RuleBaseCache(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1");
        }
        this.engines = new LinkedHashMap<>(capacity + 1, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RuleFiles, TriageEngine> eldest) {
                return size() > capacity;
            }
        };
    }

    /**
     * The engine of these rule files, compiled on the first ask.
     *
     * @throws RuleBaseException when the files do not compile or break a convention (not kept)
     */
    public synchronized TriageEngine engine(RuleFiles files) {
        TriageEngine engine = engines.get(files);
        if (engine == null) {
            engine = TriageEngine.from(files);
            engines.put(files, engine);
        }
        return engine;
    }

    /** How many compiled rule bases are kept now. */
    public synchronized int size() {
        return engines.size();
    }
}
