package org.sciloop.planners.llm;

import dev.langchain4j.model.chat.ChatModel;
import java.util.function.UnaryOperator;
import org.sciloop.core.planner.PlanningContext;

/**
 * Where a round's answers come from: the provider, connected once per campaign when it goes live; or,
 * in a replay, the round's recorded exchanges (no provider, no credentials needed).
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

    ChatModel forRound(PlanningContext context) {
        return context.gateway().replaying().<ChatModel>map(RecordedChatModel::new).orElseGet(this::connect);
    }
}
