package org.backtriage.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Stopping the server without cutting off answers already being made (issue 22: a SIGTERM during a CDS
 * Hooks call used to close the connection with no answer). Javalin's own stop closes every connection at
 * once: Jetty waits for requests only when a handler counts them, and Jetty 12's StatisticsHandler (the one
 * Javalin adds) no longer does. {@link #stop} instead:
 * <ol>
 *   <li>closes the listening socket, so a new connection is refused;</li>
 *   <li>answers a new request on a connection already open with 503 (problem JSON);</li>
 *   <li>waits up to {@link #GRACE} for the requests being handled to finish and their answers to be sent;</li>
 *   <li>then stops the server, closing every connection and cutting off only what is still running.</li>
 * </ol>
 * A request counts from when its body has arrived ({@link ServerLimits}' eager body reading sits outside the
 * count), and only requests are waited for, not idle or half-sent connections: a client dripping a body,
 * or keeping a connection open, cannot hold the stop up.
 */
public final class GracefulStop {
    private static final Logger LOG = LoggerFactory.getLogger(GracefulStop.class);

    /**
     * How long a stop waits for requests in flight. Longer than a CDS call that waits on its FHIR server to
     * the limits of both its fetches (connect 2 s, first byte 5 s, body 4 s, twice: 22 s), and shorter than
     * the 30 s Kubernetes gives a pod between SIGTERM and SIGKILL (systemd gives 90 s).
     */
    public static final int GRACE_SECONDS = 25;
    public static final Duration GRACE = Duration.ofSeconds(GRACE_SECONDS);

    private GracefulStop() {
    }

    /**
     * Counts the requests in flight. Must run before {@link ServerLimits#apply}: each handler inserted goes
     * outermost, and the eager body reading must stay outside the count.
     */
    static void apply(JavalinConfig config) {
        config.jetty.modifyServer(server -> server.insertHandler(new GracefulHandler()));
    }

    /**
     * Stops {@code app} as above; serve's shutdown hook (SIGTERM, Ctrl-C) calls this. Returns once every
     * request in flight has been answered, or after {@link #GRACE} with those still running cut off.
     *
     * @return whether every request in flight finished within the grace period
     */
    public static boolean stop(Javalin app) {
        Server server = app.jettyServer().server();
        GracefulHandler requests = server.getDescendant(GracefulHandler.class);
        boolean finished = true;
        if (server.isStarted() && requests != null) {
            // the handler refuses new requests (503) before the socket closes: once a new connection is
            // refused, a new request on a connection opened earlier is refused too, never served
            CompletableFuture<Void> drained = requests.shutdown();
            for (Connector connector : server.getConnectors()) {
                connector.shutdown(); // closes the listening socket; the open connections stay for now
            }
            try {
                drained.get(GRACE.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                finished = false;
                LOG.warn("requests were still running {} s after the stop began; they are cut off", GRACE.toSeconds());
            } catch (ExecutionException e) {
                finished = false;
                LOG.warn("waiting for the requests in flight failed ({}); stopping anyway", e.getCause().getClass().getName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                finished = false;
            }
        }
        app.stop();
        return finished;
    }
}
