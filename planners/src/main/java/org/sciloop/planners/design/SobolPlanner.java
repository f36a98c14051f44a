package org.sciloop.planners.design;

import java.util.Random;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.sciloop.core.campaign.Seeds;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlanningContext;

/**
 * Points of the Sobol low-discrepancy sequence (Commons Math, Joe–Kuo direction numbers), randomised
 * with a Cranley–Patterson shift drawn from the campaign seed so that seeds give different designs.
 * The sequence starts at its second point: the first is the corner (0, ..., 0).
 */
public final class SobolPlanner extends SpaceFillingPlanner {
    // Derived data, not state: loading the direction numbers is the costly part.
    private SobolSequenceGenerator sobol;
    private int sobolDimensions;

    @Override
    protected double[] point(long index, int dimensions, PlanningContext context, CampaignState state) {
        if (sobol == null || sobolDimensions != dimensions) {
            sobol = new SobolSequenceGenerator(dimensions);
            sobolDimensions = dimensions;
        }
        double[] u = sobol.skipTo(Math.toIntExact(index + 1));
        Random shift = Seeds.random(context.seed(), "sobol-shift", 0);
        for (int j = 0; j < dimensions; j++) {
            u[j] = (u[j] + shift.nextDouble()) % 1.0;
        }
        return u;
    }

    @Override
    protected String describe(long index) {
        return "Sobol point " + (index + 1);
    }
}
