package org.backtriage.authoring;

import org.backtriage.engine.RuleInfo;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every scenario the rule authors shipped in rules/scenarios passes, and together they fire every rule. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ShippedScenariosTest {
    private static final Path SCENARIOS = RuleCopy.SHIPPED.resolve("scenarios");

    // compiled once for the class: a compilation takes about two seconds
    private final TriageEngine engine = TriageEngine.fromFolder(RuleCopy.SHIPPED);
    private final ScenarioRunner runner = new ScenarioRunner(engine);

    @TestFactory
    Stream<DynamicTest> everyShippedScenarioPasses() {
        List<Path> files = ScenarioLoader.filesIn(SCENARIOS);
        assertTrue(files.size() >= 30, "the issue asks for at least 30 scenarios, found " + files.size());
        return files.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            ScenarioRunner.Result result = runner.run(file);
            assertEquals(null, result.error(), file.toString());
            assertEquals(List.of(), result.differences(), file + ": " + result.name());
            assertTrue(result.passed());
        }));
    }

    @Test
    void theShippedScenariosFireEveryRule() {
        List<ScenarioRunner.Result> results = ScenarioLoader.filesIn(SCENARIOS).stream().map(runner::run).toList();
        List<String> unfired = runner.unfired(results).stream().map(RuleInfo::id).toList();
        // the scenarios are the per-rule coverage: a rule the clinic adds comes with a scenario that fires it
        // not vacuous: a rule base that loaded no rules would leave nothing unfired
        assertTrue(!engine.rules().isEmpty(), "the shipped rule base holds rules");
        assertEquals(List.of(), unfired, "rules no shipped scenario fires");
    }
}
