package org.backtriage.engine;

import org.backtriage.assessment.Assessment;
import org.backtriage.facts.Condition;
import org.backtriage.facts.RedFlags;
import org.backtriage.facts.Soreness;
import org.backtriage.intake.Intake;
import org.kie.api.event.rule.AgendaEventListener;
import org.kie.api.event.rule.RuleRuntimeEventListener;
import org.kie.api.KieServices;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionConfiguration;
import org.kie.api.runtime.conf.ThreadSafeOption;
import org.kie.api.runtime.KieSessionsPool;

import java.nio.file.Path;
import java.util.List;

/**
 * The one entry point of backtriage: a compiled rule base that turns an {@link Intake} into an
 * {@link Assessment}. Immutable and thread-safe: the KieBase is built once, and each evaluation runs
 * in its own short-lived session, so any number of threads may call {@link #assess} at once.
 *
 * <pre>{@code
 * TriageEngine engine = TriageEngine.fromFolder(Path.of("rules"));   // or TriageEngine.embedded()
 * Assessment assessment = engine.assess(intake);
 * }</pre>
 */
public final class TriageEngine {
    private final RuleBase ruleBase;
    private final AssessmentAssembler assembler;
    // Sessions are cheap but not free: a pool hands out a reset session instead of building one per
    // intake. A pooled session is used by one evaluation at a time and reset when it is disposed.
    private final KieSessionsPool sessions;
    // a session is only ever used by the one thread that took it from the pool: it needs no locks
    private final KieSessionConfiguration sessionConfiguration;
    private final int firingLimit;

    private TriageEngine(RuleBase ruleBase) {
        this(ruleBase, FIRING_LIMIT);
    }

    private TriageEngine(RuleBase ruleBase, int firingLimit) {
        this.ruleBase = ruleBase;
        this.firingLimit = firingLimit;
        this.assembler = new AssessmentAssembler(ruleBase);
        this.sessions = ruleBase.kieBase().newKieSessionsPool(Runtime.getRuntime().availableProcessors());
        this.sessionConfiguration = KieServices.get().newKieSessionConfiguration();
        this.sessionConfiguration.setOption(ThreadSafeOption.NO);
    }

    /**
     * Loads and compiles every rule file under {@code rulesFolder}.
     *
     * @throws RuleBaseException        when a rule file does not compile or breaks a convention (file, line, message)
     * @throws IllegalArgumentException when the folder does not exist
     */
    public static TriageEngine fromFolder(Path rulesFolder) {
        return from(RuleFiles.fromFolder(rulesFolder));
    }

    /** Loads the copy of the shipped {@code rules/} that the jar carries. */
    public static TriageEngine embedded() {
        return from(RuleFiles.embedded());
    }

    /** Compiles the given rule files. */
    public static TriageEngine from(RuleFiles files) {
        return new TriageEngine(new RuleBaseCompiler().compile(files));
    }

    /** Evaluates one intake. */
    public Assessment assess(Intake intake) {
        return run(intake, false).assessment();
    }

    /** Evaluates one intake and keeps the trace of which rule fired on which facts (for explaining). */
    public Evaluation evaluate(Intake intake) {
        return run(intake, true);
    }

    /**
     * More rule firings than any assessment needs (one takes a few dozen): beyond it the rules are looping,
     * and the record fails instead of running until memory is gone.
     */
    static final int FIRING_LIMIT = 10_000;

    /** The same rule base with another firing limit (a test of the limit needs one an assessment reaches). */
    TriageEngine withFiringLimit(int limit) {
        return new TriageEngine(ruleBase, limit);
    }

    /** {@code traceMatches}: keep the facts each firing matched (for explaining; costs an allocation per firing). */
    private Evaluation run(Intake intake, boolean traceMatches) {
        KieSession session = sessions.newKieSession(sessionConfiguration);
        SessionRecorder recorder = new SessionRecorder(ruleBase, traceMatches);
        try {
            session.addEventListener((AgendaEventListener) recorder);
            session.addEventListener((RuleRuntimeEventListener) recorder);
            insertFacts(session, intake, ruleBase.vocabulary());
            int fired = session.fireAllRules(firingLimit);
            if (fired >= firingLimit) {
                // rules that keep firing each other (a loop check could not see): this record fails, named by
                // the rule that fired most, and the engine, the batch and the server go on
                throw RuleFailure.runaway(ruleBase, recorder.firings(), firingLimit);
            }
        } catch (RuleFailure runaway) {
            throw runaway; // already named (the firing limit)
        } catch (RuntimeException | Error e) {
            throw RuleFailure.of(e, ruleBase, recorder.firing()); // one intake's failure, named by its rule
        } finally {
            session.removeEventListener((AgendaEventListener) recorder);
            session.removeEventListener((RuleRuntimeEventListener) recorder);
            session.dispose();
        }
        return new Evaluation(assembler.assemble(intake.id(), recorder), recorder.firings(), recorder.insertions());
    }

    /**
     * The intake as facts, always in the same order (so the same intake always fires the same rules in
     * the same order). All twelve red-flag answers are inserted as one fact: one left out is {@code unknown}.
     */
    private static void insertFacts(KieSession session, Intake intake, RuleVocabulary vocabulary) {
        session.insert(intake);
        session.insert(intake.routine());
        for (String region : intake.regions()) {
            session.insert(new Soreness(region));
        }
        for (String condition : intake.conditions()) {
            session.insert(new Condition(condition));
        }
        session.insert(RedFlags.of(intake, vocabulary.redFlagQuestions()));
    }

    /** The rule set this engine runs: version, rules, vocabulary. */
    public RuleBase ruleBase() {
        return ruleBase;
    }

    public Assessment.Ruleset ruleset() {
        return new Assessment.Ruleset(ruleBase.version(), ruleBase.rules().size());
    }

    public List<RuleInfo> rules() {
        return ruleBase.rules();
    }

    /** An assessment with the trace behind it. */
    public record Evaluation(Assessment assessment, List<RuleFiring> firings, List<RuleFinding> findings) {
    }
}
