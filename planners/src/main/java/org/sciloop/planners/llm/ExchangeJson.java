package org.sciloop.planners.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.langchain4j.agent.tool.ToolSpecification;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessageDeserializer;
import dev.langchain4j.data.message.ChatMessageSerializer;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Chat requests and answers as the trace keeps them: LangChain4j's own JSON for messages and tool
 * specifications, so a recorded answer can be turned back into the very {@link AiMessage} it was.
 */
final class ExchangeJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private ExchangeJson() {
    }

    static JsonNode request(ChatRequest request) {
        ObjectNode node = JSON.createObjectNode();
        node.set("messages", parse(ChatMessageSerializer.messagesToJson(request.messages())));
        ArrayNode tools = node.putArray("tools");
        for (ToolSpecification tool : request.toolSpecifications()) {
            tools.add(parse(tool.toJson()));
        }
        return node;
    }

    static JsonNode answer(AiMessage message) {
        return parse(ChatMessageSerializer.messageToJson(message));
    }

    static AiMessage answer(JsonNode recorded) {
        return (AiMessage) ChatMessageDeserializer.messageFromJson(recorded.toString());
    }

    static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
