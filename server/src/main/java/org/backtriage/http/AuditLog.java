package org.backtriage.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.UnwritableFile;
import org.backtriage.intake.Intake;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code --audit FILE}: one JSON line per assessment, appended. It records what was decided and on which
 * rules, never the intake itself: only an HMAC-SHA256 of the intake's canonical JSON, keyed with a secret
 * kept in a key file (created, readable by its owner only, when absent). Whoever holds the key and the
 * intake can prove which assessment it got; whoever holds only the log cannot test guesses of an intake
 * against it, as they could an unkeyed hash of so few fields.
 *
 * <p>A line is written whole or not at all: a write that fails part-way (a full disk) is cut back off the
 * file, so a torn line never fuses with the next. A failed write is a {@link WriteFailure}: the request
 * fails closed.
 */
public final class AuditLog implements Closeable {
    private static final int KEY_BYTES = 32;

    /** One audit line. */
    public record Entry(String time, String door, String rulesetVersion, String intakeHmacSha256, String referralLevel,
                        List<String> firedRules) {
    }

    /** The audit line of an assessment could not be written; names the audit file, never the intake. */
    public static final class WriteFailure extends RuntimeException {
        private final transient Path file;

        WriteFailure(Path file, IOException cause) {
            super("the audit log " + file + " could not be written", cause, false, false);
            this.file = file;
        }

        public Path file() {
            return file;
        }
    }

    // Canonical form: properties and map keys sorted, so the same intake always hashes the same.
    private final ObjectMapper canonical = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private final Path file;
    private final FileChannel channel;
    private final SecretKeySpec key;
    private final Clock clock;
    // where the file must be cut back to before the next line, after a torn write that could not be undone
    private long tornAt = -1;

    AuditLog(Path file, FileChannel channel, byte[] key, Clock clock) {
        this.file = file;
        this.channel = channel;
        this.key = new SecretKeySpec(key, "HmacSHA256");
        this.clock = clock;
    }

    /**
     * Opens {@code file} for appending, keyed with the key in {@code keyFile} (created when absent).
     *
     * @throws IllegalArgumentException when either path is a folder, or the key file holds no usable key
     * @throws UnwritableFile           when the audit file or the key file cannot be created or written
     */
    public static AuditLog open(Path file, Path keyFile, Clock clock) throws UnwritableFile {
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("--audit: " + file + " is a folder; give the name of a file to append to");
        }
        byte[] key = loadOrCreateKey(keyFile);
        try {
            // the audit holds hashes, rule ids and card uuids, never an intake, yet it is the clinic's record:
            // readable by its owner only (0600) where the file system has POSIX permissions
            java.util.Set<java.nio.file.OpenOption> options = java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            FileChannel channel = posix
                    ? FileChannel.open(file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : FileChannel.open(file, options);
            if (posix) {
                // an audit file that already existed keeps no wider permissions than a new one
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            }
            return new AuditLog(file, channel, key, clock);
        } catch (IOException e) {
            throw new UnwritableFile(file, e);
        }
    }

    /** {@link #open} with the key file beside the audit file: {@code FILE.key}. */
    public static AuditLog appendingTo(Path file, Clock clock) throws UnwritableFile {
        return open(file, defaultKeyFile(file), clock);
    }

    public static Path defaultKeyFile(Path auditFile) {
        return auditFile.resolveSibling(auditFile.getFileName() + ".key");
    }

    /** The key in {@code keyFile} (hex), or a new random one written there readable by its owner only. */
    static byte[] loadOrCreateKey(Path keyFile) throws UnwritableFile {
        if (Files.isDirectory(keyFile)) {
            throw new IllegalArgumentException("--audit-key: " + keyFile + " is a folder; give the name of a key file");
        }
        if (!Files.exists(keyFile)) {
            byte[] key = new byte[KEY_BYTES];
            new SecureRandom().nextBytes(key);
            try {
                try {
                    Files.createFile(keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                } catch (UnsupportedOperationException notPosix) {
                    Files.createFile(keyFile);
                }
                Files.writeString(keyFile, HexFormat.of().formatHex(key) + "\n", StandardCharsets.US_ASCII);
                return key;
            } catch (FileAlreadyExistsException raced) {
                // another serve created it first: read theirs below
            } catch (IOException e) {
                try {
                    Files.deleteIfExists(keyFile); // never leave a half-written key to be read next time
                } catch (IOException ignored) {
                    // reported below
                }
                throw new UnwritableFile(keyFile, e);
            }
        }
        String text;
        try {
            text = Files.readString(keyFile, StandardCharsets.US_ASCII).strip();
        } catch (IOException e) {
            throw new IllegalArgumentException("--audit-key: " + keyFile + " cannot be read as a key in hex digits");
        }
        byte[] key;
        try {
            key = HexFormat.of().parseHex(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--audit-key: " + keyFile + " does not hold a key in hex digits");
        }
        if (key.length < KEY_BYTES) {
            throw new IllegalArgumentException("--audit-key: " + keyFile + " holds a key shorter than " + KEY_BYTES + " bytes");
        }
        return key;
    }

    /**
     * The cards a CDS Hooks call answered, so that feedback (which names only a card's uuid) can be read
     * against what the card said: for each card its uuid, indicator and kind ({@code referral},
     * {@code warning:CODE}, {@code exercise-plan}). Nothing of the patient.
     */
    public record CardsEntry(String time, String door, String hookInstance, String rulesetVersion, String referralLevel,
                             List<CardLine> cards) {
    }

    public record CardLine(String uuid, String indicator, String kind) {
    }

    /**
     * One CDS Hooks feedback entry: the card's uuid, the outcome, the accepted suggestions' uuids, the
     * override reason's coding (system and code). The user's free-text comment is never recorded: it may
     * name the patient.
     */
    public record Feedback(String card, String outcome, List<String> acceptedSuggestions, String overrideReasonSystem,
                           String overrideReasonCode, String outcomeTimestamp) {
    }

    public record FeedbackEntry(String time, String door, Feedback feedback) {
    }

    /**
     * Appends the line of one assessment, whole or not at all; safe to call from any number of threads.
     *
     * @throws WriteFailure when the line could not be written (the caller must not return the assessment)
     */
    public void record(String door, Intake intake, Assessment assessment) {
        Entry entry = new Entry(clock.instant().toString(), door, assessment.ruleset().version(), hash(intake),
                assessment.referral().level(), assessment.firedRules().stream().map(Assessment.FiredRule::id).toList());
        append(entry);
    }

    /** Appends the line of the cards of one CDS Hooks call. */
    public void recordCards(String hookInstance, Assessment assessment, List<CdsCards.Card> cards) {
        append(new CardsEntry(clock.instant().toString(), "cds-hooks-cards", hookInstance, assessment.ruleset().version(),
                assessment.referral().level(), cards.stream().map(c -> new CardLine(c.uuid(), c.indicator().code(), c.kind())).toList()));
    }

    /** Appends the line of one CDS Hooks feedback entry. */
    public void recordFeedback(Feedback feedback) {
        append(new FeedbackEntry(clock.instant().toString(), "cds-hooks-feedback", feedback));
    }

    private void append(Object entry) {
        byte[] line;
        try {
            line = (canonical.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit entry always serialises", e);
        }
        // one line at a time under a lock: lines from concurrent requests never interleave
        synchronized (channel) {
            long start;
            try {
                if (tornAt >= 0) {
                    channel.truncate(tornAt);
                    tornAt = -1;
                }
                start = channel.size();
            } catch (IOException e) {
                throw new WriteFailure(file, e);
            }
            ByteBuffer buffer = ByteBuffer.wrap(line);
            try {
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            } catch (IOException e) {
                if (buffer.position() > 0) {
                    cutBack(start);
                }
                throw new WriteFailure(file, e);
            }
        }
    }

    /** Removes a torn line; when even that fails, the next write tries again before writing anything. */
    private void cutBack(long start) {
        try {
            channel.truncate(start);
        } catch (IOException e) {
            tornAt = start;
        }
    }

    /** HMAC-SHA256 (hex), with this log's key, of the validated intake as canonical JSON. */
    public String hash(Intake intake) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256"); // a Mac is not thread-safe: one per line
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(canonical.writeValueAsBytes(intake)));
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("an intake always serialises and HmacSHA256 is always there", e);
        }
    }

    /** The file the lines go to (named in the server's log when a line cannot be written). */
    public Path file() {
        return file;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
