package org.backtriage.http;

import com.fasterxml.jackson.databind.JsonNode;
import org.backtriage.Engines;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Intake;
import org.backtriage.intake.IntakeValidator;
import org.backtriage.intake.ValidationResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, the audit rows: a line is written whole or not at all (a full disk must not leave a torn line
 * to fuse with the next), a failed audit write fails the request closed, and the intake hash is keyed.
 */
class AuditFaultsTest {
    static final String INTAKE = "{\"id\":\"patient-jane-doe-1975\",\"age\":49,\"regions\":[\"lower_back\"],\"painScore\":4}";
    static TriageEngine engine;

    @BeforeAll
    static void build() {
        engine = Engines.frozen();
    }

    /** A file channel that, when told to, writes part of the next buffer and then fails as a full disk does. */
    static final class FullDiskChannel extends FileChannel {
        final FileChannel real;
        volatile boolean failNextWrite;
        volatile boolean failNextTruncate;

        FullDiskChannel(Path file) throws IOException {
            real = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            if (failNextWrite) {
                failNextWrite = false;
                ByteBuffer half = src.duplicate();
                half.limit(src.position() + src.remaining() / 2);
                int written = real.write(half);
                src.position(src.position() + written);
                throw new IOException("No space left on device");
            }
            return real.write(src);
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (failNextTruncate) {
                failNextTruncate = false;
                throw new IOException("No space left on device");
            }
            real.truncate(size);
            return this;
        }

        @Override
        public long size() throws IOException {
            return real.size();
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return real.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return real.read(dsts, offset, length);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            return real.write(srcs, offset, length);
        }

        @Override
        public long position() throws IOException {
            return real.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            real.position(newPosition);
            return this;
        }

        @Override
        public void force(boolean metaData) throws IOException {
            real.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return real.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            return real.transferFrom(src, position, count);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return real.read(dst, position);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return real.write(src, position);
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            return real.map(mode, position, size);
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return real.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return real.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            real.close();
        }
    }

    static void assertWholeLines(Path file, int expected) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.isEmpty() || text.endsWith("\n"), "the file ends with a whole line: " + text);
        List<String> lines = text.lines().toList();
        assertEquals(expected, lines.size(), text);
        for (String line : lines) {
            JsonNode entry = HttpFixture.JSON.readTree(line); // a torn or fused line does not parse
            assertEquals(64, entry.get("intakeHmacSha256").asText().length(), line);
        }
    }

    @Test
    void aFullDiskLeavesNoTornLineAndTheRequestFailsClosedNamingTheAuditFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.ndjson");
        FullDiskChannel channel = new FullDiskChannel(file);
        try (AuditLog audit = new AuditLog(file, channel, new byte[32], Clock.systemUTC());
             HttpFixture server = new HttpFixture(TriageServer.create(new LiveEngine(engine),
                     new ServerOptions(ServerOptions.DEFAULT_MAX_BODY, null, null, null, audit, Clock.systemUTC())))) {
            assertEquals(200, server.post("/v1/assessments", "application/json", INTAKE).statusCode());

            channel.failNextWrite = true;
            HttpResponse<String>[] refused = new HttpResponse[1];
            String log = ServerFaultsTest.logOf(() -> refused[0] = server.post("/v1/assessments", "application/json", INTAKE));
            assertEquals(500, refused[0].statusCode(), refused[0].body());
            assertFalse(refused[0].body().contains("referral"), "no assessment that is not in the audit log");
            String correlationId = HttpFixture.tree(refused[0]).get("correlationId").asText();
            String line = log.lines().filter(l -> l.contains(correlationId)).findFirst().orElse("");
            assertTrue(line.contains(file.toString()), "the log names the audit file: " + log);
            assertFalse(log.contains("jane"), log);
            assertWholeLines(file, 1);

            assertEquals(200, server.post("/v1/assessments", "application/json", INTAKE).statusCode());
            assertWholeLines(file, 2);
        }
    }

    @Test
    void whenEvenCuttingTheTornLineFailsTheNextLineCutsItFirst(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.ndjson");
        FullDiskChannel channel = new FullDiskChannel(file);
        Intake intake = ((ValidationResult.Valid) new IntakeValidator().validate(HttpFixture.JSON.readTree(INTAKE))).intake();
        try (AuditLog audit = new AuditLog(file, channel, new byte[32], Clock.systemUTC())) {
            audit.record("test", intake, engine.assess(intake));
            channel.failNextWrite = true;
            channel.failNextTruncate = true;
            try {
                audit.record("test", intake, engine.assess(intake));
            } catch (AuditLog.WriteFailure expected) {
                assertEquals(file, expected.file());
            }
            assertTrue(Files.readString(file).lines().count() == 2, "the torn line is still there for now");
            audit.record("test", intake, engine.assess(intake));
            assertWholeLines(file, 2);
        }
    }

    @Test
    void theIntakeHashIsKeyedWithAKeyFileCreatedForItsOwnerOnly(@TempDir Path dir) throws Exception {
        Intake intake = ((ValidationResult.Valid) new IntakeValidator().validate(HttpFixture.JSON.readTree(INTAKE))).intake();
        Path file = dir.resolve("audit.ndjson");
        String keyed;
        try (AuditLog audit = AuditLog.appendingTo(file, Clock.systemUTC())) {
            keyed = audit.hash(intake);
        }
        Path key = AuditLog.defaultKeyFile(file);
        assertTrue(Files.isRegularFile(key), "serve creates the key file when it is absent");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));

        String unsalted = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(
                new com.fasterxml.jackson.databind.json.JsonMapper().writer()
                        .with(com.fasterxml.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                        .writeValueAsBytes(intake)));
        assertNotEquals(unsalted, keyed, "not the unsalted SHA-256 anyone can compute from a guess");
        try (AuditLog again = AuditLog.appendingTo(file, Clock.systemUTC())) {
            assertEquals(keyed, again.hash(intake), "the same key (read back from the file), the same hash");
        }
        try (AuditLog other = AuditLog.open(dir.resolve("other.ndjson"), dir.resolve("other.key"), Clock.systemUTC())) {
            assertNotEquals(keyed, other.hash(intake), "another key, another hash");
        }
    }
}
