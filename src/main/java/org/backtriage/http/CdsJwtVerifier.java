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
import java.util.Set;

/**
 * Checks the JWT a CDS Client sends with each call (CDS Hooks 2.0, "Trusting CDS Clients"): signed by a
 * key in the configured JWK Set, {@code iss} the configured issuer, {@code aud} this service's URL, not
 * expired, and carrying {@code iat} and {@code jti}. Verification is nimbus-jose-jwt's; this class only
 * says what to require.
 */
public final class CdsJwtVerifier {
    /** The spec asks clients to sign with ES384 or RS384; the other common asymmetric algorithms are accepted too. */
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    private static final Set<String> REQUIRED_CLAIMS = Set.of("iss", "aud", "exp", "iat", "jti");

    private final JWKSource<SecurityContext> keys;
    private final String issuer;

    public CdsJwtVerifier(JWKSet keys, String issuer) {
        if (issuer == null || issuer.isBlank()) {
            throw new IllegalArgumentException("--cds-issuer is required with --cds-jwks");
        }
        this.keys = new ImmutableJWKSet<>(keys);
        this.issuer = issuer;
    }

    /** Reads the client's public keys from a JWK Set file. */
    public static CdsJwtVerifier fromFile(Path jwks, String issuer) {
        try {
            return new CdsJwtVerifier(JWKSet.load(jwks.toFile()), issuer);
        } catch (IOException | ParseException e) {
            throw new IllegalArgumentException("cannot read the JWK Set in " + jwks + ": not a readable JWK Set file");
        }
    }

    /**
     * Verifies the token for a call to {@code audience} (the service's URL).
     *
     * @throws Problem.Failure 401 when the token is missing, forged, expired or meant for someone else
     */
    public void verify(String authorization, String audience) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw refused("this CDS service needs the client's signed JWT: Authorization: Bearer <JWT>");
        }
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), REQUIRED_CLAIMS, null));
        try {
            processor.process(authorization.substring(7).trim(), null);
        } catch (ParseException | BadJOSEException | JOSEException e) {
            // the reason stays on the server side of the door: the client learns only that it was refused
            throw refused("the JWT was refused: bad signature, wrong issuer or audience, expired, or a required claim missing");
        }
    }

    private static Problem.Failure refused(String detail) {
        return new Problem.Failure(Problem.of(401, "Unauthorized", detail));
    }
}
