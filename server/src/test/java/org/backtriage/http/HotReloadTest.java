package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** serve --watch: a broken rule file never goes live; a good change does, and /v1/ruleset shows it. */
class HotReloadTest {
    static final String INTAKE = "{\"id\":\"reload-1\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}";

    @Test
    void aBrokenRuleFileKeepsTheOldRuleBaseServingAndAGoodOneGoesLive(@TempDir Path dir) throws Exception {
        Path rules = dir.resolve("rules");
        copy(Path.of("core/src/test/frozen-rules"), rules);
        TriageEngine first = TriageEngine.fromFolder(rules);
        String oldVersion = first.ruleBase().version();
        LiveEngine live = new LiveEngine(first);
        BlockingQueue<RuleWatcher.Reload> reloads = new LinkedBlockingQueue<>();

        try (HttpFixture server = new HttpFixture(TriageServer.create(live, ServerOptions.open()));
             RuleWatcher watcher = new RuleWatcher(rules, live, TriageEngine::from, reloads::add).start(Duration.ofMillis(100))) {
            Path file = rules.resolve("warnings.drl");
            String original = Files.readString(file);
            Files.writeString(file, "\nrule \"half-written\"\n  when\n    this is not DRL(\nthen\nend\n", StandardOpenOption.APPEND);

            RuleWatcher.Reload broken = reloads.poll(60, TimeUnit.SECONDS);
            assertNotNull(broken, "the watcher noticed the change");
            assertFalse(broken.live());
            assertTrue(broken.problems().stream().anyMatch(p -> p.file().contains("warnings.drl") && p.line() > 0),
                    broken.problems().toString());
            assertEquals(oldVersion, HttpFixture.tree(server.get("/v1/ruleset")).get("version").asText());
            JsonNode assessment = HttpFixture.tree(server.post("/v1/assessments", "application/json", INTAKE));
            assertEquals(oldVersion, assessment.at("/ruleset/version").asText(), "the old rule base keeps serving");

            Files.writeString(file, original + "\n// reviewed\n");
            RuleWatcher.Reload fixed = reloads.poll(60, TimeUnit.SECONDS);
            assertNotNull(fixed);
            assertTrue(fixed.live(), fixed.problems().toString());
            String newVersion = RuleFiles.fromFolder(rules).version();
            assertNotEquals(oldVersion, newVersion);
            assertEquals(newVersion, fixed.version());
            assertEquals(newVersion, HttpFixture.tree(server.get("/v1/ruleset")).get("version").asText());
            assertEquals(newVersion, HttpFixture.tree(server.post("/v1/assessments", "application/json", INTAKE))
                    .at("/ruleset/version").asText());
        }
    }

    private static void copy(Path from, Path to) throws Exception {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }
}
