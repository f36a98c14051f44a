package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.instruments.security.Pki;
import org.sciloop.instruments.sim.InstrumentServer;
import org.sciloop.instruments.sim.ReactorModels;
import org.sciloop.instruments.sim.SimulatedReactor;
import org.sciloop.service.Executor;
import org.sciloop.service.LabService;
import org.sciloop.service.Role;

/**
 * {@code sciloop serve}, driven by a scripted client over HTTP only: users and tokens, a campaign run by hand
 * from submission to its verified trace, the live trace stream, the queue, and every endpoint refused to
 * every role that may not use it.
 */
@Timeout(600)  // a stream that never ends would otherwise hold the build
class ServeTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dir;
    private LabService service;
    private final MovableClock clock = new MovableClock();

    @AfterEach
    void stop() throws Exception {
        if (service != null) {
            service.close();
        }
        // Campaign processes outlive a service by design; a test's own end theirs before its folder goes.
        for (ProcessHandle p : ProcessHandle.current().descendants().toList()) {
            p.destroyForcibly();
            p.onExit().get();
        }
    }

    @Test
    void a_scripted_client_runs_a_campaign_by_hand_over_http_and_every_step_is_on_its_trace_as_its_user()
            throws Exception {
        String admin = start(2);
        String sam = user(admin, "sam", "scientist");
        String eve = user(admin, "eve", "evaluator");

        JsonNode queued = call("POST", "/api/campaigns", sam, "{\"scenario\": \"arylation\", \"manual\": true,"
                + " \"planner\": \"random\", \"budget\": 6, \"batch\": 3, \"seed\": 1}", 201);
        String id = queued.get("id").asText();
        assertThat(queued.get("state").asText()).isIn("queued", "running");
        for (int batch = 0; batch < 2; batch++) {
            JsonNode waiting = until(id, sam, "waiting");
            assertThat(waiting.get("pending")).hasSize(3);
            String pending = text("GET", "/api/campaigns/" + id + "/pending.csv", sam, null, 200);
            if (batch == 0) {
                // A mistake is a problem detail naming the line and column, and nothing of the file is recorded.
                JsonNode bad = call("POST", "/api/campaigns/" + id + "/results", sam, filled(pending, 40)
                        .replaceFirst(",40\\.0,", ",forty,"), 400, "text/csv");
                assertThat(bad.get("detail").asText()).startsWith("results.csv:2:")
                        .contains("'forty' is not a finite number", "nothing of results.csv was recorded");
                // As JSON, the fields are named as sent, not as the command that records them takes them.
                assertThat(call("POST", "/api/campaigns/" + id + "/results", sam, "{\"id\": \"exp-1\", \"values\":"
                        + " {\"yield\": \"forty\"}}", 400).get("detail").asText()).contains("values.yield=forty",
                        "'forty' is not a finite number", "nothing of the request was recorded")
                        .doesNotContain("--value", "command line");
                assertThat(call("POST", "/api/campaigns/" + id + "/results", sam, "{\"id\": \"exp-1\", \"values\":"
                        + " {\"yield\": 150}}", 400).get("detail").asText()).startsWith("values.yield=150: 150 is"
                        + " outside yield's range [0, 100]");
                assertThat(call("POST", "/api/campaigns/" + id + "/results", sam, "{\"id\": \"exp-1\", \"values\":"
                        + " {\"yield\": 1e999}}", 400).get("detail").asText())
                        .isEqualTo("values.yield: a number beyond what a number can hold (it reads as infinite); nothing was"
                                + " recorded");
                assertThat(call("POST", "/api/users", admin, "{\"name\": \"zed\", \"role\": \"scientist\","
                        + " \"extra\": 1}", 400).get("detail").asText()).contains("unknown field extra");
                // A problem's detail keeps the letters sent, whatever their script (it was '?dmin').
                assertThat(call("POST", "/api/users", admin, "{\"name\": \"\u0430dmin\", \"role\": \"scientist\"}",
                        400).get("detail").asText()).contains("'\u0430dmin' mixes CYRILLIC and LATIN letters");
                assertThat(call("GET", "/api/campaigns?state=bogus", sam, null, 400).get("detail").asText())
                        .contains("no campaign is ever in state 'bogus'; the states are queued, running, waiting");
                assertThat(call("GET", "/api/campaigns?stat=running", sam, null, 400).get("detail").asText())
                        .contains("unknown query parameter stat");
                // The same endpoint with a trailing slash takes the same query; no endpoint is 404 whatever its query.
                call("GET", "/api/campaigns/?state=waiting", sam, null, 200);
                assertThat(call("GET", "/api/nothing?foo=1", sam, null, 404).get("detail").asText())
                        .startsWith("no such endpoint");
                assertThat(call("GET", "/api/campaigns/" + id, sam, null, 200).get("state").asText())
                        .isEqualTo("waiting");
            }
            HttpResponse<String> answer = send("POST", "/api/campaigns/" + id + "/results", sam, filled(pending,
                    40 + batch), "text/csv");
            // 200 once the tell has ended; 202 once its results are on record but it still plans the next batch
            // after 3 s (under load, as the API documents).
            assertThat(answer.statusCode()).as(answer.body()).isIn(200, 202);
            assertThat(JSON.readTree(answer.body()).get("output").asText()).contains("recording exp-", "as told by sam");
        }
        JsonNode finished = until(id, sam, "finished");
        assertThat(finished.get("experiments").asInt()).isEqualTo(6);
        assertThat(finished.get("observations")).allSatisfy(o -> assertThat(o.get("by").asText()).isEqualTo("person:sam"));

        Path trace = dir.resolve("data/campaigns/" + id + "/run/trace.jsonl");
        assertThat(Files.readString(trace)).contains("\"actor\":\"person:sam\"", "\"type\":\"PersonSigned\"");
        assertThat(call("GET", "/api/campaigns/" + id + "/verify", eve, null, 200).get("verified").asBoolean()).isTrue();
        // From a shell the service's key is not this machine's: verify says where it is (a tester could not tell).
        Cli shell = Cli.run("verify", trace.toString());
        assertThat(shell.exit()).isEqualTo(ExitCode.FAILED);
        Path serviceKey = dir.resolve("data/config/trace-signing.pub").toAbsolutePath();
        assertThat(shell.err()).contains("It is the key of the lab service whose data folder is "
                + dir.resolve("data").toAbsolutePath() + ": if you trust that service, pass --public-key " + serviceKey);
        assertThat(Cli.run("verify", trace.toString(), "--public-key", serviceKey.toString()).exit()).isZero();
        assertThat(text("GET", "/api/campaigns/" + id + "/report", eve, null, 200)).contains("| sam |");
        assertThat(call("GET", "/api/campaigns/" + id + "/report?format=pdf", eve, null, 400).get("detail").asText())
                .contains("no report in format 'pdf'");

        // The trace as a stream: from after line 3, every further line once, in order, then the end.
        long lines = Files.readAllLines(trace).size();
        List<String[]> events = stream(id, sam, "3");
        assertThat(events.get(0)[1]).isEqualTo("4");
        assertThat(events).filteredOn(e -> e[0].equals("trace")).hasSize((int) lines - 3);
        assertThat(events.get(events.size() - 1)[0]).isEqualTo("end");
        assertThat(events.get(events.size() - 1)[2]).startsWith("finished");

        JsonNode late = call("POST", "/api/campaigns/" + id + "/results", sam, "{\"id\": \"exp-1\", \"values\":"
                + " {\"yield\": \"5\"}}", 409);
        assertThat(late.get("detail").asText()).contains("has ended (finished");
    }

    @Test
    void two_campaigns_never_drive_one_instrument_at_once_while_simulations_run_beside_them() throws Exception {
        try (SimulatedReactor reactor = ReactorModels.create("flow-reactor", "branin", Duration.ofMillis(100));
             InstrumentServer server = InstrumentServer.start(reactor, "127.0.0.1", 0,
                     Pki.open(dir.resolve("server-pki"), "urn:sciloop:test:server", "test server"),
                     new InstrumentServer.Access(Map.of(), true))) {
            Path profile = Files.writeString(dir.resolve("reactor.yaml"),
                    OneCampaignPerDeviceTest.braninReactorProfile(server.endpointUrl()));
            String onTheReactor = """
                    name: branin-on-the-reactor
                    objective: {name: value, goal: minimize}
                    experiment:
                      tool: opcua-instrument
                      with: {profile: "%s"}
                    space:
                      x1: {type: continuous, low: -5, high: 10}
                      x2: {type: continuous, low: 0, high: 15}
                    planner: {name: random}
                    budget: {experiments: 15, batch: 1}
                    """.formatted(profile);
            String admin = start(3);
            String sam = user(admin, "sam", "scientist");
            String olga = user(admin, "olga", "operator");
            String device = "opc.tcp://this-machine:" + server.port();
            String named = JSON.writeValueAsString(Map.of("device", device, "reason", "calibration"));

            // An instrument is named as campaigns name it, whatever host name the operator gives: a hold of localhost
            // holds what a campaign on 127.0.0.1 would drive. A name that reaches no instrument is refused.
            JsonNode byHostName = call("POST", "/api/instruments/hold", olga, JSON.writeValueAsString(Map.of("device",
                    "opc.tcp://localhost:" + server.port(), "reason", "a test")), 200);
            assertThat(byHostName.get("device").asText()).isEqualTo(device);
            assertThat(call("POST", "/api/instruments/release", olga, JSON.writeValueAsString(Map.of("device",
                    "opc.tcp://127.0.0.1:" + server.port())), 200).get("onHold").asBoolean()).isFalse();
            assertThat(call("POST", "/api/instruments/hold", olga, "{\"device\": \"../../x\"}", 400).get("detail")
                    .asText()).contains("names no instrument: name it by its OPC UA endpoint, opc.tcp://HOST:PORT");
            call("POST", "/api/instruments/hold", olga, "{\"device\": \"opc.tcp://localhost:99999\"}", 400);
            assertThat(call("GET", "/api/instruments", olga, null, 200).toString()).doesNotContain("../../x", device);

            // An operator holds the reactor for calibration: a campaign that needs it waits until she releases it.
            JsonNode held = call("POST", "/api/instruments/hold", olga, named, 200);
            assertThat(held.get("hold").asText()).isEqualTo("held by olga: calibration");
            String yaml = JSON.writeValueAsString(Map.of("yaml", onTheReactor));
            String first = call("POST", "/api/campaigns", sam, yaml, 201).get("id").asText();
            assertThat(call("GET", "/api/campaigns/" + first, sam, null, 200).get("device").asText()).isEqualTo(device);
            // A campaign queued after it starts and ends: the queue has passed over the held one, which still waits.
            String behind = call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"budget\": 5}", 201)
                    .get("id").asText();
            until(behind, sam, "finished");
            assertThat(call("GET", "/api/campaigns/" + first, sam, null, 200).get("state").asText()).isEqualTo("queued");
            assertThat(call("GET", "/api/instruments", sam, null, 200).toString()).contains("calibration", first);
            assertThat(call("POST", "/api/instruments/hold", olga, named, 409).get("detail").asText())
                    .contains("already held, held by olga");
            String release = JSON.writeValueAsString(Map.of("device", device));
            call("POST", "/api/instruments/release", olga, release, 200);
            // Released twice: nothing holds it, or the campaign that waited for it already does (the queue may start
            // it at once); never a second release of olga's hold.
            HttpResponse<String> again = send("POST", "/api/instruments/release", olga, release, "application/json");
            assertThat(again.statusCode()).as(again.body()).isIn(404, 409);
            assertThat(JSON.readTree(again.body()).get("detail").asText()).satisfiesAnyOf(
                    detail -> assertThat(detail).contains("nothing holds"),
                    detail -> assertThat(detail).contains("is held by campaign " + first));

            String second = call("POST", "/api/campaigns", sam, yaml, 201).get("id").asText();
            String simulation = call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"budget\": 40}",
                    201).get("id").asText();

            // While the first drives the reactor, the second waits in the queue; the simulation runs beside it.
            Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
            boolean sawWaiting = false;
            while (observed(dir.resolve("data"), first) < 15 && Instant.now().isBefore(deadline)) {
                JsonNode c2 = call("GET", "/api/campaigns/" + second, sam, null, 200);
                if (call("GET", "/api/campaigns/" + first, sam, null, 200).get("state").asText().equals("running")) {
                    assertThat(c2.get("state").asText()).as("the second campaign on " + device).isEqualTo("queued");
                    if (!sawWaiting) {  // nor can an operator take it from under a running campaign
                        assertThat(call("POST", "/api/instruments/hold", olga, named, 409).get("detail").asText())
                                .contains("by campaign " + first);
                    }
                    sawWaiting = true;
                }
                Thread.sleep(100);
            }
            assertThat(sawWaiting).isTrue();
            until(first, sam, "finished");
            until(second, sam, "finished");
            until(simulation, sam, "finished");

            // On the record: the second's first line comes after the first's last, and both held the same device.
            List<String> one = Files.readAllLines(dir.resolve("data/campaigns/" + first + "/run/trace.jsonl"));
            List<String> two = Files.readAllLines(dir.resolve("data/campaigns/" + second + "/run/trace.jsonl"));
            Instant firstEnded = Instant.parse(JSON.readTree(one.get(one.size() - 1)).get("time").asText());
            assertThat(started(second)).isAfter(firstEnded);
            assertThat(one).anyMatch(l -> l.contains("\"DeviceReserved\"") && l.contains(device));
            assertThat(two).anyMatch(l -> l.contains("\"DeviceReserved\"") && l.contains(device));
            // The simulation did not wait for the instrument: it started before the second campaign.
            assertThat(started(simulation)).isBefore(started(second));
        }
    }

    @Test
    void with_the_slurm_executor_each_campaign_runs_as_a_slurm_job_that_the_service_follows_and_stops()
            throws Exception {
        boolean slurm = new ProcessBuilder("sh", "-c", "command -v sbatch").start().waitFor() == 0;
        if ("1".equals(System.getenv("SCILOOP_REQUIRE_SLURM"))) {
            assertThat(slurm).as("SCILOOP_REQUIRE_SLURM=1 but sbatch is not installed").isTrue();
        }
        org.junit.jupiter.api.Assumptions.assumeTrue(slurm, "no Slurm here: the Slurm executor test is SKIPPED");
        String admin = start(2, Executor.SLURM);
        String sam = user(admin, "sam", "scientist");
        String olga = user(admin, "olga", "operator");
        List<String> ids = new ArrayList<>();
        for (String planner : List.of("bo", "random")) {
            ids.add(call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"planner\": \"" + planner
                    + "\", \"budget\": 12}", 201).get("id").asText());
        }
        for (String id : ids) {
            JsonNode done = until(id, sam, "finished");
            assertThat(done.get("experiments").asInt()).isEqualTo(12);
            assertThat(slurmJob(id, "run")).contains("JobName=sciloop-" + id + "-run", "JobState=COMPLETED",
                    "ExitCode=0:0");
        }

        // A running job is stopped from the service at its next safe point, on the record as the operator's.
        String long_ = call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"planner\": \"bo\","
                + " \"budget\": 500, \"batch\": 1}", 201).get("id").asText();
        Instant deadline = Instant.now().plusSeconds(120);
        while (observed(dir.resolve("data"), long_) < 3 && Instant.now().isBefore(deadline)) {
            Thread.sleep(100);
        }
        call("POST", "/api/campaigns/" + long_ + "/stop", olga, "{\"reason\": \"node needed\"}", 202);
        JsonNode stopped = until(long_, sam, "finished");
        assertThat(stopped.get("stopReason").asText()).isEqualTo("STOPPED");
        assertThat(stopped.get("experiments").asInt()).isLessThan(500);
        assertThat(Files.readString(dir.resolve("data/campaigns/" + long_ + "/run/trace.jsonl")))
                .contains("olga", "node needed");
        assertThat(slurmJob(long_, "run")).contains("JobState=COMPLETED");
    }

    /** What Slurm says of the campaign's job (its id from the sbatch output next to the command's log). */
    private String slurmJob(String id, String verb) throws Exception {
        Path sbatch;
        try (var logs = Files.list(dir.resolve("data/campaigns/" + id + "/logs"))) {
            sbatch = logs.filter(l -> l.getFileName().toString().endsWith("-" + verb + ".log.sbatch")).findFirst()
                    .orElseThrow(() -> new AssertionError(id + " was not submitted to Slurm"));
        }
        String job = Files.readString(sbatch).strip();
        assertThat(job).matches("\\d+");
        Process show = new ProcessBuilder("scontrol", "show", "job", job).redirectErrorStream(true).start();
        String said = new String(show.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        show.waitFor();
        return said;
    }

    @Test
    void two_services_on_one_database_share_the_queue_and_run_each_campaign_once() throws Exception {
        // One database and one data folder (on storage both can reach), as two services of a lab would have.
        String database = "jdbc:h2:mem:shared-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        StringWriter said = new StringWriter();
        LabService a = LabService.start(new LabService.Settings("127.0.0.1", 0, dir.resolve("data"), database, 2,
                Duration.ofDays(30), null, null, Executor.LOCAL, "a", ServeCommand.yamlToolsByDefault()), new ServeCommand.Commands(), clock,
                new PrintWriter(said, true));
        service = LabService.start(new LabService.Settings("127.0.0.1", 0, dir.resolve("data"), database, 2,
                Duration.ofDays(30), null, null, Executor.LOCAL, "b", ServeCommand.yamlToolsByDefault()), new ServeCommand.Commands(), clock,
                new PrintWriter(new StringWriter(), true));
        try {
            Matcher token = Pattern.compile("(slt_[A-Za-z0-9_-]+)").matcher(said.toString());
            assertThat(token.find()).isTrue();
            String sam = user(token.group(1), "sam", "scientist");  // made through b, known to a as well
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                ids.add(call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"planner\": \"random\","
                        + " \"budget\": 8, \"seed\": " + i + "}", 201).get("id").asText());
            }
            for (String id : ids) {
                until(id, sam, "finished");
            }
            try (org.sciloop.service.Store shared = org.sciloop.service.Store.at(database)) {
                List<String> runners = new ArrayList<>();
                for (String id : ids) {
                    try (var logs = Files.list(dir.resolve("data/campaigns/" + id + "/logs"))) {
                        assertThat(logs.filter(l -> l.toString().endsWith("-run.log"))).as(id + " ran once")
                                .hasSize(1);
                    }
                    runners.add(shared.runner(id).orElseThrow());
                }
                assertThat(runners).as("both services took work from the shared queue").contains("a", "b");
            }
        } finally {
            a.close();
        }
    }

    @Test
    void a_request_may_not_read_the_servers_files_run_programs_or_slip_a_mistake_past() throws Exception {
        String admin = start(1);
        String sam = user(admin, "sam", "scientist");
        String olga = user(admin, "olga", "operator");
        JsonNode path = call("POST", "/api/campaigns", sam, "{\"scenario\": \"../../../../etc/passwd\"}", 400);
        assertThat(path.get("detail").asText()).contains("no built-in scenario", "arylation").doesNotContain("root:");
        String program = JSON.writeValueAsString(Map.of("yaml", """
                name: runs-a-program
                objective: {name: v, goal: maximize}
                space:
                  x: {type: continuous, low: 0, high: 1}
                experiment:
                  tool: process
                  with:
                    command: ["sh", "-c", "touch %s"]
                    output: {json: output.json}
                planner: {name: random}
                budget: {experiments: 1, batch: 1}
                """.formatted(dir.resolve("ran"))));
        assertThat(call("POST", "/api/campaigns", sam, program, 403).get("detail").asText())
                .contains("tool 'process' is not allowed", "--allow-tools");
        assertThat(dir.resolve("data/campaigns")).isEmptyDirectory();

        // A typo, a wrong type or a number past its range is refused, not ignored, clamped or wrapped.
        assertThat(call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"bugdet\": 5}", 400)
                .get("detail").asText()).contains("unknown field bugdet");
        assertThat(call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"planner\": \"nope\"}", 400)
                .get("detail").asText()).as("the request's field, not the command line's option")
                .startsWith("'planner': unknown planner 'nope'").doesNotContain("--");
        call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"manual\": \"yes\"}", 400);
        call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"seed\": 1e400}", 400);
        call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"budget\": 4294967297}", 400);
        // Bad JSON says what and where, not the parser's own settings; a key twice or text after it is bad JSON.
        assertThat(call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"scenario\": \"arylation\"}",
                400).get("detail").asText()).contains("Duplicate field 'scenario'");
        call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\"} trailing", 400);
        assertThat(call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\",", 400).get("detail").asText())
                .startsWith("the request body is not JSON: Unexpected end-of-input").contains("(line 1, column ")
                .doesNotContain("`", "Source");
        assertThat(call("POST", "/api/campaigns", sam, "[".repeat(1500) + "]".repeat(1500), 400).get("detail")
                .asText()).contains("nesting depth (1001) exceeds the maximum").doesNotContain("`", "StreamReadConstraints");
        assertThat(call("POST", "/api/campaigns", sam, "{\"yaml\": \"" + "#".repeat(1_100_000) + "\"}", 413)
                .get("detail").asText()).isEqualTo("the request body is too large: at most 1,000,000 bytes");
        HttpResponse<String> plain = send("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\"}",
                "text/plain");
        assertThat(plain.statusCode()).isEqualTo(415);
        String id = call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"budget\": 3}", 201)
                .get("id").asText();
        call("PUT", "/api/campaigns/" + id + "/position", olga, "{\"position\": 4294967297}", 400);
        assertThat(call("POST", "/api/campaigns/" + id + "/approve", olga, "{\"experiments\": [\"exp-1\"],"
                + " \"all\": true}", 400).get("detail").asText()).contains("one of the two");
        until(id, sam, "finished");

        // Experiments that waited for a decision when their campaign was stopped are no longer shown as waiting.
        String asks = call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"budget\": 3,"
                + " \"approval\": \"all\"}", 201).get("id").asText();
        assertThat(until(asks, sam, "waiting").get("awaitingApproval")).isNotEmpty();
        assertThat(call("POST", "/api/campaigns/" + asks + "/deny", olga, "{\"all\": true}", 400).get("detail")
                .asText()).contains("'reason'").doesNotContain("--", dir.toString());
        call("POST", "/api/campaigns/" + asks + "/stop", olga, "{\"reason\": \"not today\"}", 200);  // at once
        JsonNode stopped = until(asks, sam, "finished");
        assertThat(stopped.get("awaitingApproval")).as(stopped.toString()).isEmpty();
        assertThat(stopped.get("neverDecided")).as(stopped.toString()).isNotEmpty();

        // The stream says what it needs; a wrong path is a problem detail too.
        HttpRequest noAccept = HttpRequest.newBuilder(URI.create(base() + "/api/campaigns/" + id + "/trace"))
                .header("Authorization", "Bearer " + sam).build();
        HttpResponse<String> refused = http.send(noAccept, HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(406);
        assertThat(refused.body()).contains("text/event-stream");
        HttpRequest badId = HttpRequest.newBuilder(URI.create(base() + "/api/campaigns/" + id + "/trace"))
                .header("Authorization", "Bearer " + sam).header("Accept", "text/event-stream")
                .header("Last-Event-ID", "abc").build();
        assertThat(http.send(badId, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(400);
        HttpRequest pastTheEnd = HttpRequest.newBuilder(URI.create(base() + "/api/campaigns/" + id + "/trace"))
                .header("Authorization", "Bearer " + sam).header("Accept", "text/event-stream")
                .header("Last-Event-ID", "99999").build();
        HttpRequest nosuch = HttpRequest.newBuilder(URI.create(base() + "/api/campaigns/nosuch/trace"))
                .header("Authorization", "Bearer " + sam).header("Accept", "text/event-stream").build();
        assertThat(http.send(nosuch, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(404);
        HttpResponse<String> past = http.send(pastTheEnd, HttpResponse.BodyHandlers.ofString());
        assertThat(past.statusCode()).isEqualTo(400);
        assertThat(past.body()).contains("Last-Event-ID 99999 is past the trace's last line");
        HttpResponse<String> nowhere = send("GET", "/api/nope", sam, null, null);
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(nowhere.headers().firstValue("Content-Type")).hasValue("application/problem+json; charset=utf-8");

        // A trace altered on disk is said to be so, not shown as a campaign with nothing in it.
        Path trace = dir.resolve("data/campaigns/" + id + "/run/trace.jsonl");
        List<String> lines = new ArrayList<>(Files.readAllLines(trace));
        lines.set(2, lines.get(2).replaceFirst("\"x1\":", "\"x1\":1"));
        Files.write(trace, lines);
        assertThat(call("GET", "/api/campaigns/" + id, sam, null, 200).get("traceDamaged").asText())
                .contains("cannot be read", "verify");

        // Where a browser goes after login: never another site, however the address is dressed.
        HttpResponse<String> in = form("/login", "token=" + sam + "&next=/%09/evil.example/", null);
        assertThat(in.headers().firstValue("Location")).hasValue("/");
        String session = in.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(form("/logout", "", session).statusCode()).as("a logout needs the page's CSRF token")
                .isEqualTo(403);
    }

    @Test
    void a_second_service_on_a_data_folder_or_a_port_in_use_is_refused_before_anything_is_made() throws Exception {
        start(1);
        Cli second = Cli.run("serve", "--port", "0", "--data", dir.resolve("data").toString());
        assertThat(second.exit()).isEqualTo(2);
        assertThat(second.err()).contains("in use by another sciloop serve", "process " + ProcessHandle.current()
                .pid()).doesNotContain("\tat ");
        Cli taken = Cli.run("serve", "--port", String.valueOf(service.port()), "--data", dir.resolve("other")
                .toString());
        assertThat(taken.exit()).isEqualTo(2);
        assertThat(taken.err()).contains("cannot listen there").doesNotContain("\tat ");
        assertThat(dir.resolve("other")).doesNotExist();
        Cli nowhere = Cli.run("serve", "--port", "0", "--host", "10.255.255.1", "--data", dir.resolve("other")
                .toString());
        assertThat(nowhere.exit()).isEqualTo(2);
        assertThat(nowhere.err()).contains("cannot listen there");
        assertThat(dir.resolve("other")).doesNotExist();
    }

    @Test
    void a_browser_session_is_a_cookie_out_of_scripts_reach_and_a_change_needs_the_pages_csrf_token() throws Exception {
        String admin = start(1);
        String sam = user(admin, "sam", "scientist");
        HttpResponse<String> toLogin = send("GET", "/", null, null, null);
        assertThat(toLogin.statusCode()).isEqualTo(303);
        assertThat(toLogin.headers().firstValue("Location")).hasValue("/login?next=%2F");
        HttpResponse<String> refused = form("/login", "token=slt_made_up&next=/", null);
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(refused.body()).contains("not one the service issued");

        // Logged in: back where they were going, never to another site.
        HttpResponse<String> in = form("/login", "token=" + sam + "&next=//evil.example/", null);
        assertThat(in.statusCode()).isEqualTo(303);
        assertThat(in.headers().firstValue("Location")).hasValue("/");
        String cookie = in.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain("Secure");  // plain HTTP here
        String session = cookie.substring(0, cookie.indexOf(';'));
        String page = withCookie("GET", "/", session, null, null).body();
        Matcher csrf = Pattern.compile("<meta name=csrf content=\"([0-9a-f]+)\">").matcher(page);
        assertThat(csrf.find()).as(page).isTrue();

        // Reading needs the session only; a change needs its CSRF token as well, which another site cannot know.
        assertThat(withCookie("GET", "/api/me", session, null, null).body()).contains("\"name\":\"sam\"");
        String submit = "{\"scenario\": \"branin\", \"budget\": 2}";
        HttpResponse<String> noToken = withCookie("POST", "/api/campaigns", session, submit, null);
        assertThat(noToken.statusCode()).isEqualTo(403);
        assertThat(noToken.body()).contains("CSRF");
        assertThat(withCookie("POST", "/api/campaigns", session, submit, "0".repeat(64)).statusCode()).isEqualTo(403);
        assertThat(withCookie("POST", "/api/campaigns", session, submit, csrf.group(1)).statusCode()).isEqualTo(201);

        // Logging out ends the session on the server, not only in the browser.
        HttpResponse<String> out = form("/logout", "csrf=" + csrf.group(1), session);
        assertThat(out.statusCode()).isEqualTo(303);
        assertThat(out.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(withCookie("GET", "/api/me", session, null, null).statusCode()).isEqualTo(401);
        assertThat(withCookie("GET", "/", session, null, null).statusCode()).isEqualTo(303);
    }

    @Test
    void a_certificate_that_cannot_serve_stops_the_start_naming_the_file() throws Exception {
        Path a = certificate("a");
        Path b = certificate("b");
        Path data = dir.resolve("never-made");
        Cli mismatched = Cli.run("serve", "--data", data.toString(), "--tls-cert", a.resolve("cert.pem").toString(),
                "--tls-key", b.resolve("key.pem").toString());
        assertThat(mismatched.exit()).isEqualTo(2);
        assertThat(mismatched.err()).contains("is not the key of the certificate in --tls-cert").doesNotContain("\tat ");
        assertThat(data).doesNotExist();
        Cli swapped = Cli.run("serve", "--data", data.toString(), "--tls-cert", a.resolve("key.pem").toString(),
                "--tls-key", a.resolve("cert.pem").toString());
        assertThat(swapped.exit()).isEqualTo(2);
        assertThat(swapped.err()).contains("--tls-cert " + a.resolve("key.pem"));
        Cli alone = Cli.run("serve", "--tls-cert", a.resolve("cert.pem").toString());
        assertThat(alone.exit()).isEqualTo(2);
        assertThat(alone.err()).contains("--tls-cert needs --tls-key");
        Cli missing = Cli.run("serve", "--tls-cert", dir.resolve("nope.pem").toString(), "--tls-key",
                a.resolve("key.pem").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("nope.pem: cannot read it");
        Path pkcs1 = dir.resolve("rsa.pem");
        assertThat(new ProcessBuilder("openssl", "genrsa", "-traditional", "-out", pkcs1.toString(), "2048")
                .redirectErrorStream(true).start().waitFor()).isZero();
        Cli old = Cli.run("serve", "--tls-cert", a.resolve("cert.pem").toString(), "--tls-key", pkcs1.toString());
        assertThat(old.exit()).isEqualTo(2);
        assertThat(old.err()).contains("old-style", "openssl pkcs8 -topk8 -nocrypt");
    }

    @Test
    void every_endpoint_is_refused_without_a_valid_token_and_to_each_role_that_may_not_use_it() throws Exception {
        String admin = start(1);
        user(admin, "tess", "scientist");  // whose tokens the user endpoints make and revoke
        Map<Role, String> tokens = Map.of(Role.SCIENTIST, user(admin, "sam", "scientist"), Role.OPERATOR,
                user(admin, "olga", "operator"), Role.EVALUATOR, user(admin, "eve", "evaluator"), Role.ADMIN, admin);
        String id = call("POST", "/api/campaigns", tokens.get(Role.SCIENTIST), "{\"scenario\": \"branin\","
                + " \"budget\": 2}", 201).get("id").asText();
        JsonNode api = call("GET", "/api/openapi.json", admin, null, 200);
        int checked = 0;
        for (Map.Entry<String, JsonNode> path : api.get("paths").properties()) {
            String url = path.getKey().replace("{id}", id).replace("{name}", "tess");
            for (Map.Entry<String, JsonNode> op : path.getValue().properties()) {
                String method = op.getKey().toUpperCase();
                Role.Permission permission = Role.Permission.valueOf(op.getValue().get("x-permission").asText()
                        .toUpperCase());
                for (String token : new String[] {null, "slt_forged", admin + "x"}) {
                    assertThat(send(method, url, token, "{}", "application/json").statusCode())
                            .as(method + " " + url + " with token " + token).isEqualTo(401);
                }
                for (Role role : Role.values()) {
                    HttpResponse<String> r = send(method, url, tokens.get(role), "{}", "application/json");
                    if (role.may(permission)) {
                        assertThat(r.statusCode()).as(method + " " + url + " as " + role + ": " + r.body())
                                .isNotIn(401, 403);
                        assertThat(r.body()).as("documented, so served").doesNotContain("no such endpoint");
                    } else {
                        assertThat(r.statusCode()).as(method + " " + url + " as " + role).isEqualTo(403);
                        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/problem+json; charset=utf-8");
                        assertThat(JSON.readTree(r.body()).get("detail").asText()).contains("may not");
                    }
                    checked++;
                }
            }
        }
        assertThat(checked).as("every documented operation for every role").isGreaterThan(80);
        assertThat(call("GET", "/api/users", tokens.get(Role.SCIENTIST), null, 403).get("detail").asText())
                .isEqualTo("sam is scientist; that role may not manage users and their tokens (admin may)");
        // A mistyped name in a revocation is refused, not answered "none revoked" as if all were well.
        assertThat(call("DELETE", "/api/users/tesss/tokens", admin, null, 404).get("detail").asText())
                .isEqualTo("no user tesss");
        // A revocation takes no query (it revokes all of a user's tokens): one labelled is refused, nothing revoked.
        assertThat(call("DELETE", "/api/users/sam/tokens?label=laptop", admin, null, 400).get("detail").asText())
                .isEqualTo("unknown query parameter label; this request takes none");
        call("GET", "/api/campaigns", tokens.get(Role.SCIENTIST), null, 200);

        clock.advance(Duration.ofDays(31));  // past the tokens' 30 days
        HttpResponse<String> expired = send("GET", "/api/campaigns", tokens.get(Role.SCIENTIST), null, null);
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(expired.body()).contains("expired");
    }

    @Test
    void queued_campaigns_start_in_queue_order_as_reordered_and_a_cancelled_one_never_runs() throws Exception {
        String admin = start(1);
        String sam = user(admin, "sam", "scientist");
        String olga = user(admin, "olga", "operator");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"budget\": 8, \"seed\": " + i
                    + "}", 201).get("id").asText());
        }
        // One runs at a time: the last goes first among those still queued, the third never runs.
        JsonNode moved = call("PUT", "/api/campaigns/" + ids.get(3) + "/position", olga, "{\"position\": 1}", 200);
        assertThat(moved.get("position").asInt()).isEqualTo(1);
        call("POST", "/api/campaigns/" + ids.get(2) + "/cancel", olga, null, 200);
        call("POST", "/api/campaigns/" + ids.get(2) + "/cancel", olga, null, 409);
        call("PUT", "/api/campaigns/" + ids.get(3) + "/position", sam, "{\"position\": 1}", 403);
        for (String id : List.of(ids.get(0), ids.get(1), ids.get(3))) {
            until(id, sam, "finished");
        }
        assertThat(call("GET", "/api/campaigns/" + ids.get(2), sam, null, 200).get("state").asText())
                .isEqualTo("cancelled");
        assertThat(dir.resolve("data/campaigns/" + ids.get(2) + "/run")).doesNotExist();
        assertThat(started(ids.get(3))).isBefore(started(ids.get(1)));
        JsonNode refused = call("POST", "/api/campaigns", sam, "{\"yaml\": \"name: x\\nobjective: {name: y}\\n\"}",
                400);
        assertThat(refused.get("detail").asText()).contains("scenario.yaml:");
    }

    /**
     * A service killed (kill -9, with every campaign process it started) while five campaigns run and three wait:
     * started again on its folder, it resumes the interrupted ones from their traces and runs the queued ones;
     * every campaign completes its budget, and no experiment is on record twice.
     */
    @Test
    void a_service_killed_with_its_campaigns_resumes_them_from_their_traces_and_keeps_the_queue() throws Exception {
        Path data = dir.resolve("killed");
        Process first = serveProcess(data);
        String admin = tokenOf(first);
        String sam = user(admin, "sam", "scientist");
        List<String> ids = new ArrayList<>();
        // Each experiment takes 400 ms, so that all five are still running when they are cut off (they start a
        // second or so apart: each opens the campaign store in turn, for its memoised answers).
        for (int i = 0; i < 8; i++) {
            ids.add(call("POST", "/api/campaigns", sam, "{\"yaml\": \"" + slowBranin("bo") + "\", \"budget\": 25,"
                    + " \"seed\": " + i + "}", 201).get("id").asText());
        }
        Instant deadline = Instant.now().plusSeconds(180);
        while (Instant.now().isBefore(deadline) && ids.stream().limit(5).anyMatch(id -> observed(data, id) < 3)) {
            Thread.sleep(50);
        }
        List<ProcessHandle> campaignProcesses = first.descendants().toList();
        first.destroyForcibly().waitFor();
        campaignProcesses.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle p : campaignProcesses) {
            p.onExit().get();
        }
        long interrupted = ids.stream().filter(id -> observed(data, id) > 0 && observed(data, id) < 25).count();
        assertThat(interrupted).as("campaigns cut off mid-way; observations of each: %s",
                ids.stream().map(id -> observed(data, id)).toList()).isEqualTo(5);
        assertThat(ids.subList(5, 8)).as("still queued").allMatch(id -> observed(data, id) == 0);
        // A start the killed service had not yet written to its database (a tester: one kill in four, before each
        // commit was written as it was made): a campaign with a trace is queued there again. It is still gone on
        // from its trace, not run anew.
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:h2:file:" + data.resolve("service"));
             java.sql.PreparedStatement requeue = db.prepareStatement("UPDATE campaigns SET state = 'QUEUED',"
                     + " runner = NULL WHERE id = ?")) {
            requeue.setString(1, ids.get(0));
            assertThat(requeue.executeUpdate()).isOne();
            // A stop and a pause the service had answered, and that the campaigns had not reached when all was
            // killed (a tester: the restarted service resumed both, as if no one had asked).
            java.sql.PreparedStatement asked = db.prepareStatement("UPDATE campaigns SET request = ? WHERE id = ?");
            asked.setString(1, "stop\nsam\nthe column is blocked");
            asked.setString(2, ids.get(1));
            assertThat(asked.executeUpdate()).isOne();
            asked.setString(1, "pause\nsam\nlunch");
            asked.setString(2, ids.get(2));
            assertThat(asked.executeUpdate()).isOne();
        }

        Process second = serveProcess(data);
        String eve = user(admin, "eve", "evaluator");
        try {
            JsonNode paused = until(ids.get(2), sam, "paused");
            assertThat(paused.get("detail").asText()).isEqualTo("paused by sam (sciloop pause): lunch");
            // Paused on record and sealed, what was in flight settled first: its trace verifies as it stands.
            JsonNode pausedVerified = call("GET", "/api/campaigns/" + ids.get(2) + "/verify", eve, null, 200);
            assertThat(pausedVerified.get("verified").asBoolean()).as(pausedVerified.toString()).isTrue();
            String olga = user(admin, "olga", "operator");
            call("POST", "/api/campaigns/" + ids.get(2) + "/resume", olga, null, 202);
            // A second resume is refused as the campaign runs, without first waiting for the first one to end
            // (a tester: it waited 30 s).
            Instant asked = Instant.now();
            JsonNode again = call("POST", "/api/campaigns/" + ids.get(2) + "/resume", olga, null, 409);
            assertThat(again.get("detail").asText()).contains("is running");
            assertThat(Duration.between(asked, Instant.now())).isLessThan(Duration.ofSeconds(15));
            for (String id : ids) {
                JsonNode done = until(id, sam, "finished");
                int experiments = done.get("experiments").asInt();
                if (id.equals(ids.get(1))) {
                    assertThat(done.get("detail").asText()).as("stopped where it stood").contains("STOPPED",
                            "stopped by sam", "the column is blocked");
                    assertThat(experiments).isLessThan(25);
                } else {
                    assertThat(experiments).isEqualTo(25);
                }
                List<String> observedIds = new ArrayList<>();
                done.get("observations").forEach(o -> observedIds.add(o.get("id").asText()));
                assertThat(observedIds).as(id + ": no experiment twice").doesNotHaveDuplicates().hasSize(experiments);
                JsonNode verified = call("GET", "/api/campaigns/" + id + "/verify", eve, null, 200);
                assertThat(verified.get("verified").asBoolean()).as(verified.toString()).isTrue();
            }
            assertThat(Cli.run("memory", "list", "--store", data.resolve("memory").toString()).out())
                    .as("the service's campaigns, in its own store").contains("8 campaigns");
            long resumed = 0;
            for (String id : ids) {
                try (var logs = Files.list(data.resolve("campaigns/" + id + "/logs"))) {
                    resumed += logs.anyMatch(l -> l.getFileName().toString().endsWith("-resume.log")) ? 1 : 0;
                }
            }
            assertThat(resumed).as("each interrupted campaign resumed from its trace, but the one asked to stop,"
                    + " which its stop settled").isEqualTo(interrupted - 1);
        } finally {
            second.descendants().forEach(ProcessHandle::destroyForcibly);
            second.destroyForcibly().waitFor();
        }
    }

    /**
     * A stop the service answered, then was killed before it passed on (a tester: once in ten kills, the campaign ran
     * to its budget): the campaign's process outlived the service, and the restarted service asks it to stop.
     */
    @Test
    void a_stop_answered_before_a_kill_reaches_the_campaign_that_outlived_the_service() throws Exception {
        Path data = dir.resolve("outlived");
        Process first = serveProcess(data);
        String admin = tokenOf(first);
        String sam = user(admin, "sam", "scientist");
        String id = call("POST", "/api/campaigns", sam, "{\"yaml\": \"" + slowBranin("random") + "\","
                + " \"budget\": 60}", 201).get("id").asText();
        Instant deadline = Instant.now().plusSeconds(120);
        while (Instant.now().isBefore(deadline) && observed(data, id) < 2) {
            Thread.sleep(50);
        }
        List<ProcessHandle> campaign = first.descendants().toList();
        first.destroyForcibly().waitFor();  // the service alone: its campaign runs on
        try {
            assertThat(campaign).as("the campaign's process").anyMatch(ProcessHandle::isAlive);
            try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:h2:file:"
                    + data.resolve("service"));
                 java.sql.PreparedStatement asked = db.prepareStatement("UPDATE campaigns SET request = ? WHERE id = ?")) {
                asked.setString(1, "stop\nsam\nthe column is blocked");  // answered, never passed on
                asked.setString(2, id);
                assertThat(asked.executeUpdate()).isOne();
            }
            Process second = serveProcess(data);
            try {
                JsonNode done = until(id, sam, "finished");
                assertThat(done.get("detail").asText()).contains("STOPPED", "stopped by sam", "the column is blocked");
                assertThat(done.get("experiments").asInt()).isLessThan(60);
            } finally {
                second.descendants().forEach(ProcessHandle::destroyForcibly);
                second.destroyForcibly().waitFor();
            }
        } finally {
            campaign.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /**
     * A pause answered while the campaign's process is still starting, with no trace to ask through yet (a tester: it
     * was dropped, and the campaign ran to its budget), is passed on once the campaign has begun.
     */
    @Test
    void a_pause_asked_as_a_campaign_starts_is_carried_out() throws Exception {
        String admin = start(1);
        String sam = user(admin, "sam", "scientist");
        String olga = user(admin, "olga", "operator");
        String id = call("POST", "/api/campaigns", sam, "{\"yaml\": \"" + slowBranin("random") + "\","
                + " \"budget\": 40}", 201).get("id").asText();
        Instant deadline = Instant.now().plusSeconds(60);
        while (!call("GET", "/api/campaigns/" + id, sam, null, 200).get("state").asText().equals("running")) {
            assertThat(Instant.now()).isBefore(deadline);
            Thread.sleep(20);
        }
        call("POST", "/api/campaigns/" + id + "/pause", olga, "{\"reason\": \"too soon\"}", 202);
        JsonNode paused = until(id, sam, "paused");
        assertThat(paused.get("detail").asText()).isEqualTo("paused by olga (sciloop pause): too soon");
        assertThat(paused.get("experiments").asInt()).isLessThan(40);
    }

    /**
     * A campaign killed with the service after it finished and before its trace was sealed (a tester: it never
     * verified again): the restarted service seals it.
     */
    @Test
    void a_campaign_killed_between_its_end_and_its_seal_is_sealed_by_the_restarted_service() throws Exception {
        Path data = dir.resolve("unsealed");
        Process first = serveProcess(data);
        String admin = tokenOf(first);
        String sam = user(admin, "sam", "scientist");
        String id = call("POST", "/api/campaigns", sam, "{\"scenario\": \"branin\", \"budget\": 3}", 201).get("id")
                .asText();
        until(id, sam, "finished");
        first.descendants().forEach(ProcessHandle::destroyForcibly);
        first.destroyForcibly().waitFor();
        Path trace = data.resolve("campaigns/" + id + "/run/trace.jsonl");
        List<String> lines = Files.readAllLines(trace);
        Files.write(trace, lines.subList(0, lines.size() - 1));  // the seal, never written
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:h2:file:" + data.resolve("service"));
             java.sql.PreparedStatement running = db.prepareStatement("UPDATE campaigns SET state = 'RUNNING'"
                     + " WHERE id = ?")) {
            running.setString(1, id);  // as the killed service last knew it
            assertThat(running.executeUpdate()).isOne();
        }
        assertThat(Cli.run("verify", trace.toString()).exit()).isEqualTo(ExitCode.FAILED);
        Process second = serveProcess(data);
        try {
            until(id, sam, "finished");
            JsonNode verified = call("GET", "/api/campaigns/" + id + "/verify", user(admin, "eve", "evaluator"), null,
                    200);
            assertThat(verified.get("verified").asBoolean()).as(verified.toString()).isTrue();
        } finally {
            second.descendants().forEach(ProcessHandle::destroyForcibly);
            second.destroyForcibly().waitFor();
        }
    }

    /** A campaign of branin at 400 ms an experiment, as a JSON string's content: slow enough to be cut off mid-way. */
    private static String slowBranin(String planner) {
        return "name: slow-branin\\nobjective: {name: value, goal: minimize}\\nexperiment: {tool: benchmark-function,"
                + " with: {function: branin, run-time-ms: 400}}\\nplanner: {name: " + planner + "}\\n";
    }

    private int port = -1;

    /** {@code sciloop serve} in a process of its own, on a free port; its output is read for the port. */
    private Process serveProcess(Path data) throws Exception {
        List<String> command = new ArrayList<>(new ServeCommand.Commands().command());
        command.addAll(List.of("serve", "--port", "0", "--parallel", "5", "--data", data.toString()));
        Files.createDirectories(data);
        Path out = data.resolve("serve-" + System.nanoTime() + ".out");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile());
        // As a service started with no store named: its campaigns keep theirs in its data folder. (Branin's answers
        // remembered from other tests' campaigns would finish these at once, memoised, before they can be cut off.)
        builder.environment().remove("SCILOOP_DATA_HOME");
        builder.environment().remove("SCILOOP_STORE");
        Process p = builder.start();
        Instant deadline = Instant.now().plusSeconds(60);
        Matcher listening;
        do {
            Thread.sleep(100);
            listening = Pattern.compile("open http://127.0.0.1:(\\d+)/").matcher(Files.readString(out));
        } while (!listening.find() && p.isAlive() && Instant.now().isBefore(deadline));
        assertThat(p.isAlive()).as(Files.readString(out)).isTrue();
        port = Integer.parseInt(listening.group(1));
        outputs.put(p, out);
        return p;
    }

    private final Map<Process, Path> outputs = new java.util.HashMap<>();

    private String tokenOf(Process p) throws Exception {
        Matcher token = Pattern.compile("(slt_[A-Za-z0-9_-]+)").matcher(Files.readString(outputs.get(p)));
        assertThat(token.find()).isTrue();
        return token.group(1);
    }

    private static int observed(Path data, String id) {
        try {
            Path trace = data.resolve("campaigns/" + id + "/run/trace.jsonl");
            return Files.exists(trace) ? (int) Files.readAllLines(trace).stream()
                    .filter(l -> l.contains("\"type\":\"ObservationRecorded\"")).count() : 0;
        } catch (java.io.IOException e) {
            return 0;  // being written
        }
    }

    // --- the client ---

    /** A self-signed certificate and its key, made by openssl in {@code name}/. */
    private Path certificate(String name) throws Exception {
        Path folder = Files.createDirectories(dir.resolve(name));
        Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                folder.resolve("key.pem").toString(), "-out", folder.resolve("cert.pem").toString(), "-days", "1",
                "-subj", "/CN=localhost").redirectErrorStream(true).start();
        openssl.getInputStream().readAllBytes();
        assertThat(openssl.waitFor()).isZero();
        return folder;
    }

    private HttpResponse<String> form(String path, String body, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A request as a browser sends it: the session cookie, and the page's CSRF token if given. */
    private HttpResponse<String> withCookie(String method, String path, String cookie, String body, String csrf)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).header("Cookie", cookie)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (csrf != null) {
            b.header("X-CSRF-Token", csrf);
        }
        if (body != null && !body.isEmpty()) {
            b.header("Content-Type", "application/json");  // as the dashboard's script sends it
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String start(int parallel) {
        return start(parallel, Executor.LOCAL);
    }

    private String start(int parallel, Executor executor) {
        StringWriter out = new StringWriter();
        service = LabService.start(new LabService.Settings("127.0.0.1", 0, dir.resolve("data"), null, parallel,
                Duration.ofDays(30), null, null, executor, "test", ServeCommand.yamlToolsByDefault()), new ServeCommand.Commands(), clock, new PrintWriter(out, true));
        Matcher token = Pattern.compile("(slt_[A-Za-z0-9_-]+)").matcher(out.toString());
        assertThat(token.find()).as(out.toString()).isTrue();
        return token.group(1);
    }

    private String user(String admin, String name, String role) throws Exception {
        call("POST", "/api/users", admin, "{\"name\": \"" + name + "\", \"role\": \"" + role + "\"}", 201);
        return call("POST", "/api/users/" + name + "/tokens", admin, "{\"label\": \"test\"}", 201).get("token").asText();
    }

    /** The campaign once it stands still in {@code state}: its trace stream's end event says when. */
    private JsonNode until(String id, String token, String state) throws Exception {
        List<String[]> events = stream(id, token, "0");
        assertThat(events).as("the stream ends once the campaign stands still").isNotEmpty();
        assertThat(events.get(events.size() - 1)[0]).isEqualTo("end");
        JsonNode c = call("GET", "/api/campaigns/" + id, token, null, 200);
        assertThat(c.get("state").asText()).as(c.toString()).isEqualTo(state);
        return c;
    }

    private Instant started(String id) throws Exception {
        String first = Files.readAllLines(dir.resolve("data/campaigns/" + id + "/run/trace.jsonl")).get(0);
        return Instant.parse(JSON.readTree(first).get("time").asText());
    }

    /** Every pending row with its yield filled in. */
    private static String filled(String pending, double yield) {
        List<String> lines = pending.lines().toList();
        List<String> header = List.of(lines.get(0).split(",", -1));
        StringBuilder out = new StringBuilder(lines.get(0)).append('\n');
        for (String line : lines.subList(1, lines.size())) {
            String[] cells = line.split(",", -1);
            cells[header.indexOf("yield")] = String.valueOf(yield);
            out.append(String.join(",", cells)).append('\n');
        }
        return out.toString();
    }

    private List<String[]> stream(String id, String token, String lastEventId) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(base() + "/api/campaigns/" + id + "/trace"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream")
                .header("Last-Event-ID", lastEventId).timeout(Duration.ofSeconds(30)).build();
        HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        List<String[]> events = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            String eventId = null;
            StringBuilder data = new StringBuilder();
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    eventId = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data.append(line.substring(5).strip());
                } else if (line.isEmpty() && event != null) {
                    events.add(new String[] {event, eventId, data.toString()});
                    if (event.equals("end")) {
                        break;
                    }
                    event = null;
                    data.setLength(0);
                }
            }
        }
        return events;
    }

    private JsonNode call(String method, String path, String token, String body, int expected) throws Exception {
        return call(method, path, token, body, expected, "application/json");
    }

    private JsonNode call(String method, String path, String token, String body, int expected, String type)
            throws Exception {
        HttpResponse<String> r = send(method, path, token, body, type);
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return JSON.readTree(r.body());
    }

    private String text(String method, String path, String token, String body, int expected) throws Exception {
        HttpResponse<String> r = send(method, path, token, body, "application/json");
        assertThat(r.statusCode()).as(method + " " + path + ": " + r.body()).isEqualTo(expected);
        return r.body();
    }

    private HttpResponse<String> send(String method, String path, String token, String body, String type)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (type != null) {
            b.header("Content-Type", type);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (path.endsWith("/trace")) {
            // A stream: its status says whether it was let in; a refusal's body is a problem detail.
            HttpResponse<java.io.InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (java.io.InputStream in = r.body()) {
                String text = r.statusCode() == 200 ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
                return new Received(r, text);
            }
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String base() {
        return "http://127.0.0.1:" + (service != null ? service.port() : port);
    }

    /** A clock the test moves forward, to expire tokens. */
    private static final class MovableClock extends Clock {
        private Duration offset = Duration.ZERO;

        void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    /** A streamed response, with the body read so far. */
    private record Received(HttpResponse<java.io.InputStream> response, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return response.statusCode();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return response.headers();
        }

        @Override
        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        @Override
        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return response.sslSession();
        }

        @Override
        public URI uri() {
            return response.uri();
        }

        @Override
        public HttpClient.Version version() {
            return response.version();
        }

        @Override
        public HttpRequest request() {
            return response.request();
        }
    }
}
