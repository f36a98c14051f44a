package org.sciloop.planners.hypothesis;

import java.util.ArrayList;
import java.util.List;
import org.sciloop.core.model.Observation;
import org.sciloop.core.planner.CampaignState;

/** The successful observations of the objective, coded: what every model of a round is fitted to. */
record Observations(List<String> ids, List<double[]> points, double[] y) {

    static Observations of(CampaignState state, Factors factors) {
        String outcome = state.objective().name();
        List<String> ids = new ArrayList<>();
        List<double[]> points = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Observation o : state.observations()) {
            var v = o.outcome(outcome);
            if (v.isPresent() && Double.isFinite(v.getAsDouble())) {
                ids.add(o.experimentId());
                points.add(factors.code(o.settings()));
                values.add(v.getAsDouble());
            }
        }
        return new Observations(List.copyOf(ids), List.copyOf(points),
                values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    int size() {
        return y.length;
    }

    /** The spread of the outcome so far, the yardstick of a negligible effect. */
    double range() {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (double v : y) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
        }
        return y.length == 0 ? 0 : hi - lo;
    }
}
