package org.backtriage.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.HttpStatus;
import io.javalin.plugin.bundled.CorsPlugin;
import org.backtriage.assessment.Assessment;
import org.backtriage.batch.Json;
import org.backtriage.engine.RuleVocabulary;
import org.backtriage.engine.RuleFailure;
import org.backtriage.engine.TriageEngine;
import org.backtriage.fhir.FhirR4;
import org.backtriage.intake.Excerpt;
import org.backtriage.intake.Intake;
import org.backtriage.pages.Handout;
import org.backtriage.pages.Pages;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.UUID;

/**
 * The HTTP door: {@link #create} wires the routes onto an unstarted Javalin app. Handlers only move bytes
 * (content type, size, auth, status); parsing, validation and assessment are {@link IntakeAssessor}'s and
 * {@link CdsService}'s, and the rules are the engine's.
 *
 * <p>Nothing that leaves the server (response or log line) carries an exception message or intake data,
 * and no response carries a class name: errors are {@link Problem}s written here, access log lines are
 * method, path, status, time. A failure on the server's side (a rule that throws, an audit line that cannot
 * be written) is logged with a correlation id, the rule's id or the audit file, and the exception's class;
 * the 500 answer carries the same correlation id.
 */
public final class TriageServer {
    private static final Logger ACCESS = LoggerFactory.getLogger("org.backtriage.http.access");
    private static final Logger LOG = LoggerFactory.getLogger(TriageServer.class);
    private static final String JSON = "application/json";
    /** CDS Clients may send FHIR's own media type for the same JSON. */
    private static final String FHIR_JSON = "application/fhir+json";

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
    // path -> the methods its routes answer, for the Allow header of a 405
    private final Map<String, String> allowed = new HashMap<>();
    private final Pages pages = new Pages();

    private TriageServer(LiveEngine engine, ServerOptions options, CdsOptions cdsOptions) {
        this.engine = engine;
        this.options = options;
        this.assessor = new IntakeAssessor(json, options.audit());
        this.cds = new CdsService(assessor, cdsOptions, json, options.audit());
        this.tokenDigest = options.bearerToken() == null ? null : sha256(options.bearerToken());
    }

    /** The app with every route, not started: the caller starts it on the address it chooses (port 0 for tests). */
    public static Javalin create(LiveEngine engine, ServerOptions options) {
        return create(engine, options, CdsOptions.defaults(new FhirR4()));
    }

    /** The same, with the CDS Hooks service's CORS origins and the FHIR servers it may fetch from. */
    public static Javalin create(LiveEngine engine, ServerOptions options, CdsOptions cdsOptions) {
        TriageServer server = new TriageServer(engine, options, cdsOptions);
        return Javalin.create(config -> {
            // browser CDS Clients (the CDS Hooks sandbox): preflight and headers on the CDS routes only
            config.registerPlugin(new CorsPlugin(cors -> {
                for (String path : List.of("/cds-services", "/cds-services/*")) {
                    cors.addRule(rule -> {
                        rule.path = path;
                        if (cdsOptions.corsOrigins().contains("*")) {
                            rule.anyHost();
                        } else {
                            cdsOptions.corsOrigins().forEach(origin -> rule.allowHost(origin));
                        }
                    });
                }
            }));
            config.startup.showJavalinBanner = false;
            config.http.maxRequestSize = options.maxBodyBytes();
            config.http.prefer405over404 = true;
            GracefulStop.apply(config); // before ServerLimits: its eager body reading goes outside the in-flight count
            ServerLimits.apply(config, options.maxBodyBytes(), server.json);
            config.requestLogger.http((ctx, ms) -> ACCESS.info("{} {} {} {}ms", ctx.method(),
                    Excerpt.of(ctx.path()), ctx.statusCode(), Math.round(ms)));
            // every answer: never cached (assessments are patient data), read only as the type it says it is, and
            // varying with Accept (one URL answers JSON or the HTML handout)
            config.routes.before(ctx -> {
                ctx.header("Cache-Control", "no-store");
                ctx.header("X-Content-Type-Options", "nosniff");
                ctx.header("Vary", "Accept");
            });
            config.routes.before("/v1/*", server::requireToken);
            server.route(config, HandlerType.POST, "/v1/assessments", server::assess);
            server.route(config, HandlerType.GET, "/v1/ruleset", server::ruleset);
            server.route(config, HandlerType.GET, "/health", ctx -> server.send(ctx, 200, new Status("UP", null)));
            server.route(config, HandlerType.GET, "/ready", server::ready);
            server.route(config, HandlerType.GET, "/cds-services", ctx -> server.send(ctx, 200, server.cds.discovery()));
            server.route(config, HandlerType.POST, "/cds-services/" + CdsService.ID, server::cdsCall);
            server.route(config, HandlerType.POST, "/cds-services/" + CdsService.ID + "/feedback", server::cdsFeedback);
            // CORS preflight: the plugin adds the headers; the answer itself has no body
            server.route(config, HandlerType.OPTIONS, "/cds-services", ctx -> ctx.status(204));
            server.route(config, HandlerType.OPTIONS, "/cds-services/*", ctx -> ctx.status(204));
            config.routes.exception(Problem.Failure.class, (e, ctx) -> server.problem(ctx, e.problem()));
            config.routes.exception(HttpResponseException.class, (e, ctx) -> server.problem(ctx,
                    Problem.of(e.getStatus(), HttpStatus.forStatus(e.getStatus()).getMessage(), null)));
            config.routes.exception(RuleFailure.class, (e, ctx) -> {
                // the rule and what it threw, never its message: a message may quote the intake
                String id = UUID.randomUUID().toString();
                LOG.error("request {} {} failed: rule {} threw {} (correlation id {})", ctx.method(),
                        Excerpt.of(ctx.path()), e.ruleId(), e.thrown(), id);
                server.problem(ctx, Problem.of(500, "Internal Server Error", "a rule failed on this intake, so it"
                        + " could not be assessed; quote the correlation id when reporting it").withCorrelationId(id));
            });
            config.routes.exception(AuditLog.WriteFailure.class, (e, ctx) -> {
                // fail closed: an assessment that is not in the audit log is not given out
                String id = UUID.randomUUID().toString();
                LOG.error("request {} {} refused: its audit line could not be written to {} ({}) (correlation id {})",
                        ctx.method(), Excerpt.of(ctx.path()), e.file(), e.getCause().getClass().getName(), id);
                server.problem(ctx, Problem.of(500, "Internal Server Error", "the assessment could not be recorded in"
                        + " the audit log, so it is not given; quote the correlation id when reporting it").withCorrelationId(id));
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                // deliberately without the exception's message or trace: they could quote input
                String id = UUID.randomUUID().toString();
                LOG.error("request {} {} failed unexpectedly: {} (correlation id {})", ctx.method(),
                        Excerpt.of(ctx.path()), e.getClass().getName(), id);
                server.problem(ctx, Problem.of(500, "Internal Server Error", "the request could not be completed;"
                        + " quote the correlation id when reporting it").withCorrelationId(id));
            });
            config.routes.error(404, ctx -> {
                if (!Problem.MEDIA_TYPE.equals(ctx.contentType())) {
                    server.problem(ctx, Problem.of(404, "Not Found", "no such resource"));
                }
            });
            config.routes.error(405, ctx -> {
                String allowed = server.allowed.get(ctx.path());
                if (allowed != null) {
                    ctx.header("Allow", allowed);
                }
                if (!Problem.MEDIA_TYPE.equals(ctx.contentType())) {
                    server.problem(ctx, Problem.of(405, "Method Not Allowed",
                            allowed == null ? null : "this resource allows " + allowed));
                }
            });
        });
    }

    /** Adds a route and notes its method for the {@code Allow} header of a 405 on its path. */
    private void route(JavalinConfig config, HandlerType method, String path, Handler handler) {
        config.routes.addHttpHandler(method, path, handler);
        allowed.merge(path, method.name(), (a, b) -> a + ", " + b);
    }

    private void assess(Context ctx) {
        TriageEngine current = liveEngine(); // read once: this request finishes on this engine
        byte[] body = jsonBody(ctx);
        Intake intake = assessor.validate(assessor.parse(body));
        Assessment assessment = assessor.assess(current, intake, "http");
        if (HandoutNegotiation.wantsHtml(ctx.header("Accept"))) { // a person's browser: the patient handout
            ctx.status(200).contentType("text/html; charset=utf-8")
                    .result(pages.handoutPage(Handout.of(assessment, current.ruleBase().vocabulary(),
                            java.time.LocalDate.ofInstant(options.clock().instant(), java.time.ZoneId.systemDefault()))));
            return;
        }
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

    /**
     * The CDS service reads an intake, so it is guarded like {@code /v1/*}: by the client's signed JWT when
     * {@code --cds-jwks} is set (its audience from the configured public URL, never from the request), else
     * by the bearer token.
     */
    private void cdsCall(Context ctx) {
        if (options.cdsJwt() != null) {
            options.cdsJwt().verify(ctx.header("Authorization"), options.publicUrl() + "/cds-services/" + CdsService.ID);
        } else {
            requireToken(ctx);
        }
        TriageEngine current = liveEngine();
        JsonNode request = assessor.parse(jsonBody(ctx, FHIR_JSON));
        send(ctx, 200, cds.call(request, current));
    }

    /** CDS Hooks feedback: the user accepted or overrode cards. Guarded like the call; answers {}. */
    private void cdsFeedback(Context ctx) {
        if (options.cdsJwt() != null) {
            String path = "/cds-services/" + CdsService.ID + "/feedback";
            options.cdsJwt().verify(ctx.header("Authorization"), options.publicUrl() + path);
        } else {
            requireToken(ctx);
        }
        cds.feedback(assessor.parse(jsonBody(ctx, FHIR_JSON)));
        send(ctx, 200, Map.of());
    }

    /** {@code /v1/*} and the CDS service (without a JWT key set) with a configured token: {@code Authorization: Bearer TOKEN}, compared in constant time. */
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

    /**
     * The body of a JSON request: 415 for another content type, 413 above the size limit.
     *
     * @param alsoAccepted another media type of the same JSON (CDS Clients may send {@code application/fhir+json})
     */
    private byte[] jsonBody(Context ctx, String... alsoAccepted) {
        String type = ctx.contentType();
        String mime = type == null ? "" : type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        if (!mime.equals(JSON) && !List.of(alsoAccepted).contains(mime)) {
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
        } catch (org.eclipse.jetty.http.HttpException.RuntimeException e) {
            // Jetty's own verdict on the body, e.g. 408 when it arrives slower than the minimum data rate
            int status = e.getCode() >= 400 ? e.getCode() : 400;
            throw new Problem.Failure(Problem.of(status, HttpStatus.forStatus(status).getMessage(),
                    "the request body could not be read"));
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
