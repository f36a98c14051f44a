package org.sciloop.core.scenario;

import java.util.List;
import org.sciloop.core.config.Options;

/**
 * Which earlier campaigns a campaign learns from ({@code memory: {learn-from: ...}}): those of the scenarios named,
 * the campaigns named (ids or id prefixes), or every campaign whose space fits this one's; at most
 * {@code observations} of their observations, the most recent campaigns first.
 */
public record LearnFrom(List<String> scenarios, List<String> campaigns, boolean compatible, int observations,
                        String campaignsAt) {
    /** The most observations brought in unless the scenario says otherwise: a model over more costs seconds a round. */
    public static final int DEFAULT_OBSERVATIONS = 500;

    /**
     * {@code campaignsAt}: where the campaigns are named, for a mistake found in them once the store is read (a
     * scenario's "FILE:LINE: memory.learn-from.campaigns").
     */
    public LearnFrom {
        scenarios = List.copyOf(scenarios);
        campaigns = List.copyOf(campaigns);
    }

    /** Asked for in code, not in a scenario. */
    public LearnFrom(List<String> scenarios, List<String> campaigns, boolean compatible, int observations) {
        this(scenarios, campaigns, compatible, observations, "memory.learn-from.campaigns");
    }

    /** Read from the scenario's {@code learn-from} mapping, every mistake at its line. */
    static LearnFrom read(Options options) {
        options.allowOnly("scenarios", "campaigns", "compatible", "observations");
        List<String> scenarios = options.has("scenarios") ? options.strings("scenarios") : List.of();
        List<String> campaigns = options.has("campaigns") ? options.texts("campaigns") : List.of();
        boolean compatible = options.bool("compatible", false);
        if (scenarios.isEmpty() && campaigns.isEmpty() && !compatible) {
            throw options.errorHere("says which earlier campaigns count: 'scenarios: [NAME, ...]', 'campaigns: [ID, ...]'"
                    + " or 'compatible: true' (every campaign whose space fits this one's)");
        }
        return new LearnFrom(scenarios, campaigns, compatible,
                options.positiveInt("observations", DEFAULT_OBSERVATIONS), options.placeOf("campaigns"));
    }
}
