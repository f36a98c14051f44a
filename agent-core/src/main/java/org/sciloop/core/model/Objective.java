package org.sciloop.core.model;

import java.util.OptionalDouble;

/**
 * An outcome a campaign optimises, which way, an optional value at which it may stop, and, for a campaign
 * with several objectives, an optional reference: the worst value still worth having, the corner from which
 * the hypervolume of a Pareto front is measured.
 */
public record Objective(String name, Goal goal, OptionalDouble target, OptionalDouble reference) {

    public enum Goal { MAXIMIZE, MINIMIZE }

    public Objective {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the objective needs a name");
        }
    }

    /** An objective with no reference (a campaign with one objective needs none). */
    public Objective(String name, Goal goal, OptionalDouble target) {
        this(name, goal, target, OptionalDouble.empty());
    }

    /** True when {@code candidate} is strictly better than {@code incumbent}. */
    public boolean isBetter(double candidate, double incumbent) {
        return goal == Goal.MAXIMIZE ? candidate > incumbent : candidate < incumbent;
    }

    public boolean reachesTarget(double value) {
        return target.isPresent()
                && (goal == Goal.MAXIMIZE ? value >= target.getAsDouble() : value <= target.getAsDouble());
    }

    /** The value turned so that more is better: itself when maximised, negated when minimised. */
    public double maximised(double value) {
        return goal == Goal.MAXIMIZE ? value : -value;
    }
}
