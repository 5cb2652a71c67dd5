package org.backtriage.cli;

import org.backtriage.check.RuleProblem;
import org.backtriage.commandline.ExitCode;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A hot reload goes live only when the rules compile and their scenarios pass. */
class ServeReloadGateTest {
    @TempDir
    Path dir;

    private Path copyOfRules() throws Exception {
        Path rules = dir.resolve("rules");
        Files.createDirectories(rules.resolve("scenarios"));
        try (Stream<Path> files = Files.walk(Path.of("core/src/test/frozen-rules"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Files.copy(f, rules.resolve(Path.of("core/src/test/frozen-rules").relativize(f).toString()));
            }
        }
        return rules;
    }

    @Test
    void aRuleThatWouldRunCodeIsRefusedBeforeAnyScenarioRunsIt() throws Exception {
        Path rules = copyOfRules();
        Path redFlags = rules.resolve("red-flags.drl");
        Files.writeString(redFlags, Files.readString(redFlags).replace("insert(new ReferralReason(\"INFECTION\", \"urgent\",\n        \"A high",
                "System.exit(0);\n    insert(new ReferralReason(\"INFECTION\", \"urgent\",\n        \"A high"));
        // were the rule compiled and its scenarios run, this JVM (the test run) would end here
        RuleBaseException refused = assertThrows(RuleBaseException.class,
                () -> ServeCommand.compileAndTest(RuleFiles.fromFolder(rules), rules));
        assertTrue(refused.problems().stream().anyMatch(p -> p.file().equals("red-flags.drl")
                && p.message().startsWith("System.exit(...) runs code")), refused.getMessage());
    }

    @Test
    void aRuleEditThatBreaksAScenarioIsRefusedNamingTheScenario() throws Exception {
        Path rules = copyOfRules();
        // the rule author lowers fever from urgent to routine: the fever scenario must stop it
        Path redFlags = rules.resolve("red-flags.drl");
        Files.writeString(redFlags, Files.readString(redFlags).replace("insert(new ReferralReason(\"INFECTION\", \"urgent\",\n        \"A high",
                "insert(new ReferralReason(\"INFECTION\", \"routine\",\n        \"A high"));
        RuleBaseException refused = assertThrows(RuleBaseException.class,
                () -> ServeCommand.compileAndTest(RuleFiles.fromFolder(rules), rules));
        assertTrue(refused.problems().stream().anyMatch(p -> p.file().equals("scenarios/red-flag-fever.yaml")),
                refused.getMessage());
    }

    @Test
    void theGateRefusesExactlyTheScenariosThatTestFails() throws Exception {
        // one runner (ScenarioRunner) finds, runs and judges the scenarios for both: they cannot disagree
        Path rules = copyOfRules();
        Path redFlags = rules.resolve("red-flags.drl");
        Files.writeString(redFlags, Files.readString(redFlags).replace("insert(new ReferralReason(\"INFECTION\", \"urgent\",\n        \"A high",
                "insert(new ReferralReason(\"INFECTION\", \"routine\",\n        \"A high"));
        Files.writeString(rules.resolve("scenarios/not-yaml.yaml"), "name: [unclosed\n");
        Files.createDirectories(rules.resolve("scenarios/a-folder.yaml")); // not a scenario file for either

        RuleBaseException refused = assertThrows(RuleBaseException.class,
                () -> ServeCommand.compileAndTest(RuleFiles.fromFolder(rules), rules));
        Set<String> gate = refused.problems().stream().map(RuleProblem::file)
                .map(file -> file.substring("scenarios/".length())).collect(Collectors.toCollection(TreeSet::new));

        EvaluateCommandTest.Run test = EvaluateCommandTest.run("test", "--rules", rules.toString());
        assertEquals(ExitCode.PROBLEMS, test.exitCode(), test.out() + test.err());
        Set<String> failedByTest = test.lines().stream().filter(line -> line.startsWith("FAIL "))
                .map(line -> line.substring("FAIL ".length()).split(":")[0]).collect(Collectors.toCollection(TreeSet::new));

        assertTrue(gate.containsAll(List.of("red-flag-fever.yaml", "not-yaml.yaml")), gate.toString());
        assertEquals(failedByTest, gate, test.out());
    }
}
