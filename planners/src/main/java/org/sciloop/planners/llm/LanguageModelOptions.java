package org.sciloop.planners.llm;

import java.time.Duration;
import java.util.Set;
import org.sciloop.core.config.Options;

/**
 * A language-model planner's options, as a scenario writes them under {@code planner.options}.
 *
 * @param maxToolRounds model calls allowed for one proposal (each answer with tool calls is one round)
 * @param maxInvalidCalls tool calls with bad arguments or made-up names allowed for one proposal; each
 *     goes back to the model as an error it can correct
 * @param inputPrice US dollars per million input tokens (0: cost not counted)
 * @param maxObservations observations shown to the model: the best and then the latest
 */
record LanguageModelOptions(ModelChoice model, double temperature, Duration timeout, int retries, Duration backoff,
                   int maxToolRounds, int maxInvalidCalls, int maxOutputTokens, double inputPrice,
                   double outputPrice, int maxObservations) {

    static final Set<String> KEYS = Set.of("model", "base-url", "temperature", "timeout", "retries", "backoff",
            "max-tool-rounds", "max-invalid-calls", "max-output-tokens", "price", "max-observations");

    static LanguageModelOptions parse(Options options) {
        String model = options.optionalString("model").orElseThrow(() -> options.error("model",
                "a language-model planner needs a model: " + ModelChoice.FORMAT
                        + " (planner.options.model in the scenario; 'sciloop run' also takes --model)"));
        ModelChoice choice;
        try {
            choice = ModelChoice.parse(model, options.optionalString("base-url"));
        } catch (IllegalArgumentException e) {
            throw options.error("model", e.getMessage());
        }
        double temperature = options.number("temperature", 0);
        if (temperature < 0 || temperature > 2) {
            throw options.error("temperature", "must be in [0, 2], got " + temperature);
        }
        Options price = options.child("price");
        price.allowOnly("input", "output");
        double in = price.number("input", 0);
        double out = price.number("output", 0);
        if (in < 0 || out < 0) {
            throw options.error("price", "prices are US dollars per million tokens, never negative");
        }
        return new LanguageModelOptions(choice, temperature, options.positiveDuration("timeout", "PT60S"),
                options.nonNegativeInt("retries", 3), options.positiveDuration("backoff", "PT2S"),
                options.positiveInt("max-tool-rounds", 8), options.positiveInt("max-invalid-calls", 3),
                options.positiveInt("max-output-tokens", 2048), in, out, options.positiveInt("max-observations", 60));
    }

    double cost(long inputTokens, long outputTokens) {
        return (inputTokens * inputPrice + outputTokens * outputPrice) / 1_000_000;
    }
}
