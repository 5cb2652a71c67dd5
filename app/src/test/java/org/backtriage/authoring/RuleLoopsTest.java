package org.backtriage.authoring;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.backtriage.authoring.CheckCommandTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 22: two rules that insert each other's fact ran until memory was gone. check refuses such a loop
 * at its rules (the engine's firing limit, the backstop for a loop check cannot see, is
 * {@code FiringLimitTest}'s).
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

    @Test
    void twoRulesThatInsertEachOthersFactAreRefusedByCheck() {
        RuleCopy rules = RuleCopy.of(temp).write("loop.drl", PING_PONG);
        RuleCopy.Run run = RuleCopy.cli("check", "--rules", rules.root.toString());
        assertEquals(1, run.exit(), run.out());
        List<String> loops = problems(run).stream().filter(p -> p.contains("these rules fire each other and never stop")).toList();
        assertEquals(1, loops.size(), run.out());
        assertTrue(loops.get(0).startsWith("loop.drl:"), loops.get(0));
        assertTrue(loops.get(0).contains("inserts Pong, which \"Test: a pong gives a ping\" matches"), loops.get(0));
    }
}
