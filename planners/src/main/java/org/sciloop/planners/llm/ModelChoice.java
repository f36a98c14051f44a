package org.sciloop.planners.llm;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.ollama.OllamaChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import java.time.Duration;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.sciloop.core.InputException;

/**
 * Which language model a planner talks to, written {@code provider:model} ({@code openai:gpt-4o},
 * {@code ollama:qwen2.5:14b}, {@code anthropic:claude-sonnet-4-5}), and how to reach it. Credentials come
 * from the environment only, never from a scenario (scenarios are recorded in traces).
 *
 * @param baseUrl where the provider listens, if not from the environment or the provider's default
 */
record ModelChoice(Provider provider, String model, Optional<String> baseUrl) {

    enum Provider {
        /** OpenAI, or any server speaking its API (vLLM, llama.cpp server, LM Studio) at OPENAI_BASE_URL. */
        OPENAI("openai"),
        OLLAMA("ollama"),
        ANTHROPIC("anthropic");

        final String prefix;

        Provider(String prefix) {
            this.prefix = prefix;
        }
    }

    static final String FORMAT = "provider:model, with provider openai, ollama or anthropic (e.g. openai:gpt-4o,"
            + " ollama:llama3.1:8b)";

    /** Reads {@code provider:model}; the message of a bad one says what would be right. */
    static ModelChoice parse(String text, Optional<String> baseUrl) {
        int colon = text.indexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException("'" + text + "' is not " + FORMAT);
        }
        String prefix = text.substring(0, colon);
        for (Provider p : Provider.values()) {
            if (p.prefix.equals(prefix)) {
                return new ModelChoice(p, text.substring(colon + 1), baseUrl);
            }
        }
        throw new IllegalArgumentException("unknown provider '" + prefix + "' in '" + text + "'; expected " + FORMAT);
    }

    /** {@code provider:model}, as traces record it. */
    String id() {
        return provider.prefix + ":" + model;
    }

    /**
     * A chat model for this choice, configured from {@code env}. Retries are ours (see {@link ModelCaller}),
     * so the client makes none of its own. Throws {@link InputException} naming the variable to set.
     */
    ChatModel connect(UnaryOperator<String> env, Duration timeout, Double temperature, int maxOutputTokens) {
        switch (provider) {
            case OPENAI -> {
                Optional<String> url = baseUrl.or(() -> variable(env, "OPENAI_BASE_URL"));
                // A local OpenAI-compatible server (llama.cpp, vLLM) usually wants no key; OpenAI itself does.
                String key = variable(env, "OPENAI_API_KEY").orElseGet(() -> {
                    if (url.isEmpty()) {
                        throw new InputException("model " + id() + ": OPENAI_API_KEY is not set (for OpenAI itself);"
                                + " for an OpenAI-compatible server set OPENAI_BASE_URL, e.g."
                                + " http://localhost:8080/v1");
                    }
                    return "not-needed";
                });
                var builder = OpenAiChatModel.builder().apiKey(key).modelName(model).timeout(timeout).maxRetries(0)
                        .temperature(temperature).maxTokens(maxOutputTokens);
                url.ifPresent(builder::baseUrl);
                return builder.build();
            }
            case OLLAMA -> {
                String url = baseUrl.or(() -> variable(env, "OLLAMA_BASE_URL")).orElseThrow(() -> new InputException(
                        "model " + id() + ": OLLAMA_BASE_URL is not set (Ollama listens on"
                                + " http://localhost:11434 unless told otherwise)"));
                return OllamaChatModel.builder().baseUrl(url).modelName(model).timeout(timeout).maxRetries(0)
                        .temperature(temperature).numPredict(maxOutputTokens).build();
            }
            case ANTHROPIC -> {
                String key = variable(env, "ANTHROPIC_API_KEY").orElseThrow(() -> new InputException(
                        "model " + id() + ": ANTHROPIC_API_KEY is not set"));
                var builder = AnthropicChatModel.builder().apiKey(key).modelName(model).timeout(timeout).maxRetries(0)
                        .temperature(temperature).maxTokens(maxOutputTokens);
                baseUrl.or(() -> variable(env, "ANTHROPIC_BASE_URL")).ifPresent(builder::baseUrl);
                return builder.build();
            }
            default -> throw new IllegalStateException(provider.name());
        }
    }

    private static Optional<String> variable(UnaryOperator<String> env, String name) {
        return Optional.ofNullable(env.apply(name)).filter(v -> !v.isBlank());
    }
}
