package org.sciloop.tools;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Random;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolContext;

/** Tools built the way a scenario builds them, from the YAML of its {@code experiment} section. */
public final class ToolFixture {
    private ToolFixture() {
    }

    /** The tool of {@code experiment} (e.g. {@code "experiment: {tool: process, with: {...}}"}) next to {@code scenarioFile}. */
    public static Tool tool(String experiment, Path scenarioFile) {
        Scenario s = Scenario.parse("name: t\nobjective: {name: yield}\n" + experiment + "\n",
                new ScenarioLocation.File(scenarioFile));
        return Registry.tools().get(s.tool()).create(s.toolOptions());
    }

    public static ToolContext context(String campaignId) {
        return new ToolContext(campaignId, Clock.systemUTC(), new Random(1));
    }
}
