package org.sciloop.planners.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.agent.tool.ToolSpecification;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.JsonSchemas;
import org.sciloop.core.tool.ToolDescriptor;

/**
 * The tools a model may call in one round, each with the JSON schema its arguments must meet: the
 * planner's own ({@code propose_experiments} or {@code set_guidance}, {@code propose_hypothesis},
 * {@code update_hypothesis}) and the scenario's lookups. A call is checked against the schema before
 * anything acts on it; a made-up name or arguments that break the schema come back as a message for the
 * model. The experiment tool is not among them: experiments are proposed, and the engine runs them.
 */
final class AgentTools {
    static final String PROPOSE = "propose_experiments";
    static final String GUIDE = "set_guidance";
    static final String HYPOTHESIS = "propose_hypothesis";
    static final String UPDATE = "update_hypothesis";
    private static final JsonSchemaFactory SCHEMAS = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

    enum Kind { PROPOSE, GUIDE, HYPOTHESIS, UPDATE, LOOKUP }

    /** A call whose arguments meet its schema, or what is wrong with it, said for the model. */
    sealed interface Checked permits Valid, Invalid {
    }

    record Valid(Kind kind, String name, JsonNode arguments) implements Checked {
    }

    record Invalid(String error) implements Checked {
    }

    private record Entry(Kind kind, ToolSpecification specification, JsonSchema schema) {
    }

    private final Map<String, Entry> tools = new LinkedHashMap<>();

    /**
     * @param guided true for a model that guides an optimiser ({@code set_guidance}) rather than proposing
     *     experiments itself
     */
    AgentTools(ParameterSpace space, int batch, Map<String, ToolDescriptor> lookups, boolean guided) {
        if (guided) {
            add(GUIDE, Kind.GUIDE, "Narrow or prioritise the space for the Bayesian optimiser, which then picks the"
                    + " experiments inside it. Each constraint keeps or excludes levels of one parameter, or"
                    + " bounds it to a range, and says why. Call it exactly once, as your last call.",
                    guidanceSchema(space));
        } else {
            add(PROPOSE, Kind.PROPOSE, "Propose the next experiments (at most " + batch + "), each with every"
                    + " parameter set, why, and the ids of the hypotheses it tests. Call it exactly once, as your"
                    + " last call; the engine checks each experiment against the safety policy and runs it.",
                    proposeSchema(space, batch));
        }
        add(HYPOTHESIS, Kind.HYPOTHESIS, "State a new testable hypothesis about the system, with its claim in"
                + " formal terms where it fits one of the kinds. Returns its id.",
                hypothesisSchema(space));
        add(UPDATE, Kind.UPDATE, "Revise a hypothesis's status and confidence in the light of observations,"
                + " citing them by experiment id.", updateSchema());
        lookups.forEach((name, descriptor) -> add(name, Kind.LOOKUP, "Read-only lookup: " + descriptor.description(),
                descriptor.inputSchema()));
    }

    List<ToolSpecification> specifications() {
        return tools.values().stream().map(Entry::specification).toList();
    }

    Checked check(ToolExecutionRequest call) {
        Entry entry = tools.get(call.name());
        if (entry == null) {
            return new Invalid("there is no tool '" + call.name() + "'; the tools are: "
                    + String.join(", ", tools.keySet()));
        }
        JsonNode arguments;
        try {
            arguments = ExchangeJson.JSON.readTree(call.arguments() == null || call.arguments().isBlank()
                    ? "{}" : call.arguments());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return new Invalid("the arguments of " + call.name() + " are not JSON: " + e.getOriginalMessage());
        }
        Set<ValidationMessage> errors = entry.schema().validate(arguments);
        if (!errors.isEmpty()) {
            return new Invalid("the arguments of " + call.name() + " break its schema: " + errors.stream()
                    .map(ValidationMessage::getMessage).sorted().collect(Collectors.joining("; ")));
        }
        return new Valid(entry.kind(), call.name(), arguments);
    }

    private void add(String name, Kind kind, String description, JsonNode schema) {
        ToolSpecification spec = ToolSpecification.builder().name(name).description(description)
                .parameters(SchemaElements.object(schema)).build();
        tools.put(name, new Entry(kind, spec, SCHEMAS.getSchema(schema)));
    }

    private static ObjectNode object() {
        ObjectNode node = ExchangeJson.JSON.createObjectNode();
        node.put("type", "object");
        return node;
    }

    private static JsonNode proposeSchema(ParameterSpace space, int batch) {
        ObjectNode experiment = object().put("additionalProperties", false);
        ObjectNode p = experiment.putObject("properties");
        p.set("settings", JsonSchemas.settings(space));
        p.putObject("rationale").put("type", "string").put("description", "why this experiment");
        p.putObject("tests").put("type", "array").put("description", "ids of the hypotheses it tests")
                .putObject("items").put("type", "string");
        experiment.putArray("required").add("settings").add("rationale");

        ObjectNode schema = object().put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        ObjectNode experiments = properties.putObject("experiments").put("type", "array").put("minItems", 1)
                .put("maxItems", batch);
        experiments.set("items", experiment);
        properties.putObject("rationale").put("type", "string").put("description", "the plan behind this batch");
        schema.putArray("required").add("experiments").add("rationale");
        return schema;
    }

    private static JsonNode guidanceSchema(ParameterSpace space) {
        ObjectNode constraint = object().put("additionalProperties", false);
        ObjectNode p = constraint.putObject("properties");
        ArrayNode names = p.putObject("parameter").put("type", "string").putArray("enum");
        space.parameters().forEach(par -> names.add(par.name()));
        p.putObject("keep").put("type", "array").put("description", "levels or values to keep (all others go)")
                .putObject("items").putArray("type").add("string").add("number");
        p.putObject("exclude").put("type", "array").put("description", "levels or values to leave out")
                .putObject("items").putArray("type").add("string").add("number");
        p.putObject("low").put("type", "number").put("description", "lowest value to try");
        p.putObject("high").put("type", "number").put("description", "highest value to try");
        p.putObject("reason").put("type", "string");
        constraint.putArray("required").add("parameter").add("reason");

        ObjectNode schema = object().put("additionalProperties", false);
        ObjectNode properties = schema.putObject("properties");
        properties.putObject("constraints").put("type", "array").set("items", constraint);
        properties.putObject("rationale").put("type", "string");
        schema.putArray("required").add("constraints").add("rationale");
        return schema;
    }

    private static JsonNode hypothesisSchema(ParameterSpace space) {
        ObjectNode schema = object().put("additionalProperties", false);
        ObjectNode p = schema.putObject("properties");
        p.putObject("statement").put("type", "string").put("description", "the hypothesis in plain words");
        p.putObject("claim").put("type", "string")
                .put("description", "the formal claim, e.g. 'yield increases with Temp_C'");
        p.putObject("prediction").put("type", "string").put("description", "what it predicts for coming experiments");
        p.putObject("confidence").put("type", "number").put("minimum", 0).put("maximum", 1);
        p.set("formal", FormalClaims.schema(space));
        schema.putArray("required").add("statement").add("claim").add("prediction");
        return schema;
    }

    private static JsonNode updateSchema() {
        ObjectNode schema = object().put("additionalProperties", false);
        ObjectNode p = schema.putObject("properties");
        p.putObject("id").put("type", "string");
        ArrayNode statuses = p.putObject("status").put("type", "string").putArray("enum");
        for (Hypothesis.Status s : Hypothesis.Status.values()) {
            statuses.add(s.name().toLowerCase(java.util.Locale.ROOT));
        }
        p.putObject("evidence").put("type", "array").put("description", "experiment ids that moved it")
                .putObject("items").put("type", "string");
        p.putObject("confidence").put("type", "number").put("minimum", 0).put("maximum", 1);
        p.putObject("note").put("type", "string");
        schema.putArray("required").add("id").add("status");
        return schema;
    }
}
