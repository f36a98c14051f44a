package org.sciloop.planners.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A language-model provider on loopback that answers from a script, speaking the real wire protocol of
 * OpenAI's chat completions ({@code POST /v1/chat/completions}) or Ollama's chat ({@code POST /api/chat}).
 * It proves the plumbing (requests, tool calls, errors, time-outs), never anything about model quality.
 */
final class ScriptedModelServer implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    enum Protocol { OPENAI, OLLAMA }

    /** One scripted answer: a status with a body, or no answer at all until the server closes. */
    record Reply(int status, String body, boolean hang) {
    }

    /** A tool call the scripted model makes. */
    record Call(String name, String arguments) {
    }

    private final HttpServer server;
    private final Protocol protocol;
    private final Deque<Reply> script = new ArrayDeque<>();
    private final List<JsonNode> requests = new ArrayList<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private int calls;
    private Function<JsonNode, Call[]> responder;

    ScriptedModelServer(Protocol protocol) throws IOException {
        this.protocol = protocol;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(protocol == Protocol.OPENAI ? "/v1/chat/completions" : "/api/chat", this::answer);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    String baseUrl() {
        String root = "http://127.0.0.1:" + server.getAddress().getPort();
        return protocol == Protocol.OPENAI ? root + "/v1" : root;
    }

    /** The model answers with these tool calls, and reports this many tokens in and out. */
    synchronized ScriptedModelServer toolCalls(int promptTokens, int completionTokens, Call... toolCalls) {
        script.add(new Reply(200, protocol == Protocol.OPENAI ? openAi(promptTokens, completionTokens, toolCalls)
                : ollama(promptTokens, completionTokens, toolCalls), false));
        return this;
    }

    synchronized ScriptedModelServer text(String text) {
        ObjectNode body = protocol == Protocol.OPENAI ? completion(5, 5) : ollamaBody(5, 5);
        if (protocol == Protocol.OPENAI) {
            ObjectNode choice = body.putArray("choices").addObject();
            choice.put("index", 0).put("finish_reason", "stop").putObject("message").put("role", "assistant")
                    .put("content", text);
        } else {
            body.putObject("message").put("role", "assistant").put("content", text);
        }
        script.add(new Reply(200, body.toString(), false));
        return this;
    }

    synchronized ScriptedModelServer status(int status, String body) {
        script.add(new Reply(status, body, false));
        return this;
    }

    synchronized ScriptedModelServer hang() {
        script.add(new Reply(0, "", true));
        return this;
    }

    /** Once the script is used up, the model answers every request with the calls {@code responder} makes of it. */
    synchronized ScriptedModelServer respondWith(Function<JsonNode, Call[]> responder) {
        this.responder = responder;
        return this;
    }

    synchronized List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    synchronized int calls() {
        return calls;
    }

    private void answer(HttpExchange exchange) throws IOException {
        Reply reply;
        synchronized (this) {
            calls++;
            requests.add(JSON.readTree(exchange.getRequestBody().readAllBytes()));
            reply = script.poll();
        }
        if (reply == null && responder != null) {
            reply = new Reply(200, protocol == Protocol.OPENAI ? openAi(10, 10, responder.apply(requests.get(
                    requests.size() - 1))) : ollama(10, 10, responder.apply(requests.get(requests.size() - 1))), false);
        }
        if (reply == null) {
            reply = new Reply(500, "{\"error\":{\"message\":\"the script has no more answers\"}}", false);
        }
        if (reply.hang()) {
            try {
                closing.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
            return;
        }
        byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(reply.status(), bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static ObjectNode completion(int promptTokens, int completionTokens) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "chatcmpl-1").put("object", "chat.completion").put("created", 1_700_000_000)
                .put("model", "scripted");
        body.putObject("usage").put("prompt_tokens", promptTokens).put("completion_tokens", completionTokens)
                .put("total_tokens", promptTokens + completionTokens);
        return body;
    }

    private static String openAi(int promptTokens, int completionTokens, Call... toolCalls) {
        ObjectNode body = completion(promptTokens, completionTokens);
        ObjectNode choice = body.putArray("choices").addObject();
        choice.put("index", 0).put("finish_reason", "tool_calls");
        ObjectNode message = choice.putObject("message").put("role", "assistant");
        message.putNull("content");
        ArrayNode calls = message.putArray("tool_calls");
        int i = 0;
        for (Call c : toolCalls) {
            ObjectNode call = calls.addObject().put("id", "call_" + (++i)).put("type", "function");
            call.putObject("function").put("name", c.name()).put("arguments", c.arguments());
        }
        return body.toString();
    }

    private static ObjectNode ollamaBody(int promptTokens, int completionTokens) {
        ObjectNode body = JSON.createObjectNode();
        body.put("model", "scripted").put("created_at", "2026-01-01T00:00:00Z").put("done", true)
                .put("done_reason", "stop").put("prompt_eval_count", promptTokens).put("eval_count", completionTokens);
        return body;
    }

    private static String ollama(int promptTokens, int completionTokens, Call... toolCalls) {
        ObjectNode body = ollamaBody(promptTokens, completionTokens);
        ObjectNode message = body.putObject("message").put("role", "assistant").put("content", "");
        ArrayNode calls = message.putArray("tool_calls");
        for (Call c : toolCalls) {
            try {
                calls.addObject().putObject("function").put("name", c.name()).set("arguments", JSON.readTree(c.arguments()));
            } catch (IOException e) {
                throw new IllegalArgumentException("Ollama sends tool arguments as a JSON object: " + c.arguments(), e);
            }
        }
        return body.toString();
    }

    @Override
    public void close() {
        closing.countDown();
        server.stop(0);
    }
}
