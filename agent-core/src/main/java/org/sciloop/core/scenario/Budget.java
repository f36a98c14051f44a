package org.sciloop.core.scenario;

import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.sciloop.core.model.ModelUsage;

/**
 * How much a campaign may spend.
 *
 * @param experiments experiments to run in all (failed runs count; denied ones never ran and do not)
 * @param batch experiments proposed per round
 * @param patience stop after this many experiments without improving on the best, if set
 * @param modelTokens language-model tokens (in and out) the planner may use in all, if limited
 * @param modelCost language-model spend in US dollars, if limited (counted from the planner's prices)
 */
public record Budget(int experiments, int batch, OptionalInt patience, OptionalLong modelTokens,
                     OptionalDouble modelCost) {
    public Budget {
        if (experiments < 1 || batch < 1) {
            throw new IllegalArgumentException("budget and batch must be positive");
        }
    }

    public Budget(int experiments, int batch, OptionalInt patience) {
        this(experiments, batch, patience, OptionalLong.empty(), OptionalDouble.empty());
    }

    /** Why no further model call fits in this budget after {@code used}, if so. */
    public Optional<String> modelBudgetSpent(ModelUsage used) {
        if (modelTokens.isPresent() && used.tokens() >= modelTokens.getAsLong()) {
            return Optional.of(used.tokens() + " model tokens used of the " + modelTokens.getAsLong() + " budgeted");
        }
        if (modelCost.isPresent() && used.cost() >= modelCost.getAsDouble()) {
            return Optional.of(String.format(Locale.ROOT, "US$%.4f of model calls spent of the US$%.4f budgeted",
                    used.cost(), modelCost.getAsDouble()));
        }
        return Optional.empty();
    }
}
