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

    /** True when {@code fhirServer} is one of the configured servers, or a path below one. */
    public boolean mayFetchFrom(String fhirServer) {
        String asked = withoutTrailingSlash(fhirServer);
        return fhirServers.stream().anyMatch(base -> asked.equals(base) || asked.startsWith(base + "/"));
    }

    private static String withoutTrailingSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
