package org.sciloop.memory.recall;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.memory.store.IndexedCampaign;

/**
 * {@code recall}: a planner's read-only look into the campaign store, as a scenario lookup (so every question and
 * answer is on the trace, and a replay answers from there). Options: {@code store} (a folder holding a store,
 * relative to the scenario, or postgres://...; default $SCILOOP_STORE, else the embedded store), {@code timeout} (default PT2M: the first
 * recall on a large store embeds its passages). See docs/memory.md.
 */
public final class RecallToolFactory implements ToolFactory {

    @Override
    public String name() {
        return "recall";
    }

    @Override
    public String summary() {
        return "read-only recall from the campaign store: earlier observations by condition, and hypotheses,"
                + " rationales and notes by meaning (a lookup for language-model planners)";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("store", "timeout");
        Duration timeout = options.positiveDuration("timeout", "PT2M");
        return new RecallTool(descriptor(timeout), options.optionalString("store").map(s -> store(options, s))
                .orElse(null));
    }

    /**
     * A server's URL as given; a folder relative to the scenario. A file is refused here; a folder that holds no store
     * is refused at the first question (a replay needs no store, so its absence is no error when the scenario loads).
     */
    private static String store(Options options, String location) {
        if (location.contains("://") || location.startsWith("jdbc:")) {
            return location;
        }
        java.nio.file.Path folder = options.location() instanceof ScenarioLocation.File f
                ? f.path().toAbsolutePath().resolveSibling(location).normalize() : java.nio.file.Path.of(location)
                .toAbsolutePath().normalize();
        if (java.nio.file.Files.isRegularFile(folder)) {
            throw options.error("store", folder + " is a file; give the folder of a campaign store (it holds"
                    + " memory.mv.db) or postgres://user:password@host:port/db");
        }
        return folder.toString();
    }

    private ToolDescriptor descriptor(Duration timeout) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode input = json.objectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode properties = input.putObject("properties");
        properties.putObject("question").put("type", "string").put("description", "what to find by meaning among"
                + " earlier campaigns' hypotheses, rationales and notes, in plain words");
        ArrayNode kinds = properties.putObject("kinds").put("type", "array").put("description",
                "which passages the question searches (default: all)").putObject("items").put("type", "string")
                .putArray("enum");
        IndexedCampaign.Passage.KINDS.forEach(kinds::add);
        properties.putObject("where").put("type", "array").put("description", "conditions every observation"
                + " returned meets, each NAME OP VALUE on a setting or an outcome (OP one of = != < <= > >=), as in"
                + " 'ligand = XPhos' or 'yield >= 80'").putObject("items").put("type", "string");
        properties.putObject("scenario").put("type", "string").put("description",
                "only campaigns of this scenario");
        properties.putObject("limit").put("type", "integer").put("minimum", 1).put("maximum", Recall.MOST)
                .put("description", "most passages, and most observations, returned (default "
                        + Recall.DEFAULT_LIMIT + ")");
        ObjectNode output = json.objectNode().put("type", "object");
        output.putObject("properties").putObject("passages").put("type", "array");
        ((ObjectNode) output.get("properties")).putObject("observations").put("type", "array");
        return new ToolDescriptor(name(), "Recall from earlier campaigns: observations that meet conditions"
                + " ('where'), and hypotheses, rationales and notes close in meaning to a 'question'", input, output,
                Effect.READ_ONLY, timeout);
    }
}
