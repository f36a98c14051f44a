package org.sciloop.planners.llm;

import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonBooleanSchema;
import dev.langchain4j.model.chat.request.json.JsonEnumSchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonNumberSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchemaElement;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;
import java.util.ArrayList;
import java.util.List;

/**
 * Our tools' JSON schemas as LangChain4j schema elements, for the model to read. LangChain4j's elements
 * carry no bounds and only text enums, so bounds and numeric choices go into the description; the full
 * schema still checks every call (see {@link AgentTools}).
 */
final class SchemaElements {
    private SchemaElements() {
    }

    static JsonObjectSchema object(JsonNode schema) {
        JsonSchemaElement element = element(schema);
        if (element instanceof JsonObjectSchema o) {
            return o;
        }
        return JsonObjectSchema.builder().build();
    }

    static JsonSchemaElement element(JsonNode schema) {
        String description = describe(schema);
        String type = schema.path("type").asText(schema.has("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                JsonObjectSchema.Builder b = JsonObjectSchema.builder().description(description);
                schema.path("properties").properties().forEach(p -> b.addProperty(p.getKey(), element(p.getValue())));
                List<String> required = new ArrayList<>();
                schema.path("required").forEach(r -> required.add(r.asText()));
                if (!required.isEmpty()) {
                    b.required(required);
                }
                if (schema.has("additionalProperties") && schema.get("additionalProperties").isBoolean()) {
                    b.additionalProperties(schema.get("additionalProperties").asBoolean());
                }
                return b.build();
            }
            case "array" -> {
                return JsonArraySchema.builder().description(description).items(element(schema.path("items"))).build();
            }
            case "integer" -> {
                return JsonIntegerSchema.builder().description(description).build();
            }
            case "number" -> {
                return JsonNumberSchema.builder().description(description).build();
            }
            case "boolean" -> {
                return JsonBooleanSchema.builder().description(description).build();
            }
            default -> {
                if (schema.has("enum")) {
                    List<String> levels = new ArrayList<>();
                    schema.get("enum").forEach(v -> levels.add(v.asText()));
                    return JsonEnumSchema.builder().description(description).enumValues(levels).build();
                }
                return JsonStringSchema.builder().description(description).build();
            }
        }
    }

    /** The schema's description, with what the element cannot say (bounds, numeric choices, sizes) added. */
    private static String describe(JsonNode schema) {
        List<String> parts = new ArrayList<>();
        if (schema.hasNonNull("description")) {
            parts.add(schema.get("description").asText());
        }
        if (schema.has("minimum") || schema.has("maximum")) {
            parts.add("from " + schema.path("minimum").asText("-inf") + " to " + schema.path("maximum").asText("inf"));
        }
        if (schema.has("enum") && !"string".equals(schema.path("type").asText())) {
            parts.add("one of " + schema.get("enum"));
        }
        if (schema.has("maxItems")) {
            parts.add("at most " + schema.get("maxItems").asInt() + " items");
        }
        return parts.isEmpty() ? null : String.join("; ", parts);
    }
}
