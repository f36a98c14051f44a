package org.sciloop.core.tool;

import java.time.Clock;
import java.util.Random;
import java.util.function.Consumer;

/**
 * What the engine lends a tool for one call. {@code random} is derived from the campaign seed and the
 * request id, so a noisy simulator gives the same answer when the call is replayed or resumed.
 * {@code steps} takes each {@link DeviceStep} the tool performs; the engine writes it to the trace, so
 * that every write to an instrument is on record with its old and new value, whatever the outcome.
 */
public record ToolContext(String campaignId, Clock clock, Random random, Consumer<DeviceStep> steps) {

    /** A context for a tool that touches no device, or whose steps nobody records (a benchmark). */
    public ToolContext(String campaignId, Clock clock, Random random) {
        this(campaignId, clock, random, step -> { });
    }
}
