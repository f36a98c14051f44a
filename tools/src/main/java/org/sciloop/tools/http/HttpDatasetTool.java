package org.sciloop.tools.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;

/**
 * GET and POST to a JSON data service a scenario declares: only under its base URL and on its allowed paths,
 * with a credential from an environment variable, a time limit per attempt, retries with backoff on 429 and
 * 5xx (and on a connection that fails or hangs), a cap on the size of an answer, and an on-disk cache that
 * answers a repeated request, so that a replayed campaign gets the same answers offline.
 *
 * <p>Calls: {@code {"method": "GET", "path": "/reactions", "query": {"ligand": "XPhos"}}} or
 * {@code {"method": "POST", "path": "/predict", "body": {...}}}. Answers: {@code status}, {@code body} (the
 * JSON), {@code cached}.
 */
final class HttpDatasetTool implements Tool {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MediaType JSON_TYPE = MediaType.get("application/json");

    /** Where the service is and what of it this tool may touch. */
    record Service(HttpUrl base, List<Pattern> allowedPaths, Optional<Map.Entry<String, String>> auth) {
    }

    /** How patient the tool is: per attempt, how many retries, how big an answer may be. */
    record Limits(Duration attemptTimeout, int retries, Duration firstBackoff, long maxBytes) {
    }

    private final ToolDescriptor descriptor;
    private final Service service;
    private final Limits limits;
    private final ResponseCache cache;
    private final OkHttpClient client;

    HttpDatasetTool(ToolDescriptor descriptor, Service service, Limits limits, ResponseCache cache) {
        this.descriptor = descriptor;
        this.service = service;
        this.limits = limits;
        this.cache = cache;
        this.client = new OkHttpClient.Builder().callTimeout(limits.attemptTimeout()).retryOnConnectionFailure(false)
                .followRedirects(false).build();
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public ToolResult invoke(ToolCall call, ToolContext context) {
        Map<String, Object> args = call.arguments();
        Optional<String> undeclared = descriptor.undeclared(args);
        if (undeclared.isPresent()) {
            return new ToolResult.Failure(undeclared.get(), false);
        }
        String method = String.valueOf(args.getOrDefault("method", "GET")).toUpperCase(java.util.Locale.ROOT);
        if (!method.equals("GET") && !method.equals("POST")) {
            return new ToolResult.Failure("method must be GET or POST, got '" + method + "'", false);
        }
        if (!(args.get("path") instanceof String path)) {
            return new ToolResult.Failure("a call needs 'path', e.g. \"/reactions\"", false);
        }
        Optional<String> refusal = refusal(path);
        if (refusal.isPresent()) {
            return new ToolResult.Failure(refusal.get(), false);
        }
        HttpUrl.Builder url = service.base().newBuilder().addPathSegments(path.substring(1));
        if (args.get("query") instanceof Map<?, ?> query) {
            new TreeMap<>(query).forEach((k, v) -> url.addQueryParameter(String.valueOf(k), String.valueOf(v)));
        } else if (args.containsKey("query")) {
            return new ToolResult.Failure("'query' must be an object of parameters", false);
        }
        String body;
        try {
            body = method.equals("POST") ? JSON.writeValueAsString(args.getOrDefault("body", Map.of())) : "";
        } catch (IOException e) {
            return new ToolResult.Failure("'body' cannot be sent as JSON: " + e.getMessage(), false);
        }
        HttpUrl target = url.build();
        String key = ResponseCache.key(method, target.toString(), body);
        Optional<ResponseCache.Answer> cached = cache.get(key);
        if (cached.isPresent()) {
            return answer(cached.get(), true);
        }
        Request.Builder request = new Request.Builder().url(target).header("Accept", "application/json");
        service.auth().ifPresent(a -> request.header(a.getKey(), a.getValue()));
        request.method(method, method.equals("POST") ? RequestBody.create(body, JSON_TYPE) : null);
        return fetch(request.build(), key);
    }

    private ToolResult fetch(Request request, String key) {
        String last = "";
        Duration backoff = limits.firstBackoff();
        for (int attempt = 0; attempt <= limits.retries(); attempt++) {
            if (attempt > 0 && !pause(backoff)) {
                return new ToolResult.Failure("interrupted while waiting to retry " + request.url(), true);
            }
            backoff = backoff.multipliedBy(2);
            try (Response response = client.newCall(request).execute()) {
                int status = response.code();
                if (status == 429 || status >= 500) {
                    last = "HTTP " + status;
                    backoff = retryAfter(response).orElse(backoff);
                    continue;
                }
                String text = read(response);
                if (status < 200 || status >= 300) {
                    return new ToolResult.Failure(request.method() + " " + request.url().encodedPath() + ": HTTP "
                            + status + " " + snippet(text), false);
                }
                JsonNode json;
                try {
                    json = JSON.readTree(text);
                } catch (IOException e) {
                    return new ToolResult.Failure("the service answered something that is not JSON: "
                            + snippet(text), false);
                }
                ResponseCache.Answer answer = new ResponseCache.Answer(status, json);
                cache.put(key, request.method(), request.url().toString(), answer);
                return answer(answer, false);
            } catch (TooLarge e) {
                return new ToolResult.Failure(e.getMessage(), false);
            } catch (InterruptedIOException e) {
                last = "no answer within " + limits.attemptTimeout().toMillis() + " ms";
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
        }
        return new ToolResult.Failure(request.method() + " " + request.url() + " failed " + (limits.retries() + 1)
                + " times; last: " + last, true);
    }

    /** The path is relative to the base URL, stays under it, and matches an allowed pattern. */
    private Optional<String> refusal(String path) {
        if (!path.startsWith("/") || path.contains("//") || path.contains("\\") || path.contains("?")
                || path.contains("#") || path.contains("%")
                || List.of(path.split("/")).stream().anyMatch(s -> s.equals("..") || s.equals("."))) {
            return Optional.of("path '" + path + "' must be a plain path under the service, like /reactions/12");
        }
        if (service.allowedPaths().stream().noneMatch(p -> p.matcher(path).matches())) {
            return Optional.of("path '" + path + "' is not one of the scenario's allowed paths");
        }
        return Optional.empty();
    }

    private String read(Response response) throws IOException {
        long declared = response.body().contentLength();
        if (declared > limits.maxBytes()) {
            throw new TooLarge(declared);
        }
        BufferedSource source = response.body().source();
        Buffer buffer = new Buffer();
        while (source.read(buffer, 8192) != -1) {
            if (buffer.size() > limits.maxBytes()) {   // stop reading: the rest may be endless
                throw new TooLarge(-1);
            }
        }
        return buffer.readUtf8();
    }

    private final class TooLarge extends IOException {
        TooLarge(long declared) {
            super("the answer is larger than the cap of " + limits.maxBytes() + " bytes"
                    + (declared > 0 ? " (" + declared + " bytes announced)" : "") + "; ask for less");
        }
    }

    private static Optional<Duration> retryAfter(Response response) {
        String header = response.header("Retry-After");
        if (header != null && header.strip().matches("\\d{1,4}")) {
            return Optional.of(Duration.ofSeconds(Math.min(60, Long.parseLong(header.strip()))));
        }
        return Optional.empty();
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static ToolResult answer(ResponseCache.Answer answer, boolean cached) {
        Object body = JSON.convertValue(answer.body(), Object.class);   // a JSON null becomes an empty object
        return new ToolResult.Success(Map.of("status", answer.status(), "body", body == null ? Map.of() : body,
                "cached", cached));
    }

    private static String snippet(String text) {
        String flat = text.strip().replaceAll("\\s+", " ");
        return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
    }

    @Override
    public void close() {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
