package org.sciloop.planners.design;

import java.util.List;
import java.util.Optional;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.ParameterSpace;
import java.util.Set;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlanningContext;

/**
 * Uniform random search: each coordinate uniform in [0, 1), drawn from the round's random source. In a
 * finite space a uniform point's nearest unmeasured candidate would favour isolated candidates, so
 * there the planner draws the candidate itself uniformly among the unmeasured ones.
 */
public final class RandomPlanner extends SpaceFillingPlanner {

    @Override
    protected double[] point(long index, int dimensions, PlanningContext context, CampaignState state) {
        double[] u = new double[dimensions];
        for (int j = 0; j < dimensions; j++) {
            u[j] = context.random().nextDouble();
        }
        return u;
    }

    /** A random point drawn again until it keeps the constraints: uniform over the points that do. */
    @Override
    protected Optional<Experiment> admissible(long index, ParameterSpace space, PlanningContext context,
                                              CampaignState state) {
        for (int k = 0; k < MAX_DRAWS; k++) {
            Optional<Settings> s = space.constrainedFromUnit(point(index, space.dimensions(), context, state));
            if (s.isPresent()) {
                return Optional.of(Experiment.of(s.get(), describe(index) + " among those that keep the constraints"));
            }
        }
        return Optional.empty();
    }

    @Override
    protected int choose(long index, List<double[]> candidates, Set<Integer> taken, PlanningContext context,
                         CampaignState state) {
        int skip = context.random().nextInt(candidates.size() - taken.size());
        for (int c = 0; ; c++) {
            if (!taken.contains(c) && skip-- == 0) {
                return c;
            }
        }
    }

    @Override
    protected String pickRule() {
        return "uniform among the unmeasured candidates";
    }

    @Override
    protected String describe(long index) {
        return "uniform random point";
    }
}
