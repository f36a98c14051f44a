package org.sciloop.planners.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.exception.RetriableException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.TokenUsage;
import java.util.List;
import org.sciloop.core.planner.ModelExchange;
import org.sciloop.core.planner.ReplayDivergence;

/**
 * A chat model that answers from a trace: the n-th request of a round gets the n-th recorded answer
 * (or its recorded failure, so retries replay too), after checking that the request is the one recorded.
 * Any difference (a message, a tool, one request too many) is a {@link ReplayDivergence}: the planner,
 * its prompts or the record changed.
 */
final class RecordedChatModel implements ChatModel {
    private static final int SHOWN = 160;

    private final List<ModelExchange> recorded;
    private int next;

    RecordedChatModel(List<ModelExchange> recorded) {
        this.recorded = List.copyOf(recorded);
    }

    @Override
    public ChatResponse doChat(ChatRequest request) {
        JsonNode asked = ExchangeJson.request(request);
        if (next >= recorded.size()) {
            throw new ReplayDivergence("no further model request in this round",
                    "model request " + (next + 1) + ": " + clip(lastMessage(asked)));
        }
        ModelExchange exchange = recorded.get(next++);
        if (!exchange.request().equals(asked)) {
            throw new ReplayDivergence("model request " + next + ": " + firstDifference(exchange.request(), asked, true),
                    "model request " + next + ": " + firstDifference(exchange.request(), asked, false));
        }
        if (exchange.failed()) {
            throw new RetriableException("(recorded) " + exchange.failure());
        }
        return ChatResponse.builder().aiMessage(ExchangeJson.answer(exchange.response()))
                .tokenUsage(new TokenUsage((int) exchange.inputTokens(), (int) exchange.outputTokens()))
                .modelName(exchange.model()).build();
    }

    /** The first message (or the tools) where the two requests part, as one side tells it. */
    private static String firstDifference(JsonNode recorded, JsonNode asked, boolean recordedSide) {
        JsonNode a = recorded.path("messages");
        JsonNode b = asked.path("messages");
        for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
            if (!a.path(i).equals(b.path(i))) {
                JsonNode side = recordedSide ? a.path(i) : b.path(i);
                return "message " + (i + 1) + " " + (side.isMissingNode() ? "(none)"
                        : around(side.toString(), firstDifferentChar(a.path(i).toString(), b.path(i).toString())));
            }
        }
        return "tools " + clip((recordedSide ? recorded : asked).path("tools").toString());
    }

    private static int firstDifferentChar(String a, String b) {
        int i = 0;
        while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** The text where two versions part: a little before, more after. */
    private static String around(String text, int at) {
        int from = Math.max(0, at - 40);
        return (from > 0 ? "..." : "") + clip(text.substring(from));
    }

    private static String lastMessage(JsonNode request) {
        JsonNode messages = request.path("messages");
        return messages.path(messages.size() - 1).toString();
    }

    private static String clip(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    }
}
