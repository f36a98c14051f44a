package org.sciloop.core.model;

import java.util.OptionalDouble;

/** The outcome a campaign optimises, which way, and an optional value at which it may stop. */
public record Objective(String name, Goal goal, OptionalDouble target) {

    public enum Goal { MAXIMIZE, MINIMIZE }

    public Objective {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("the objective needs a name");
        }
    }

    /** True when {@code candidate} is strictly better than {@code incumbent}. */
    public boolean isBetter(double candidate, double incumbent) {
        return goal == Goal.MAXIMIZE ? candidate > incumbent : candidate < incumbent;
    }

    public boolean reachesTarget(double value) {
        return target.isPresent()
                && (goal == Goal.MAXIMIZE ? value >= target.getAsDouble() : value <= target.getAsDouble());
    }
}
