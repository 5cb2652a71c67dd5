package org.backtriage.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Headless Chromium (Debian's {@code chromium}) driven over the DevTools protocol, for tests that look at
 * pages as a browser shows them: one browser for the whole test class, one tab, each page loaded from a
 * file. It records what a page logs (console errors, uncaught exceptions, failed loads) and every request
 * it makes, takes full-page screenshots at a given width and prints to PDF.
 */
final class Chromium implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long TIMEOUT_SECONDS = 60;

    private final Process process;
    private final Path profile;
    private final WebSocket socket;
    private final String session;
    private final AtomicInteger ids = new AtomicInteger();
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<String> problems = Collections.synchronizedList(new ArrayList<>());
    private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
    private volatile CompletableFuture<Void> loaded = new CompletableFuture<>();

    /** The browser's executable on the PATH, if installed. */
    static Optional<Path> find() {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String name : List.of("chromium", "chromium-browser")) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, name);
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }

    static Chromium start(Path executable) throws IOException, InterruptedException {
        Path profile = Files.createTempDirectory("backtriage-chromium");
        // the flags this machine needs: no sandbox (root in a container), no GPU, and nothing that reaches the network
        Process process = new ProcessBuilder(executable.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--hide-scrollbars", "--mute-audio", "--user-data-dir=" + profile,
                "--remote-debugging-port=0", "about:blank")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String endpoint = null;
        BufferedReader stderr = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
        String line;
        while (System.nanoTime() < deadline && (line = stderr.readLine()) != null) {
            int at = line.indexOf("ws://");
            if (line.startsWith("DevTools listening on") && at >= 0) {
                endpoint = line.substring(at).trim();
                break;
            }
        }
        if (endpoint == null) {
            process.destroyForcibly();
            throw new IOException("chromium did not open its DevTools endpoint");
        }
        Thread drain = new Thread(() -> stderr.lines().forEach(ignored -> { }), "chromium-stderr");
        drain.setDaemon(true);
        drain.start();
        return new Chromium(process, profile, endpoint);
    }

    private Chromium(Process process, Path profile, String endpoint) throws InterruptedException {
        this.process = process;
        this.profile = profile;
        try {
            this.socket = HttpClient.newHttpClient().newWebSocketBuilder()
                    .buildAsync(URI.create(endpoint), new Listener()).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            String target = send(null, "Target.createTarget", JSON.createObjectNode().put("url", "about:blank"))
                    .path("targetId").asText();
            this.session = send(null, "Target.attachToTarget",
                    JSON.createObjectNode().put("targetId", target).put("flatten", true)).path("sessionId").asText();
            for (String domain : List.of("Page.enable", "Runtime.enable", "Log.enable", "Network.enable")) {
                call(domain, JSON.createObjectNode());
            }
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("cannot drive chromium over DevTools", e);
        }
    }

    /**
     * Loads {@code file} in a viewport {@code width} wide ({@code mobile} as a phone does) and waits for its load
     * event. What it logs from now on is in {@link #problems()}, what it requests in {@link #requests()}.
     */
    void open(Path file, int width, int height, boolean mobile) {
        problems.clear();
        requests.clear();
        call("Emulation.setDeviceMetricsOverride", JSON.createObjectNode().put("width", width).put("height", height)
                .put("deviceScaleFactor", 1).put("mobile", mobile));
        loaded = new CompletableFuture<>();
        call("Page.navigate", JSON.createObjectNode().put("url", file.toUri().toString()));
        try {
            loaded.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the page did not finish loading: " + file, e);
        }
    }

    /** Console errors and warnings, uncaught exceptions and browser log errors since the page was opened. */
    List<String> problems() {
        synchronized (problems) {
            return List.copyOf(problems);
        }
    }

    /** Every URL the page requested since it was opened. */
    List<String> requests() {
        synchronized (requests) {
            return List.copyOf(requests);
        }
    }

    /** A JavaScript expression's value (for measuring the page, never needed to read it). */
    JsonNode evaluate(String expression) {
        return call("Runtime.evaluate", JSON.createObjectNode().put("expression", expression).put("returnByValue", true))
                .path("result").path("value");
    }

    /** A PNG of the whole page (up to {@code maxHeight} pixels tall) at the current width. */
    byte[] screenshot(int maxHeight) {
        JsonNode size = call("Page.getLayoutMetrics", JSON.createObjectNode()).path("cssContentSize");
        ObjectNode clip = JSON.createObjectNode().put("x", 0).put("y", 0)
                .put("width", Math.ceil(size.path("width").asDouble()))
                .put("height", Math.min(maxHeight, Math.ceil(size.path("height").asDouble()))).put("scale", 1);
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.set("clip", clip);
        return Base64.getDecoder().decode(call("Page.captureScreenshot", params).path("data").asText());
    }

    /** A PNG of one element (the first that {@code selector} finds), wherever it is on the page. */
    byte[] screenshotOf(String selector) {
        JsonNode box = evaluate("(() => { const r = document.querySelector(" + JSON.valueToTree(selector)
                + ").getBoundingClientRect(); return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height}; })()");
        ObjectNode clip = JSON.createObjectNode().put("x", box.path("x").asDouble()).put("y", box.path("y").asDouble())
                .put("width", Math.ceil(box.path("width").asDouble())).put("height", Math.ceil(box.path("height").asDouble()))
                .put("scale", 1);
        ObjectNode params = JSON.createObjectNode().put("format", "png").put("captureBeyondViewport", true);
        params.set("clip", clip);
        return Base64.getDecoder().decode(call("Page.captureScreenshot", params).path("data").asText());
    }

    /** The page printed to PDF as its print style sheet asks (A4), backgrounds included, no header or footer. */
    byte[] printToPdf() {
        ObjectNode params = JSON.createObjectNode().put("preferCSSPageSize", true).put("printBackground", true)
                .put("displayHeaderFooter", false);
        return Base64.getDecoder().decode(call("Page.printToPDF", params).path("data").asText());
    }

    private JsonNode call(String method, ObjectNode params) {
        try {
            return send(session, method, params);
        } catch (Exception e) {
            throw new IllegalStateException("DevTools " + method + " failed", e);
        }
    }

    private JsonNode send(String sessionId, String method, ObjectNode params) throws Exception {
        int id = ids.incrementAndGet();
        ObjectNode message = JSON.createObjectNode().put("id", id).put("method", method);
        message.set("params", params);
        if (sessionId != null) {
            message.put("sessionId", sessionId);
        }
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        pending.put(id, answer);
        synchronized (this) {
            socket.sendText(JSON.writeValueAsString(message), true).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        JsonNode reply = answer.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (reply.has("error")) {
            throw new IllegalStateException(method + ": " + reply.get("error"));
        }
        return reply.path("result");
    }

    private void event(JsonNode message) {
        JsonNode params = message.path("params");
        switch (message.path("method").asText()) {
            case "Page.loadEventFired" -> loaded.complete(null);
            case "Runtime.consoleAPICalled" -> {
                String type = params.path("type").asText();
                if (type.equals("error") || type.equals("warning") || type.equals("assert")) {
                    problems.add("console " + type + ": " + params.path("args"));
                }
            }
            case "Runtime.exceptionThrown" -> problems.add("exception: " + params.path("exceptionDetails"));
            case "Log.entryAdded" -> {
                JsonNode entry = params.path("entry");
                if (entry.path("level").asText().equals("error") || entry.path("level").asText().equals("warning")) {
                    problems.add("log " + entry.path("level").asText() + ": " + entry.path("text").asText()
                            + " " + entry.path("url").asText());
                }
            }
            case "Network.requestWillBeSent" -> requests.add(params.path("request").path("url").asText());
            case "Network.loadingFailed" -> problems.add("load failed: " + params.path("errorText").asText());
            default -> { }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            send(null, "Browser.close", JSON.createObjectNode());
        } catch (Exception alreadyGone) {
            // the browser is stopped below either way
        }
        socket.abort();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try (Stream<Path> paths = Files.walk(profile)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException stillInUse) {
            // a temporary profile left behind is harmless
        }
    }

    /** Collects text frames into messages, answers replies and records events. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                try {
                    JsonNode message = JSON.readTree(text);
                    if (message.has("id")) {
                        CompletableFuture<JsonNode> answer = pending.remove(message.get("id").asInt());
                        if (answer != null) {
                            answer.complete(message);
                        }
                    } else {
                        event(message);
                    }
                } catch (IOException e) {
                    problems.add("unreadable DevTools message");
                }
            }
            webSocket.request(1);
            return null;
        }
    }
}
