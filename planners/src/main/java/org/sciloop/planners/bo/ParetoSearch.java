package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.Optional;
import java.util.function.Function;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.Proposal;
import org.sciloop.planners.bo.BayesianOptimizationPlanner.Model;

/**
 * Several objectives: a Gaussian process per objective and, for each experiment of the batch, the candidate
 * with the largest expected hypervolume improvement over the front ({@link Front}: of the observed values, or
 * of the model's means at the observations, where one lucky noisy measurement would otherwise set the bar). The
 * expectation is a Monte Carlo average over fixed draws shared by every candidate, taken back through each
 * objective's output warp, so it is in objective units, where the reference point is. Later picks of a
 * batch see the earlier ones as kriging believers (each model conditioned on its own mean there, the front
 * extended by the predicted point) or, with {@code batch: joint}, drawn jointly with them as Monte Carlo qNEHVI
 * does: each draw carries its own values of the earlier picks, which join that draw's front and move its means
 * wherever the models correlate with them.
 *
 * <p>Outcome constraints: a Gaussian process per constrained outcome; each draw's hypervolume improvement is
 * weighted by the exact probability that the candidate keeps them given that draw of the earlier picks, so the
 * expectation is the improvement times the probability of feasibility, estimated together, and a candidate
 * unlikely to be feasible is still worth that much of what it would add. The front is that of the feasible
 * observations. With one objective and
 * constraints it is expected improvement times the probability of feasibility, computed exactly as their
 * logarithms (constrained EI): Monte Carlo draws rarely improve on a good best, and a search that sees no
 * improvement anywhere cannot rank its candidates (measured in docs/bayesian-optimisation.md).
 *
 * <p>Candidates: every unmeasured one of a finite space; in a continuous space a Sobol screen and points
 * scattered around the front's members, and the pick then moved by a pattern search around it.
 */
final class ParetoSearch {
    /** How far up an optimistic point lies (standard deviations); how many such candidates are screened. */
    static final double OPTIMISM = 2;
    static final int SCREENED = 256;
    /** Draws for screening those candidates, then for ranking the most promising ones. */
    static final int SCREEN_DRAWS = 32;
    static final int FINAL_DRAWS = 256;
    static final int FINALISTS = 64;
    /** A continuous space's candidates: a Sobol screen, and points around each member of the front. */
    static final int SOBOL = 1024;
    static final int AROUND_EACH = 48;
    static final double SPREAD = 0.08;
    /** And points on lines through each member of the front: one coordinate drawn anew, the others kept. */
    static final int ALONG_EACH = 16;

    private final CampaignState state;
    private final List<Observation> modelled;
    private final List<Objective> objectives;
    private final List<OutcomeConstraint> constraints;
    private final Random random;
    /**
     * A model per objective, then one per constrained outcome that is not an objective (its outcome as it is, not
     * turned). A bound on an objective is kept by that objective's model: two models of one outcome would predict
     * it twice, differently, and draw it independently.
     */
    private final List<Model> models = new ArrayList<>();
    /** For each outcome constraint, the model of its outcome, and +1, or -1 where that model has it turned. */
    private final int[] constraintModel;
    private final double[] constraintSign;
    private final GaussianProcess[] gps;
    private final FrontGain front;
    /** Whether a batch's picks are drawn jointly (else each later pick believes the earlier ones' means). */
    private final boolean joint;
    private final boolean observedFront;
    /** The front's size before the batch's fantasies joined it. */
    private final int frontSize;

    /** How the picks of a batch value a candidate's predicted outcomes against the front. */
    enum Gain {
        /** The hypervolume it would add. */
        EHVI,
        /**
         * As EHVI, but in each batch one pick per objective goes to that objective's own expected improvement:
         * the front's ends are its objectives' optima, which the hypervolume alone reaches late (measured in
         * docs/bayesian-optimisation.md).
         */
        EHVI_WITH_EXTREMES,
        /** ParEGO: for each pick, a random Chebyshev scalarisation of the objectives, and its improvement. */
        PAREGO
    }

    /** What the front to improve on is made of. */
    enum Front {
        /** The observed values: right where a measurement is what there is (a table, each row measured once). */
        OBSERVED,
        /** The model's means at the observations: right where measurements are noisy and a lucky one misleads. */
        MODELLED
    }

    /**
     * With several objectives, each model must explain at least 70 % of its outcome's variance: one that calls its
     * outcome all noise predicts it flat and sure, and the hypervolume's gains then follow the other objectives
     * alone (on arylation-cost, picks went to cheap reactions while the yield model saw nothing to learn).
     * Measured (docs/bayesian-optimisation.md): a gain on arylation-cost, level on the four test problems.
     */
    static final double SEVERAL_OBJECTIVES_NOISE_CEILING = 0.3;

    private final Gain gain;

    ParetoSearch(CampaignState state, List<Observation> modelled, BayesianOptimizationPlanner.Options options,
                 Random random) {
        this.gain = options.pareto();
        this.joint = options.batch() == BayesianOptimizationPlanner.BatchStrategy.JOINT;
        this.state = state;
        this.modelled = modelled;
        this.objectives = state.objectives();
        this.constraints = state.outcomeConstraints();
        this.random = random;
        if (objectives.size() > 1) {
            options = options.withNoiseCeiling(SEVERAL_OBJECTIVES_NOISE_CEILING);
        }
        for (Objective objective : objectives) {
            models.add(Model.fit(state, modelled, objective, options, random));
        }
        this.constraintModel = new int[constraints.size()];
        this.constraintSign = new double[constraints.size()];
        for (int j = 0; j < constraints.size(); j++) {
            OutcomeConstraint c = constraints.get(j);
            int objective = objectives.stream().map(Objective::name).toList().indexOf(c.outcome());
            constraintModel[j] = objective >= 0 ? objective : models.size();
            constraintSign[j] = objective >= 0 ? objectives.get(objective).maximised(1) : 1;
            if (objective < 0) {
                List<Observation> measured = modelled.stream().filter(o -> o.outcome(c.outcome()).isPresent())
                        .toList();
                models.add(Model.fit(state, measured.size() >= 2 ? measured : modelled,
                        new Objective(c.outcome(), Objective.Goal.MAXIMIZE, java.util.OptionalDouble.empty()),
                        constraintModel(options), random));
            }
        }
        this.gps = models.stream().map(Model::gp).toArray(GaussianProcess[]::new);
        this.observedFront = options.front().orElse(state.space().isFinite() ? Front.OBSERVED : Front.MODELLED)
                == Front.OBSERVED;
        List<double[]> points = new ArrayList<>();  // each observation as the front sees it
        List<double[]> feasible = new ArrayList<>();
        for (Observation o : modelled) {
            double[] features = encoder().encode(o.settings());
            double[] point = new double[objectives.size()];
            for (int k = 0; k < point.length; k++) {
                point[k] = observedFront ? objectives.get(k).maximised(o.outcome(objectives.get(k).name()).getAsDouble())
                        : models.get(k).warp().invert(gps[k].predict(features).mean());
            }
            points.add(point);
            if (state.feasible(o)) {
                feasible.add(point);
            }
        }
        // With nothing feasible yet the reference comes from every observation, and the front is empty: any
        // feasible point improves it.
        this.front = new FrontGain(objectives, feasible.isEmpty() ? points : feasible, points, feasible.isEmpty(),
                gain == Gain.PAREGO);
        this.frontSize = front.size();
    }

    /**
     * A constrained outcome's model, unless the options say otherwise, warps its values (what matters is the side
     * of the bound, and a slack far on the wrong side would otherwise set the model's scale) and takes the loose
     * priors (room for what the kernel cannot explain keeps it from being sure of infeasibility where it has not
     * looked). Measured (docs/bayesian-optimisation.md) on c2dtlz2 and constrained-branin-currin.
     */
    private static BayesianOptimizationPlanner.Options constraintModel(BayesianOptimizationPlanner.Options o) {
        return o.forOutcome(BayesianOptimizationPlanner.Warp.YEO_JOHNSON, HyperparameterFit.Priors.LOOSE);
    }

    private Encoder encoder() {
        return models.get(0).encoder();
    }

    /**
     * Fills {@code batch} (which may already hold the initial design's picks) up to {@code size}.
     *
     * @param unmeasured a finite space's candidates not yet run
     * @param admissible a continuous space's candidate as it would be run, if it may be
     * @param chosen settings not to propose (already chosen, or answered elsewhere)
     */
    Proposal propose(List<Experiment> batch, int size, List<Settings> unmeasured, boolean finite,
                     Function<Settings, Optional<Settings>> admissible, Set<Settings> chosen) {
        List<Settings> candidates = new ArrayList<>(finite ? unmeasured.stream().filter(s -> !chosen.contains(s))
                .toList() : continuousCandidates(admissible, chosen));
        double[][] features = candidates.stream().map(encoder()::encode).toArray(double[][]::new);
        boolean[] taken = new boolean[candidates.size()];
        Draws draws = new Draws(FINAL_DRAWS, size - batch.size());
        double[] incumbents = models.stream().mapToDouble(Model::best).toArray();
        GaussianProcess.Predictions[] predicted = new GaussianProcess.Predictions[gps.length];
        for (int k = 0; k < gps.length; k++) {
            predicted[k] = gps[k].predictions(features, size - batch.size());
        }
        // The turn of the extremes runs on across batches, so a batch smaller than the objectives skips none.
        int pick = state.experimentsRun() + batch.size();
        while (batch.size() < size) {
            if (gain == Gain.PAREGO) {
                front.newWeights(random);
            }
            // With extremes: the picks go EHVI, the first objective, the second, ..., EHVI, ...
            int focus = gain == Gain.EHVI_WITH_EXTREMES ? pick % (objectives.size() + 1) - 1 : -1;
            pick++;
            Scored best = focus < 0 ? best(predicted, taken, draws)
                    : bestFor(focus, incumbents[focus], predicted, taken);
            if (best == null) {
                break;
            }
            if (!finite && best.focus() < 0 && (objectives.size() == 1 || best.improvement() > 0)) {
                best = refined(best, candidates, features, predicted, draws, admissible, chosen);
            }
            taken[best.index()] = true;
            batch.add(experiment(candidates.get(best.index()), best));
            if (batch.size() < size) {
                for (int k = 0; k < gps.length; k++) {
                    incumbents[k] = Math.max(incumbents[k], best.mean()[k]);
                }
                if (joint) {
                    front.joinDrawn(draws.of(best));
                    for (GaussianProcess.Predictions p : predicted) {
                        p.conditionOnValue(features[best.index()]);
                    }
                } else {
                    for (GaussianProcess.Predictions p : predicted) {
                        p.condition(features[best.index()]);
                    }
                    if (feasibleAtMean(best.mean())) {
                        double[] believed = new double[objectives.size()];
                        for (int k = 0; k < believed.length; k++) {
                            believed[k] = models.get(k).warp().invert(best.mean()[k]);
                        }
                        front.join(believed);
                    }
                }
                draws.nextPick();
            }
        }
        if (batch.isEmpty()) {
            return Proposal.stop("no candidate left to propose");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("observations", modelled.size());
        details.put("reference", named(ParetoFront.maximised(objectives, front.reference())));
        details.put("referenceInferred", ParetoFront.unreferenced(objectives));
        Map<String, Object> perObjective = new LinkedHashMap<>();
        for (int k = 0; k < objectives.size(); k++) {
            perObjective.put(objectives.get(k).name(), models.get(k).details());
        }
        for (int j = 0; j < constraints.size(); j++) {
            perObjective.putIfAbsent(constraints.get(j).outcome(), models.get(constraintModel[j]).details());
        }
        details.put("models", perObjective);
        if (!constraints.isEmpty()) {
            details.put("outcomeConstraints", constraints.stream().map(Object::toString).toList());
        }
        return Proposal.batch(batch, "Gaussian process per objective (" + objectives.size() + ")"
                + (models.size() == objectives.size() ? "" : " and per constrained outcome that is not one ("
                + (models.size() - objectives.size()) + ")") + (constraints.isEmpty() ? "" : " under "
                + String.join(", ", constraints.stream().map(Object::toString).toList())) + " on "
                + modelled.size() + " observations; " + (objectives.size() == 1
                ? "expected improvement on the best feasible " + (observedFront ? "observed value" : "model's mean")
                + " times the probability of keeping the constraints (constrained EI, as logarithms); "
                : switch (gain) {
                    case EHVI -> "expected hypervolume improvement";
                    case EHVI_WITH_EXTREMES -> "expected hypervolume improvement, taking turns with each"
                            + " objective's own expected improvement";
                    case PAREGO -> "ParEGO (random Chebyshev scalarisations)";
                } + " over the front of the " + (observedFront ? "observed" : "model's means at the")
                + (constraints.isEmpty() ? "" : " feasible") + " values (" + frontSize
                + (frontSize == 1 ? " point" : " points") + "); ") + (joint
                ? "batches drawn jointly (each pick valued over the draws of the earlier ones)"
                : "kriging-believer batches"), details);
    }

    /**
     * One candidate's predictions (on the models' warped scale) and its value: the expected improvement of the
     * front (hypervolume, or ParEGO's scalarisation), or with a {@code focus} objective, that objective's log EI.
     * With joint draws, {@code shifts} (per model) says how its mean moves with each earlier pick's draw.
     */
    private record Scored(int index, double[] mean, double[] sd, double[][] shifts, double improvement, int focus,
                          double feasibility) {
        Scored valued(double[] expected) {
            return new Scored(index, mean, sd, shifts, expected[0], -1, expected[1]);
        }
    }

    /**
     * Standard normal draws, fixed for the round (seeded) and shared by every candidate: per draw, per pick of the
     * batch, per model. A pick's draws are its own, independent of the earlier picks' (which, with joint draws,
     * move its mean through the models' correlation); screening uses the first {@link #SCREEN_DRAWS}.
     */
    private final class Draws {
        private final double[][][] z;
        private int pick;

        Draws(int count, int picks) {
            z = new double[count][Math.max(1, picks)][gps.length];
            for (double[][] draw : z) {
                for (double[] perModel : draw) {
                    for (int k = 0; k < perModel.length; k++) {
                        perModel[k] = random.nextGaussian();
                    }
                }
            }
        }

        void nextPick() {
            pick++;
        }

        /** Draw {@code s} of a candidate's model {@code k} (warped scale), given its draws of the earlier picks. */
        double value(Scored c, int s, int k) {
            double value = c.mean()[k] + c.sd()[k] * z[s][pick][k];
            double[] shifts = c.shifts()[k];
            for (int j = 0; j < shifts.length; j++) {
                value += shifts[j] * z[s][j][k];
            }
            return value;
        }

        /** The mean of a candidate's model {@code k} (warped scale) given its draw {@code s} of the earlier picks. */
        double given(Scored c, int s, int k) {
            return value(c, s, k) - c.sd()[k] * z[s][pick][k];
        }

        /** A pick's objectives in each draw, in units, or null in a draw that breaks an outcome constraint. */
        double[][] of(Scored chosen) {
            double[][] points = new double[z.length][];
            for (int s = 0; s < z.length; s++) {
                double[] drawn = new double[gps.length];
                for (int k = 0; k < drawn.length; k++) {
                    drawn[k] = models.get(k).warp().invert(value(chosen, s, k));
                }
                points[s] = feasible(drawn) ? drawn : null;
            }
            return points;
        }
    }

    /** No shifts: the candidate's draws are independent of the earlier picks' (or there are none). */
    private double[][] unshifted() {
        return new double[gps.length][0];
    }

    /**
     * Every candidate judged by the improvement of one optimistic point (each objective two standard deviations
     * up: a candidate that does not improve even then can expect next to nothing), the most promising screened
     * with a few draws, and the best of those ranked again with many.
     */
    private Scored best(GaussianProcess.Predictions[] predictions, boolean[] taken, Draws draws) {
        List<Scored> predicted = new ArrayList<>();
        double[] optimistic = new double[objectives.size()];
        for (int c = 0; c < taken.length; c++) {
            if (taken[c]) {
                continue;
            }
            double[] mean = new double[gps.length];
            double[] sd = new double[gps.length];
            double[][] shifts = unshifted();
            for (int k = 0; k < gps.length; k++) {
                GaussianProcess.Prediction p = predictions[k].at(c);
                mean[k] = p.mean();
                sd[k] = p.sd();
                if (joint) {
                    shifts[k] = predictions[k].shifts(c);
                }
                if (k < objectives.size()) {
                    optimistic[k] = models.get(k).warp().invert(mean[k] + OPTIMISM * sd[k]);
                }
            }
            predicted.add(new Scored(c, mean, sd, shifts, objectives.size() == 1 ? 0
                    : front.of(optimistic) * Math.exp(logFeasibility(mean, sd)), -1, Double.NaN));
        }
        if (predicted.isEmpty()) {
            return null;
        }
        if (objectives.size() == 1) {
            return predicted.stream().map(s -> s.valued(constrainedEi(s.mean(), s.sd())))
                    .max(Comparator.comparingDouble(Scored::improvement)).orElseThrow();
        }
        List<Scored> screened = rescored(top(predicted, SCREENED), draws, SCREEN_DRAWS);
        Scored best = rescored(top(screened, FINALISTS), draws, FINAL_DRAWS).get(0);
        if (best.improvement() > 0) {
            return best;
        }
        // No draw improves on the front anywhere: ask where the models know least (relative to each model's
        // spread of values), which is where a surprise could still be.
        return predicted.stream().max(Comparator.comparingDouble(s -> {
            double sum = 0;
            for (int k = 0; k < gps.length; k++) {
                sum += s.sd()[k] / Math.max(1e-12, models.get(k).best() - models.get(k).worst());
            }
            return sum;
        })).orElseThrow();
    }

    /** A continuous space's pattern search around a pick: how far its steps reach, and how many at each reach. */
    static final double[] REFINE_SPREADS = {0.03, 0.01, 0.003};
    static final int REFINE_STEPS = 24;

    /**
     * The pick moved to the best point a pattern search around it finds, valued with the same draws (so a move
     * is a real gain, not a luckier sample); it takes the pick's place among the candidates.
     */
    private Scored refined(Scored pick, List<Settings> candidates, double[][] features,
                           GaussianProcess.Predictions[] predictions, Draws draws,
                           Function<Settings, Optional<Settings>> admissible, Set<Settings> chosen) {
        Scored best = pick;
        Settings at = candidates.get(pick.index());
        double[] centre = features[pick.index()];
        double[] u = new double[centre.length];
        for (double spread : REFINE_SPREADS) {
            for (int step = 0; step < REFINE_STEPS; step++) {
                for (int j = 0; j < u.length; j++) {
                    u[j] = centre[j] + spread * random.nextGaussian();
                }
                Optional<Settings> s = admissible.apply(encoder().decode(CandidateSearch.Continuous.reflect(u)));
                if (s.isEmpty() || chosen.contains(s.get()) || state.isMeasured(s.get())) {
                    continue;
                }
                double[] f = encoder().encode(s.get());
                double[] mean = new double[gps.length];
                double[] sd = new double[gps.length];
                double[][] shifts = unshifted();
                for (int k = 0; k < gps.length; k++) {
                    GaussianProcess.Conditional p = predictions[k].at(f);
                    mean[k] = p.prediction().mean();
                    sd[k] = p.prediction().sd();
                    if (joint) {
                        shifts[k] = p.shifts();
                    }
                }
                Scored moved = new Scored(pick.index(), mean, sd, shifts, 0, -1, Double.NaN);
                double[] expected = objectives.size() == 1 ? constrainedEi(mean, sd)
                        : expectedImprovement(moved, draws, FINAL_DRAWS);
                if (expected[0] > best.improvement()) {
                    best = moved.valued(expected);
                    at = s.get();
                    centre = f;
                }
            }
        }
        candidates.set(pick.index(), at);
        features[pick.index()] = centre;
        return best;
    }

    /** The {@code count} best, in order (ties keep the candidates' order). */
    private static List<Scored> top(List<Scored> scored, int count) {
        List<Scored> sorted = new ArrayList<>(scored);
        sorted.sort(Comparator.comparingDouble((Scored s) -> -s.improvement()));
        return sorted.subList(0, Math.min(count, sorted.size()));
    }

    /** The same candidates valued again with the first {@code count} draws, best first. */
    private List<Scored> rescored(List<Scored> scored, Draws draws, int count) {
        return top(scored.stream().map(s -> s.valued(expectedImprovement(s, draws, count))).toList(), scored.size());
    }

    /** The candidate with the largest expected improvement of objective {@code k} alone (on its model's scale). */
    private Scored bestFor(int k, double incumbent, GaussianProcess.Predictions[] predictions, boolean[] taken) {
        Scored best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (int c = 0; c < taken.length; c++) {
            if (taken[c]) {
                continue;
            }
            GaussianProcess.Prediction p = predictions[k].at(c);
            double value = Acquisition.EI.value(p.mean(), p.sd(), incumbent, 0);
            if (best == null || value > bestValue) {
                double[] mean = new double[gps.length];
                double[] sd = new double[gps.length];
                double[][] shifts = unshifted();
                for (int j = 0; j < gps.length; j++) {
                    GaussianProcess.Prediction q = j == k ? p : predictions[j].at(c);
                    mean[j] = q.mean();
                    sd[j] = q.sd();
                    if (joint) {
                        shifts[j] = predictions[j].shifts(c);
                    }
                }
                if (!feasibleAtMean(mean) && best != null) {
                    continue;  // an end of the front is sought among the points likely to be feasible
                }
                bestValue = value;
                best = new Scored(c, mean, sd, shifts, value, k, Double.NaN);
            }
        }
        return best;
    }

    /**
     * One objective under outcome constraints: the log of its expected improvement on the best feasible value
     * (of the front, which holds the batch's believed picks) plus the log probability of keeping each constraint,
     * exact for the models' normal predictions on their warped scales (a warp is increasing, so a bound or a best
     * value carried through it keeps its side); and that probability. With no feasible value yet, the probability
     * alone: the first feasible point is what there is to find.
     */
    private double[] constrainedEi(double[] mean, double[] sd) {
        double logFeasible = logFeasibility(mean, sd);
        double logEi = front.size() == 0 ? 0
                : Acquisition.EI.value(mean[0], sd[0], models.get(0).warp().apply(front.best(0)), 0);
        return new double[] {logEi + logFeasible, Math.exp(logFeasible)};
    }

    /**
     * The mean hypervolume improvement over the first {@code count} draws of a candidate, each taken back to
     * objective units and weighted by the probability that the candidate keeps every outcome constraint given
     * that draw of the earlier picks; and the mean of that probability over the draws.
     */
    private double[] expectedImprovement(Scored candidate, Draws draws, int count) {
        double sum = 0;
        double kept = 0;
        double[] drawn = new double[objectives.size()];
        double[] given = new double[gps.length];
        for (int s = 0; s < count; s++) {
            for (int k = 0; k < drawn.length; k++) {
                drawn[k] = models.get(k).warp().invert(draws.value(candidate, s, k));
            }
            for (int k : constraintModel) {
                given[k] = draws.given(candidate, s, k);
            }
            double feasibility = Math.exp(logFeasibility(given, candidate.sd()));
            kept += feasibility;
            if (feasibility > 0) {
                sum += feasibility * front.of(drawn, joint ? s : -1);
            }
        }
        return new double[] {sum / count, kept / count};
    }

    /**
     * The log probability that a candidate keeps every outcome constraint, exact for the constrained outcomes'
     * normal predictions ({@code mean} and {@code sd} after the objectives, on their warped scales: a warp is
     * increasing, so a bound carried through it keeps its side).
     */
    private double logFeasibility(double[] mean, double[] sd) {
        double logFeasible = 0;
        for (int j = 0; j < constraints.size(); j++) {
            int k = constraintModel[j];
            OutcomeConstraint c = constraints.get(j);
            double bound = models.get(k).warp().apply(constraintSign[j] * c.limit());
            boolean atLeast = (c.bound() == OutcomeConstraint.Bound.AT_LEAST) == (constraintSign[j] > 0);
            logFeasible += Acquisition.logCdf((atLeast ? mean[k] - bound : bound - mean[k]) / sd[k]);
        }
        return logFeasible;
    }

    /** Whether {@code values} (each model's, in units; an objective's turned to be maximised) keep every bound. */
    private boolean feasible(double[] values) {
        for (int j = 0; j < constraints.size(); j++) {
            if (!constraints.get(j).metBy(constraintSign[j] * values[constraintModel[j]])) {
                return false;
            }
        }
        return true;
    }

    /** Whether the models' means (on their warped scales) keep every outcome constraint. */
    private boolean feasibleAtMean(double[] mean) {
        double[] values = new double[mean.length];
        for (int k : constraintModel) {
            values[k] = models.get(k).warp().invert(mean[k]);
        }
        return feasible(values);
    }

    /** A Sobol screen of the box and points scattered around the front's members, inside the space, unmeasured. */
    private List<Settings> continuousCandidates(Function<Settings, Optional<Settings>> admissible,
                                                Set<Settings> chosen) {
        Encoder encoder = encoder();
        int d = encoder.columns();
        List<double[]> points = CandidateSearch.Continuous.shiftedSobol(d, SOBOL, random);
        for (Observation o : membersOfTheFront()) {
            double[] centre = encoder.encode(o.settings());
            for (int i = 0; i < AROUND_EACH; i++) {
                double[] u = new double[d];
                for (int j = 0; j < d; j++) {
                    u[j] = CandidateSearch.Continuous.reflect(new double[] {centre[j]
                            + SPREAD * random.nextGaussian()})[0];
                }
                points.add(u);
            }
            for (int i = 0; i < ALONG_EACH; i++) {
                double[] u = centre.clone();
                u[random.nextInt(d)] = random.nextDouble();
                points.add(u);
            }
        }
        List<Settings> candidates = new ArrayList<>();
        java.util.Set<Settings> seen = new java.util.HashSet<>();
        for (double[] u : points) {
            Optional<Settings> s = admissible.apply(encoder.decode(u));
            if (s.isPresent() && seen.add(s.get()) && !chosen.contains(s.get()) && !state.isMeasured(s.get())) {
                candidates.add(s.get());
            }
        }
        return candidates;
    }

    private List<Observation> membersOfTheFront() {
        return ParetoFront.of(objectives, constraints, modelled).members();
    }

    /**
     * A pick's predictions as they stand before the batch's draws: with joint draws its sd is given the earlier
     * picks' values, and each value's own spread adds back in through its shift.
     */
    private Scored marginal(Scored s) {
        double[] sd = new double[gps.length];
        for (int k = 0; k < sd.length; k++) {
            double variance = s.sd()[k] * s.sd()[k];
            for (double shift : s.shifts()[k]) {
                variance += shift * shift;
            }
            sd[k] = Math.sqrt(variance);
        }
        return new Scored(s.index(), s.mean(), sd, unshifted(), s.improvement(), s.focus(), s.feasibility());
    }

    private Experiment experiment(Settings settings, Scored pick) {
        Scored scored = marginal(pick);
        Map<String, Object> predicted = new LinkedHashMap<>();
        Map<String, Object> sds = new LinkedHashMap<>();
        List<String> said = new ArrayList<>();
        for (int k = 0; k < objectives.size(); k++) {
            Model model = models.get(k);
            double[] moments = model.asOutcome(new GaussianProcess.Prediction(scored.mean()[k], scored.sd()[k]));
            double mean = moments[0];
            predicted.put(objectives.get(k).name(), mean);
            sds.put(objectives.get(k).name(), moments[1]);
            said.add(String.format(Locale.ROOT, "%s %.4g +- %.3g", objectives.get(k).name(), mean, moments[1]));
        }
        for (int j = 0; j < constraints.size(); j++) {
            int k = constraintModel[j];
            if (k < objectives.size() || predicted.containsKey(constraints.get(j).outcome())) {
                continue;  // said with its objective, or with a bound before
            }
            double[] moments = models.get(k).warp().moments(scored.mean()[k], scored.sd()[k]);
            predicted.put(constraints.get(j).outcome(), moments[0]);
            sds.put(constraints.get(j).outcome(), moments[1]);
            said.add(String.format(Locale.ROOT, "%s %.4g +- %.3g", constraints.get(j).outcome(), moments[0],
                    moments[1]));
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("mean", predicted);
        details.put("sd", sds);
        String predictions = String.join(", ", said);
        String feasibility = "";
        if (!constraints.isEmpty()) {
            double share = Double.isNaN(scored.feasibility())
                    ? expectedImprovement(scored, new Draws(FINAL_DRAWS, 1), FINAL_DRAWS)[1] : scored.feasibility();
            details.put("feasibility", share);
            feasibility = String.format(Locale.ROOT, ", probability of keeping %s %.2f", String.join(" and ",
                    constraints.stream().map(Object::toString).toList()), share);
        }
        if (scored.focus() >= 0) {
            String name = objectives.get(scored.focus()).name();
            details.put("extremeOf", name);
            details.put("logEI", scored.improvement());
            return Experiment.of(settings, String.format(Locale.ROOT, "EI of %s alone (an end of the front):"
                    + " predicted %s, log EI %.4g%s", name, predictions, scored.improvement(), feasibility), details);
        }
        if (gain == Gain.PAREGO) {
            details.put("weights", named(front.weights()));
            details.put("scalarisedImprovement", scored.improvement());
            return Experiment.of(settings, String.format(Locale.ROOT, "ParEGO (weights %s): predicted %s, expected"
                    + " improvement of the scalarised value %.4g%s", named(front.weights()), predictions,
                    scored.improvement(), feasibility), details);
        }
        if (objectives.size() == 1) {
            details.put("logConstrainedEI", scored.improvement());
            return Experiment.of(settings, String.format(Locale.ROOT, "constrained EI: predicted %s, log of expected"
                    + " improvement x probability of feasibility %.4g%s", predictions, scored.improvement(),
                    feasibility), details);
        }
        details.put("ehvi", scored.improvement());
        return Experiment.of(settings, String.format(Locale.ROOT, "EHVI: predicted %s, expected hypervolume"
                + " improvement %.4g%s", predictions, scored.improvement(), feasibility), details);
    }

    private Map<String, Object> named(double[] values) {
        Map<String, Object> named = new LinkedHashMap<>();
        for (int k = 0; k < objectives.size(); k++) {
            named.put(objectives.get(k).name(), values[k]);
        }
        return named;
    }
}
