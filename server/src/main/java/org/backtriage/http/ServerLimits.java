package org.backtriage.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.HttpStatus;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.handler.EagerContentHandler;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.component.LifeCycle;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * What keeps slow or hostile clients from taking the server from everyone else, set on the Jetty server
 * under Javalin:
 * <ul>
 *   <li>a request body is read in full <em>before</em> a thread is given to the request
 *       ({@link EagerContentHandler}): a client that drips its body holds a connection, not one of the
 *       worker threads that {@code /health} and everyone else need;</li>
 *   <li>a body that arrives in more pieces than that allows goes to the handler, whose reads must then keep
 *       up at least {@link #MIN_REQUEST_BYTES_PER_SECOND} (else 408);</li>
 *   <li>a connection silent for {@link #IDLE_TIMEOUT} is closed;</li>
 *   <li>Jetty's own refusals (a bad Content-Length, an oversized header or URI) answer
 *       {@code application/problem+json} like every other error, with the status's standard title only:
 *       Jetty's message may quote the request.</li>
 * </ul>
 */
final class ServerLimits {
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(10);
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
    // Jetty keeps each received piece of a body in its network buffer (8 KiB) until the body is complete:
    // count each piece as a whole buffer, so a body sent a byte at a time cannot pin much memory.
    private static final int NETWORK_BUFFER_BYTES = 8 * 1024;
    private static final int PIECES_KEPT = 16;

    private ServerLimits() {
    }

    static void apply(JavalinConfig config, long maxBodyBytes, ObjectMapper json) {
        config.jetty.modifyHttpConfiguration(http -> {
            http.setIdleTimeout(IDLE_TIMEOUT.toMillis());
            http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
        });
        config.jetty.modifyServer(server -> {
            server.insertHandler(new EagerContentHandler(new EagerContentHandler.RetainedContentLoaderFactory(
                    maxBodyBytes + (long) PIECES_KEPT * NETWORK_BUFFER_BYTES, NETWORK_BUFFER_BYTES, false)));
            server.setErrorHandler(new ProblemErrorHandler(json));
            server.addEventListener(new LifeCycle.Listener() {
                @Override
                public void lifeCycleStarting(LifeCycle event) {
                    // the connectors exist only once Javalin has been given the address to start on
                    for (Connector connector : ((Server) event).getConnectors()) {
                        if (connector instanceof AbstractConnector limited) {
                            limited.setIdleTimeout(IDLE_TIMEOUT.toMillis());
                        }
                    }
                }
            });
        });
    }

    /** Jetty's own error responses, written as problem details instead of HTML pages. */
    static final class ProblemErrorHandler extends ErrorHandler {
        private final ObjectMapper json;

        ProblemErrorHandler(ObjectMapper json) {
            this.json = json;
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            int status = request.getAttribute(ERROR_STATUS) instanceof Integer code ? code : response.getStatus();
            if (status < 400) {
                status = 500;
            }
            byte[] body;
            try {
                body = json.writeValueAsBytes(Problem.of(status, HttpStatus.forStatus(status).getMessage(), null));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a problem always serialises", e);
            }
            response.setStatus(status);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            response.write(true, ByteBuffer.wrap(body), callback);
            return true;
        }
    }
}
