package org.backtriage.authoring;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The four commands at the top of rules/README.md run as written from the top of a fresh clone (the
 * working folder of the test run): none is a usage error, none needs a file the clone does not have.
 */
class RulesReadmeCommandsTest {
    private static final String JAR = "java -jar target/backtriage.jar ";

    @Test
    void theLoopCommandsRunAsWritten() throws IOException {
        String readme = Files.readString(RuleCopy.SHIPPED.resolve("README.md"));
        Matcher block = Pattern.compile("```\\n(.*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(block.find(), "rules/README.md opens with its commands");
        List<String> commands = new ArrayList<>();
        for (String line : block.group(1).lines().toList()) {
            assertTrue(line.startsWith(JAR), "a command of the loop starts with " + JAR + ": " + line);
            commands.add(line.substring(JAR.length()).replaceFirst("\\s+#.*", "").strip());
        }
        assertEquals(List.of("check", "test", "explain", "impact"), commands.stream().map(c -> c.split(" ")[0]).toList());
        for (String command : commands) {
            RuleCopy.Run run = RuleCopy.cli(command.split("\\s+"));
            // 0 or 1 (problems found, a scenario failed, impact changed something) are answers; 2 is "cannot run"
            assertTrue(run.exit() == 0 || run.exit() == 1, command + " exited " + run.exit() + ": " + run.err());
            assertFalse(run.out().isBlank(), command + " printed nothing");
        }
        assertTrue(Arrays.stream(readme.split("\n")).anyMatch(l -> l.contains("mvn -B -q package -DskipTests")),
                "the README says how to build target/backtriage.jar");
    }
}
