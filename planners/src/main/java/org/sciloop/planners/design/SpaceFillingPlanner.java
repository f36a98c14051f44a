package org.sciloop.planners.design;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.space.ParameterSpace;

/**
 * A planner that walks a sequence of points in the unit cube (point 0, 1, 2, ... of a design). The n-th
 * experiment of a campaign takes point n, so the design depends only on the seed and on how many
 * experiments were run: the planner is a pure function of the state.
 *
 * <p>In a finite space each point becomes the nearest candidate not yet measured nor chosen in this
 * batch (the candidates keep the space's constraints); in a continuous or mixed space it is mapped to the space
 * directly, and with constraints the n-th experiment takes the n-th point of the design that keeps them.
 */
abstract class SpaceFillingPlanner implements Planner {

    /** Point {@code index} of the design, each coordinate in [0, 1). */
    protected abstract double[] point(long index, int dimensions, PlanningContext context, CampaignState state);

    /** How the rationale names point {@code index}, e.g. "Sobol point 12". */
    protected abstract String describe(long index);

    @Override
    public Proposal propose(CampaignState state, PlanningContext context) {
        ParameterSpace space = state.space();
        boolean finite = space.isFinite() && space.size() <= ParameterSpace.MAX_ENUMERATED;
        List<Settings> unmeasured = finite ? state.unmeasuredCandidates() : List.of();
        if (finite && unmeasured.isEmpty()) {
            return Proposal.stop(state.nothingLeftToPropose());
        }
        List<double[]> unmeasuredUnit = unmeasured.stream().map(space::toUnit).toList();
        Set<Integer> chosen = new HashSet<>();
        List<Experiment> batch = new ArrayList<>();
        for (int i = 0; i < context.batchSize() && (!finite || chosen.size() < unmeasured.size()); i++) {
            long index = state.experimentsRun() + i;
            if (finite) {
                int pick = choose(index, unmeasuredUnit, chosen, context, state);
                chosen.add(pick);
                batch.add(Experiment.of(unmeasured.get(pick), describe(index) + ", " + pickRule()));
            } else if (space.constraints().isEmpty()) {
                Settings settings = space.fromUnit(point(index, space.dimensions(), context, state));
                // A random design draws again where it meets an experiment run already: a replay that shares the
                // recorded campaign's first experiments draws from the same seed (a tester). A design whose points
                // depend on their index alone meets none.
                for (int k = 0; k < REDRAWS && (state.isMeasured(settings) || proposed(batch, settings)); k++) {
                    settings = space.fromUnit(point(index, space.dimensions(), context, state));
                }
                batch.add(Experiment.of(settings, describe(index)));
            } else {
                Optional<Experiment> admissible = admissible(index, space, context, state);
                if (admissible.isEmpty()) {
                    break;
                }
                batch.add(admissible.get());
            }
        }
        if (batch.isEmpty()) {
            return Proposal.stop("none of " + MAX_DRAWS + " points of the design keeps the space's constraints");
        }
        return Proposal.batch(batch, getClass().getSimpleName() + ": " + batch.size() + " design points");
    }

    /** How often a random point is drawn again where it meets an experiment already run or in the batch. */
    private static final int REDRAWS = 100;

    private static boolean proposed(List<Experiment> batch, Settings settings) {
        return batch.stream().anyMatch(e -> e.settings().equals(settings));
    }

    /** How far a constrained design walks on before it gives up on finding a point that keeps the constraints. */
    static final int MAX_DRAWS = 1_000_000;

    /**
     * Experiment {@code index} of a constrained design: the {@code index}-th of the design's points that keeps
     * the constraints, each equality solved for its parameter. A planner whose points depend on nothing but
     * their index counts them from the start, so the design is still a function of the state.
     */
    protected Optional<Experiment> admissible(long index, ParameterSpace space, PlanningContext context,
                                              CampaignState state) {
        long kept = -1;
        for (long k = 0; k < MAX_DRAWS; k++) {
            Optional<Settings> s = space.constrainedFromUnit(point(k, space.dimensions(), context, state));
            if (s.isPresent() && ++kept == index) {
                return Optional.of(Experiment.of(s.get(), describe(k) + ", the " + ordinal(index + 1)
                        + " that keeps the constraints"));
            }
        }
        return Optional.empty();
    }

    static String ordinal(long n) {
        long tens = n % 100;
        String suffix = tens >= 11 && tens <= 13 ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    /** How {@link #choose} picks, for the rationale. */
    protected String pickRule() {
        return "nearest unmeasured candidate";
    }

    /** Which unmeasured candidate (by position) experiment {@code index} runs: the one nearest its point. */
    protected int choose(long index, List<double[]> candidates, Set<Integer> taken, PlanningContext context,
                         CampaignState state) {
        double[] u = point(index, candidates.get(0).length, context, state);
        return nearest(u, candidates, taken);
    }

    private static int nearest(double[] u, List<double[]> candidates, Set<Integer> taken) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int c = 0; c < candidates.size(); c++) {
            if (taken.contains(c)) {
                continue;
            }
            double[] v = candidates.get(c);
            double d = 0;
            for (int j = 0; j < u.length; j++) {
                d += (u[j] - v[j]) * (u[j] - v[j]);
            }
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best;
    }
}
