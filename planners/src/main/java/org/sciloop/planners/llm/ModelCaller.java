package org.sciloop.planners.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.io.IOException;
import java.time.Duration;
import org.sciloop.core.InputException;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.planner.PlannerUnavailableException;

/**
 * Every model call of a planner goes through here, and from here through the gateway: each attempt,
 * answered or failed, goes on record with its tokens, cost and latency; time-outs, rate limits and server
 * errors are retried with doubling pauses, then end the round with {@link PlannerUnavailableException};
 * a rejected key or an unknown model is the user's to fix ({@link InputException}).
 *
 * <p>The answer the planner goes on with is always the recorded one, turned back into a message, so that a
 * replay (where the gateway answers from the record) takes the very same path.
 */
final class ModelCaller {
    private final ModelSource models;
    private final String modelId;
    private final PlannerGateway gateway;
    private final LanguageModelOptions options;

    ModelCaller(ModelSource models, String modelId, PlannerGateway gateway, LanguageModelOptions options) {
        this.models = models;
        this.modelId = modelId;
        this.gateway = gateway;
        this.options = options;
    }

    ChatResponse chat(ChatRequest request) {
        JsonNode asked = ExchangeJson.request(request);
        Duration pause = options.backoff();
        for (int attempt = 0; ; attempt++) {
            Attempt live = new Attempt(request, asked);
            ModelExchange exchange = gateway.askModel(asked, live::call);
            if (!exchange.failed()) {
                return ChatResponse.builder().aiMessage(ExchangeJson.answer(exchange.response()))
                        .tokenUsage(new TokenUsage((int) exchange.inputTokens(), (int) exchange.outputTokens()))
                        .modelName(exchange.model()).build();
            }
            // A failure answered from the record has no exception: within a replayed round the record holds
            // only failures that were retried (one that ended the round paused the campaign, and the round
            // was planned again after the resume), so it is retried again.
            RuntimeException error = live.error;
            if (error instanceof AuthenticationException || error instanceof ModelNotFoundException) {
                throw new InputException("model " + modelId + ": the provider refused the request: "
                        + error.getMessage());
            }
            if (error != null && !retriable(error)) {
                throw new PlannerUnavailableException("model " + modelId + " failed: " + exchange.failure(), error);
            }
            if (attempt >= options.retries()) {
                throw new PlannerUnavailableException("model " + modelId + " still failing after " + (attempt + 1)
                        + (attempt == 0 ? " attempt: " : " attempts: ") + exchange.failure(), error);
            }
            gateway.pause(pause);
            pause = pause.multipliedBy(2);
        }
    }

    /** One live call to the provider, as an exchange; what it threw, if anything, kept for the verdict. */
    private final class Attempt {
        private final ChatRequest request;
        private final JsonNode asked;
        private RuntimeException error;

        Attempt(ChatRequest request, JsonNode asked) {
            this.request = request;
            this.asked = asked;
        }

        ModelExchange call() {
            ChatModel model = models.connect();  // missing credentials are the user's to fix, not an exchange
            long start = System.nanoTime();
            try {
                ChatResponse response = model.chat(request);
                TokenUsage usage = response.tokenUsage();
                long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
                long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
                return new ModelExchange(modelId, asked, ExchangeJson.answer(response.aiMessage()), null, in, out,
                        options.cost(in, out), micros(start));
            } catch (RuntimeException e) {
                error = e;
                return new ModelExchange(modelId, asked, null, describe(e), 0, 0, 0, micros(start));
            }
        }
    }

    /** Time-outs, rate limits, server errors and dropped connections pass; a bad request would fail again. */
    private static boolean retriable(RuntimeException e) {
        if (e instanceof RetriableException) {
            return true;
        }
        if (e instanceof HttpException http) {
            return http.statusCode() == 429 || http.statusCode() >= 500;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(RuntimeException e) {
        String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return e.getClass().getSimpleName() + ": " + (message.length() > 300 ? message.substring(0, 300) + "..."
                : message);
    }

    private static long micros(long startNanos) {
        return (System.nanoTime() - startNanos) / 1000;
    }
}
