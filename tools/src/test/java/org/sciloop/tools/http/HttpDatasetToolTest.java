package org.sciloop.tools.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ToolFixture;

/** Against a real HTTP server on loopback (the JDK's), answering as a data service does, and misbehaving. */
class HttpDatasetToolTest {
    @TempDir
    Path dir;
    private HttpServer server;
    private final AtomicInteger flaky = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> requests = new ConcurrentLinkedQueue<>();
    private final CountDownLatch released = new CountDownLatch(1);

    @BeforeEach
    void startService() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/", exchange -> {
            String path = exchange.getRequestURI().getPath().substring("/api".length());
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(exchange.getRequestMethod() + " " + path + query(exchange) + " " + body + " token="
                    + exchange.getRequestHeaders().getFirst("X-Token"));
            switch (path) {
                case "/reactions" -> send(exchange, 200, "{\"rows\": [{\"ligand\": \"XPhos\", \"yield\": 91.5}]}");
                case "/predict" -> send(exchange, 200, "{\"echo\": " + body + "}");
                case "/busy" -> {
                    if (flaky.getAndIncrement() < 2) {
                        exchange.getResponseHeaders().add("Retry-After", "0");
                        send(exchange, 429, "{}");
                    } else {
                        send(exchange, 200, "{\"ok\": true}");
                    }
                }
                case "/broken" -> send(exchange, 503, "down for maintenance");
                case "/garbage" -> send(exchange, 200, "<html>oops</html>");
                case "/huge" -> send(exchange, 200, "[" + "1,".repeat(100_000) + "1]");
                case "/missing" -> send(exchange, 404, "{\"error\": \"no such reaction\"}");
                case "/hang" -> {
                    await(released);
                    send(exchange, 200, "{}");
                }
                default -> send(exchange, 500, "unexpected " + path);
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stop() {
        released.countDown();
        server.stop(0);
    }

    @Test
    void gets_json_then_answers_the_same_request_from_its_cache_even_offline() {
        Tool tool = tool("");
        Map<String, Object> first = success(get(tool, "/reactions", Map.of("ligand", "XPhos")));
        Map<String, Object> again = success(get(tool, "/reactions", Map.of("ligand", "XPhos")));

        assertThat(first).containsEntry("status", 200).containsEntry("cached", false);
        assertThat(first.get("body")).isEqualTo(Map.of("rows", List.of(Map.of("ligand", "XPhos", "yield", 91.5))));
        assertThat(again).containsEntry("cached", true).containsEntry("body", first.get("body"));
        assertThat(requests).hasSize(1);

        server.stop(0);   // the service is gone: a replay still gets its answer
        Tool offline = tool("");
        assertThat(success(get(offline, "/reactions", Map.of("ligand", "XPhos")))).containsEntry("cached", true)
                .containsEntry("body", first.get("body"));
        assertThat(get(offline, "/reactions", Map.of("ligand", "SPhos"))).isInstanceOfSatisfying(
                ToolResult.Failure.class, f -> assertThat(f.reason()).contains("failed 4 times; last: ConnectException"));
    }

    @Test
    void posts_a_json_body_with_the_credential_from_the_environment() {
        Tool tool = tool("auth: {header: X-Token, env: HOME}");
        ToolResult result = tool.invoke(new ToolCall("http-dataset", "q", Map.of("method", "POST", "path", "/predict",
                "body", Map.of("temperature", 105))), ToolFixture.context("c"));

        assertThat(success(result).get("body")).isEqualTo(Map.of("echo", Map.of("temperature", 105)));
        assertThat(requests).containsExactly("POST /predict {\"temperature\":105} token=" + System.getenv("HOME"));
    }

    @Test
    void retries_after_429_and_gives_up_on_a_service_that_stays_down() {
        assertThat(success(get(tool(""), "/busy", Map.of()))).containsEntry("body", Map.of("ok", true));
        assertThat(flaky.get()).isEqualTo(3);

        requests.clear();
        ToolResult down = get(tool("retries: 2"), "/broken", Map.of());
        assertThat(down).isInstanceOfSatisfying(ToolResult.Failure.class, f -> {
            assertThat(f.reason()).endsWith("failed 3 times; last: HTTP 503");
            assertThat(f.retriable()).isTrue();
        });
        assertThat(requests).hasSize(3);
    }

    @Test
    void a_hanging_service_garbage_and_huge_bodies_become_failures() {
        Tool tool = tool("timeout: PT0.3S\nretries: 1\nmax-bytes: 1000");
        assertThat(reason(get(tool, "/hang", Map.of()))).endsWith("failed 2 times; last: no answer within 300 ms");
        assertThat(reason(get(tool, "/garbage", Map.of())))
                .isEqualTo("the service answered something that is not JSON: <html>oops</html>");
        assertThat(reason(get(tool, "/huge", Map.of()))).startsWith("the answer is larger than the cap of 1000 bytes");
        assertThat(reason(get(tool, "/missing", Map.of()))).isEqualTo(
                "GET /api/missing: HTTP 404 {\"error\": \"no such reaction\"}");
    }

    @Test
    void paths_outside_the_allowed_ones_never_reach_the_service() {
        Tool tool = tool("");
        assertThat(reason(get(tool, "/admin", Map.of()))).isEqualTo("path '/admin' is not one of the scenario's allowed paths");
        assertThat(reason(get(tool, "/reactions/../admin", Map.of()))).contains("must be a plain path");
        assertThat(reason(get(tool, "/%2e%2e/admin", Map.of()))).contains("must be a plain path");
        assertThat(reason(get(tool, "//evil.example.org/x", Map.of()))).contains("must be a plain path");
        assertThat(requests).isEmpty();
    }

    @Test
    void bad_options_are_named() {
        assertThatThrownBy(() -> tool("auth: {header: X-Token, env: SCILOOP_NO_SUCH_TOKEN_VARIABLE}"))
                .isInstanceOf(ScenarioException.class)
                .hasMessageContaining("the environment variable SCILOOP_NO_SUCH_TOKEN_VARIABLE is not set");
        assertThatThrownBy(() -> ToolFixture.tool("experiment: {tool: http-dataset, with: {base-url: 'ftp:/x',"
                + " allowed-paths: ['/**']}}", dir.resolve("s.yaml"))).hasMessageContaining("is not an http or https URL");
    }

    private Tool tool(String extra) {
        String options = "base-url: http://127.0.0.1:" + server.getAddress().getPort() + "/api\n"
                + "allowed-paths: ['/reactions', '/predict', '/busy', '/broken', '/garbage', '/huge', '/missing', '/hang']\n"
                + "backoff: PT0.01S\n" + "cache: " + dir.resolve("cache") + "\n" + extra;
        return ToolFixture.tool("experiment:\n  tool: http-dataset\n  with:\n" + options.indent(4),
                dir.resolve("scenario.yaml"));
    }

    private static ToolResult get(Tool tool, String path, Map<String, Object> query) {
        return tool.invoke(new ToolCall("http-dataset", "q", Map.of("path", path, "query", query)),
                ToolFixture.context("c"));
    }

    private static Map<String, Object> success(ToolResult result) {
        assertThat(result).isInstanceOf(ToolResult.Success.class);
        return ((ToolResult.Success) result).outputs();
    }

    private static String reason(ToolResult result) {
        assertThat(result).isInstanceOf(ToolResult.Failure.class);
        return ((ToolResult.Failure) result).reason();
    }

    private static String query(HttpExchange exchange) {
        String q = exchange.getRequestURI().getQuery();
        return q == null ? "" : "?" + q;
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
