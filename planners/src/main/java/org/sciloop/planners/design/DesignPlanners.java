package org.sciloop.planners.design;

import java.util.function.Supplier;
import org.sciloop.core.config.Options;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlannerFactory;

/** The factories of the model-free planners; none takes options. */
public abstract class DesignPlanners implements PlannerFactory {
    private final String name;
    private final String summary;
    private final Supplier<Planner> planner;

    DesignPlanners(String name, String summary, Supplier<Planner> planner) {
        this.name = name;
        this.summary = summary;
        this.planner = planner;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String summary() {
        return summary;
    }

    @Override
    public Planner create(Options options) {
        options.allowOnly();
        return planner.get();
    }

    /** The start design a model-based planner names in its {@code initial-design} option: random or sobol. */
    public static Planner initialDesign(Options options, String fallback) {
        String name = options.string("initial-design", fallback);
        DesignPlanners factory = switch (name) {
            case "random" -> new Random();
            case "sobol" -> new Sobol();
            default -> throw options.error("initial-design", "must be 'random' or 'sobol', got '" + name + "'");
        };
        return factory.create(Options.empty(options.location()));
    }

    public static final class Random extends DesignPlanners {
        public Random() {
            super("random", "uniform random search (in a finite space: uniform among unmeasured candidates)",
                    RandomPlanner::new);
        }
    }

    public static final class Sobol extends DesignPlanners {
        public Sobol() {
            super("sobol", "randomly shifted Sobol sequence (in a finite space: nearest unmeasured candidate)",
                    SobolPlanner::new);
        }
    }

    public static final class LatinHypercube extends DesignPlanners {
        public LatinHypercube() {
            super("lhs", "Latin hypercube over the whole budget (in a finite space: nearest unmeasured candidate)",
                    LatinHypercubePlanner::new);
        }
    }
}
