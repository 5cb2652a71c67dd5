package org.backtriage.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A FHIR server on loopback that holds its Patient answer until the test releases it (or a few seconds
 * pass): a CDS Hooks call that must fetch the Patient is then in flight for as long as the test wants.
 */
final class HeldFhirServer implements AutoCloseable {
    final CountDownLatch fetchStarted = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    private final HttpServer server;

    private HeldFhirServer(HttpServer server) {
        this.server = server;
    }

    /** @param holdSeconds the most the answer is held: below the client's read timeout (FhirR4.READ_TIMEOUT) */
    static HeldFhirServer start(long holdSeconds) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        HeldFhirServer held = new HeldFhirServer(server);
        server.createContext("/fhir/Patient/", exchange -> {
            held.fetchStarted.countDown();
            try {
                held.release.await(holdSeconds, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] patient = "{\"resourceType\":\"Patient\",\"id\":\"example-patient\",\"birthDate\":\"1980-06-02\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/fhir+json");
            exchange.sendResponseHeaders(200, patient.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(patient);
            }
        });
        server.start();
        return held;
    }

    String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/fhir";
    }

    /** The CDS Hooks example call with its form prefetched but not its Patient, which the service reads from here. */
    String slowCall(String token) throws Exception {
        ObjectNode request = CdsHooksTest.exampleRequest();
        ((ObjectNode) request.get("prefetch")).remove("patient");
        request.put("fhirServer", base());
        request.putObject("fhirAuthorization").put("access_token", token).put("token_type", "Bearer")
                .put("expires_in", 300).put("scope", "patient/Patient.read").put("subject", "backtriage");
        return HttpFixture.JSON.writeValueAsString(request);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
    }
}
