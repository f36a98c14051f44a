package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
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
    enum BatchStrategy { KRIGING_BELIEVER, CONSTANT_LIAR, JOINT }

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
                   Optional<KernelForm> kernel, Optional<HyperparameterFit.Priors> priors,
                   Optional<HyperparameterFit.LengthscalePrior> lengthscalePrior, OptionalInt fitStarts,
                   int fitPoints, OptionalDouble noiseCeiling, Planner initialDesign, ParetoSearch.Gain pareto,
                   Optional<ParetoSearch.Front> front) {

        /**
         * The same options for a model of another outcome (a constrained one, runs' success): its output warp and
         * priors as given here unless these options say otherwise.
         */
        Options forOutcome(Warp warp, HyperparameterFit.Priors priors) {
            return new Options(initial, acquisition, kappa, batch, Optional.of(outputWarp.orElse(warp)), lengthscales,
                    encoding, kernel, Optional.of(this.priors.orElse(priors)), lengthscalePrior, fitStarts, fitPoints,
                    noiseCeiling, initialDesign, pareto, front);
        }

        /** The same options with {@code ceiling} as the noise ceiling, unless these options set one. */
        Options withNoiseCeiling(double ceiling) {
            return new Options(initial, acquisition, kappa, batch, outputWarp, lengthscales, encoding, kernel, priors,
                    lengthscalePrior, fitStarts, fitPoints, OptionalDouble.of(noiseCeiling.orElse(ceiling)), initialDesign,
                    pareto, front);
        }
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
            return Proposal.stop(state.nothingLeftToPropose());
        }
        Objective objective = state.objective();
        List<Observation> modelled = modelled(state);
        int design = Math.max(0, Math.min(context.batchSize(), options.initial() - state.experimentsRun()));
        // Earlier campaigns that go together stand in for the space-filling start; unrelated ones do not.
        Model fromHistory = design > 0 && historyMayStandIn(state)
                ? Model.fit(state, modelled, objective, options, context.random()) : null;
        if (fromHistory != null && fromHistory.historyWeight() >= HISTORY_STANDS_IN) {
            design = 0;
        } else if (modelled.size() < 2) {
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
        Model model = fromHistory != null ? fromHistory : Model.fit(state, modelled, objective, options,
                context.random());
        CandidateSearch search = finite
                ? new CandidateSearch.Finite(unmeasured, model.encoder())
                : new CandidateSearch.Continuous(model.encoder(), context.random(),
                        modelled.stream().map(Observation::settings).toList(), bestSettings(modelled, objective, 3),
                        answeredAt(state), admissible(space, region));
        Score score = new Score(model.gp(), options.acquisition(), model.best(), options.kappa(),
                runs(state, options, context.random()));
        while (batch.size() < context.batchSize()) {
            CandidateSearch.Choice choice = search.best(score, chosen);
            if (choice == null) {
                break;
            }
            chosen.add(choice.settings());
            double[] predicted = model.asOutcome(choice.prediction());
            double mean = predicted[0];
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("mean", mean);
            details.put("sd", predicted[1]);
            String acquired = options.acquisition() == Acquisition.EI ? "log EI" : "UCB";
            String success = "";
            if (score.counted()) {
                details.put("success", choice.success());
                acquired = "log EI x probability of a run succeeding";
                success = String.format(java.util.Locale.ROOT, ", probability of a run succeeding %.2f",
                        choice.success());
            }
            details.put(options.acquisition() == Acquisition.EI ? "logEI" : "ucb", choice.acquisition());
            batch.add(Experiment.of(choice.settings(), String.format(java.util.Locale.ROOT,
                    "%s: predicted %s %.4g +- %.3g%s, %s %.4g", options.acquisition(), objective.name(),
                    mean, predicted[1], success, acquired, choice.acquisition()), details));
            if (batch.size() < context.batchSize()) {
                score = score.believing(choice.features(), options.batch() == BatchStrategy.KRIGING_BELIEVER
                        ? choice.prediction().mean() : model.worst());
            }
        }
        if (batch.isEmpty()) {
            return Proposal.stop("no candidate left to propose");
        }
        return Proposal.batch(batch, "Gaussian process (Matern 5/2, ARD) on " + modelled.size()
                + " observations" + model.historySaid() + "; " + options.acquisition() + " with "
                + options.batch().name().toLowerCase().replace('_', ' ') + " batches", model.details());
    }

    /**
     * Where some runs have failed (and some have not): a model of each run's success, 1, or failure, 0, at its
     * settings, unwarped and on the precise priors unless the options say otherwise (whether a run fails is mostly
     * a property of its settings). Empty otherwise.
     */
    private static Optional<GaussianProcess> runs(CampaignState state, Options options, Random random) {
        List<Observation> ran = new ArrayList<>();
        for (Observation o : state.observations()) {
            boolean failed = o.status() == Observation.Status.FAILED;
            ran.add(new Observation(o.experimentId(), o.settings(), Map.of(RAN, failed ? 0.0 : 1.0),
                    Observation.Status.OK, "", o.tool()));
        }
        long failures = state.observations().stream().filter(o -> o.status() == Observation.Status.FAILED).count();
        if (failures == 0 || failures == ran.size()) {
            return Optional.empty();
        }
        return Optional.of(Model.fit(state, ran, new Objective(RAN, Objective.Goal.MAXIMIZE,
                java.util.OptionalDouble.empty()), options.forOutcome(Warp.NONE, HyperparameterFit.Priors.PRECISE),
                random).gp());
    }

    /** The outcome a model of runs' success is fitted to: no tool's output. */
    private static final String RAN = "run succeeded";

    /** The history's weight ({@link Model#weight}) from which earlier campaigns replace the space-filling start. */
    static final double HISTORY_STANDS_IN = 0.5;

    /**
     * Whether earlier campaigns might replace the space-filling start: two of them at least, since how related
     * campaigns are is learned from how they go together before this one has results, and one objective only
     * (several objectives and outcome constraints model this campaign alone). They do when the model gives them a
     * weight of at least {@link #HISTORY_STANDS_IN}.
     */
    static boolean historyMayStandIn(CampaignState state) {
        return state.history().stream().filter(c -> c.observations().size() >= 2).count() >= 2
                && state.objectives().size() == 1 && state.outcomeConstraints().isEmpty();
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

    /**
     * The fitted model of one round, with everything the proposal records about it. Its values are this campaign's
     * outcomes (negated when minimised) less {@code offset}, over {@code spread}, then warped: 0 and 1 unless it
     * learns from earlier campaigns, whose values are standardised within each campaign.
     */
    record Model(Encoder encoder, OutputWarp warp, GaussianProcess gp, double sign, double offset, double spread,
                 double best, double worst, Map<String, Object> details) {

        static Model fit(CampaignState state, List<Observation> observations, Objective objective, Options options,
                         Random random) {
            Encoder encoder = new Encoder(state.space(), options.lengthscales() == Lengthscales.PER_COLUMN,
                    options.encoding() == Encoding.DESCRIPTORS);
            // The model always maximises; a minimised objective is negated.
            double sign = objective.goal() == Objective.Goal.MAXIMIZE ? 1 : -1;
            // Several objectives and outcome constraints are modelled on this campaign's results alone.
            Optional<PriorTasks> prior = state.objectives().size() == 1 && state.outcomeConstraints().isEmpty()
                    ? PriorTasks.of(state.history(), state.space(), encoder, objective.name(), sign) : Optional.empty();
            Model model = fit(state, observations, objective, options, random, encoder, sign, prior);
            if (prior.isEmpty() || model.historyWeight() > 0 || observations.size() < 2) {
                return model;
            }
            // History the data take as unrelated is left out altogether: the proposal is the one this campaign
            // would get without it (measured: kept in at a correlation of 0.001, shuffled history cost experiments).
            Model alone = fit(state, observations, objective, options, random, encoder, sign, Optional.empty());
            Map<String, Object> details = new LinkedHashMap<>(alone.details());
            details.put("history", model.details().get("history"));
            return new Model(alone.encoder(), alone.warp(), alone.gp(), sign, alone.offset(), alone.spread(),
                    alone.best(), alone.worst(), details);
        }

        private static Model fit(CampaignState state, List<Observation> observations, Objective objective,
                                 Options options, Random random, Encoder encoder, double sign,
                                 Optional<PriorTasks> prior) {
            String name = objective.name();
            int n = observations.size();
            double[] values = new double[n];
            for (int i = 0; i < n; i++) {
                values[i] = sign * observations.get(i).outcome(name).getAsDouble();
            }
            double offset = 0;
            double spread = 1;
            if (prior.isPresent()) {
                // This campaign on the earlier ones' standardised scale: by its own spread once it has a few results.
                double[] meanAndSd = GaussianProcess.meanAndSd(values);
                offset = n > 0 ? meanAndSd[0] : 0;
                spread = n >= 3 && meanAndSd[1] > 1e-12 ? meanAndSd[1] : prior.get().typicalSpread();
            }
            int m = n + prior.map(PriorTasks::observations).orElse(0);
            double[][] x = new double[m][];
            double[] pooled = new double[m];
            int[] task = new int[m];
            for (int i = 0; i < n; i++) {
                x[i] = encoder.encode(observations.get(i).settings());
                pooled[i] = (values[i] - offset) / spread;
            }
            for (int i = n; i < m; i++) {
                x[i] = prior.get().inputs().get(i - n);
                pooled[i] = prior.get().values().get(i - n);
                task[i] = prior.get().tasks().get(i - n);
            }
            Tasks tasks = prior.isPresent() ? new Tasks(task) : null;
            // The model, its acquisition and its fantasies all live on the warped scale.
            boolean warped = warpOutputs(options, encoder);
            OutputWarp warp = warped ? OutputWarp.fit(pooled) : OutputWarp.NONE;
            double[] y = warp.apply(pooled);
            double[] own = java.util.Arrays.copyOf(y, n);
            // With no result of its own yet, the campaign's level is what the earlier ones say: the middle.
            double best = java.util.Arrays.stream(own).max().orElse(warp.apply(new double[] {0})[0]);
            double worst = java.util.Arrays.stream(own).min().orElse(best);
            HyperparameterFit.Fitted fitted = fitHyperparameters(x, tasks, y, n, encoder, state.space(), options,
                    random);
            GaussianProcess gp = GaussianProcess.fit(x, tasks, y,
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
            prior.ifPresent(p -> {
                Hyperparameters h = fitted.hyperparameters();
                Map<String, Object> history = new LinkedHashMap<>();
                history.put("campaigns", p.campaigns());
                history.put("observations", p.observations());
                history.put("taskCorrelation", h.taskCorrelation());
                history.put("historyCorrelation", h.historyCorrelation());
                history.put("historyScale", h.historyScale());
                history.put("historyNoiseVariance", h.historyNoiseVariance());
                history.put("weight", related(h) ? weight(h) : 0.0);
                details.put("history", history);
            });
            return new Model(encoder, warp, gp, sign, offset, spread, best, worst, details);
        }

        /** A prediction on the model's scale as the objective's value (mean and standard deviation). */
        double[] asOutcome(GaussianProcess.Prediction prediction) {
            double[] moments = warp.moments(prediction.mean(), prediction.sd());
            return new double[] {sign * (offset + spread * moments[0]), spread * moments[1]};
        }

        /**
         * How much the earlier campaigns weigh, from 0 to 1: their correlation with this one times the share of
         * their variation the model explains (history it calls noise weighs nothing, whatever its correlation).
         */
        static double weight(Hyperparameters h) {
            // Each earlier campaign is standardised: its noise variance is the share of it the model leaves unexplained.
            return h.taskCorrelation() * Math.max(0, 1 - h.historyNoiseVariance());
        }

        /** Whether the fit took the earlier campaigns as related to this one (else it held them unrelated). */
        static boolean related(Hyperparameters h) {
            return h.taskCorrelation() > HyperparameterFit.TASK_CORRELATION_BOUNDS[0] * 1.01;
        }

        /** {@link #weight} of this model's history; 0 for a model of this campaign alone. */
        double historyWeight() {
            return details.get("history") instanceof Map<?, ?> h ? (Double) h.get("weight") : 0;
        }

        /** How much the earlier campaigns weigh, in words for a proposal's rationale; empty without them. */
        String historySaid() {
            if (!details.containsKey("history")) {
                return "";
            }
            Map<?, ?> h = (Map<?, ?>) details.get("history");
            return String.format(java.util.Locale.ROOT, "; learning from %s observations of %s earlier campaigns,"
                    + " weight %.2f (task correlation %.2f)", h.get("observations"), h.get("campaigns"), h.get("weight"),
                    h.get("taskCorrelation"));
        }

        /**
         * On at most {@code fitPoints} observations (the best ones kept, the rest a seeded sample). With earlier
         * campaigns ({@code tasks}), this campaign's first {@code own} observations are kept before any of theirs.
         */
        private static HyperparameterFit.Fitted fitHyperparameters(double[][] x, Tasks tasks, double[] y, int own,
                                                                   Encoder encoder, ParameterSpace space,
                                                                   Options options, Random random) {
            int n = x.length;
            double[][] fx = x;
            double[] fy = y;
            Tasks ft = tasks;
            if (tasks != null && n > options.fitPoints()) {
                List<Integer> keep = new ArrayList<>();
                for (int i = 0; i < Math.min(own, options.fitPoints()); i++) {
                    keep.add(i);
                }
                List<Integer> earlier = new ArrayList<>();
                for (int i = own; i < n; i++) {
                    earlier.add(i);
                }
                java.util.Collections.shuffle(earlier, random);
                keep.addAll(earlier.subList(0, options.fitPoints() - keep.size()));
                fx = new double[keep.size()][];
                fy = new double[keep.size()];
                int[] task = new int[keep.size()];
                for (int i = 0; i < keep.size(); i++) {
                    fx[i] = x[keep.get(i)];
                    fy[i] = y[keep.get(i)];
                    task[i] = tasks.of()[keep.get(i)];
                }
                ft = new Tasks(task);
            } else if (n > options.fitPoints()) {
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
            // Unless told (or EDBO's priors, which have their own): a space with continuous settings (a simulator, an
            // instrument's dials) has short lengthscales a priori, a table long ones (measured on both kinds, see
            // docs/bayesian-optimisation.md).
            Optional<HyperparameterFit.LengthscalePrior> lengthscalePrior = options.lengthscalePrior()
                    .or(() -> priors.lengthscaleGamma != null ? Optional.empty() : Optional.of(space.isFinite()
                            ? HyperparameterFit.LengthscalePrior.LOG_NORMAL : HyperparameterFit.LengthscalePrior.GAMMA));
            // Random restarts in hundreds of dimensions (one per descriptor column) rarely find a better optimum and
            // cost a second per proposal; one start from the prior's middle does.
            int starts = options.fitStarts().orElse(encoder.groupCount() > MANY_GROUPS ? 1 : 3);
            double noiseCeiling = options.noiseCeiling().orElse(1);
            java.util.function.UnaryOperator<HyperparameterFit> withPriors = fit -> {
                HyperparameterFit ceiled = fit.noiseAtMost(noiseCeiling);
                return lengthscalePrior.map(ceiled::lengthscales).orElse(ceiled);
            };
            HyperparameterFit pooled = withPriors.apply(new HyperparameterFit(fx, ft, standardised, encoder.groups(),
                    encoder.groupCount(), additive(options, encoder), priors));
            if (tasks != null && own >= Math.max(3, options.initial())) {
                // Enough results of its own: the kernel is this campaign's, and the earlier campaigns only say how
                // they relate to it (history that does not fit cannot bend the model of this one).
                double[] ownY = java.util.Arrays.copyOf(y, own);
                double[] ownMeanAndSd = GaussianProcess.meanAndSd(ownY);
                Hyperparameters kernel = withPriors.apply(new HyperparameterFit(java.util.Arrays.copyOf(x, own),
                        GaussianProcess.standardise(ownY, ownMeanAndSd[0], ownMeanAndSd[1] > 1e-12 ? ownMeanAndSd[1] : 1),
                        encoder.groups(), encoder.groupCount(), additive(options, encoder), priors))
                        .fit(starts, random).hyperparameters();
                return believed(pooled.fitTasks(kernel, starts, random),
                        pooled.unrelated().fitTasks(kernel, starts, random), fy.length);
            }
            if (tasks != null) {
                return believed(pooled.fit(starts, random), pooled.unrelated().fit(starts, random), fy.length);
            }
            return pooled.fit(starts, random);
        }

        /**
         * The fit with a learned correlation between campaigns if the data support it over taking them as unrelated
         * by more than the Bayesian information criterion's price of one parameter (half the log of the points);
         * else the unrelated one. Unrelated history leaves the correlation undetermined, and a correlation that
         * the data do not ask for would let hundreds of weak observations steer this campaign.
         */
        private static HyperparameterFit.Fitted believed(HyperparameterFit.Fitted correlated,
                                                         HyperparameterFit.Fitted unrelated, int points) {
            return correlated.logPosterior() - unrelated.logPosterior() > 0.5 * Math.log(points) ? correlated
                    : unrelated;
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
