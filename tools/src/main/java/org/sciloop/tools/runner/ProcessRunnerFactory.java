package org.sciloop.tools.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.ArrayList;
import java.util.List;
import org.sciloop.core.scenario.Options;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;

/**
 * {@code process}: runs an external simulation code per experiment on this machine. Options: {@code command}
 * (list, with placeholders), {@code inputs} (files from templates), {@code output} (json | csv | stdout),
 * {@code timeout} (ISO-8601, default PT10M), {@code workdir}, {@code environment}, {@code concurrency}
 * (runs at once, default the number of cores). See docs/simulation-runners.md.
 */
public final class ProcessRunnerFactory implements ToolFactory {

    @Override
    public String name() {
        return "process";
    }

    @Override
    public String summary() {
        return "runs an external simulation code per experiment in its own folder, several at once";
    }

    @Override
    public Tool create(Options options) {
        List<String> allowed = new ArrayList<>(SimulationSpec.OPTIONS);
        allowed.add("concurrency");
        options.allowOnly(allowed.toArray(String[]::new));
        SimulationSpec spec = SimulationSpec.from(options);
        int concurrency = options.positiveInt("concurrency", Runtime.getRuntime().availableProcessors());
        return new ProcessRunnerTool(descriptor(name(), "runs " + spec.command().get(0) + " per experiment",
                spec.timeout()),
                spec, concurrency);
    }

    /**
     * The descriptor of a simulation runner. Read-only: a simulation moves nothing, so a call interrupted by a
     * crash is simply run again. The engine waits for one run at most {@code longest} plus a margin, so that
     * the runner's own time limit, which kills the run, is the one that acts.
     */
    static ToolDescriptor descriptor(String name, String description, java.time.Duration longest) {
        var schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        return new ToolDescriptor(name, description, schema, schema.deepCopy(), Effect.READ_ONLY,
                longest.plusSeconds(30));
    }
}
