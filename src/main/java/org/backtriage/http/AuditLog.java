package org.backtriage.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import org.backtriage.assessment.Assessment;
import org.backtriage.intake.Intake;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code --audit FILE}: one JSON line per assessment, appended. It records what was decided and on which
 * rules, never the intake itself: only a SHA-256 of the intake's canonical JSON, so a clinic that kept
 * the intake can prove which assessment it got.
 */
public final class AuditLog implements Closeable {
    /** One audit line. */
    public record Entry(String time, String door, String rulesetVersion, String intakeSha256, String referralLevel,
                        List<String> firedRules) {
    }

    // Canonical form: properties and map keys sorted, so the same intake always hashes the same.
    private final ObjectMapper canonical = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private final FileChannel channel;
    private final Clock clock;

    private AuditLog(FileChannel channel, Clock clock) {
        this.channel = channel;
        this.clock = clock;
    }

    public static AuditLog appendingTo(Path file, Clock clock) throws IOException {
        return new AuditLog(FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND), clock);
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

    /** Appends the line of one assessment; safe to call from any number of threads. */
    public void record(String door, Intake intake, Assessment assessment) {
        Entry entry = new Entry(clock.instant().toString(), door, assessment.ruleset().version(), hash(intake),
                assessment.referral().level(), assessment.firedRules().stream().map(Assessment.FiredRule::id).toList());
        append(entry);
    }

    /** Appends the line of the cards of one CDS Hooks call. */
    public void recordCards(String hookInstance, Assessment assessment, List<CdsCards.Card> cards) {
        append(new CardsEntry(clock.instant().toString(), "cds-hooks-cards", hookInstance, assessment.ruleset().version(),
                assessment.referral().level(), cards.stream().map(c -> new CardLine(c.uuid(), c.indicator(), c.kind())).toList()));
    }

    /** Appends the line of one CDS Hooks feedback entry. */
    public void recordFeedback(Feedback feedback) {
        append(new FeedbackEntry(clock.instant().toString(), "cds-hooks-feedback", feedback));
    }

    private void append(Object entry) {
        try {
            byte[] line = (canonical.writeValueAsString(entry) + "\n").getBytes(StandardCharsets.UTF_8);
            // one write per line under a lock: lines from concurrent requests never interleave
            synchronized (channel) {
                ByteBuffer buffer = ByteBuffer.wrap(line);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the audit log could not be written", e);
        }
    }

    /** SHA-256 (hex) of the validated intake as canonical JSON. */
    public String hash(Intake intake) {
        try {
            byte[] json = canonical.writeValueAsBytes(intake);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("an intake always serialises and SHA-256 is always there", e);
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
