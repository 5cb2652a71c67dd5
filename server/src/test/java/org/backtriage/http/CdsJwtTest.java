package org.backtriage.http;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.backtriage.Engines;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Issue 12, the CDS client JWT row: a token is good for one call (its jti is remembered for its life), an
 * empty jti, a lifetime over five minutes and an iat in the future are refused, and the audience is the
 * configured public URL, never the URL the request arrived on.
 */
class CdsJwtTest {
    static final String ISSUER = "https://ehr.example.org/";
    static final String PUBLIC_URL = "https://cds.example.org";
    static final String AUDIENCE = PUBLIC_URL + CdsHooksTest.SERVICE;
    static RSAKey key;
    static HttpFixture server;
    static String request;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("ehr-key-1").generate();
        CdsJwtVerifier verifier = new CdsJwtVerifier(new JWKSet(key.toPublicJWK()), ISSUER);
        server = new HttpFixture(TriageServer.create(new LiveEngine(Engines.frozen()),
                new ServerOptions(ServerOptions.DEFAULT_MAX_BODY, null, verifier, PUBLIC_URL, null, Clock.systemUTC())));
        request = HttpFixture.JSON.writeValueAsString(CdsHooksTest.exampleRequest());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String token(String audience, Instant issued, Instant expires, String jti) throws Exception {
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).audience(audience)
                .issueTime(Date.from(issued)).expirationTime(Date.from(expires)).jwtID(jti).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS384).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    static int call(String token) throws Exception {
        HttpResponse<String> response = server.post(CdsHooksTest.SERVICE, "application/json", request,
                "Authorization", "Bearer " + token);
        return response.statusCode();
    }

    @Test
    void aTokenReplayedWithinItsLifeIsRefused() throws Exception {
        Instant now = Instant.now();
        String token = token(AUDIENCE, now, now.plusSeconds(120), "replay-1");
        assertEquals(200, call(token));
        assertEquals(401, call(token), "first replay");
        assertEquals(401, call(token), "second replay");
        assertEquals(200, call(token(AUDIENCE, now, now.plusSeconds(120), "replay-2")), "a new jti is a new token");
    }

    @Test
    void anEmptyJtiIsRefused() throws Exception {
        Instant now = Instant.now();
        assertEquals(401, call(token(AUDIENCE, now, now.plusSeconds(60), "")));
        assertEquals(401, call(token(AUDIENCE, now, now.plusSeconds(60), "  ")));
    }

    @Test
    void aTokenLivingLongerThanFiveMinutesIsRefused() throws Exception {
        Instant now = Instant.now();
        assertEquals(401, call(token(AUDIENCE, now, now.plus(Duration.ofDays(3650)), "ten-years")));
        assertEquals(401, call(token(AUDIENCE, now, now.plus(Duration.ofMinutes(6)), "six-minutes")));
        assertEquals(200, call(token(AUDIENCE, now, now.plus(Duration.ofMinutes(5)), "five-minutes")));
    }

    @Test
    void aTokenIssuedInTheFutureIsRefusedBeyondASmallClockSkew() throws Exception {
        Instant later = Instant.now().plus(Duration.ofMinutes(10));
        assertEquals(401, call(token(AUDIENCE, later, later.plusSeconds(60), "from-the-future")));
        Instant slightlyAhead = Instant.now().plusSeconds(5);
        assertEquals(200, call(token(AUDIENCE, slightlyAhead, slightlyAhead.plusSeconds(60), "clock-a-bit-fast")));
    }

    @Test
    void theAudienceIsThePublicUrlNeverTheUrlTheRequestArrivedOn() throws Exception {
        Instant now = Instant.now();
        // what the old code accepted: aud built from the request's own URL (its Host header)
        assertEquals(401, call(token(server.uri(CdsHooksTest.SERVICE).toString(), now, now.plusSeconds(60), "host-aud")));
        assertEquals(200, call(token(AUDIENCE, now, now.plusSeconds(60), "public-aud")));
    }
}
