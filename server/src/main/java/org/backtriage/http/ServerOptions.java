package org.backtriage.http;

import java.time.Clock;

/**
 * What the server is configured with, besides the engine.
 *
 * @param maxBodyBytes largest request body accepted (413 above it)
 * @param bearerToken  the token {@code /v1/*} requires, or {@code null} for none
 * @param cdsJwt       the verifier of CDS Clients' JWTs, or {@code null}: then the CDS service takes the bearer
 *                     token, like {@code /v1/*} (or nothing, when there is no token either)
 * @param publicUrl    the base URL clients call (e.g. {@code https://cds.example.org}), the JWT audience's prefix;
 *                     required with {@code cdsJwt}: the audience is never taken from the request (its Host
 *                     header is the client's to choose)
 * @param audit        the audit log, or {@code null}
 * @param clock        for ages counted from a birth date when a form has no authored date
 */
public record ServerOptions(long maxBodyBytes, String bearerToken, CdsJwtVerifier cdsJwt, String publicUrl,
                            AuditLog audit, Clock clock) {
    public static final long DEFAULT_MAX_BODY = 64 * 1024;

    public ServerOptions {
        if (maxBodyBytes < 1 || maxBodyBytes > Integer.MAX_VALUE - 1) {
            throw new IllegalArgumentException("--max-body must be from 1 to " + (Integer.MAX_VALUE - 1) + " bytes");
        }
        if (cdsJwt != null && (publicUrl == null || publicUrl.isBlank())) {
            throw new IllegalArgumentException("--cds-jwks needs --public-url: the URL clients call is the audience"
                    + " their JWT must name, and it is not taken from the request");
        }
        if (publicUrl != null && publicUrl.endsWith("/")) {
            publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        }
        clock = clock == null ? Clock.systemUTC() : clock;
    }

    /** No token, no JWT check, no audit: for loopback and tests. */
    public static ServerOptions open() {
        return new ServerOptions(DEFAULT_MAX_BODY, null, null, null, null, Clock.systemUTC());
    }

    @Override
    public String toString() {
        // never print the token
        return "ServerOptions[maxBodyBytes=" + maxBodyBytes + ", token=" + (bearerToken != null) + ", cdsJwt="
                + (cdsJwt != null) + ", publicUrl=" + publicUrl + ", audit=" + (audit != null) + "]";
    }
}
