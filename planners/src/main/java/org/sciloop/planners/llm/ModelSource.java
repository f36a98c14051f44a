package org.sciloop.planners.llm;

import dev.langchain4j.model.chat.ChatModel;
import java.util.function.UnaryOperator;

/**
 * The provider, connected once, on the first call that needs it (a replay answers from the record and
 * never does, so it needs no credentials).
 */
final class ModelSource {
    private final LanguageModelOptions options;
    private final UnaryOperator<String> env;
    private ChatModel live;

    ModelSource(LanguageModelOptions options, UnaryOperator<String> env) {
        this.options = options;
        this.env = env;
    }

    /** Connects to the provider, or fails naming the environment variable to set. */
    synchronized ChatModel connect() {
        if (live == null) {
            live = options.model().connect(env, options.timeout(), options.temperature(),
                    options.maxOutputTokens());
        }
        return live;
    }
}
