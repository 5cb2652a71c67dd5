package org.backtriage.http;

import org.backtriage.Engines;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Issue 22's server rows: the headers of every answer, the audit file's mode, and what feedback may store. */
class ServerHardeningTest {
    @TempDir
    Path dir;

    private static final String INTAKE = "{\"id\":\"p1\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}";

    @Test
    void jsonAndHtmlAnswersAreNeverCachedNorSniffedAndVaryWithAccept() throws Exception {
        try (HttpFixture server = new HttpFixture(TriageServer.create(new LiveEngine(Engines.frozen()), ServerOptions.open(),
                CdsOptions.defaults(CdsHooksTest.FHIR)))) {
            HttpResponse<String> json = server.post("/v1/assessments", "application/json", INTAKE);
            HttpResponse<String> html = server.post("/v1/assessments", "application/json", INTAKE, "Accept", "text/html");
            HttpResponse<String> problem = server.post("/v1/assessments", "application/json", "{");
            for (HttpResponse<String> answer : java.util.List.of(json, html, problem, server.get("/health"))) {
                assertEquals("no-store", answer.headers().firstValue("Cache-Control").orElse(""), answer.uri().toString());
                assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""));
                assertTrue(answer.headers().allValues("Vary").stream().anyMatch(v -> v.contains("Accept")), answer.headers().toString());
            }
            assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), html.headers().toString());
        }
    }

    @Test
    void theAuditFileIsReadableByItsOwnerOnly() throws Exception {
        Path file = dir.resolve("audit.ndjson");
        Files.writeString(file, "");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        try (AuditLog audit = AuditLog.open(file, dir.resolve("audit.key"), Clock.systemUTC())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
        Path fresh = dir.resolve("fresh.ndjson");
        try (AuditLog audit = AuditLog.open(fresh, dir.resolve("fresh.key"), Clock.systemUTC())) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh)));
        }
    }

    @Test
    void feedbackStoresOnlyUuidsAndCodesNeverFreeText() throws Exception {
        Path file = dir.resolve("audit.ndjson");
        try (AuditLog audit = AuditLog.open(file, dir.resolve("audit.key"), Clock.systemUTC());
             HttpFixture server = new HttpFixture(TriageServer.create(new LiveEngine(Engines.frozen()),
                     new ServerOptions(ServerOptions.DEFAULT_MAX_BODY, null, null, null, audit, Clock.systemUTC()),
                     CdsOptions.defaults(CdsHooksTest.FHIR)))) {
            String named = "{\"feedback\":[{\"card\":\"Jane Doe, 12 Acacia Avenue\",\"outcome\":\"overridden\","
                    + "\"outcomeTimestamp\":\"2026-12-04T10:00:00Z\"}]}";
            HttpResponse<String> refused = server.post(CdsHooksTest.SERVICE + "/feedback", "application/json", named);
            assertEquals(400, refused.statusCode(), refused.body());
            assertFalse(Files.readString(file).contains("Jane"), "nothing of the refused entry is stored");

            String withFreeTextReason = "{\"feedback\":[{\"card\":\"f6b95768-b1c8-40dc-8385-bf3504b82ffb\",\"outcome\":\"overridden\","
                    + "\"overrideReason\":{\"reason\":{\"code\":\"Jane Doe refused\",\"system\":\"https://example.com/reasons\"}},"
                    + "\"outcomeTimestamp\":\"2026-12-04T10:00:00Z\"}]}";
            HttpResponse<String> kept = server.post(CdsHooksTest.SERVICE + "/feedback", "application/json", withFreeTextReason);
            assertEquals(200, kept.statusCode(), kept.body());
            String log = Files.readString(file);
            assertTrue(log.contains("f6b95768-b1c8-40dc-8385-bf3504b82ffb"), log);
            assertFalse(log.contains("Jane"), "a reason code with spaces is free text and is left out: " + log);
        }
    }
}
