package org.sciloop.planners.llm;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.ModelNotFoundException;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.time.Duration;
import org.sciloop.core.InputException;
import org.sciloop.core.planner.ModelExchange;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.planner.PlannerUnavailableException;
import org.sciloop.core.planner.ReplayDivergence;

/**
 * Every model call of a planner goes through here: each attempt, answered or failed, goes on record
 * through the gateway with its tokens, cost and latency; time-outs, rate limits and server errors are
 * retried with doubling pauses, then end the round with {@link PlannerUnavailableException}; a rejected
 * key or an unknown model is the user's to fix ({@link InputException}).
 */
final class ModelCaller {
    private final ChatModel model;
    private final String modelId;
    private final PlannerGateway gateway;
    private final LlmSettings settings;
    private final boolean replaying;

    ModelCaller(ChatModel model, String modelId, PlannerGateway gateway, LlmSettings settings, boolean replaying) {
        this.model = model;
        this.modelId = modelId;
        this.gateway = gateway;
        this.settings = settings;
        this.replaying = replaying;
    }

    ChatResponse chat(ChatRequest request) {
        Duration pause = settings.backoff();
        for (int attempt = 0; ; attempt++) {
            long start = System.nanoTime();
            try {
                ChatResponse response = model.chat(request);
                TokenUsage usage = response.tokenUsage();
                long in = usage == null || usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
                long out = usage == null || usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
                gateway.exchanged(new ModelExchange(modelId, ExchangeJson.request(request),
                        ExchangeJson.answer(response.aiMessage()), null, in, out, settings.cost(in, out),
                        micros(start)));
                return response;
            } catch (ReplayDivergence e) {
                throw e;
            } catch (AuthenticationException | ModelNotFoundException e) {
                record(request, e, start);
                throw new InputException("model " + modelId + ": the provider refused the request: " + e.getMessage());
            } catch (RuntimeException e) {
                record(request, e, start);
                if (!retriable(e)) {
                    throw new PlannerUnavailableException("model " + modelId + " failed: " + describe(e), e);
                }
                if (attempt >= settings.retries()) {
                    throw new PlannerUnavailableException("model " + modelId + " still failing after " + (attempt + 1)
                            + " attempts: " + describe(e), e);
                }
                if (!replaying) {
                    sleep(pause);
                }
                pause = pause.multipliedBy(2);
            }
        }
    }

    private void record(ChatRequest request, RuntimeException e, long start) {
        gateway.exchanged(new ModelExchange(modelId, ExchangeJson.request(request), null, describe(e), 0, 0, 0,
                micros(start)));
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
            if (t instanceof java.io.IOException) {
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

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PlannerUnavailableException("interrupted while waiting to retry the model", e);
        }
    }
}
