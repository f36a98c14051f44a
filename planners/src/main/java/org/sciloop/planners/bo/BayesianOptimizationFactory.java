package org.sciloop.planners.bo;

import java.util.List;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import org.sciloop.core.config.Options;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.planners.bo.BayesianOptimizationPlanner.BatchStrategy;
import org.sciloop.planners.bo.BayesianOptimizationPlanner.Encoding;
import org.sciloop.planners.bo.BayesianOptimizationPlanner.KernelForm;
import org.sciloop.planners.bo.BayesianOptimizationPlanner.Lengthscales;
import org.sciloop.planners.bo.BayesianOptimizationPlanner.Warp;
import org.sciloop.planners.design.DesignPlanners;
import org.sciloop.planners.hypothesis.HypothesisEngine;
import org.sciloop.planners.hypothesis.HypothesisPlannerFactory;
import org.sciloop.planners.hypothesis.HypothesisTestingPlanner;

/**
 * {@code bo}: options {@code initial} (space-filling experiments before the model, default 5),
 * {@code initial-design} (random | sobol, default random), {@code acquisition} (ei | ucb, default ei),
 * {@code kappa} (UCB's weight on the standard deviation, default 2), {@code batch} (how later picks of a
 * batch see earlier ones: kriging-believer | constant-liar, default kriging-believer; one objective under outcome
 * constraints, kriging-believer only; several objectives, kriging-believer | joint, where each pick is valued over
 * draws that hold the earlier picks' values, default joint),
 * {@code output-warp} (yeo-johnson: outputs bent by a fitted power transform before the model; or none;
 * default yeo-johnson with descriptors, else none), {@code lengthscales} (per-factor: one for all columns of a categorical factor, its one-hot or descriptor
 * columns; or per-column; default per-factor),
 * {@code encoding} (descriptors: categorical levels by their descriptors where the tool gives some, else
 * one-hot; or one-hot everywhere; default descriptors),
 * {@code kernel} (additive: main effects plus interactions, or product; default additive, product with
 * descriptors),
 * {@code priors} (precise | loose | descriptors; default descriptors when descriptors are used, else precise
 * for spaces with continuous parameters and loose for finite ones), {@code lengthscale-prior} (gamma: Gamma(3, 6),
 * short; or log-normal: long, growing with the inputs; default gamma for spaces with continuous parameters, log-normal
 * for finite ones, EDBO's with the descriptors' priors),
 * {@code fit-starts} (default 3, or 1 above 20 lengthscales), {@code fit-points} (most observations used to fit hyperparameters,
 * default 100), {@code noise-ceiling} (the largest noise variance a model may fit, as a share of its standardised
 * outputs' variance, in (0, 1]; default 1 with one objective, 0.3 with several), {@code test-fraction} (share of each batch spent on testing the hypothesis engine's open
 * hypotheses, default 0: pure optimisation) with the engine's {@code fdr} and {@code negligible}; with several
 * objectives, {@code pareto} (ehvi: expected hypervolume improvement; ehvi-with-extremes: the same, with one
 * pick per batch for each objective's own expected improvement; or parego, random Chebyshev scalarisations;
 * default ehvi) and {@code front} (what the front to improve on is made of: observed values or the
 * model's means there, modelled; default observed in a finite space, modelled in a continuous one).
 */
public final class BayesianOptimizationFactory implements PlannerFactory {
    private static final String[] OPTIONS = {"initial", "initial-design", "acquisition", "kappa", "batch",
            "output-warp", "lengthscales", "encoding", "kernel", "priors", "lengthscale-prior",
            "fit-starts", "fit-points", "noise-ceiling", "test-fraction", "fdr",
            "negligible", "pareto", "front"};

    @Override
    public String name() {
        return "bo";
    }

    @Override
    public String summary() {
        return "Bayesian optimisation: Gaussian process (Matern 5/2, ARD) with log expected improvement or UCB";
    }

    @Override
    public Set<String> options() {
        return Set.of(OPTIONS);
    }

    /** The optimiser, or the optimiser sharing its batches with hypothesis tests when {@code test-fraction} > 0. */
    @Override
    public Planner create(Options options) {
        BayesianOptimizationPlanner optimizer = optimizer(options);
        double testFraction = HypothesisPlannerFactory.testFraction(options, 0);
        HypothesisEngine engine = HypothesisPlannerFactory.engine(options, "planner:bo");
        return testFraction == 0 ? optimizer
                : new HypothesisTestingPlanner(engine, optimizer, optimizer, OptionalInt.of(0), testFraction);
    }

    /** The optimiser alone (a planner that steers it, like {@code llm+bo}, calls it directly). */
    public BayesianOptimizationPlanner optimizer(Options options) {
        options.allowOnly(OPTIONS);
        requireTheirObjectives(options);
        int initial = options.has("initial") ? nonNegative(options, "initial") : 5;
        Planner design = DesignPlanners.initialDesign(options, "random");
        Acquisition acquisition = options.choice("acquisition", Acquisition.EI);
        double kappa = options.number("kappa", 2);
        if (kappa < 0) {
            throw options.error("kappa", "cannot be negative, got " + kappa);
        }
        int fitPoints = options.positiveInt("fit-points", 100);
        if (fitPoints < 8) {
            throw options.error("fit-points", "needs at least 8, got " + fitPoints);
        }
        OptionalDouble noiseCeiling = options.optionalNumber("noise-ceiling");
        if (noiseCeiling.isPresent() && !(noiseCeiling.getAsDouble() > 1e-6 && noiseCeiling.getAsDouble() <= 1)) {
            throw options.error("noise-ceiling", "is a share of the outputs' variance, above 1e-6 and at most 1, got "
                    + noiseCeiling.getAsDouble());
        }
        return new BayesianOptimizationPlanner(new BayesianOptimizationPlanner.Options(initial, acquisition, kappa,
                batchStrategy(options),
                options.optionalChoice("output-warp", Warp.class),
                options.choice("lengthscales", Lengthscales.PER_FACTOR),
                options.choice("encoding", Encoding.DESCRIPTORS),
                options.optionalChoice("kernel", KernelForm.class),
                options.optionalChoice("priors", HyperparameterFit.Priors.class),
                options.optionalChoice("lengthscale-prior", HyperparameterFit.LengthscalePrior.class),
                options.has("fit-starts") ? OptionalInt.of(options.positiveInt("fit-starts", 3)) : OptionalInt.empty(),
                fitPoints, noiseCeiling, design, options.choice("pareto", ParetoSearch.Gain.EHVI),
                options.optionalChoice("front", ParetoSearch.Front.class)));
    }

    /**
     * Options that only one objective, or only several, would read are refused where they would do nothing. With
     * outcome constraints, one objective is searched with the constrained outcomes' models (constrained EI on the
     * best feasible value), so {@code front} applies and {@code acquisition} does not.
     */
    private static void requireTheirObjectives(Options options) {
        boolean several = options.top().items("objectives").size() > 1;
        boolean constrained = options.top().child("constraints").has("outcomes");
        List<String> idle = new java.util.ArrayList<>(several || constrained ? List.of("acquisition", "kappa")
                : List.of("front"));
        if (!several) {
            idle.add("pareto");
        }
        for (String key : idle) {
            if (options.has(key)) {
                throw options.error(key, several
                        ? "applies to one objective; with several, bo picks by expected hypervolume improvement"
                        + " ('pareto' chooses how)"
                        : constrained && !key.equals("pareto")
                        ? "does not apply with outcome constraints: bo picks by expected improvement times the"
                        + " probability of keeping them (constrained EI)"
                        : "applies to several objectives (a Pareto front); this scenario has one");
            }
        }
    }

    /**
     * One objective: kriging believer or constant liar (with outcome constraints, the believer). Several: kriging
     * believer or joint draws, as Monte Carlo qNEHVI does, the default by measurement
     * (docs/bayesian-optimisation.md).
     */
    private static BatchStrategy batchStrategy(Options options) {
        boolean several = options.top().items("objectives").size() > 1;
        boolean constrained = options.top().child("constraints").has("outcomes");
        BatchStrategy batch = options.choice("batch", several ? BatchStrategy.JOINT : BatchStrategy.KRIGING_BELIEVER);
        if (batch == BatchStrategy.JOINT && !several) {
            throw options.error("batch", "joint applies to several objectives (a Pareto front); with one a batch is"
                    + (constrained ? " kriging-believer" : " kriging-believer or constant-liar"));
        }
        if (batch == BatchStrategy.CONSTANT_LIAR && (several || constrained)) {
            throw options.error("batch", "constant-liar applies to one objective without outcome constraints; here"
                    + " a batch is kriging-believer" + (several ? " or joint" : ""));
        }
        return batch;
    }

    private static int nonNegative(Options options, String key) {
        double v = options.number(key);
        if (v < 0 || v != Math.rint(v)) {
            throw options.error(key, "must be a whole number of at least 0, got " + v);
        }
        return (int) v;
    }
}
