package org.backtriage.authoring;

import org.backtriage.engine.RuleFailure;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Intake;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.backtriage.authoring.CheckCommandTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22: two rules that insert each other's fact ran until memory was gone. check refuses such a loop
 * at its rules; a loop it cannot see (through truth maintenance) fails the one record, named by a rule,
 * in good time, and every other record is still assessed.
 */
class RuleLoopsTest {
    @TempDir
    Path temp;

    private static final String PING_PONG = """
            package org.backtriage.rules

            import org.backtriage.intake.Intake

            declare Ping
                n : String
            end

            declare Pong
                n : String
            end

            rule "Test: a ping starts it"
                @id("test-start")
                @source("test")
            when
                Intake( id == "loop" )
            then
                insert(new Ping("x"));
            end

            rule "Test: a ping gives a pong"
                @id("test-ping")
                @source("test")
            when
                Ping( $n : n )
            then
                insert(new Pong($n));
            end

            rule "Test: a pong gives a ping"
                @id("test-pong")
                @source("test")
            when
                Pong( $n : n )
            then
                insert(new Ping($n));
            end
            """;

    /** Truth maintenance flip-flops: no Pong supports a Ping, and a Ping supports a Pong, which takes the Ping back. */
    private static final String FLIP_FLOP = """
            package org.backtriage.rules

            import org.backtriage.intake.Intake

            declare Flip
                n : String
            end

            declare Flop
                n : String
            end

            rule "Test: no flop gives a flip"
                @id("test-flip")
                @source("test")
            when
                Intake( id == "loop" )
                not Flop()
            then
                insertLogical(new Flip("x"));
            end

            rule "Test: a flip gives a flop"
                @id("test-flop")
                @source("test")
            when
                Flip( $n : n )
            then
                insertLogical(new Flop($n));
            end
            """;

    @Test
    void twoRulesThatInsertEachOthersFactAreRefusedByCheck() {
        RuleCopy rules = RuleCopy.of(temp).write("loop.drl", PING_PONG);
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, run.exit(), run.out());
        List<String> loops = problems(run).stream().filter(p -> p.contains("these rules fire each other and never stop")).toList();
        assertEquals(1, loops.size(), run.out());
        assertTrue(loops.get(0).startsWith("loop.drl:"), loops.get(0));
        assertTrue(loops.get(0).contains("inserts Pong, which \\"Test: a pong gives a ping\\" matches"), loops.get(0));
    }

    @Test
    void aLoopCheckCannotSeeFailsItsRecordInGoodTimeAndTheOthersAreAssessed() throws Exception {
        RuleCopy rules = RuleCopy.of(temp).write("loop.drl", FLIP_FLOP);
        RuleCopy.Run check = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(0, check.exit(), "this loop goes through 'not' and truth maintenance, which check does not follow: " + check.out());
        TriageEngine engine = TriageEngine.fromFolder(rules.root);
        Intake looping = new Intake("loop", 40, List.of("lower_back"), 3, null, null, false, List.of(), Map.of(), null);
        long start = System.nanoTime();
        RuleFailure failure = assertThrows(RuleFailure.class, () -> engine.assess(looping));
        assertTrue((System.nanoTime() - start) / 1e9 < 30, "stopped by the firing limit, not by memory");
        assertTrue(failure.ruleId().startsWith("test-fl"), failure.ruleId());
        assertEquals(RuleFailure.Runaway.class.getName(), failure.thrown());

        Path input = temp.resolve("two.ndjson");
        Files.writeString(input, "{\"id\":\"loop\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}\n"
                + "{\"id\":\"fine\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}\n");
        RuleCopy.Run evaluate = RuleCopy.cli("evaluate", "--quiet", "--rules", rules.root.toString(), input.toString());
        assertEquals(4, evaluate.exit(), evaluate.err());
        List<String> lines = evaluate.out().lines().toList();
        assertEquals(2, lines.size(), evaluate.out());
        assertTrue(lines.get(0).contains("\"errors\"") && lines.get(0).contains("test-fl"), lines.get(0));
        assertTrue(lines.get(1).contains("\"referral\""), lines.get(1));
    }
}
