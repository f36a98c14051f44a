package org.sciloop.service.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The lab service measured from outside, as its clients meet it: {@code sciloop serve} in a process of its own,
 * driven over HTTP. Three figures:
 * <ol>
 *   <li>trace-stream latency: with {@code campaigns} simulation campaigns running at once, the time from a trace
 *   line's timestamp (set by the campaign's process as it writes the line) to its arrival as a Server-Sent Event
 *   at a client of every campaign's stream;</li>
 *   <li>requests per second on the status endpoints, once those campaigns and more have finished;</li>
 *   <li>the service process's memory with {@code finished} campaigns on its books (resident set after a full
 *   garbage collection, and the heap in use).</li>
 * </ol>
 */
public final class ServiceBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> sciloop;
    private final PrintWriter out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private String base;
    private String token;

    /** @param sciloop the command line that runs sciloop, to which {@code serve ...} is added */
    public ServiceBenchmark(List<String> sciloop, PrintWriter out) {
        this.sciloop = sciloop;
        this.out = out;
    }

    public void run(Path scratch, int campaigns, int budget, int finished, int clients, Duration timed)
            throws Exception {
        Path data = Files.createTempDirectory(Files.createDirectories(scratch), "service-bench");
        List<String> command = new ArrayList<>(sciloop);
        command.addAll(List.of("serve", "--port", "0", "--parallel", String.valueOf(campaigns), "--data",
                data.toString()));
        Path log = data.resolve("serve.out");
        Process service = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            connect(service, log);
            out.printf("sciloop serve (pid %d), data in %s; %d processors%n", service.pid(), data,
                    Runtime.getRuntime().availableProcessors());
            latency(campaigns, budget);
            fill(finished);
            memory(service.pid(), finished);
            throughput(clients, timed);
        } finally {
            service.descendants().forEach(ProcessHandle::destroyForcibly);
            service.destroyForcibly().waitFor();
        }
    }

    /** Streams every campaign's trace while they run, and times each line from its writing to its arrival. */
    private void latency(int campaigns, int budget) throws Exception {
        out.printf("%n1. trace stream: %d campaigns (branin, bo, %d experiments each) running at once, one SSE"
                + " client per campaign%n", campaigns, budget);
        out.flush();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < campaigns; i++) {
            ids.add(submit("{\"scenario\": \"branin\", \"planner\": \"bo\", \"budget\": " + budget + ", \"seed\": "
                    + (i + 1) + "}"));
        }
        List<Long> micros = Collections.synchronizedList(new ArrayList<>());
        AtomicLong backlog = new AtomicLong();
        ExecutorService streams = Executors.newFixedThreadPool(campaigns);
        List<Future<?>> done = new ArrayList<>();
        Instant began = Instant.now();
        for (String id : ids) {
            done.add(streams.submit(() -> {
                follow(id, micros, backlog);
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get(30, TimeUnit.MINUTES);
        }
        streams.shutdown();
        List<Long> sorted = new ArrayList<>(micros);
        Collections.sort(sorted);
        out.printf("   %d lines streamed live in %.0f s (%d written before their client connected, not counted)%n",
                sorted.size(), Duration.between(began, Instant.now()).toMillis() / 1000.0, backlog.get());
        out.printf("   line written -> event received: median %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                quantile(sorted, 0.5) / 1000.0, quantile(sorted, 0.9) / 1000.0, quantile(sorted, 0.99) / 1000.0,
                sorted.isEmpty() ? 0 : sorted.get(sorted.size() - 1) / 1000.0);
        out.flush();
    }

    private void follow(String id, List<Long> micros, AtomicLong backlog) throws IOException, InterruptedException {
        Instant connected = Instant.now();
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/campaigns/" + id + "/trace"))
                .header("Authorization", "Bearer " + token).header("Accept", "text/event-stream").build();
        HttpResponse<java.io.InputStream> r = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            String event = null;
            for (String line; (line = in.readLine()) != null; ) {
                if (line.startsWith("event:")) {
                    event = line.substring(6).strip();
                    if (event.equals("end")) {
                        return;
                    }
                } else if (line.startsWith("data:") && "trace".equals(event)) {
                    Instant received = Instant.now();
                    Instant written = Instant.parse(JSON.readTree(line.substring(5)).get("time").asText());
                    if (written.isBefore(connected)) {
                        backlog.incrementAndGet();
                    } else {
                        micros.add(Duration.between(written, received).toNanos() / 1000);
                    }
                }
            }
        }
    }

    /** Runs short campaigns until {@code finished} have finished in all. */
    private void fill(int finished) throws Exception {
        int have = list().size();
        out.printf("%n   filling the service to %d finished campaigns (branin, random, 10 experiments each) ...%n",
                finished);
        out.flush();
        for (int i = have; i < finished; i++) {
            submit("{\"scenario\": \"branin\", \"planner\": \"random\", \"budget\": 10, \"seed\": " + i + "}");
        }
        Instant deadline = Instant.now().plus(Duration.ofMinutes(30));
        while (countFinished() < finished) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("campaigns did not finish within 30 minutes");
            }
            Thread.sleep(500);
        }
    }

    /** The service process's memory: resident set after a full GC (jcmd GC.run), and its heap in use. */
    private void memory(long pid, int finished) throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (int i = 0; i < 2; i++) {
            new ProcessBuilder(jcmd, String.valueOf(pid), "GC.run").redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(60, TimeUnit.SECONDS);
        }
        String status = Files.readString(Path.of("/proc", String.valueOf(pid), "status"));
        Matcher rss = Pattern.compile("VmRSS:\\s+(\\d+) kB").matcher(status);
        Process heapInfo = new ProcessBuilder(jcmd, String.valueOf(pid), "GC.heap_info").redirectErrorStream(true)
                .start();
        String heap = new String(heapInfo.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        heapInfo.waitFor(60, TimeUnit.SECONDS);
        Matcher used = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(heap);
        out.printf("%n2. memory of the service with %d finished campaigns on its books, after a full GC:%n", finished);
        out.printf("   resident set %s MB%n", rss.find() ? String.format("%.0f", Long.parseLong(rss.group(1)) / 1024.0)
                : "? (no /proc here)");
        out.printf("   heap in use %s%n", used.find() ? String.format("%.1f MB of %.0f MB committed",
                Long.parseLong(used.group(2)) / 1024.0, Long.parseLong(used.group(1)) / 1024.0) : "? (" + heap.strip()
                + ")");
        out.flush();
    }

    /** Requests per second on one campaign's status and on the campaign list, from {@code clients} threads. */
    private void throughput(int clients, Duration timed) throws Exception {
        JsonNode campaigns = list();
        String one = campaigns.get(0).get("id").asText();  // the first: a bo campaign with its whole budget
        out.printf("%n3. requests per second, %d client threads, %d s each, once everything finished:%n", clients,
                timed.toSeconds());
        for (String path : List.of("/api/campaigns/" + one, "/api/campaigns")) {
            long[] counts = hammer(path, clients, timed);
            out.printf("   GET %-32s %8.0f requests/s (%d requests, %d failed)%n",
                    path.equals("/api/campaigns") ? path + " (" + campaigns.size() + ")" : path + " (status)",
                    counts[0] / (double) timed.toSeconds(), counts[0], counts[1]);
            out.flush();
        }
    }

    private long[] hammer(String path, int clients, Duration timed) throws Exception {
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicBoolean going = new AtomicBoolean(true);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + token).build();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        for (int i = 0; i < clients; i++) {
            pool.submit(() -> {
                while (going.get()) {
                    try {
                        HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                        (r.statusCode() == 200 ? ok : failed).incrementAndGet();
                    } catch (IOException | InterruptedException e) {
                        failed.incrementAndGet();
                    }
                }
            });
        }
        Thread.sleep(1000);  // warm-up, not counted
        ok.set(0);
        failed.set(0);
        Thread.sleep(timed.toMillis());
        long[] counted = {ok.get(), failed.get()};
        going.set(false);
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.MINUTES);
        return counted;
    }

    // --- the service ---

    private void connect(Process service, Path log) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(1));
        Matcher port;
        boolean listening;
        do {
            Thread.sleep(100);
            port = Pattern.compile("open http://127.0.0.1:(\\d+)/").matcher(Files.readString(log));
            listening = port.find();
        } while (!listening && service.isAlive() && Instant.now().isBefore(deadline));
        if (!listening) {
            throw new IllegalStateException("sciloop serve did not start: " + Files.readString(log));
        }
        base = "http://127.0.0.1:" + port.group(1);
        Matcher admin = Pattern.compile("(slt_[A-Za-z0-9_-]+)").matcher(Files.readString(log));
        if (!admin.find()) {
            throw new IllegalStateException("no admin token in " + log);
        }
        send("POST", "/api/users", admin.group(1), "{\"name\": \"bench\", \"role\": \"scientist\"}", 201);
        token = JSON.readTree(send("POST", "/api/users/bench/tokens", admin.group(1), "{}", 201)).get("token")
                .asText();
    }

    private String submit(String body) throws Exception {
        return JSON.readTree(send("POST", "/api/campaigns", token, body, 201)).get("id").asText();
    }

    private JsonNode list() throws Exception {
        return JSON.readTree(send("GET", "/api/campaigns", token, null, 200));
    }

    private long countFinished() throws Exception {
        long n = 0;
        for (JsonNode c : list()) {
            String state = c.get("state").asText();
            if (state.equals("failed") || state.equals("cancelled")) {
                throw new IllegalStateException("campaign " + c.get("id").asText() + " " + state + ": "
                        + c.get("detail").asText());
            }
            n += state.equals("finished") ? 1 : 0;
        }
        return n;
    }

    private String send(String method, String path, String bearer, String body, int expected) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Authorization", "Bearer " + bearer).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    private static double quantile(List<Long> sorted, double q) {
        return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.floor(q * sorted.size())));
    }
}
