package org.backtriage.cli;

import io.javalin.Javalin;
import org.backtriage.authoring.ScenarioLoader;
import org.backtriage.authoring.ScenarioRunner;
import org.backtriage.check.RuleProblem;
import org.backtriage.commandline.ExitCode;
import org.backtriage.engine.RuleBaseException;
import org.backtriage.engine.RuleFiles;
import org.backtriage.engine.TriageEngine;
import org.backtriage.http.AuditLog;
import org.backtriage.http.CdsJwtVerifier;
import org.backtriage.http.CdsOptions;
import org.backtriage.http.GracefulStop;
import org.backtriage.fhir.FhirR4;
import org.backtriage.http.LiveEngine;
import org.backtriage.http.RuleWatcher;
import org.backtriage.http.ServerOptions;
import org.backtriage.http.TriageServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code backtriage serve}: the engine over HTTP (JSON API and CDS Hooks) until the process is stopped. */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves assessments over HTTP: POST /v1/assessments, GET /v1/ruleset, GET /health, GET /ready,",
                "and the CDS Hooks service at /cds-services. Runs until stopped (Ctrl-C / SIGTERM); a stop refuses new",
                "connections and lets the requests in flight finish (for up to " + GracefulStop.GRACE_SECONDS + " s) before it exits."})
public final class ServeCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesOption rules;

    @Option(names = "--port", paramLabel = "N", defaultValue = "8080", description = "Port to listen on (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--bind", paramLabel = "ADDR", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String bind;

    @Option(names = "--token-file", paramLabel = "FILE", description = "File holding the bearer token that /v1/* and the CDS service (unless --cds-jwks) require.")
    Path tokenFile;

    @Option(names = "--cds-jwks", paramLabel = "FILE", description = "JWK Set of the CDS Clients' public keys: CDS Hooks calls must carry a JWT signed by one of them.")
    Path cdsJwks;

    @Option(names = "--cds-issuer", paramLabel = "ISS", description = "The iss the CDS Client's JWT must carry (with --cds-jwks).")
    String cdsIssuer;

    @Option(names = "--public-url", paramLabel = "URL", description = "Base URL clients call (e.g. https://cds.example.org); required with --cds-jwks: the JWT aud must be URL/cds-services/back-exercise-advice.")
    String publicUrl;

    @Option(names = "--insecure", description = "Allow listening on a non-loopback address without --token-file.")
    boolean insecure;

    @Option(names = "--watch", description = "Reload the rules when a rule file changes (only if the new rules compile).")
    boolean watch;

    @Option(names = "--audit", paramLabel = "FILE", description = "Append one JSON line per assessment (time, rule set version, keyed intake hash, level, fired rules).")
    Path auditFile;

    @Option(names = "--audit-key", paramLabel = "FILE", description = "Key of the audit's intake hashes (HMAC-SHA256), created owner-only when absent (default: the --audit file + .key).")
    Path auditKey;

    @Option(names = "--max-body", paramLabel = "BYTES", defaultValue = "65536", description = "Largest request body accepted (default: ${DEFAULT-VALUE}).")
    long maxBody;

    @Option(names = "--cors-origin", paramLabel = "ORIGIN", defaultValue = "*", split = ",",
            description = "Browser origins allowed to call /cds-services (CORS), e.g. https://sandbox.cds-hooks.org; default: any (*).")
    List<String> corsOrigins;

    @Option(names = "--fhir-server", paramLabel = "URL",
            description = "A FHIR base URL the CDS service may fetch the intake form from when prefetch leaves it out (repeatable). Default: none.")
    List<String> fhirServers = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if ((cdsJwks == null) != (cdsIssuer == null)) {
            throw new IllegalArgumentException("--cds-jwks and --cds-issuer go together");
        }
        if (cdsJwks != null && publicUrl == null) {
            throw new IllegalArgumentException("--cds-jwks needs --public-url: the audience a CDS Client's JWT must name"
                    + " is the URL clients call, and it is never taken from the request");
        }
        String token = tokenFile == null ? null : readToken(tokenFile);
        if (token == null && !insecure && !isLoopback(bind)) {
            err.println("backtriage: refusing to listen on " + bind + " (not a loopback address) without --token-file;"
                    + " give a token, bind to 127.0.0.1, or pass --insecure if another layer guards the service");
            err.flush();
            return ExitCode.USAGE;
        }
        CdsJwtVerifier cdsJwt = cdsJwks == null ? null : CdsJwtVerifier.fromFile(cdsJwks, cdsIssuer);
        Path watched = watch ? watchedFolder() : null;

        AuditLog audit = auditFile == null ? null
                : AuditLog.open(auditFile, auditKey != null ? auditKey : AuditLog.defaultKeyFile(auditFile), Clock.systemUTC());
        TriageEngine engine = rules.engine(err);
        LiveEngine live = new LiveEngine(engine);
        ServerOptions options = new ServerOptions(maxBody, token, cdsJwt, publicUrl, audit, Clock.systemUTC());
        Javalin app = TriageServer.create(live, options, new CdsOptions(corsOrigins, fhirServers, new FhirR4()));
        RuleWatcher watcher = watched == null ? null
                : new RuleWatcher(watched, live, files -> compileAndTest(files, watched), reload -> { }).start(Duration.ofSeconds(1));
        try {
            app.start(bind, port);
        } catch (RuntimeException e) {
            err.println("backtriage: cannot listen on " + bind + ":" + port + " (in use, or not an address of this machine)");
            err.flush();
            return ExitCode.USAGE;
        }
        err.println("backtriage: serving on http://" + bind + ":" + app.port() + " with rule set "
                + engine.ruleBase().version() + " (" + engine.rules().size() + " rules)"
                + (watched == null ? "" : "; watching " + watched));
        err.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            // the requests in flight are answered (and audited) before the audit log closes
            GracefulStop.stop(app);
            if (watcher != null) {
                watcher.close();
            }
            try {
                if (audit != null) {
                    audit.close();
                }
            } catch (IOException ignored) {
                // stopping anyway
            }
            stopped.countDown();
        }, "backtriage-stop"));
        stopped.await();
        return ExitCode.OK;
    }

    private Path watchedFolder() {
        try {
            return rules.authoringFolder();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--watch needs a rules folder (--rules DIR or ./rules); the rules built into the jar do not change");
        }
    }

    private static String readToken(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("--token-file: no such file: " + file);
        }
        String token = Files.readString(file, StandardCharsets.UTF_8).trim();
        if (token.length() < 16) {
            throw new IllegalArgumentException("--token-file: the token must be at least 16 characters");
        }
        return token;
    }

    private static boolean isLoopback(String address) {
        try {
            return InetAddress.getByName(address).isLoopbackAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("--bind: not an address of this machine: " + address);
        }
    }

    /**
     * What a hot reload must pass before it goes live: the rule files compile, and every scenario in
     * the folder's scenarios/ passes, as {@code backtriage test} runs and judges them (the same
     * {@link ScenarioRunner}). A failing scenario is reported like a compile problem, so the watcher logs
     * it and the old rule base keeps serving.
     */
    static TriageEngine compileAndTest(RuleFiles files, Path folder) {
        TriageEngine candidate = TriageEngine.from(files);
        Path scenarios = ScenarioRunner.folderOf(folder);
        if (!Files.isDirectory(scenarios)) {
            return candidate;
        }
        List<RuleProblem> failures = new ArrayList<>();
        for (ScenarioRunner.Outcome outcome : new ScenarioRunner(candidate).runAll(ScenarioLoader.filesIn(scenarios))) {
            if (!outcome.passed()) {
                failures.add(new RuleProblem(ScenarioRunner.FOLDER + "/" + outcome.file().getFileName(), 0, 0,
                        "scenario fails: " + outcome.why()));
            }
        }
        if (!failures.isEmpty()) {
            throw new RuleBaseException(files.origin(), failures);
        }
        return candidate;
    }
}
