package org.sciloop.tools.runner;

import java.util.ArrayList;
import java.util.List;
import org.sciloop.core.config.Options;
import org.sciloop.core.tool.Tool;
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
        return new ProcessRunnerTool(spec.descriptor(name(), "per experiment", spec.timeout()),
                spec, concurrency, () -> {
                    spec.requireCommand(options);
                    spec.requireWorkRoot(options);
                });
    }
}
