package org.backtriage.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.ErrorHandlerAdapter;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.IParserErrorHandler.IParseLocation;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.IRestfulClientFactory;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import org.backtriage.intake.FieldError;
import org.hl7.fhir.instance.model.api.IBaseResource;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * HAPI FHIR for R4, made once per process (building a {@link FhirContext} scans the whole R4 model and
 * takes a second or more) and shared: JSON in and out, and the REST client that fetches forms.
 *
 * <p>Parsing is lenient about elements it does not know (EHRs add their own), strict about values that
 * break their FHIR type. Problems are collected as field errors worded here: HAPI's own messages quote
 * the value, which may be patient data, so they are never passed on or logged.
 */
public final class FhirR4 {
    /** Connect and read limits for fetching from an EHR's FHIR server: a CDS call should answer in about 500 ms. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    public static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

    private final FhirContext context;

    public FhirR4() {
        this.context = FhirContext.forR4();
        IRestfulClientFactory clients = context.getRestfulClientFactory();
        // no CapabilityStatement round trip before the first search: the search is all we need
        clients.setServerValidationMode(ServerValidationModeEnum.NEVER);
        clients.setConnectTimeout((int) CONNECT_TIMEOUT.toMillis());
        clients.setConnectionRequestTimeout((int) CONNECT_TIMEOUT.toMillis());
        clients.setSocketTimeout((int) READ_TIMEOUT.toMillis());
        // no redirects, a size cap and a deadline on every answer (BoundedFetch): HAPI uses this client as given
        clients.setHttpClient(BoundedFetch.client(CONNECT_TIMEOUT, READ_TIMEOUT));
    }

    public FhirContext context() {
        return context;
    }

    /**
     * A parsed resource and the value problems met on the way.
     *
     * @param resource the resource, or {@code null} when the JSON is not a FHIR resource at all
     * @param problems values that break their FHIR type (each naming the element, never quoting the value)
     */
    public record Parsed(IBaseResource resource, List<FieldError> problems) {
        public Parsed {
            problems = List.copyOf(problems);
        }
    }

    /** Parses one resource from its JSON; never throws for bad input. */
    public Parsed parse(String json) {
        Problems problems = new Problems();
        IParser parser = context.newJsonParser().setParserErrorHandler(problems);
        try {
            return new Parsed(parser.parseResource(json), problems.found);
        } catch (DataFormatException | IllegalArgumentException e) {
            // HAPI's message quotes the input: say what is wrong in our own words
            problems.found.add(new FieldError("resourceType", "not a FHIR R4 resource: the JSON needs a known resourceType"
                    + " and FHIR's structure (an object per element, a list for repeating ones)"));
            return new Parsed(null, problems.found);
        }
    }

    public String encode(IBaseResource resource) {
        return context.newJsonParser().encodeResourceToString(resource);
    }

    /** A client of {@code baseUrl} that sends {@code Authorization: Bearer token} when a token is given. */
    public IGenericClient client(String baseUrl, String bearerToken) {
        IGenericClient client = context.newRestfulGenericClient(baseUrl);
        if (bearerToken != null) {
            client.registerInterceptor(new BearerTokenAuthInterceptor(bearerToken));
        }
        return client;
    }

    /** Collects value problems in plain words; unknown elements are let through (extensions of EHRs). */
    private static final class Problems extends ErrorHandlerAdapter {
        final List<FieldError> found = new ArrayList<>();

        @Override
        public void invalidValue(IParseLocation location, String value, String error) {
            found.add(new FieldError(where(location), "a value that is not valid for its FHIR type (for example a"
                    + " date that is not YYYY-MM-DD, or a code with spaces)"));
        }

        @Override
        public void incorrectJsonType(IParseLocation location, String elementName, BaseJsonLikeValue.ValueType expected,
                                      BaseJsonLikeValue.ScalarType expectedScalar, BaseJsonLikeValue.ValueType found,
                                      BaseJsonLikeValue.ScalarType foundScalar) {
            this.found.add(new FieldError(elementName == null ? where(location) : elementName,
                    "expected a JSON " + kind(expected, expectedScalar) + ", got a JSON " + kind(found, foundScalar)));
        }

        private static String where(IParseLocation location) {
            String parent = location == null ? null : location.getParentElementName();
            return parent == null ? "resource" : parent;
        }

        private static String kind(BaseJsonLikeValue.ValueType type, BaseJsonLikeValue.ScalarType scalar) {
            if (type == BaseJsonLikeValue.ValueType.SCALAR && scalar != null) {
                return scalar.name().toLowerCase(Locale.ROOT);
            }
            return type == null ? "value" : type.name().toLowerCase(Locale.ROOT);
        }
    }
}
