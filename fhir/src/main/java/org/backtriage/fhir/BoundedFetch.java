package org.backtriage.fhir;

import org.apache.http.HttpEntity;
import org.apache.http.HttpResponseInterceptor;
import org.apache.http.conn.ConnectionReleaseTrigger;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.MessageConstraints;
import org.apache.http.entity.HttpEntityWrapper;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;

/**
 * The HTTP client that fetches from a CDS Client's FHIR server, with the limits a hostile or broken server
 * cannot get round (issue 22): redirects are never followed (the bearer token goes to the listed server and
 * nowhere else); an answer's body may be at most {@link #MAX_BYTES}; and the body must arrive within
 * {@link #DEADLINE} of the answer starting, however slowly it drips, so a fetch cannot hold a connection
 * (and the CDS call) open byte by byte. Headers are bounded in size by message constraints.
 */
final class BoundedFetch {
    /** The largest FHIR answer read: a search page of ten forms is a few hundred kilobytes at most. */
    static final long MAX_BYTES = 8L * 1024 * 1024;
    /** The longest a body may take to arrive, within the CDS Hooks answer budget. */
    static final Duration DEADLINE = Duration.ofSeconds(4);

    private BoundedFetch() {
    }

    /** The answer broke one of the limits. */
    static final class LimitExceeded extends IOException {
        LimitExceeded(String message) {
            super(message, null);
        }
    }

    static CloseableHttpClient client(Duration connectTimeout, Duration readTimeout) {
        RequestConfig requests = RequestConfig.custom()
                .setConnectTimeout((int) connectTimeout.toMillis())
                .setConnectionRequestTimeout((int) connectTimeout.toMillis())
                .setSocketTimeout((int) readTimeout.toMillis())
                .setRedirectsEnabled(false)
                .build();
        ConnectionConfig connections = ConnectionConfig.custom()
                .setMessageConstraints(MessageConstraints.custom().setMaxHeaderCount(100).setMaxLineLength(16 * 1024).build())
                .build();
        HttpResponseInterceptor bounded = (response, context) -> {
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                if (entity.getContentLength() > MAX_BYTES) {
                    throw new LimitExceeded("the answer is larger than " + MAX_BYTES / (1024 * 1024) + " MiB");
                }
                response.setEntity(new Bounded(entity, System.nanoTime() + DEADLINE.toNanos()));
            }
        };
        return HttpClientBuilder.create()
                .disableRedirectHandling()
                .disableAutomaticRetries()
                .setDefaultRequestConfig(requests)
                .setDefaultConnectionConfig(connections)
                .setMaxConnTotal(64)
                .setMaxConnPerRoute(32)
                .addInterceptorLast(bounded)
                .useSystemProperties()
                .build();
    }

    /** An entity whose stream stops at the size cap and at the deadline. */
    private static final class Bounded extends HttpEntityWrapper {
        private final long deadline;

        Bounded(HttpEntity wrapped, long deadline) {
            super(wrapped);
            this.deadline = deadline;
        }

        @Override
        public InputStream getContent() throws IOException {
            return new FilterInputStream(super.getContent()) {
                private long read;

                private void account(long n) throws IOException {
                    if (n > 0) {
                        read += n;
                    }
                    if (read > MAX_BYTES) {
                        throw abort(new LimitExceeded("the answer is larger than " + MAX_BYTES / (1024 * 1024) + " MiB"));
                    }
                    if (System.nanoTime() - deadline > 0) {
                        throw abort(new LimitExceeded("the answer took longer than " + DEADLINE.toSeconds() + " seconds to arrive"));
                    }
                }

                // closing would otherwise read the rest of the answer to reuse the connection: the very drip or
                // flood being refused. Aborting drops the connection instead.
                private LimitExceeded abort(LimitExceeded limit) {
                    if (in instanceof ConnectionReleaseTrigger trigger) {
                        try {
                            trigger.abortConnection();
                        } catch (IOException ignored) {
                            // the connection is being dropped either way
                        }
                    }
                    return limit;
                }

                @Override
                public int read() throws IOException {
                    int b = super.read();
                    account(b < 0 ? 0 : 1);
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    int n = super.read(buffer, offset, length);
                    account(n);
                    return n;
                }
            };
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);
            }
        }
    }
}
