package org.sciloop.tools.simulated;

import org.sciloop.core.config.Options;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolFactory;

/** {@code reaction-simulator}: options {@code noise} (standard deviation of the yield, default 2) and {@code output} (default {@code yield}). */
public final class SimulatedReactionFactory implements ToolFactory {

    @Override
    public String name() {
        return "reaction-simulator";
    }

    @Override
    public String summary() {
        return "a simulated cross-coupling with known effects (temperature, loading optimum, best ligand,"
                + " temperature x ligand, no solvent effect), for scoring hypothesis engines";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("noise", "output");
        double noise = options.number("noise", 2);
        if (!(noise >= 0)) {
            throw options.error("noise", "a standard deviation cannot be negative, got " + noise);
        }
        return new SimulatedReaction(noise, options.string("output", "yield"));
    }
}
