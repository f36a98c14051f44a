package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.space.ParameterSpace;

/**
 * Bayesian optimisation: a space-filling start, then a Gaussian-process model of the objective and, for
 * each experiment of the batch, the candidate that maximises the acquisition. Later experiments of a
 * batch see the earlier ones as fantasised observations (kriging believer: the model's own mean; or
 * constant liar: the worst value seen), so a batch spreads out instead of piling up.
 *
 * <p>In a finite space every unmeasured candidate is scored; in a continuous space the acquisition is
 * maximised by L-BFGS from the best of a Sobol screen and from the best observations.
 */
public final class BayesianOptimizationPlanner implements Planner {

    /** How the batch's later picks see the earlier ones. */
    enum BatchStrategy { KRIGING_BELIEVER, CONSTANT_LIAR }

    /** Whether the outputs are bent by a fitted power transform ({@link OutputWarp}) before the model. */
    enum Warp { YEO_JOHNSON, NONE }

    /** One lengthscale for all columns of a categorical factor, or one per column. */
    enum Lengthscales { PER_FACTOR, PER_COLUMN }

    /** Categorical levels by their descriptors where the tool gives some, or one-hot everywhere. */
    enum Encoding { DESCRIPTORS, ONE_HOT }

    /** Main effects plus interactions, or a product of the factors' kernels. */
    enum KernelForm { ADDITIVE, PRODUCT }

    /**
     * The planner's options (see {@link BayesianOptimizationFactory}); an empty choice is made from the data
     * (whether the encoding uses descriptors).
     */
    record Options(int initial, Acquisition acquisition, double kappa, BatchStrategy batch,
                   Optional<Warp> outputWarp, Lengthscales lengthscales, Encoding encoding,
                   Optional<KernelForm> kernel, Optional<HyperparameterFit.Priors> priors, OptionalInt fitStarts,
                   int fitPoints, Planner initialDesign, ParetoSearch.Gain pareto,
                   Optional<ParetoSearch.Front> front) {
    }

    private final Options options;

    BayesianOptimizationPlanner(Options options) {
        this.options = options;
    }

    @Override
    public Proposal propose(CampaignState state, PlanningContext context) {
        return proposeWithin(state, context, Optional.empty());
    }

    /**
     * What a continuous search may choose, as it would be run: a point with each equality of the space's
     * constraints solved, if it then lies in the space (in a pool, among the combinations run), keeps every
     * constraint and lies inside the region.
     */
    private static Function<Settings, Optional<Settings>> admissible(ParameterSpace space,
                                                                     Optional<Predicate<Settings>> region) {
        Predicate<Settings> inRegion = region.orElse(s -> true);
        return s -> space.admissible(s).filter(inRegion);
    }

    /**
     * As {@link #propose}, choosing only settings inside {@code region} (a region another planner marked
     * out, e.g. a language model's guidance), the space-filling start included. The model is still fitted
     * to every observation. A region with no unmeasured candidate left is ignored.
     */
    public Proposal proposeWithin(CampaignState state, PlanningContext context, Optional<Predicate<Settings>> region) {
        ParameterSpace space = state.space();
        boolean finite = space.isFinite() && space.size() <= ParameterSpace.MAX_ENUMERATED;
        List<Settings> unmeasured = finite ? state.unmeasuredCandidates() : List.of();
        if (finite && region.isPresent() && unmeasured.stream().anyMatch(region.get())) {
            unmeasured = unmeasured.stream().filter(region.get()).toList();
        } else if (finite) {
            region = Optional.empty();
        }
        if (finite && unmeasured.isEmpty()) {
            return Proposal.stop(space.allMeasured());
        }
        Objective objective = state.objective();
        List<Observation> modelled = modelled(state);
        int design = Math.max(0, Math.min(context.batchSize(), options.initial() - state.experimentsRun()));
        if (modelled.size() < 2) {
            design = context.batchSize();
        }
        List<Experiment> batch = new ArrayList<>();
        if (design > 0 && region.isPresent()) {
            batch.addAll(RegionDesign.draw(space, unmeasured, region.get(), design, context.random()));
            if (batch.size() == context.batchSize() || modelled.size() < 2) {
                return batch.isEmpty() ? Proposal.stop("no candidate left inside the guided region")
                        : Proposal.batch(batch, "initial random design inside the guided region");
            }
        } else if (design > 0) {
            Proposal start = options.initialDesign().propose(state,
                    context.withBatchSize(design));
            for (Experiment e : start.experiments()) {
                batch.add(Experiment.of(e.settings(), "initial design: " + e.rationale()));
            }
            // A design short of the batch in a space used up leaves nothing to model the rest on.
            if (batch.size() == context.batchSize() || start.stop().isPresent() || modelled.size() < 2) {
                return batch.isEmpty() ? start : Proposal.batch(batch, "initial space-filling design");
            }
        }

        // Settings the tool answered elsewhere would get the same answer again.
        Set<Settings> chosen = new HashSet<>(state.answeredElsewhere().keySet());
        batch.forEach(e -> chosen.add(e.settings()));
        if (state.objectives().size() > 1 || !state.outcomeConstraints().isEmpty()) {
            return new ParetoSearch(state, modelled, options, context.random()).propose(batch, context.batchSize(),
                    finite ? unmeasured : List.of(), finite, admissible(space, region), chosen);
        }
        Model model = Model.fit(state, modelled, objective, options, context.random());
        CandidateSearch search = finite
                ? new CandidateSearch.Finite(unmeasured, model.encoder())
                : new CandidateSearch.Continuous(model.encoder(), context.random(),
                        modelled.stream().map(Observation::settings).toList(), bestSettings(modelled, objective, 3),
                        answeredAt(state), admissible(space, region));
        GaussianProcess gp = model.gp();
        double best = model.best();
        double worst = model.worst();
        while (batch.size() < context.batchSize()) {
            CandidateSearch.Choice choice = search.best(gp, options.acquisition(), best, options.kappa(), chosen);
            if (choice == null) {
                break;
            }
            chosen.add(choice.settings());
            double[] predicted = model.warp().moments(choice.prediction().mean(), choice.prediction().sd());
            double mean = model.sign() * predicted[0];
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mean", mean);
            details.put("sd", predicted[1]);
            details.put(options.acquisition() == Acquisition.EI ? "logEI" : "ucb", choice.acquisition());
            batch.add(Experiment.of(choice.settings(), String.format(java.util.Locale.ROOT,
                    "%s: predicted %s %.4g +- %.3g, %s %.4g", options.acquisition(), objective.name(),
                    mean, predicted[1],
                    options.acquisition() == Acquisition.EI ? "log EI" : "UCB", choice.acquisition()), details));
            if (batch.size() < context.batchSize()) {
                double fantasy = options.batch() == BatchStrategy.KRIGING_BELIEVER ? choice.prediction().mean() : worst;
                gp = gp.condition(choice.features(), fantasy);
                best = Math.max(best, fantasy);
            }
        }
        if (batch.isEmpty()) {
            return Proposal.stop("no candidate left to propose");
        }
        return Proposal.batch(batch, "Gaussian process (Matern 5/2, ARD) on " + modelled.size()
                + " observations; " + options.acquisition() + " with " + options.batch().name().toLowerCase()
                .replace('_', ' ') + " batches", model.details());
    }

    /**
     * The observations with a value of every objective, each where it was run; except that an answer the tool gave again from a
     * point already observed (an emulator's nearest measured point) is placed where it was asked. At the point
     * it adds nothing, so the model would keep finding the same gap promising and ask into it again; where it
     * was asked it tells the model what asking there gives.
     */
    private static List<Observation> modelled(CampaignState state) {
        Map<String, Settings> askedFor = new HashMap<>();
        state.answeredElsewhere().forEach((asked, o) -> askedFor.put(o.experimentId(), asked));
        Set<Settings> seen = new HashSet<>();
        List<Observation> modelled = new ArrayList<>();
        for (Observation o : state.observations()) {
            if (state.objectives().stream().anyMatch(g -> o.outcome(g.name()).isEmpty())) {
                continue;
            }
            Settings asked = askedFor.get(o.experimentId());
            modelled.add(!seen.add(o.settings()) && asked != null
                    ? new Observation(o.experimentId(), asked, o.outcomes(), o.status(), o.detail(), o.tool()) : o);
        }
        return modelled;
    }

    /** The settings asked for that the tool answered elsewhere, each with where it was answered. */
    static Map<Settings, Settings> answeredAt(CampaignState state) {
        Map<Settings, Settings> at = new LinkedHashMap<>();
        state.answeredElsewhere().forEach((asked, o) -> at.put(asked, o.settings()));
        return at;
    }

    private static List<Settings> bestSettings(List<Observation> observations, Objective objective, int count) {
        java.util.Comparator<Observation> byValue = java.util.Comparator.comparingDouble(
                o -> o.outcome(objective.name()).getAsDouble());
        return observations.stream()
                .sorted(objective.goal() == Objective.Goal.MAXIMIZE ? byValue.reversed() : byValue)
                .limit(count).map(Observation::settings).toList();
    }

    /** Above this many lengthscales the hyperparameter fit makes a single start. */
    static final int MANY_GROUPS = 20;

    /** The fitted model of one round, with everything the proposal records about it. */
    record Model(Encoder encoder, OutputWarp warp, GaussianProcess gp, double sign, double best, double worst,
                 Map<String, Object> details) {

        static Model fit(CampaignState state, List<Observation> observations, Objective objective, Options options,
                         Random random) {
            Encoder encoder = new Encoder(state.space(), options.lengthscales() == Lengthscales.PER_COLUMN,
                    options.encoding() == Encoding.DESCRIPTORS);
            String name = objective.name();
            // The model always maximises; a minimised objective is negated.
            double sign = objective.goal() == Objective.Goal.MAXIMIZE ? 1 : -1;
            int n = observations.size();
            double[][] x = new double[n][];
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = encoder.encode(observations.get(i).settings());
                values[i] = sign * observations.get(i).outcome(name).getAsDouble();
            }
            // The model, its acquisition and its fantasies all live on the warped scale.
            boolean warped = warpOutputs(options, encoder);
            OutputWarp warp = warped ? OutputWarp.fit(values) : OutputWarp.NONE;
            double[] y = warp.apply(values);
            double best = java.util.Arrays.stream(y).max().orElseThrow();
            double worst = java.util.Arrays.stream(y).min().orElseThrow();
            HyperparameterFit.Fitted fitted = fitHyperparameters(x, y, encoder, state.space(), options, random);
            GaussianProcess gp = GaussianProcess.fit(x, y,
                    new Kernel(encoder.groups(), encoder.groupCount(), fitted.hyperparameters()));
            Map<String, Object> lengthscales = new LinkedHashMap<>();
            for (int g = 0; g < encoder.groupCount(); g++) {
                lengthscales.put(encoder.groupNames().get(g), fitted.hyperparameters().lengthscales()[g]);
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("observations", n);
            details.put("lengthscales", lengthscales);
            details.put("signalVariance", fitted.hyperparameters().signalVariance());
            details.put("additiveVariance", fitted.hyperparameters().additiveVariance());
            details.put("noiseVariance", fitted.hyperparameters().noiseVariance());
            details.put("logPosterior", fitted.logPosterior());
            details.put("jitter", gp.jitter());
            if (warped) {
                details.put("outputWarp", Map.of("lambda", warp.lambda()));
            }
            return new Model(encoder, warp, gp, sign, best, worst, details);
        }

        /** On at most {@code fitPoints} observations (the best ones kept, the rest a seeded sample). */
        private static HyperparameterFit.Fitted fitHyperparameters(double[][] x, double[] y, Encoder encoder,
                                                                   ParameterSpace space, Options options,
                                                                   Random random) {
            int n = x.length;
            double[][] fx = x;
            double[] fy = y;
            if (n > options.fitPoints()) {
                Integer[] order = new Integer[n];
                for (int i = 0; i < n; i++) {
                    order[i] = i;
                }
                java.util.Arrays.sort(order, (a, b) -> Double.compare(y[b], y[a]));
                List<Integer> rest = new ArrayList<>(List.of(order).subList(options.fitPoints() / 4, n));
                java.util.Collections.shuffle(rest, random);
                List<Integer> keep = new ArrayList<>(List.of(order).subList(0, options.fitPoints() / 4));
                keep.addAll(rest.subList(0, options.fitPoints() - keep.size()));
                fx = new double[keep.size()][];
                fy = new double[keep.size()];
                for (int i = 0; i < keep.size(); i++) {
                    fx[i] = x[keep.get(i)];
                    fy[i] = y[keep.get(i)];
                }
            }
            double[] meanAndSd = GaussianProcess.meanAndSd(fy);
            double[] standardised = GaussianProcess.standardise(fy, meanAndSd[0],
                    meanAndSd[1] > 1e-12 ? meanAndSd[1] : 1);
            // Unless told: a simulator (continuous inputs) is precise; a table of lab measurements is modelled
            // with room for what the kernel cannot explain (measured on hartmann6 and arylation, see docs/bo.md).
            HyperparameterFit.Priors priors = options.priors().orElse(encoder.usesDescriptors()
                    ? HyperparameterFit.Priors.DESCRIPTORS
                    : space.isFinite() ? HyperparameterFit.Priors.LOOSE : HyperparameterFit.Priors.PRECISE);
            return new HyperparameterFit(fx, standardised, encoder.groups(), encoder.groupCount(),
                    additive(options, encoder), priors).fit(options.fitStarts().orElse(
                    // Random restarts in hundreds of dimensions (one per descriptor column) rarely find a better
                    // optimum and cost a second per proposal; one start from the prior's middle does.
                    encoder.groupCount() > MANY_GROUPS ? 1 : 3), random);
        }

        /**
         * Measured (docs/bayesian-optimisation.md): the warp lifts reaction tables modelled with descriptors
         * and EDBO's priors, costs the same tables one-hot encoded, and leaves hartmann6 as it was.
         */
        static boolean warpOutputs(Options options, Encoder encoder) {
            return options.outputWarp().map(w -> w == Warp.YEO_JOHNSON).orElse(encoder.usesDescriptors());
        }

        /** Main effects help one-hot factors; descriptor columns already relate the levels (EDBO: product). */
        static boolean additive(Options options, Encoder encoder) {
            return options.kernel().map(k -> k == KernelForm.ADDITIVE).orElse(!encoder.usesDescriptors());
        }
    }
}
