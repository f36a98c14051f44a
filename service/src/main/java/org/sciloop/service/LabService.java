package org.sciloop.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.sciloop.core.campaign.CampaignHistory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sciloop serve}: the lab service. A REST API (described at {@code /api/openapi.json}) over the campaign
 * queue, with each campaign's trace as a live event stream; every request but none is a user's, by token, and
 * what a user does to a campaign is on its trace under their name. Errors are RFC 9457 problem details.
 */
public final class LabService implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LabService.class);
    /** Strict: a key given twice or text after the object is a mistake to refuse, not a value to pick. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();
    private static final String CALLER = "sciloop.caller";
    /** How long a request waits for a command to finish before it answers 202 (still at work). */
    private static final Duration ACTION_WAIT = Duration.ofSeconds(60);
    /** The largest request body read: a scenario's YAML or a batch's results are far smaller. */
    private static final long MAX_BODY_BYTES = 1_000_000;

    private final Store store;
    private final Accounts accounts;
    private final Sessions sessions;
    private final CampaignQueue queue;
    private final TraceFeed feed = new TraceFeed();
    private final Javalin http;
    private final Duration tokenLife;
    /** Held while the service runs on its embedded database; null with an outside one. */
    private DataFolderLock lock;

    /**
     * The service's settings.
     *
     * @param data its folder: the embedded database, the campaigns' folders, its users' keys
     * @param database a JDBC URL to use instead of the embedded database (PostgreSQL), or null
     * @param parallel how many campaigns run at once
     * @param tlsCertificate a PEM certificate chain to serve HTTPS with (and {@code tlsKey}, its PEM key), or null
     * @param executor where campaigns run (as Slurm jobs: {@code data} must be on storage the nodes share)
     * @param name this service's name among services that share one database (each goes on with its own)
     * @param yamlTools the tools a scenario sent as YAML may use (built-in scenarios may use any)
     */
    public record Settings(String host, int port, Path data, String database, int parallel, Duration tokenLife,
                           Path tlsCertificate, Path tlsKey, Executor executor, String name,
                           java.util.Set<String> yamlTools) {
        boolean https() {
            return tlsCertificate != null;
        }
    }

    private LabService(Settings settings, SciloopCommands commands, Clock clock, SslContextFactory.Server tls) {
        this.store = settings.database() == null ? Store.embedded(settings.data()) : Store.at(settings.database());
        Path keys = settings.data().resolve("config");  // the users' signing keys, as sciloop keeps them
        this.accounts = new Accounts(store, keys, clock);
        this.queue = new CampaignQueue(store, commands, settings.data(), keys, settings.parallel(), clock,
                settings.executor(), settings.name(), settings.yamlTools());
        this.sessions = new Sessions(accounts);
        this.tokenLife = settings.tokenLife();
        this.http = Javalin.create(config -> {
            config.jetty.host = settings.host();
            config.jetty.port = settings.port();
            config.http.maxRequestSize = MAX_BODY_BYTES;
            if (tls != null) {
                config.jetty.addConnector((server, httpConfig) -> {
                    httpConfig.addCustomizer(new org.eclipse.jetty.server.SecureRequestCustomizer());
                    var connector = new org.eclipse.jetty.server.ServerConnector(server, tls,
                            new org.eclipse.jetty.server.HttpConnectionFactory(httpConfig));
                    connector.setHost(settings.host());
                    connector.setPort(settings.port());
                    return connector;
                });
            }
            config.startup.showJavalinBanner = false;
            config.staticFiles.enableWebjars();
            config.routes.before("/api/*", ctx -> ctx.attribute(CALLER, sessions.apiCaller(ctx)));
            config.routes.before("/api/campaigns/{id}/trace", ctx -> {
                // Checked here, before the stream opens: once it has, an error can no longer be answered.
                if (!String.valueOf(ctx.header("Accept")).contains("text/event-stream")) {
                    throw new Problem(406, "the trace is a stream of Server-Sent Events: send 'Accept:"
                            + " text/event-stream' (curl -N -H 'Accept: text/event-stream' ...)");
                }
                String last = Optional.ofNullable(ctx.header("Last-Event-ID")).orElse(ctx.queryParam("lastEventId"));
                QueuedCampaign c = queue.get(ctx.pathParam("id"));  // an unknown one is 404 before the stream opens
                long after = last == null || last.isBlank() ? 0 : lineNumber(last.strip());
                long written = after > 0 ? completeLines(c.trace()) : 0;
                if (after > written) {  // a trace only grows: no event of this stream had that id
                    throw new Problem(400, "Last-Event-ID " + after + " is past the trace's last line (" + written
                            + "): it is not the id of an event this stream sent");
                }
            });
            config.routes.beforeMatched("/api/*", LabService::onlyQueryTaken);  // an unknown endpoint stays 404
            config.routes.before("/api/*", ctx -> {
                // A body is read as JSON only when it says it is JSON (results may also be CSV).
                String type = String.valueOf(ctx.contentType());
                if (!ctx.body().isEmpty() && !type.startsWith("application/json") && !type.startsWith("text/csv")
                        && !ctx.path().endsWith("/results")) {
                    throw new Problem(415, "send the body as application/json (it came as " + type + ")");
                }
            });
            routes(config.routes);
            new Dashboard(queue, sessions, commands.scenarios()).routes(config.routes);
            config.routes.exception(Problem.class, (e, ctx) -> problem(ctx, e.status(), e.detail()));
            config.routes.exception(Exception.class, (e, ctx) -> {
                LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
                problem(ctx, 500, "the service failed on this request: " + e.getMessage());
            });
            config.routes.error(404, "*", ctx -> {
                if (ctx.result() == null || ctx.result().startsWith("Endpoint ")) {  // no route, not a Problem
                    problem(ctx, 404, "no such endpoint: " + ctx.method() + " " + ctx.path()
                            + " (the API is described at /api/openapi.json; the pages start at /)");
                }
            });
            config.routes.error(413, "*", ctx -> problem(ctx, 413, "the request body is too large: at most "
                    + String.format(java.util.Locale.ROOT, "%,d", MAX_BODY_BYTES) + " bytes"));
        });
    }

    /** Starts the service; on a new data folder it makes the user {@code admin} and prints its token once. */
    public static LabService start(Settings settings, SciloopCommands commands, Clock clock,
                                   java.io.PrintWriter out) {
        // Read before anything is made or listens: a wrong certificate or key stops the start with the file's name.
        SslContextFactory.Server tls = settings.https() ? Tls.context(settings.tlsCertificate(), settings.tlsKey())
                : null;
        requireFreeAddress(settings.host(), settings.port());  // nor is anything made for a port that is taken
        try {
            Files.createDirectories(settings.data());
        } catch (IOException e) {
            throw new org.sciloop.core.InputException("--data " + settings.data() + ": cannot make the folder: "
                    + e.getMessage());
        }
        // The embedded database is this service's alone: a second service on the folder would corrupt it.
        DataFolderLock lock = settings.database() == null ? DataFolderLock.take(settings.data()) : null;
        LabService service;
        try {
            service = new LabService(settings, commands, clock, tls);
            service.lock = lock;
            service.http.start();
        } catch (RuntimeException e) {
            if (lock != null) {
                lock.close();
            }
            throw e instanceof org.sciloop.core.InputException || e instanceof IllegalStateException ? e
                    : new org.sciloop.core.InputException("--host " + settings.host() + " --port " + settings.port()
                    + ": cannot listen there: " + rootCause(e));
        }
        // Only once it listens: a start that fails makes no admin whose one-time token nobody saw.
        service.accounts.bootstrap(settings.tokenLife()).ifPresent(token -> {
            out.printf("a new service: user 'admin' made; its token, shown only now:%n  %s%n", token);
        });
        service.queue.start();
        out.printf("sciloop serve: open %s://%s:%d/ in a browser (API at /api, described at /api/openapi.json),"
                + " data in %s%n", settings.https() ? "https" : "http", settings.host(), service.port(),
                settings.data().toAbsolutePath());
        if (!settings.https() && !isLoopback(settings.host())) {
            out.printf("WARNING: plain HTTP on %s: tokens and session cookies cross the network readable; give"
                    + " --tls-cert and --tls-key%n", settings.host());
        }
        out.flush();
        return service;
    }

    public int port() {
        return http.port();
    }

    /** Refuses an address this machine does not have or a port in use, with the operating system's reason. */
    private static void requireFreeAddress(String host, int port) {
        try (java.net.ServerSocket probe = new java.net.ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(java.net.InetAddress.getByName(host), port));
        } catch (IOException e) {
            throw new org.sciloop.core.InputException("--host " + host + " --port " + port + ": cannot listen there: "
                    + e.getMessage());
        }
    }

    private static String rootCause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }

    private static boolean isLoopback(String host) {
        try {
            return java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.net.UnknownHostException e) {
            return false;
        }
    }

    private void routes(io.javalin.config.RoutesConfig r) {
        r.get("/api/openapi.json", ctx -> {
            try (InputStream in = LabService.class.getResourceAsStream("openapi.json")) {
                ctx.contentType("application/json").result(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        });
        r.get("/api/me", ctx -> json(ctx, 200, JSON.createObjectNode().put("name", caller(ctx).name())
                .put("role", caller(ctx).role().name().toLowerCase())));

        r.get("/api/users", ctx -> {
            caller(ctx).require(Role.Permission.USERS);
            ArrayNode users = JSON.createArrayNode();
            store.users().forEach(u -> users.addObject().put("name", u[0]).put("role", u[1]).put("created", u[2]));
            json(ctx, 200, users);
        });
        r.post("/api/users", ctx -> {
            caller(ctx).require(Role.Permission.USERS);
            JsonNode body = only(body(ctx), "name", "role");
            String name = text(body, "name", true);
            accounts.addUser(name, Role.named(text(body, "role", true)));
            json(ctx, 201, JSON.createObjectNode().put("name", name).put("role", body.get("role").asText()));
        });
        r.post("/api/users/{name}/tokens", ctx -> {
            caller(ctx).require(Role.Permission.USERS);
            JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : only(body(ctx), "label", "days");
            Duration life = body.has("days") ? Duration.ofDays(positive(body, "days")) : tokenLife;
            String token = accounts.issueToken(ctx.pathParam("name"), text(body, "label", false), life);
            json(ctx, 201, JSON.createObjectNode().put("user", ctx.pathParam("name")).put("token", token)
                    .put("note", "shown only now; the service keeps only its hash"));
        });
        r.delete("/api/users/{name}/tokens", ctx -> {
            caller(ctx).require(Role.Permission.USERS);
            json(ctx, 200, JSON.createObjectNode().put("revoked", accounts.revokeTokens(ctx.pathParam("name"))));
        });

        r.post("/api/campaigns", ctx -> {
            Caller caller = caller(ctx).require(Role.Permission.SUBMIT);
            JsonNode body = only(body(ctx), "scenario", "yaml", "planner", "budget", "batch", "seed", "manual",
                    "approval");
            SciloopCommands.Overrides overrides = new SciloopCommands.Overrides(text(body, "planner", false),
                    body.has("budget") ? (int) positive(body, "budget") : null,
                    body.has("batch") ? (int) positive(body, "batch") : null,
                    body.has("seed") ? whole(body, "seed") : null, flag(body, "manual"),
                    text(body, "approval", false));
            QueuedCampaign c = queue.submit(caller, text(body, "scenario", false), text(body, "yaml", false), overrides);
            ctx.header("Location", "/api/campaigns/" + c.id());
            json(ctx, 201, CampaignViews.of(c, rank(c), false));
        });
        r.get("/api/campaigns", ctx -> {
            caller(ctx);
            String state = ctx.queryParam("state");
            if (state != null && java.util.Arrays.stream(QueuedCampaign.State.values())
                    .noneMatch(s -> s.name().equalsIgnoreCase(state))) {
                throw new Problem(400, "no campaign is ever in state '" + state + "'; the states are " + String.join(
                        ", ", java.util.Arrays.stream(QueuedCampaign.State.values())
                                .map(s -> s.name().toLowerCase(java.util.Locale.ROOT)).toList()));
            }
            String scenario = ctx.queryParam("scenario");
            String by = ctx.queryParam("submittedBy");
            ArrayNode list = JSON.createArrayNode();
            List<QueuedCampaign> all = queue.all();
            List<String> queued = all.stream().filter(c -> c.state() == QueuedCampaign.State.QUEUED)
                    .map(QueuedCampaign::id).toList();
            for (QueuedCampaign c : all) {
                if ((state == null || c.state().name().equalsIgnoreCase(state))
                        && (scenario == null || c.scenario().equals(scenario))
                        && (by == null || c.submittedBy().equals(by))) {
                    list.add(CampaignViews.of(c, queued.indexOf(c.id()) + 1, false));
                }
            }
            json(ctx, 200, list);
        });
        r.get("/api/campaigns/{id}", ctx -> {
            caller(ctx);
            QueuedCampaign c = queue.get(ctx.pathParam("id"));
            json(ctx, 200, CampaignViews.of(c, rank(c), true));
        });
        r.sse("/api/campaigns/{id}/trace", client -> {
            Context ctx = client.ctx();
            QueuedCampaign c = queue.get(ctx.pathParam("id"));
            String last = Optional.ofNullable(ctx.header("Last-Event-ID")).orElse(ctx.queryParam("lastEventId"));
            long after = last == null || last.isBlank() ? 0 : lineNumber(last.strip());
            feed.follow(client, c.trace(), after, () -> {
                QueuedCampaign now = queue.get(c.id());
                return now.state() == QueuedCampaign.State.QUEUED || now.state() == QueuedCampaign.State.RUNNING
                        ? null : now.state().name().toLowerCase() + (now.detail().isEmpty() ? "" : ": " + now.detail());
            });
        });
        r.get("/api/campaigns/{id}/pending.csv", ctx -> {
            caller(ctx);
            Path pending = queue.get(ctx.pathParam("id")).runDir().resolve("pending.csv");
            if (!Files.isRegularFile(pending)) {
                throw new Problem(404, "nothing waits to be run by hand in " + ctx.pathParam("id"));
            }
            ctx.contentType("text/csv").result(Files.readString(pending));
        });
        r.post("/api/campaigns/{id}/results", ctx -> {
            Caller caller = caller(ctx).require(Role.Permission.TELL);
            QueuedCampaign c = queue.get(ctx.pathParam("id"));
            List<String> tell = new ArrayList<>(List.of("tell"));
            Path told = null;
            if (String.valueOf(ctx.contentType()).startsWith("text/csv")) {
                told = Files.createTempDirectory(c.runDir().getParent(), "told");
                Path file = told.resolve("results.csv");
                Files.writeString(file, ctx.body());
                tell.add(file.toString());
            } else {
                JsonNode body = only(body(ctx), "id", "values", "failed");
                tell.addAll(List.of("--id", text(body, "id", true)));
                body.path("values").properties().forEach(e -> {
                    if (e.getValue().isNumber() && !Double.isFinite(e.getValue().asDouble())) {
                        throw new Problem(400, "values." + e.getKey() + ": a number beyond what a number can hold"
                                + " (it reads as infinite); nothing was recorded");
                    }
                    tell.addAll(List.of("--value", e.getKey() + "=" + e.getValue().asText()));
                });
                if (body.has("failed")) {
                    tell.addAll(List.of("--failed", text(body, "failed", true)));
                }
            }
            Path sent = told;
            // Said in the request's own terms: its file as sent, its fields as named, not the command's.
            java.util.function.UnaryOperator<String> asSent = output -> sent != null
                    ? output.replace(sent.getFileName() + java.io.File.separator, "")  // the campaign's folder is out
                    : output.replace("--value ", "values.").replace("--failed", "failed").replace("--id", "id")
                            .replace("nothing of the command line", "nothing of the request");
            try {
                CampaignQueue.Answer a = queue.act(c.id(), caller, tell, ACTION_WAIT);
                answer(ctx, new CampaignQueue.Answer(a.status(), asSent.apply(a.output())), c.id());
            } catch (Problem p) {
                throw new Problem(p.status(), asSent.apply(p.detail()));
            } finally {
                if (told != null) {  // what was told is on the trace now, or was refused: the copy goes
                    Files.deleteIfExists(told.resolve("results.csv"));
                    Files.deleteIfExists(told);
                }
            }
        });
        for (String verb : List.of("approve", "deny")) {
            r.post("/api/campaigns/{id}/" + verb, ctx -> {
                Caller caller = caller(ctx).require(Role.Permission.DECIDE);
                JsonNode body = only(body(ctx), "experiments", "all", "reason");
                List<String> args = new ArrayList<>(List.of(verb));
                if (body.has("all") && body.has("experiments")) {
                    throw new Problem(400, "give 'experiments' or 'all', one of the two");
                }
                if (flag(body, "all")) {
                    args.add("--all");
                } else {
                    body.path("experiments").forEach(e -> args.add(e.asText()));
                    if (args.size() == 1) {
                        throw new Problem(400, "name the experiments to " + verb + " ('experiments': [...]),"
                                + " or 'all': true");
                    }
                }
                String reason = text(body, "reason", false);
                if (reason != null) {
                    args.addAll(List.of("--reason", reason));
                }
                answer(ctx, queue.act(ctx.pathParam("id"), caller, args, ACTION_WAIT), ctx.pathParam("id"));
            });
        }
        for (String verb : List.of("pause", "stop")) {
            r.post("/api/campaigns/{id}/" + verb, ctx -> {
                Caller caller = caller(ctx).require(Role.Permission.CONTROL);
                JsonNode body = ctx.body().isBlank() ? JSON.createObjectNode() : only(body(ctx), "reason");
                String reason = Optional.ofNullable(text(body, "reason", false)).orElse("");
                answer(ctx, queue.request(ctx.pathParam("id"), caller, verb, reason), ctx.pathParam("id"));
            });
        }
        r.post("/api/campaigns/{id}/resume", ctx -> {
            Caller caller = caller(ctx).require(Role.Permission.CONTROL);
            answer(ctx, queue.act(ctx.pathParam("id"), caller, List.of("resume"), Duration.ofSeconds(5)),
                    ctx.pathParam("id"));
        });
        r.post("/api/campaigns/{id}/cancel", ctx -> {
            Caller caller = caller(ctx).require(Role.Permission.QUEUE);
            QueuedCampaign c = queue.cancel(ctx.pathParam("id"), caller);
            json(ctx, 200, CampaignViews.of(c, rank(c), false));
        });
        r.put("/api/campaigns/{id}/position", ctx -> {
            caller(ctx).require(Role.Permission.QUEUE);
            QueuedCampaign c = queue.moveTo(ctx.pathParam("id"), (int) positive(only(body(ctx), "position"),
                    "position"));
            json(ctx, 200, CampaignViews.of(c, rank(c), false));
        });
        r.get("/api/instruments", ctx -> {
            caller(ctx);
            ArrayNode list = JSON.createArrayNode();
            queue.instruments().values().forEach(i -> list.add(instrument(i)));
            json(ctx, 200, list);
        });
        r.post("/api/instruments/hold", ctx -> {
            Caller caller = caller(ctx).require(Role.Permission.CONTROL);
            JsonNode body = only(body(ctx), "device", "reason");
            json(ctx, 200, instrument(queue.hold(text(body, "device", true), caller, text(body, "reason", false))));
        });
        r.post("/api/instruments/release", ctx -> {
            Caller caller = caller(ctx).require(Role.Permission.CONTROL);
            json(ctx, 200, instrument(queue.release(text(only(body(ctx), "device"), "device", true), caller)));
        });
        r.get("/api/campaigns/{id}/hypotheses", ctx -> {
            caller(ctx);
            json(ctx, 200, JSON.valueToTree(CampaignViews.history(queue.get(ctx.pathParam("id")))
                    .map(CampaignHistory::hypotheses)
                    .orElse(List.of())));
        });
        r.get("/api/campaigns/{id}/verify", ctx -> {
            Caller caller = caller(ctx).require(Role.Permission.EVALUATE);
            CampaignQueue.Answer a = queue.read(ctx.pathParam("id"), caller, List.of("verify", "--accept-paused"));
            json(ctx, 200, JSON.createObjectNode().put("verified", a.status() == 200).put("output", a.output()));
        });
        r.get("/api/campaigns/{id}/report", ctx -> {
            Caller caller = caller(ctx).require(Role.Permission.EVALUATE);
            QueuedCampaign c = queue.get(ctx.pathParam("id"));
            CampaignQueue.Answer a = queue.read(c.id(), caller, List.of("report"));
            if (a.status() != 200) {
                throw new Problem(409, a.output().strip());
            }
            String format = Optional.ofNullable(ctx.queryParam("format")).orElse("md");
            if (!List.of("md", "html").contains(format)) {
                throw new Problem(400, "no report in format '" + format + "'; take 'md' (Markdown, the default) or"
                        + " 'html'");
            }
            boolean html = format.equals("html");
            ctx.contentType(html ? "text/html" : "text/markdown")
                    .result(Files.readString(c.runDir().resolve(html ? "report.html" : "report.md")));
        });
    }

    private static ObjectNode instrument(CampaignQueue.Instrument i) {
        ObjectNode n = JSON.createObjectNode().put("device", i.device()).put("onHold", i.onHold());
        if (i.heldBy() != null) {
            n.put(i.onHold() ? "hold" : "usedBy", i.heldBy());
        }
        n.set("waiting", JSON.valueToTree(i.waiting()));
        return n;
    }

    private void answer(Context ctx, CampaignQueue.Answer a, String id) {
        QueuedCampaign c = queue.get(id);
        ObjectNode out = CampaignViews.of(c, rank(c), false);
        out.put("output", a.output());
        json(ctx, a.status(), out);
    }

    /** A queued campaign's place in the queue (1 = next), else 0. */
    private int rank(QueuedCampaign c) {
        return c.state() != QueuedCampaign.State.QUEUED ? 0 : queue.all().stream()
                .filter(q -> q.state() == QueuedCampaign.State.QUEUED).map(QueuedCampaign::id).toList()
                .indexOf(c.id()) + 1;
    }

    private static Caller caller(Context ctx) {
        return ctx.attribute(CALLER);
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new Problem(400, "the request body must be a JSON object");
            }
            return body;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new Problem(400, "the request body is not JSON: " + parserSaid(e));
        } catch (IOException e) {
            throw new Problem(400, "the request body cannot be read: " + e.getMessage());
        }
    }

    /** The parser's reason and where, without its own settings' names (a person cannot change those). */
    private static String parserSaid(com.fasterxml.jackson.core.JsonProcessingException e) {
        String said = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("");
        int tick = said.indexOf('`');
        int cut = Math.min(tick < 0 ? said.length() : Math.max(0, said.lastIndexOf('(', tick)),
                said.contains(" (start marker") ? said.indexOf(" (start marker") : said.length());
        said = said.substring(0, cut).strip();
        var at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? said
                : said + " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new Problem(400, "'" + field + "' is missing");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new Problem(400, "'" + field + "' must be a non-empty string");
        }
        return v.asText();
    }

    /** A whole number from 1 to 2,147,483,647. */
    private static long positive(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || !v.isIntegralNumber() || !v.canConvertToInt() || v.asInt() < 1) {
            throw new Problem(400, "'" + field + "' must be a whole number from 1 to " + Integer.MAX_VALUE);
        }
        return v.asInt();
    }

    private static long whole(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (!v.isIntegralNumber() || !v.canConvertToLong()) {
            throw new Problem(400, "'" + field + "' must be a whole number from " + Long.MIN_VALUE + " to "
                    + Long.MAX_VALUE);
        }
        return v.asLong();
    }

    private static boolean flag(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v != null && !v.isBoolean()) {
            throw new Problem(400, "'" + field + "' must be true or false");
        }
        return v != null && v.asBoolean();
    }

    /**
     * Refuses a query parameter the request does not take: a typo would filter or change nothing, and a client would
     * not know (a tester: {@code ?label=} on revoking a user's tokens, which revokes them all, was ignored).
     */
    private static void onlyQueryTaken(Context ctx) {
        io.javalin.router.Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        List<String> taken = endpoint == null ? List.of() : switch (endpoint.method.name() + " " + endpoint.path) {
            case "GET /api/campaigns" -> List.of("state", "scenario", "submittedBy");
            case "GET /api/campaigns/{id}/report" -> List.of("format");
            case "GET /api/campaigns/{id}/trace" -> List.of("lastEventId");
            default -> List.of();
        };
        List<String> unknown = ctx.queryParamMap().keySet().stream().filter(k -> !taken.contains(k)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new Problem(400, "unknown query parameter" + (unknown.size() > 1 ? "s " : " ")
                    + String.join(", ", unknown) + "; this request takes " + (taken.isEmpty() ? "none"
                    : String.join(", ", taken)));
        }
    }

    /** The body, refused if it has a field not in {@code fields} (a typo would otherwise be silently ignored). */
    private static JsonNode only(JsonNode body, String... fields) {
        List<String> known = List.of(fields);
        List<String> unknown = new ArrayList<>();
        body.properties().forEach(f -> {
            if (!known.contains(f.getKey())) {
                unknown.add(f.getKey());
            }
        });
        if (!unknown.isEmpty()) {
            throw new Problem(400, "unknown field" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + "; this request takes " + String.join(", ", known));
        }
        return body;
    }

    /** How many whole lines (each ending in a newline) the file holds; 0 when it is not there yet. */
    private static long completeLines(Path file) {
        if (!Files.exists(file)) {
            return 0;
        }
        long lines = 0;
        try (InputStream in = Files.newInputStream(file)) {
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    lines += chunk[i] == '\n' ? 1 : 0;
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the trace " + file.getFileName() + ": "
                    + e.getMessage(), e);
        }
        return lines;
    }

    private static long lineNumber(String lastEventId) {
        try {
            long n = Long.parseLong(lastEventId);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // said below
        }
        throw new Problem(400, "Last-Event-ID must be the id of an event this stream sent (a line number), got '"
                + lastEventId + "'");
    }

    private static void json(Context ctx, int status, JsonNode body) {
        ctx.status(status).contentType("application/json").result(body.toString());
    }

    /** An RFC 9457 problem detail. */
    private static void problem(Context ctx, int status, String detail) {
        ObjectNode p = JSON.createObjectNode().put("type", "about:blank")
                .put("title", io.javalin.http.HttpStatus.forStatus(status).getMessage()).put("status", status)
                .put("detail", detail).put("instance", ctx.path());
        if (status == 401) {
            ctx.header("WWW-Authenticate", "Bearer realm=\"sciloop\"");
        }
        // Bytes in UTF-8, said so: a problem's detail names what was sent, letters of any script included.
        ctx.status(status).contentType("application/problem+json; charset=utf-8")
                .result(p.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        queue.close();
        feed.close();
        http.stop();
        store.close();
        if (lock != null) {
            lock.close();
        }
    }
}
