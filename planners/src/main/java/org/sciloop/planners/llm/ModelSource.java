package org.sciloop.planners.llm;

import dev.langchain4j.model.chat.ChatModel;
import java.util.function.UnaryOperator;

/**
 * The provider, connected once, on the first call that needs it (a replay answers from the record and
 * never does, so it needs no credentials).
 */
final class ModelSource {
    private final LlmSettings settings;
    private final UnaryOperator<String> env;
    private ChatModel live;

    ModelSource(LlmSettings settings, UnaryOperator<String> env) {
        this.settings = settings;
        this.env = env;
    }

    /** Connects to the provider, or fails naming the environment variable to set. */
    synchronized ChatModel connect() {
        if (live == null) {
            live = settings.model().connect(env, settings.timeout(), settings.temperature(),
                    settings.maxOutputTokens());
        }
        return live;
    }
}
