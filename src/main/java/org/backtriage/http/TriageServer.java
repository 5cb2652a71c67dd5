package org.backtriage.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.Json;
import org.backtriage.engine.RuleVocabulary;
import org.backtriage.engine.TriageEngine;
import org.backtriage.intake.Excerpt;
import org.backtriage.intake.Intake;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * The HTTP door: {@link #create} wires the routes onto an unstarted Javalin app. Handlers only move bytes
 * (content type, size, auth, status); parsing, validation and assessment are {@link IntakeAssessor}'s and
 * {@link CdsService}'s, and the rules are the engine's.
 *
 * <p>Nothing that leaves the server (response or log line) carries an exception message, a class name
 * or intake data: errors are {@link Problem}s written here, access log lines are method, path, status, time.
 */
public final class TriageServer {
    private static final Logger ACCESS = LoggerFactory.getLogger("org.backtriage.http.access");
    private static final Logger LOG = LoggerFactory.getLogger(TriageServer.class);
    private static final String JSON = "application/json";

    /**
     * The {@code /v1/ruleset} answer: the version, every rule, the clinic's thresholds and the vocabulary's
     * texts (exercise names, doses and steps, the words of each level, the safety net), so that a client
     * of {@code evaluate --detail codes} output can look the texts up by rule set version.
     */
    public record RulesetInfo(String version, int ruleCount, List<RuleView> rules, Map<String, String> thresholds,
                              RuleVocabulary vocabulary) {
    }

    public record RuleView(String id, String name, String source) {
    }

    public record Status(String status, String rulesetVersion) {
    }

    private final LiveEngine engine;
    private final ServerOptions options;
    private final ObjectMapper json = Json.mapper();
    private final IntakeAssessor assessor;
    private final CdsService cds;
    private final byte[] tokenDigest;

    private TriageServer(LiveEngine engine, ServerOptions options) {
        this.engine = engine;
        this.options = options;
        this.assessor = new IntakeAssessor(json, options.audit());
        this.cds = new CdsService(assessor, options.clock());
        this.tokenDigest = options.bearerToken() == null ? null : sha256(options.bearerToken());
    }

    /** The app with every route, not started: the caller starts it on the address it chooses (port 0 for tests). */
    public static Javalin create(LiveEngine engine, ServerOptions options) {
        TriageServer server = new TriageServer(engine, options);
        return Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.requestLogger.http((ctx, ms) -> ACCESS.info("{} {} {} {}ms", ctx.method(),
                    Excerpt.of(ctx.path()), ctx.statusCode(), Math.round(ms)));
            config.routes.before("/v1/*", server::requireToken);
            config.routes.post("/v1/assessments", server::assess);
            config.routes.get("/v1/ruleset", server::ruleset);
            config.routes.get("/health", ctx -> server.send(ctx, 200, new Status("UP", null)));
            config.routes.get("/ready", server::ready);
            config.routes.get("/cds-services", ctx -> server.send(ctx, 200, server.cds.discovery()));
            config.routes.post("/cds-services/" + CdsService.ID, server::cdsCall);
            config.routes.exception(Problem.Failure.class, (e, ctx) -> server.problem(ctx, e.problem()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> server.problem(ctx,
                    Problem.of(e.getStatus(), HttpStatus.forStatus(e.getStatus()).getMessage(), null)));
            config.routes.exception(Exception.class, (e, ctx) -> {
                // deliberately without the exception: its message or trace could quote input
                LOG.error("request failed unexpectedly: {} {}", ctx.method(), Excerpt.of(ctx.path()));
                server.problem(ctx, Problem.of(500, "Internal Server Error", "the request could not be completed"));
            });
            config.routes.error(404, ctx -> {
                if (!Problem.MEDIA_TYPE.equals(ctx.contentType())) {
                    server.problem(ctx, Problem.of(404, "Not Found", "no such resource"));
                }
            });
            config.routes.error(405, ctx -> {
                if (!Problem.MEDIA_TYPE.equals(ctx.contentType())) {
                    server.problem(ctx, Problem.of(405, "Method Not Allowed", null));
                }
            });
        });
    }

    private void assess(Context ctx) {
        TriageEngine current = liveEngine(); // read once: this request finishes on this engine
        byte[] body = jsonBody(ctx);
        Intake intake = assessor.validate(assessor.parse(body));
        Assessment assessment = assessor.assess(current, intake, "http");
        send(ctx, 200, assessment);
    }

    private void ruleset(Context ctx) {
        TriageEngine current = liveEngine();
        List<RuleView> rules = current.rules().stream().map(r -> new RuleView(r.id(), r.name(), r.source())).toList();
        send(ctx, 200, new RulesetInfo(current.ruleBase().version(), rules.size(), rules,
                current.ruleBase().thresholds().values(), current.ruleBase().vocabulary()));
    }

    private void ready(Context ctx) {
        TriageEngine current = engine.current().orElse(null);
        if (current == null) {
            problem(ctx, Problem.of(503, "Service Unavailable", "the rules are not loaded yet"));
        } else {
            send(ctx, 200, new Status("READY", current.ruleBase().version()));
        }
    }

    private void cdsCall(Context ctx) {
        if (options.cdsJwt() != null) {
            String audience = options.publicUrl() != null ? options.publicUrl() + "/cds-services/" + CdsService.ID : ctx.url();
            options.cdsJwt().verify(ctx.header("Authorization"), audience);
        }
        TriageEngine current = liveEngine();
        JsonNode request = assessor.parse(jsonBody(ctx));
        send(ctx, 200, cds.call(request, current));
    }

    /** {@code /v1/*} with a configured token: {@code Authorization: Bearer TOKEN}, compared in constant time. */
    private void requireToken(Context ctx) {
        if (tokenDigest == null) {
            return;
        }
        String header = ctx.header("Authorization");
        boolean bearer = header != null && header.regionMatches(true, 0, "Bearer ", 0, 7);
        // digests have equal length, so the comparison time does not depend on the token's length either
        if (!bearer || !MessageDigest.isEqual(tokenDigest, sha256(header.substring(7).trim()))) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new Problem.Failure(Problem.of(401, "Unauthorized",
                    bearer ? "the bearer token is not valid" : "this endpoint needs Authorization: Bearer <token>"));
        }
    }

    private TriageEngine liveEngine() {
        return engine.current().orElseThrow(() ->
                new Problem.Failure(Problem.of(503, "Service Unavailable", "the rules are not loaded yet")));
    }

    /** The body of a JSON request: 415 for another content type, 413 above the size limit. */
    private byte[] jsonBody(Context ctx) {
        String type = ctx.contentType();
        String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals(JSON)) {
            throw new Problem.Failure(Problem.of(415, "Unsupported Media Type", "send the body as " + JSON));
        }
        long limit = options.maxBodyBytes();
        if (ctx.req().getContentLengthLong() > limit) {
            throw tooLarge(limit);
        }
        try (InputStream in = ctx.req().getInputStream()) {
            byte[] body = in.readNBytes((int) limit + 1); // a chunked body has no length: read one byte past the limit
            if (body.length > limit) {
                throw tooLarge(limit);
            }
            return body;
        } catch (IOException e) {
            throw new Problem.Failure(Problem.of(400, "Bad Request", "the request body could not be read"));
        }
    }

    private static Problem.Failure tooLarge(long limit) {
        return new Problem.Failure(Problem.of(413, "Content Too Large", "the body may be at most " + limit + " bytes"));
    }

    private void send(Context ctx, int status, Object body) {
        write(ctx, status, JSON, body);
    }

    private void problem(Context ctx, Problem problem) {
        write(ctx, problem.status(), Problem.MEDIA_TYPE, problem);
    }

    private void write(Context ctx, int status, String contentType, Object body) {
        try {
            ctx.status(status).contentType(contentType).result(json.writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("response records always serialise", e);
        }
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
