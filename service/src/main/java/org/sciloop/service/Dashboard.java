package org.sciloop.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Observation;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;

/**
 * The dashboard: server-rendered pages over the same queue and traces as the API. Each page is rendered here
 * whole; its live part is rendered again on request ({@code ?part=live}) and swapped in by a little JavaScript
 * whenever the campaign's trace stream says a line was written. Every button calls the JSON API with the page's
 * CSRF token, so a click is the same operation, checked the same way, as a scripted client's.
 */
final class Dashboard {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String UPLOT = "/webjars/uplot/" + webjarVersion("uplot") + "/dist/";

    private final CampaignQueue queue;
    private final Sessions sessions;
    private final List<String> scenarios;

    Dashboard(CampaignQueue queue, Sessions sessions, List<String> scenarios) {
        this.queue = queue;
        this.sessions = sessions;
        this.scenarios = scenarios;
    }

    void routes(RoutesConfig r) {
        r.get("/login", ctx -> ctx.html(login(ctx.queryParam("next"), "")));
        r.post("/login", ctx -> {
            try {
                sessions.logIn(ctx, ctx.formParam("token"));
                ctx.redirect(localPath(ctx.formParam("next")), io.javalin.http.HttpStatus.SEE_OTHER);
            } catch (Problem p) {
                ctx.status(401).html(login(ctx.formParam("next"), p.detail()));
            }
        });
        r.post("/logout", ctx -> {
            if (!sessions.csrfOf(ctx).isEmpty() && !sessions.csrfOf(ctx).equals(ctx.formParam("csrf"))) {
                throw new Problem(403, "logging out from a page needs its CSRF token; reload the page");
            }
            sessions.logOut(ctx);
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
        });
        r.get("/", ctx -> page(ctx, caller -> "live".equals(ctx.queryParam("part")) ? campaignsLive(caller)
                : layout(ctx, caller, "Campaigns", "", index(caller))));
        r.get("/campaigns/{id}", ctx -> page(ctx, caller -> {
            QueuedCampaign c = queue.get(ctx.pathParam("id"));
            return "live".equals(ctx.queryParam("part")) ? campaignLive(c, caller)
                    : layout(ctx, caller, c.scenario() + " · " + c.id(), "<link rel=stylesheet href=\"" + UPLOT
                            + "uPlot.min.css\"><script src=\"" + UPLOT + "uPlot.iife.min.js\"></script>",
                    campaign(c, caller));
        }));
        for (String asset : List.of("dashboard.js", "dashboard.css")) {
            r.get("/static/" + asset, ctx -> {
                try (InputStream in = Dashboard.class.getResourceAsStream(asset)) {
                    ctx.contentType(asset.endsWith(".js") ? "text/javascript" : "text/css").result(in.readAllBytes());
                }
            });
        }
    }

    /** Renders a page for its logged-in caller; a browser without a session is sent to log in first. */
    private void page(Context ctx, Function<Caller, String> render) {
        Optional<Caller> caller = sessions.pageCaller(ctx);
        if (caller.isEmpty()) {
            String here = ctx.path() + (ctx.queryString() == null ? "" : "?" + ctx.queryString());
            ctx.redirect("/login?next=" + java.net.URLEncoder.encode(here, java.nio.charset.StandardCharsets.UTF_8),
                    io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        try {
            ctx.html(render.apply(caller.get()));
        } catch (Problem p) {  // a page a person can read, not a problem document
            ctx.status(p.status()).html(layout(ctx, caller.get(), "Not found", "", "<section><h1>"
                    + esc(p.detail()) + "</h1><p><a href=\"/\">all campaigns</a></p></section>"));
        }
    }

    // --- pages ---

    private String login(String next, String error) {
        return """
                <!doctype html><html lang=en><head><meta charset=utf-8>
                <meta name=viewport content="width=device-width, initial-scale=1">
                <title>Log in · sciloop</title><link rel=stylesheet href="/static/dashboard.css"></head>
                <body class=login><main><h1>sciloop lab</h1>
                <form method=post action="/login">
                <label>Your token <input type=password name=token id=token autocomplete=current-password required
                 placeholder="slt_…" autofocus></label>
                <input type=hidden name=next value="%s">
                <button type=submit id=log-in>Log in</button>
                <p class=error>%s</p>
                <p class=hint>An admin makes users and their tokens (POST /api/users, then
                /api/users/NAME/tokens). A browser session lasts %d hours, or until you log out.</p>
                </form></main></body></html>
                """.formatted(esc(localPath(next)), esc(error), Sessions.LIFE.toHours());
    }

    private String layout(Context ctx, Caller caller, String title, String head, String main) {
        return """
                <!doctype html><html lang=en><head><meta charset=utf-8>
                <meta name=viewport content="width=device-width, initial-scale=1">
                <meta name=csrf content="%s"><title>%s · sciloop</title>
                <link rel=stylesheet href="/static/dashboard.css">%s</head>
                <body><header><a class=brand href="/">sciloop lab</a>
                <span class=who id=who>%s · %s</span>
                <form method=post action="/logout"><input type=hidden name=csrf value="%s">
                <button type=submit id=log-out>Log out</button></form></header>
                <p id=message role=status></p>
                <main>%s</main><script src="/static/dashboard.js"></script></body></html>
                """.formatted(sessions.csrfOf(ctx), esc(title), head, esc(caller.name()),
                caller.role().name().toLowerCase(), sessions.csrfOf(ctx), main);
    }

    private String index(Caller caller) {
        StringBuilder h = new StringBuilder();
        if (caller.role().may(Role.Permission.SUBMIT)) {
            StringBuilder options = new StringBuilder("<option value=\"\">(the YAML below)</option>");
            scenarios.forEach(s -> options.append("<option>").append(esc(s)).append("</option>"));
            h.append("""
                    <section class=submit><h2>Submit a campaign</h2>
                    <form id=submit-form data-post="/api/campaigns">
                    <label>Scenario <select name=scenario id=scenario>%s</select></label>
                    <label class=wide>or a scenario's YAML <textarea name=yaml id=yaml rows=4
                     placeholder="name: …&#10;objective: …"></textarea></label>
                    <label>Planner <input name=planner id=planner placeholder="the scenario's"></label>
                    <label>Budget <input name=budget id=budget type=number min=1 placeholder="the scenario's"></label>
                    <label>Batch <input name=batch id=batch type=number min=1 placeholder="the scenario's"></label>
                    <label>Seed <input name=seed id=seed type=number placeholder="1"></label>
                    <label>Approval <select name=approval id=approval><option value="">the scenario's</option>
                     <option>none</option><option>actuations</option><option>model</option><option>all</option>
                     </select></label>
                    <label class=check><input type=checkbox name=manual id=manual> run by hand</label>
                    <button type=submit id=submit>Submit</button></form></section>
                    """.formatted(options));
        }
        return h.append("<div id=live data-live=\"/?part=live\" data-poll=2000>").append(campaignsLive(caller))
                .append("</div>").toString();
    }

    private String campaignsLive(Caller caller) {
        List<QueuedCampaign> all = queue.all();
        StringBuilder h = new StringBuilder("<section class=campaigns><h2>Campaigns</h2><div class=scroll><table"
                + " id=campaigns><thead><tr><th>Campaign<th>Scenario<th>State<th>Experiments<th>Best<th>Submitted by"
                + "<th>Submitted</tr></thead><tbody>");
        List<QueuedCampaign> newestFirst = new ArrayList<>(all);
        java.util.Collections.reverse(newestFirst);
        for (QueuedCampaign c : newestFirst) {
            Optional<CampaignHistory> history = CampaignViews.history(c);
            String best = history.flatMap(CampaignHistory::finished).map(f -> f.best()).map(o -> outcomes(o))
                    .orElse("");
            h.append("<tr data-id=\"").append(c.id()).append("\"><td><a href=\"/campaigns/").append(c.id())
                    .append("\">").append(c.id()).append("</a><td>").append(esc(c.scenario())).append("<td>")
                    .append(state(c)).append("<td>").append(history.map(x -> x.observations().size() + " / "
                            + x.started().budget()).orElse("")).append("<td>").append(esc(best)).append("<td>")
                    .append(esc(c.submittedBy())).append("<td>").append(esc(c.submitted().replace('T', ' ')
                            .replaceAll("\\.\\d+Z$", "Z"))).append("</tr>");
        }
        h.append("</tbody></table></div></section>");

        List<QueuedCampaign> queued = all.stream().filter(c -> c.state() == QueuedCampaign.State.QUEUED).toList();
        h.append("<section class=queue><h2>Queue</h2>");
        if (queued.isEmpty()) {
            h.append("<p class=empty>Nothing waits to start.</p>");
        } else {
            boolean manage = caller.role().may(Role.Permission.QUEUE);
            h.append("<ol id=queue>");
            for (int i = 0; i < queued.size(); i++) {
                QueuedCampaign c = queued.get(i);
                h.append("<li data-id=\"").append(c.id()).append("\"><a href=\"/campaigns/").append(c.id())
                        .append("\">").append(c.id()).append("</a> ").append(esc(c.scenario()))
                        .append(c.device() == null ? "" : " <span class=device>needs " + esc(c.device()) + "</span>");
                if (manage) {
                    if (i > 0) {
                        h.append(button("Move up", "PUT", "/api/campaigns/" + c.id() + "/position",
                                JSON.createObjectNode().put("position", i), "up-" + c.id()));
                    }
                    h.append(button("Cancel", "POST", "/api/campaigns/" + c.id() + "/cancel", null,
                            "cancel-" + c.id()));
                }
                h.append("</li>");
            }
            h.append("</ol>");
        }
        h.append("</section>");

        // An instrument is a running campaign's while it runs, or an operator's while on hold; the campaigns that
        // need it wait in the queue.
        Map<String, CampaignQueue.Instrument> instruments = queue.instruments();
        boolean control = caller.role().may(Role.Permission.CONTROL);
        h.append("<section class=instruments><h2>Instruments</h2>");
        if (instruments.isEmpty()) {
            h.append("<p class=empty>No campaign has used an instrument yet.</p>");
        } else {
            h.append("<div class=scroll><table id=instruments><thead><tr><th>Instrument<th>In use by<th>Waiting")
                    .append(control ? "<th>" : "").append("</tr></thead><tbody>");
            int row = 0;
            for (CampaignQueue.Instrument i : instruments.values()) {
                String held = i.heldBy() == null ? "<span class=free>free</span>" : i.onHold()
                        ? "<span class=hold>" + esc(i.heldBy()) + "</span>"
                        : "<a href=\"/campaigns/" + esc(i.heldBy()) + "\">" + esc(i.heldBy()) + "</a>";
                h.append("<tr><td>").append(esc(i.device())).append("<td>").append(held).append("<td>")
                        .append(String.join(", ", i.waiting().stream().map(id -> "<a href=\"/campaigns/" + esc(id)
                                + "\">" + esc(id) + "</a>").toList()));
                if (control) {
                    ObjectNode device = JSON.createObjectNode().put("device", i.device());
                    String reason = "hold-reason-" + row;
                    h.append("<td>");
                    if (i.heldBy() == null) {
                        h.append("<input id=\"").append(reason).append("\" placeholder=\"why (maintenance ...)\">")
                                .append(button("Hold", "POST", "/api/instruments/hold", device, "hold-" + row,
                                        "#" + reason, true));
                    } else if (i.onHold()) {
                        h.append(button("Release", "POST", "/api/instruments/release", device, "release-" + row));
                    }
                }
                h.append("</tr>");
                row++;
            }
            h.append("</tbody></table></div>");
        }
        return h.append("</section>").toString();
    }

    private String campaign(QueuedCampaign c, Caller caller) {
        return """
                <section class=head><h1>%s <small>%s</small></h1>
                <p class=links><a href="/">all campaigns</a>%s</p></section>
                <section class=plot><h2>Convergence</h2><div id=plot></div></section>
                <div id=live data-live="/campaigns/%s?part=live" data-trace="/api/campaigns/%s/trace">%s</div>
                """.formatted(esc(c.scenario()), c.id(), caller.role().may(Role.Permission.EVALUATE)
                        ? " · <a href=\"/api/campaigns/" + c.id() + "/report?format=html\" id=report>report</a> · "
                        + "<button type=button id=verify data-method=GET data-post=\"/api/campaigns/" + c.id()
                        + "/verify\">Verify</button>" : "", c.id(), c.id(), campaignLive(c, caller));
    }

    private String campaignLive(QueuedCampaign c, Caller caller) {
        Optional<CampaignHistory> history = CampaignViews.history(c);
        StringBuilder h = new StringBuilder("<section class=status><p>").append(state(c)).append(" <span id=detail>")
                .append(esc(c.detail())).append("</span></p><p class=meta>submitted by ").append(esc(c.submittedBy()))
                .append(" · ").append(esc(c.submitted())).append(c.device() == null ? ""
                        : " · instrument " + esc(c.device())).append(history.map(x -> " · <span id=count>"
                        + x.observations().size() + "</span> of " + x.started().budget() + " experiments").orElse(""))
                .append("</p>");
        if (caller.role().may(Role.Permission.CONTROL) && !c.state().ended()) {
            String base = "/api/campaigns/" + c.id() + "/";
            h.append("<p class=controls><input id=control-reason placeholder=\"reason (goes on the record)\">");
            if (c.state() == QueuedCampaign.State.RUNNING) {
                h.append(button("Pause", "POST", base + "pause", null, "pause", "#control-reason", false));
            }
            if (c.state() == QueuedCampaign.State.PAUSED) {
                h.append(button("Resume", "POST", base + "resume", null, "resume"));
            }
            h.append(button("Stop", "POST", base + "stop", null, "stop", "#control-reason", false)).append("</p>");
        }
        h.append("</section>");
        if (history.isEmpty()) {
            return h.append(CampaignViews.damage(c).map(why -> "<p class=error id=damage>" + esc(why) + "</p>")
                    .orElse("<p class=empty>No trace yet: the campaign has not started.</p>")).toString();
        }
        CampaignHistory x = history.get();
        JsonNode objective = x.started().document().path("objective");
        String objectiveName = objective.path("name").asText("");
        boolean minimize = objective.path("goal").asText("").startsWith("min");
        h.append("<script type=\"application/json\" id=plot-data>").append(plotData(x.observations(), objectiveName,
                minimize).toString().replace("</", "<\\/")).append("</script>");

        if (!x.awaitingApproval().isEmpty()) {
            boolean ended = x.finished().isPresent();  // then they are no longer to decide
            boolean decide = caller.role().may(Role.Permission.DECIDE) && !ended;
            h.append("<section class=approvals><h2>").append(ended ? "Never decided (the campaign has ended)"
                    : "Waiting for approval").append("</h2><div class=scroll><table id=approvals><thead><tr>"
                    + "<th>Experiment<th>Settings").append(decide ? "<th>Reason<th>" : "").append("</tr></thead><tbody>");
            for (PlannedExperiment e : x.awaitingApproval()) {
                h.append("<tr data-id=\"").append(esc(e.id())).append("\"><td>").append(esc(e.id())).append("<td class=settings>")
                        .append(esc(settings(e.settings().values())));
                if (decide) {
                    String reason = "reason-" + e.id();
                    ObjectNode body = JSON.createObjectNode();
                    body.putArray("experiments").add(e.id());
                    h.append("<td><input id=\"").append(esc(reason)).append("\" placeholder=\"why (denial needs one)\">")
                            .append("<td>").append(button("Approve", "POST", "/api/campaigns/" + c.id() + "/approve",
                                    body, "approve-" + e.id(), "#" + reason, false))
                            .append(button("Deny", "POST", "/api/campaigns/" + c.id() + "/deny", body,
                                    "deny-" + e.id(), "#" + reason, true));
                }
                h.append("</tr>");
            }
            h.append("</tbody></table></div>");
            if (decide && x.awaitingApproval().size() > 1) {
                ObjectNode all = JSON.createObjectNode().put("all", true);
                h.append("<p class=controls><input id=reason-all placeholder=\"one reason for all of them\">")
                        .append(button("Approve all", "POST", "/api/campaigns/" + c.id() + "/approve", all,
                                "approve-all", "#reason-all", false))
                        .append(button("Deny all", "POST", "/api/campaigns/" + c.id() + "/deny", all, "deny-all",
                                "#reason-all", true)).append("</p>");
            }
            h.append("</section>");
        }

        List<PlannedExperiment> pending = c.state() == QueuedCampaign.State.RUNNING || x.finished().isPresent()
                ? List.of() : x.inFlight();
        if (!pending.isEmpty() && x.started().document().path("experiment").path("manual").asBoolean(false)) {
            List<String> outcomeColumns = outcomeColumns(c.runDir().resolve("pending.csv"), objectiveName);
            boolean tell = caller.role().may(Role.Permission.TELL);
            h.append("<section class=manual><h2>To run by hand</h2><p class=hint>Run these, then record what you"
                    + " measured (<a href=\"/api/campaigns/").append(c.id()).append("/pending.csv\">pending.csv</a>)."
                    + "</p><div class=scroll><table id=pending><thead><tr><th>Experiment<th>Settings");
            outcomeColumns.forEach(o -> h.append("<th>").append(esc(o)));
            h.append(tell ? "<th>" : "").append("</tr></thead><tbody>");
            for (PlannedExperiment e : pending) {
                h.append("<tr data-id=\"").append(esc(e.id())).append("\"><td>").append(esc(e.id())).append("<td class=settings>")
                        .append(esc(settings(e.settings().values())));
                for (String o : outcomeColumns) {
                    h.append("<td>").append(tell ? "<input form=\"tell-" + esc(e.id()) + "\" name=\"" + esc(o)
                            + "\" inputmode=decimal required aria-label=\"" + esc(o + " of " + e.id()) + "\">" : "");
                }
                if (tell) {
                    h.append("<td><form id=\"tell-").append(esc(e.id())).append("\" data-tell=\"/api/campaigns/")
                            .append(c.id()).append("/results\" data-id=\"").append(esc(e.id()))
                            .append("\"><button type=submit id=\"record-").append(esc(e.id()))
                            .append("\">Record</button></form>");
                }
                h.append("</tr>");
            }
            h.append("</tbody></table></div></section>");
        }

        h.append("<section class=experiments><h2>Experiments</h2><div class=scroll><table id=experiments><thead><tr>"
                + "<th>#<th>Experiment");
        Set<String> settingNames = new LinkedHashSet<>();
        Set<String> outcomeNames = new LinkedHashSet<>();
        x.observations().forEach(o -> {
            settingNames.addAll(o.settings().values().keySet());
            outcomeNames.addAll(o.outcomes().keySet());
        });
        settingNames.forEach(s -> h.append("<th>").append(esc(s)));
        outcomeNames.forEach(s -> h.append("<th>").append(esc(s)));
        h.append("<th>Status<th>By</tr></thead><tbody>");
        int n = 0;
        for (Observation o : x.observations()) {
            h.append("<tr><td>").append(++n).append("<td>").append(esc(o.experimentId()));
            settingNames.forEach(s -> h.append("<td>").append(esc(format(o.settings().values().get(s)))));
            outcomeNames.forEach(s -> h.append("<td>").append(esc(format(o.outcomes().get(s)))));
            h.append("<td>").append(o.status().name().toLowerCase()).append("<td>").append(esc(o.tool()))
                    .append("</tr>");
        }
        h.append("</tbody></table></div></section>");

        // What never ran is part of the record too: refused by the safety policy, or denied by a person.
        List<org.sciloop.core.trace.TraceEvent.ActionDenied> denied = x.records().stream()
                .map(org.sciloop.core.trace.TraceRecord::event)
                .filter(org.sciloop.core.trace.TraceEvent.ActionDenied.class::isInstance)
                .map(org.sciloop.core.trace.TraceEvent.ActionDenied.class::cast).toList();
        if (!denied.isEmpty()) {
            h.append("<section class=denied><h2>Not run</h2><div class=scroll><table id=denied><thead><tr>"
                    + "<th>Experiment<th>Settings<th>Refused by<th>Why</tr></thead><tbody>");
            denied.forEach(d -> h.append("<tr><td>").append(esc(d.experimentId())).append("<td class=settings>")
                    .append(esc(settings(d.settings().values()))).append("<td>").append(esc(d.rule())).append("<td>")
                    .append(esc(d.reason())).append("</tr>"));
            h.append("</tbody></table></div></section>");
        }

        List<Hypothesis> hypotheses = x.hypotheses();
        h.append("<section class=hypotheses><h2>Hypotheses</h2>");
        if (hypotheses.isEmpty()) {
            h.append("<p class=empty>None proposed (a hypothesis planner proposes them).</p>");
        } else {
            h.append("<ul id=hypotheses>");
            hypotheses.forEach(y -> h.append("<li><span class=\"badge ").append(y.status().name().toLowerCase())
                    .append("\">").append(y.status().name().toLowerCase()).append("</span> ").append(esc(y.statement()))
                    .append(" <small>").append(esc(y.id())).append(" v").append(y.version()).append(", confidence ")
                    .append(String.format("%.2f", y.confidence())).append(", ").append(y.evidence().size())
                    .append(" pieces of evidence</small></li>"));
            h.append("</ul>");
        }
        return h.append("</section>").toString();
    }

    /** The convergence plot's series: each experiment's objective value, and the best so far. */
    private static ObjectNode plotData(List<Observation> observations, String objective, boolean minimize) {
        ObjectNode data = JSON.createObjectNode().put("objective", objective).put("minimize", minimize);
        ArrayNode x = data.putArray("x");
        ArrayNode value = data.putArray("value");
        ArrayNode best = data.putArray("best");
        Double bestSoFar = null;
        int n = 0;
        for (Observation o : observations) {
            n++;
            Double v = o.status() == Observation.Status.OK ? o.outcomes().get(objective) : null;
            if (v != null && (bestSoFar == null || (minimize ? v < bestSoFar : v > bestSoFar))) {
                bestSoFar = v;
            }
            x.add(n);
            if (v == null) {
                value.addNull();
            } else {
                value.add(v);
            }
            if (bestSoFar == null) {
                best.addNull();
            } else {
                best.add(bestSoFar);
            }
        }
        return data;
    }

    /** The columns of {@code pending.csv} that people fill in: those after the settings, else the objective. */
    private static List<String> outcomeColumns(Path pendingCsv, String objective) {
        try {
            String header = Files.readAllLines(pendingCsv).stream().findFirst().orElse("").replace("\uFEFF", "");
            List<String> columns = new ArrayList<>(List.of(header.split(",")));
            int at = columns.indexOf(objective);
            if (at >= 0) {
                return List.copyOf(columns.subList(at, columns.size()));
            }
        } catch (IOException e) {
            // no pending.csv (yet): the objective is what is measured
        }
        return List.of(objective);
    }

    // --- pieces ---

    private static String button(String label, String method, String url, JsonNode body, String id) {
        return button(label, method, url, body, id, null, false);
    }

    /** A button that calls the API: {@code reason} names an input whose text goes along as the reason. */
    private static String button(String label, String method, String url, JsonNode body, String id, String reason,
                                 boolean reasonRequired) {
        return "<button type=button id=\"" + esc(id) + "\" data-method=" + method + " data-post=\"" + esc(url) + "\""
                + (body == null ? "" : " data-json=\"" + esc(body.toString()) + "\"")
                + (reason == null ? "" : " data-reason=\"" + esc(reason) + "\"")
                + (reasonRequired ? " data-reason-required" : "") + ">" + esc(label) + "</button>";
    }

    private static String state(QueuedCampaign c) {
        String s = c.state().name().toLowerCase();
        return "<span class=\"state " + s + "\" id=state>" + s + "</span>";
    }

    private static String link(QueuedCampaign c) {
        return "<a href=\"/campaigns/" + c.id() + "\">" + c.id() + "</a>";
    }

    private static String outcomes(Observation o) {
        StringBuilder s = new StringBuilder();
        o.outcomes().forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append(' ').append(format(v)));
        return s.toString();
    }

    private static String settings(Map<String, Object> values) {
        StringBuilder s = new StringBuilder();
        values.forEach((k, v) -> s.append(s.isEmpty() ? "" : ", ").append(k).append('=').append(format(v)));
        return s.toString();
    }

    private static String format(Object v) {
        if (v instanceof Double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? String.valueOf(d.longValue())
                    : String.format(java.util.Locale.ROOT, "%.4g", d);
        }
        return v == null ? "" : v.toString();
    }

    /** A path on this site to return to after login; anything else (another site) goes to the front page. */
    private static String localPath(String next) {
        // Visible ASCII only: a browser drops tabs and newlines, so "/\t/evil.example" would become "//evil.example".
        return next != null && next.matches("/[\\x21-\\x7e]*") && !next.startsWith("//") && !next.contains("\\")
                ? next : "/";
    }

    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(ch);
            }
        }
        return out.toString();
    }

    private static String webjarVersion(String name) {
        try (InputStream in = Dashboard.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/" + name
                + "/pom.properties")) {
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("the " + name + " webjar is missing from the class path", e);
        }
    }
}
