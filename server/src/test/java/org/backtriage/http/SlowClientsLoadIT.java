package org.backtriage.http;

import org.backtriage.Engines;
import org.backtriage.engine.TriageEngine;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Issue 12, the slow-client row, as a short load test: 300 clients each start a POST and then send its
 * body one byte a second, holding their connections open. Meanwhile {@code /health} and a normal
 * assessment must still be answered at once: a dripping body holds a connection, never a worker thread.
 */
class SlowClientsLoadIT {
    static final int SLOW_CLIENTS = 300;
    static final Duration HOLD = Duration.ofSeconds(4);
    static final String INTAKE = "{\"id\":\"normal-client\",\"age\":40,\"regions\":[\"lower_back\"],\"painScore\":3}";

    @Test
    void healthIsAnsweredWhile300SlowClientsHoldConnections() throws Exception {
        TriageEngine engine = Engines.frozen();
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        List<Socket> slow = new ArrayList<>();
        try (HttpFixture server = new HttpFixture(TriageServer.create(new LiveEngine(engine), ServerOptions.open()))) {
            byte[] head = ("POST /v1/assessments HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 4000\r\n\r\n{").getBytes(StandardCharsets.US_ASCII);
            for (int i = 0; i < SLOW_CLIENTS; i++) {
                Socket socket = new Socket("127.0.0.1", server.app.port());
                socket.getOutputStream().write(head);
                slow.add(socket);
            }
            ServerConnector connector = (ServerConnector) server.app.jettyServer().server().getConnectors()[0];

            long longestHealthMillis = 0;
            int healthAnswered = 0;
            long end = System.nanoTime() + HOLD.toNanos();
            while (System.nanoTime() < end) {
                int open = drip(slow);
                assertTrue(open >= SLOW_CLIENTS * 9 / 10, "the slow clients still hold their connections: " + open);
                long started = System.nanoTime();
                HttpResponse<String> health = client.send(HttpRequest.newBuilder(server.uri("/health"))
                        .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
                longestHealthMillis = Math.max(longestHealthMillis, (System.nanoTime() - started) / 1_000_000);
                assertEquals(200, health.statusCode());
                healthAnswered++;
                Thread.sleep(1000);
            }
            assertTrue(connector.getConnectedEndPoints().size() >= SLOW_CLIENTS,
                    "the server still holds the slow connections: " + connector.getConnectedEndPoints().size());
            HttpResponse<String> assessed = client.send(HttpRequest.newBuilder(URI.create(server.uri("/v1/assessments").toString()))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(INTAKE)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, assessed.statusCode(), assessed.body());
            assertTrue(healthAnswered >= 3, "answered " + healthAnswered + " times");
            // generous for a loaded 2-core machine; starved threads would make it time out at 2 s
            assertTrue(longestHealthMillis < 1500, "the slowest /health took " + longestHealthMillis + " ms");
        } finally {
            for (Socket socket : slow) {
                socket.close();
            }
        }
    }

    /** One more body byte on every slow connection; how many were still open to take it. */
    private static int drip(List<Socket> sockets) {
        int open = 0;
        for (Socket socket : sockets) {
            try {
                OutputStream out = socket.getOutputStream();
                out.write(' ');
                out.flush();
                open++;
            } catch (IOException closedByServer) {
                // counted as not open
            }
        }
        return open;
    }
}
