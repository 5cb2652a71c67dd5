package org.backtriage.http;

import org.backtriage.engine.TriageEngine;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * LOAD TEST, a measurement rather than a unit test: 1,000 CDS Hooks calls (the example request, form and
 * Patient prefetched) over real HTTP on loopback, one after another after a warm-up, and the latency
 * percentiles printed to stderr. The figure to read is the printed p99; the assertion is only the spec's
 * own budget (a CDS service "SHOULD respond quickly (on the order of 500 ms)"), kept as a generous guard
 * because this 2-core machine is shared with other jobs and a tighter bound would fail on their load,
 * not on ours. The same measurement for the fetch path (form and Patient read from a FHIR server on
 * loopback) is printed beside it, without an assertion.
 */
class CdsLoadIT {
    static final int WARM_UP = 100;
    static final int CALLS = 1_000;
    static final int FETCH_CALLS = 100;

    @Test
    void thousandCdsCallsAnswerWithinTheSpecsBudget() throws Exception {
        TriageEngine engine = TriageEngine.fromFolder(Path.of("core/src/test/frozen-rules"));
        try (LoopbackFhirServer ehr = new LoopbackFhirServer(CdsHooksTest.FHIR.context(), CdsFetchTest.TOKEN);
             HttpFixture service = new HttpFixture(TriageServer.create(new LiveEngine(engine), ServerOptions.open(),
                     new CdsOptions(List.of("*"), List.of(ehr.baseUrl()), CdsHooksTest.FHIR)))) {
            ehr.add(CdsHooksTest.FHIR.parse(CdsHooksTest.exampleResponse(CdsHooksTest.exampleRequest()).toString()).resource());
            ehr.add(CdsHooksTest.FHIR.parse("{\"resourceType\":\"Patient\",\"id\":\"example-patient\",\"birthDate\":\"1980-06-02\"}").resource());

            String prefetched = HttpFixture.JSON.writeValueAsString(CdsHooksTest.exampleRequest());
            long[] prefetch = measure(service, prefetched, WARM_UP, CALLS);
            String fetching = HttpFixture.JSON.writeValueAsString(CdsFetchTest.fetching(ehr.baseUrl(), CdsFetchTest.TOKEN));
            long[] fetch = measure(service, fetching, WARM_UP / 5, FETCH_CALLS);

            System.err.println("CDS load test: " + report(CALLS + " calls, prefetched", prefetch));
            System.err.println("CDS load test: " + report(FETCH_CALLS + " calls, fetched from a loopback FHIR server", fetch));
            assertTrue(percentile(prefetch, 99) < 500_000, "p99 within the spec's 500 ms: " + report("prefetched", prefetch));
        }
    }

    /** Latencies in microseconds of {@code calls} sequential calls after {@code warmUp} unmeasured ones. */
    private static long[] measure(HttpFixture service, String body, int warmUp, int calls) throws Exception {
        HttpRequest request = service.postRequest(CdsHooksTest.SERVICE, "application/json", body);
        long[] micros = new long[calls];
        for (int i = -warmUp; i < calls; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = service.client.send(request, HttpResponse.BodyHandlers.ofString());
            long took = (System.nanoTime() - start) / 1_000;
            assertEquals(200, response.statusCode(), response.body());
            if (i >= 0) {
                micros[i] = took;
            }
        }
        Arrays.sort(micros);
        return micros;
    }

    private static long percentile(long[] sorted, int p) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }

    private static String report(String what, long[] sorted) {
        return String.format("%s: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms", what,
                percentile(sorted, 50) / 1000.0, percentile(sorted, 90) / 1000.0, percentile(sorted, 99) / 1000.0,
                sorted[sorted.length - 1] / 1000.0);
    }
}
