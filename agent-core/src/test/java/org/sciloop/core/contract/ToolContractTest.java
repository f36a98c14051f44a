package org.sciloop.core.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.sciloop.core.campaign.Seeds;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.BatchTool;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;

/**
 * What every tool must do, whatever it wraps: describe itself truthfully, answer a valid call with the
 * outputs it names, turn malformed arguments into failures instead of exceptions, answer the same call
 * with the same seed the same way (resume and replay depend on it), answer a batch call for call, and
 * let go of what it holds when closed, more than once if asked. A tool's test class extends this one;
 * published in agent-core's test-jar for plugin authors.
 */
public abstract class ToolContractTest {
    /** The tool under test, made fresh for each test; the test closes it. */
    protected Tool tool;

    /** A new instance of the tool under test. */
    protected abstract Tool newTool();

    /** The arguments of a call the tool can answer. */
    protected abstract Map<String, Object> validArguments();

    @BeforeEach
    void makeTool() {
        tool = newTool();
    }

    @AfterEach
    void closeTool() {
        tool.close();
    }

    /** A context as the engine lends it: the campaign's id and a random source derived from seed and request. */
    protected static ToolContext context(ToolCall call, List<DeviceStep> steps) {
        return new ToolContext("contract", Clock.systemUTC(), Seeds.random(1, "tool:" + call.requestId(), 0),
                steps::add);
    }

    protected ToolCall call(String requestId, Map<String, Object> arguments) {
        return new ToolCall(tool.descriptor().name(), requestId, arguments);
    }

    @Test
    void describes_itself_with_object_schemas_a_positive_timeout_and_its_true_effect() {
        ToolDescriptor d = tool.descriptor();
        assertThat(d.name()).matches("[a-z][a-z0-9-]*");
        assertThat(d.description()).isNotBlank();
        assertThat(d.inputSchema().path("type").asText()).isEqualTo("object");
        assertThat(d.outputSchema().path("type").asText()).isEqualTo("object");
        assertThat(d.timeout()).isPositive();
        assertThat(d.effect() == Effect.ACTUATES).as("ACTUATES exactly when it is an Actuator")
                .isEqualTo(tool instanceof Actuator);
    }

    @Test
    void answers_a_valid_call_with_the_outputs_its_schema_names() {
        ToolCall call = call("contract-1", validArguments());
        ToolResult result = tool.invoke(call, context(call, new ArrayList<>()));
        assertThat(result).as(String.valueOf(result)).isInstanceOf(ToolResult.Success.class);
        JsonNode declared = tool.descriptor().outputSchema().path("properties");
        if (declared.isObject() && declared.size() > 0) {
            assertThat(((ToolResult.Success) result).outputs().keySet()).allSatisfy(name ->
                    assertThat(declared.has(name)).as("output '" + name + "' is in the output schema").isTrue());
        }
    }

    /**
     * Arguments of the wrong type, an argument it does not take, none at all: never an exception, and a
     * failure wherever the input schema says the call is malformed (typed properties, no additional
     * properties, required ones).
     */
    @Test
    void turns_malformed_arguments_into_failures_not_exceptions() {
        JsonNode schema = tool.descriptor().inputSchema();
        Map<String, Object> wrongTypes = new LinkedHashMap<>();
        validArguments().keySet().forEach(k -> wrongTypes.put(k, List.of("not", "a", "value")));
        Map<String, Object> unknown = new HashMap<>(validArguments());
        unknown.put("no-such-argument", 1.0);
        answersWithoutThrowing(wrongTypes, schema.path("properties").size() > 0);
        answersWithoutThrowing(unknown, schema.path("additionalProperties").isBoolean()
                && !schema.path("additionalProperties").asBoolean());
        answersWithoutThrowing(Map.of(), schema.path("required").size() > 0);
    }

    private void answersWithoutThrowing(Map<String, Object> arguments, boolean mustFail) {
        ToolCall call = call("malformed-" + arguments.size(), arguments);
        assertThatCode(() -> {
            ToolResult result = tool.invoke(call, context(call, new ArrayList<>()));
            if (mustFail) {
                assertThat(result).as("answer to " + arguments).isInstanceOf(ToolResult.Failure.class);
                assertThat(((ToolResult.Failure) result).reason()).isNotBlank();
            }
        }).as("invoke with " + arguments).doesNotThrowAnyException();
    }

    /** The numbers it measured; provenance (a job id, a cache hit) may differ between two calls. */
    @Test
    void answers_the_same_call_with_the_same_seed_with_the_same_measurements() {
        ToolCall call = call("again-1", validArguments());
        ToolResult first = tool.invoke(call, context(call, new ArrayList<>()));
        ToolResult second = tool.invoke(call, context(call, new ArrayList<>()));
        assertThat(second.getClass()).isEqualTo(first.getClass());
        if (first instanceof ToolResult.Success a && second instanceof ToolResult.Success b) {
            assertThat(numbers(b)).isEqualTo(numbers(a));
        }
    }

    private static Map<String, Object> numbers(ToolResult.Success result) {
        Map<String, Object> numbers = new HashMap<>();
        result.outputs().forEach((k, v) -> {
            if (v instanceof Number) {
                numbers.put(k, v);
            }
        });
        return numbers;
    }

    @Test
    void answers_a_batch_call_for_call_in_order() {
        if (!(tool instanceof BatchTool batch)) {
            return;  // only batch tools take batches
        }
        List<ToolCall> calls = List.of(call("batch-1", validArguments()), call("batch-2", Map.of()),
                call("batch-3", validArguments()));
        List<ToolResult> results = batch.invokeBatch(calls, c -> context(c, new ArrayList<>()));
        assertThat(results).hasSize(3);
        assertThat(results.get(0)).isInstanceOf(ToolResult.Success.class);
        assertThat(results.get(2)).isInstanceOf(ToolResult.Success.class);
    }

    @Test
    void a_ground_truth_knows_responses_at_points_the_tool_accepts() {
        if (!(tool instanceof GroundTruth truth)) {
            return;  // only ground truths know their response
        }
        tool.descriptor().outputSchema().path("properties").fieldNames().forEachRemaining(output ->
                truth.knownResponse(output).ifPresent(known -> {
                    ToolCall call = call("truth-" + output, known.points().get(0).values());
                    assertThat(tool.invoke(call, context(call, new ArrayList<>())))
                            .isInstanceOf(ToolResult.Success.class);
                }));
    }

    @Test
    void can_be_closed_more_than_once() {
        tool.close();
        assertThatCode(tool::close).doesNotThrowAnyException();
        tool = newTool();
    }
}
