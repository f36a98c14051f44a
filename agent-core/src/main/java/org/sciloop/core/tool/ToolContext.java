package org.sciloop.core.tool;

import java.time.Clock;
import java.util.Random;

/**
 * What the engine lends a tool for one call. {@code random} is derived from the campaign seed and the
 * request id, so a noisy simulator gives the same answer when the call is replayed or resumed.
 */
public record ToolContext(String campaignId, Clock clock, Random random) {
}
