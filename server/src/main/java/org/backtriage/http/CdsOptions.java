package org.backtriage.http;

import org.backtriage.fhir.FhirR4;

import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * How the CDS Hooks service meets the world beyond its own requests.
 *
 * @param corsOrigins the browser origins allowed to call {@code /cds-services} ({@code *}: any). CDS
 *                    Clients authenticate with an {@code Authorization} header, never cookies, so no
 *                    credentials are allowed cross-origin and {@code *} lends a page nothing it did not have
 * @param fhirServers the FHIR base URLs the service may fetch a form from when prefetch leaves it out
 *                    ({@code fhirServer} comes from the caller: fetching from any URL given would let a
 *                    caller make this server send requests into its own network). Empty: never fetch
 * @param fhir        HAPI FHIR, shared (building it is slow)
 */
public record CdsOptions(List<String> corsOrigins, List<String> fhirServers, FhirR4 fhir) {
    public CdsOptions {
        corsOrigins = List.copyOf(corsOrigins);
        fhirServers = fhirServers.stream().map(CdsOptions::withoutTrailingSlash).toList();
        for (String server : fhirServers) {
            URI uri = URI.create(server);
            if (!uri.isAbsolute() || !List.of("http", "https").contains(uri.getScheme().toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException("--fhir-server must be an http(s) base URL, not " + server);
            }
        }
    }

    /** Any origin; no fetching. */
    public static CdsOptions defaults(FhirR4 fhir) {
        return new CdsOptions(List.of("*"), List.of(), fhir);
    }

    /**
     * True when {@code fhirServer} is one of the configured servers, or a path below one: the same scheme,
     * host and port, and a path that stays inside the base path. A URL with a query, a fragment, user
     * information, a dot segment ({@code /fhir/../admin}) or an escaped dot, slash or backslash is refused:
     * each could make the text look inside the base while the request goes elsewhere (with the token).
     */
    public boolean mayFetchFrom(String fhirServer) {
        URI asked;
        try {
            asked = new URI(fhirServer);
        } catch (java.net.URISyntaxException e) {
            return false;
        }
        if (!asked.isAbsolute() || asked.isOpaque() || asked.getRawQuery() != null || asked.getRawFragment() != null
                || asked.getRawUserInfo() != null || asked.getHost() == null) {
            return false;
        }
        String path = asked.getRawPath() == null ? "" : asked.getRawPath();
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || path.contains("\\")
                || List.of(path.split("/")).stream().anyMatch(s -> s.equals(".") || s.equals(".."))) {
            return false;
        }
        String askedPath = withoutTrailingSlash(path);
        return fhirServers.stream().map(URI::create).anyMatch(base -> sameServer(base, asked)
                && (askedPath.equals(withoutTrailingSlash(base.getRawPath() == null ? "" : base.getRawPath()))
                || askedPath.startsWith(withoutTrailingSlash(base.getRawPath() == null ? "" : base.getRawPath()) + "/")));
    }

    private static boolean sameServer(URI base, URI asked) {
        return base.getScheme().equalsIgnoreCase(asked.getScheme()) && base.getHost().equalsIgnoreCase(asked.getHost())
                && port(base) == port(asked);
    }

    private static int port(URI uri) {
        return uri.getPort() >= 0 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
