package org.sciloop.planners.design;

import java.util.Random;
import org.sciloop.core.campaign.Seeds;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlanningContext;

/**
 * A Latin hypercube over the whole budget: with n experiments each parameter's range is cut into n equal
 * strata and every stratum is used exactly once. The design is drawn once from the campaign seed
 * (a random permutation per parameter, a random position inside each cell). Experiments beyond the
 * design's size (after denials) continue with a second, independently drawn design.
 */
public final class LatinHypercubePlanner extends SpaceFillingPlanner {

    @Override
    protected double[] point(long index, int dimensions, PlanningContext context, CampaignState state) {
        int n = state.budget().experiments();
        long epoch = index / n;
        int row = (int) (index % n);
        double[] u = new double[dimensions];
        for (int j = 0; j < dimensions; j++) {
            Random random = Seeds.random(context.seed(), "lhs-" + epoch, j);
            int[] permutation = permutation(n, random);
            u[j] = (permutation[row] + random.nextDouble()) / n;
        }
        return u;
    }

    /** Fisher–Yates, drawn from {@code random} in a fixed order. */
    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int k = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[k];
            p[k] = t;
        }
        return p;
    }

    @Override
    protected String describe(long index) {
        return "Latin hypercube point " + (index + 1);
    }
}
