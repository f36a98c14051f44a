package org.sciloop.tools.table;

import java.util.Arrays;
import java.util.OptionalDouble;
import org.sciloop.core.model.Objective;

/** The best of a table's measured values under an objective's goal. */
final class Extremes {
    private Extremes() {
    }

    static OptionalDouble best(double[] values, Objective objective) {
        return objective.goal() == Objective.Goal.MAXIMIZE ? Arrays.stream(values).max() : Arrays.stream(values).min();
    }
}
