package org.backtriage.http;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks the JWT a CDS Client sends with each call (CDS Hooks 2.0, "Trusting CDS Clients"): signed by a
 * key in the configured JWK Set, {@code iss} the configured issuer, {@code aud} this service's URL, not
 * expired, and carrying {@code iat} and {@code jti}. Verification is nimbus-jose-jwt's; this class only
 * says what to require, and adds what CDS Hooks asks beyond it: a token lives at most five minutes
 * ({@code exp - iat}), is not issued in the future, and is used once ({@code jti} remembered until the
 * token expires, so a captured token cannot be replayed).
 */
public final class CdsJwtVerifier {
    /** The spec asks clients to sign with ES384 or RS384; the other common asymmetric algorithms are accepted too. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "exp", "iat", "jti");
    /** CDS Hooks: "the expiration time ... SHOULD be no more than 5 minutes in the future". */
    static final Duration MAX_LIFETIME = Duration.ofMinutes(5);
    /** How far the client's clock may be ahead of or behind this server's. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);

    private final JWKSource<SecurityContext> keys;
    private final String issuer;
    private final Clock clock;
    // jti -> when the token it came with expires; a jti seen again before then is a replay
    private final Map<String, Instant> used = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.MIN;

    public CdsJwtVerifier(JWKSet keys, String issuer) {
        this(keys, issuer, Clock.systemUTC());
    }

    public CdsJwtVerifier(JWKSet keys, String issuer, Clock clock) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("--cds-issuer is required with --cds-jwks");
        }
        this.keys = new ImmutableJWKSet<>(keys);
        this.issuer = issuer;
        this.clock = clock;
    }

    /** Reads the client's public keys from a JWK Set file. */
    public static CdsJwtVerifier fromFile(Path jwks, String issuer) {
        try {
            return new CdsJwtVerifier(JWKSet.load(jwks.toFile()), issuer, Clock.systemUTC());
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("cannot read the JWK Set in " + jwks + ": not a readable JWK Set file");
        }
    }

    /**
     * Verifies the token for a call to {@code audience} (the service's URL).
     *
     * @throws Problem.Failure 401 when the token is missing, forged, expired, meant for someone else, lives
     *                         longer than five minutes, is issued in the future, or was used before
     */
    public void verify(String authorization, String audience) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw refused("this CDS service needs the client's signed JWT: Authorization: Bearer <JWT>");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claimsVerifier = new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS, null);
        claimsVerifier.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claimsVerifier);
        JWTClaimsSet claims;
        try {
            claims = processor.process(authorization.substring(7).trim(), null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            // the reason stays on the server side of the door: the client learns only that it was refused
            throw refused("the JWT was refused: bad signature, wrong issuer or audience, expired, or a required claim missing");
        }
        Instant now = clock.instant();
        Instant issued = claims.getIssueTime().toInstant();
        Instant expires = claims.getExpirationTime().toInstant();
        String jti = claims.getJWTID();
        if (jti == null || jti.isBlank()) {
            throw refused("the JWT was refused: its jti is empty");
        }
        if (issued.isAfter(now.plus(CLOCK_SKEW))) {
            throw refused("the JWT was refused: it is issued in the future");
        }
        if (Duration.between(issued, expires).compareTo(MAX_LIFETIME) > 0) {
            throw refused("the JWT was refused: it lives longer than " + MAX_LIFETIME.toMinutes() + " minutes (exp - iat)");
        }
        sweep(now);
        // remembered until it could no longer pass the exp check anyway
        if (used.putIfAbsent(jti, expires.plus(CLOCK_SKEW)) != null) {
            throw refused("the JWT was refused: its jti was used before (a token is good for one call)");
        }
    }

    /** Forgets the jti of tokens that have expired; at most once a second, so a call never pays for many. */
    private void sweep(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plusSeconds(1);
        used.values().removeIf(forgetAfter -> forgetAfter.isBefore(now));
    }

    private static Problem.Failure refused(String detail) {
        return new Problem.Failure(Problem.of(401, "Unauthorized", detail));
    }
}
