package org.sciloop.planners.hypothesis;

import java.util.OptionalInt;
import java.util.Set;
import org.sciloop.core.config.Options;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.planners.design.DesignPlanners;

/**
 * {@code hypothesis}: generates, tests and revises hypotheses and spends each batch on the experiments that
 * test them. Options: {@code initial} (space-filling experiments before the first model; default: enough
 * for every main effect plus four), {@code initial-design} (sobol | random, default sobol: levels of categorical factors come out balanced),
 * {@code test-fraction} (share of each batch that tests hypotheses, the rest space-filling; default 1),
 * and the engine's {@code fdr} and {@code negligible} (see {@link #engine}).
 */
public final class HypothesisPlannerFactory implements PlannerFactory {
    /** The options every planner that runs the engine accepts. */
    public static final Set<String> ENGINE_OPTIONS = Set.of("test-fraction", "fdr", "negligible");

    @Override
    public String name() {
        return "hypothesis";
    }

    @Override
    public String summary() {
        return "hypothesis engine: response-surface models chosen by BIC, claims tested with FDR control,"
                + " experiments that discriminate between rival models";
    }

    @Override
    public Set<String> options() {
        return Set.of("initial", "initial-design", "test-fraction", "fdr", "negligible");
    }

    @Override
    public Planner create(Options options) {
        options.allowOnly(options().toArray(String[]::new));
        Planner design = DesignPlanners.initialDesign(options, "sobol");
        OptionalInt initial = options.has("initial") ? OptionalInt.of(options.positiveInt("initial", 1))
                : OptionalInt.empty();
        return new HypothesisTestingPlanner(engine(options, "planner:hypothesis"), design, design, initial,
                testFraction(options, 1.0));
    }

    /**
     * The engine as {@code options} configure it: {@code fdr} (false discovery rate of support and refutation,
     * default 0.05) and {@code negligible} (an effect below this share of the outcome's observed range counts
     * as none, default 0.05).
     */
    public static HypothesisEngine engine(Options options, String author) {
        double fdr = options.number("fdr", 0.05);
        if (!(fdr > 0 && fdr < 0.5)) {
            throw options.error("fdr", "must be a rate above 0 and below 0.5, got " + fdr);
        }
        double negligible = options.number("negligible", 0.05);
        if (!(negligible > 0 && negligible < 1)) {
            throw options.error("negligible", "must be a share of the outcome's range above 0 and below 1, got "
                    + negligible);
        }
        return new HypothesisEngine(fdr, negligible, author);
    }

    /** The share of each batch spent on testing hypotheses, in [0, 1]. */
    public static double testFraction(Options options, double fallback) {
        double f = options.number("test-fraction", fallback);
        if (!(f >= 0 && f <= 1)) {
            throw options.error("test-fraction", "must be a share of the batch between 0 and 1, got " + f);
        }
        return f;
    }
}
