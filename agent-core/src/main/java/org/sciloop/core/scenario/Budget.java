package org.sciloop.core.scenario;

import java.util.OptionalInt;

/**
 * How much a campaign may spend.
 *
 * @param experiments experiments to run in all (failed runs count; denied ones never ran and do not)
 * @param batch experiments proposed per round
 * @param patience stop after this many experiments without improving on the best, if set
 */
public record Budget(int experiments, int batch, OptionalInt patience) {
    public Budget {
        if (experiments < 1 || batch < 1) {
            throw new IllegalArgumentException("budget and batch must be positive");
        }
    }
}
