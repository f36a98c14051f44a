package org.sciloop.core.model;

/** What a campaign's language-model calls have used so far: tokens in and out, and their cost in US dollars. */
public record ModelUsage(long inputTokens, long outputTokens, double cost) {
    public static final ModelUsage NONE = new ModelUsage(0, 0, 0);

    public long tokens() {
        return inputTokens + outputTokens;
    }

    public ModelUsage plus(ModelExchange exchange) {
        return new ModelUsage(inputTokens + exchange.inputTokens(), outputTokens + exchange.outputTokens(),
                cost + exchange.cost());
    }
}
