package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.ParameterSpace;

/**
 * The earlier campaigns a model learns from, as model inputs: each observation where it was run, mapped into this
 * campaign's space ({@link ParameterSpace#relatedPoint}), its value standardised within its own campaign (campaigns
 * of another substrate sit at another level; what carries over is how the settings rank), and its campaign's task
 * number (1, 2, ...; this campaign is {@link Tasks#CURRENT}).
 *
 * @param typicalSpread the median standard deviation of the campaigns' values: this campaign's scale until it has
 *     enough results of its own
 */
record PriorTasks(List<double[]> inputs, List<Double> values, List<Integer> tasks, int campaigns,
                  double typicalSpread) {

    static Optional<PriorTasks> of(List<PriorCampaign> history, ParameterSpace space, Encoder encoder, String objective,
                                   double sign) {
        List<double[]> inputs = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        List<Integer> tasks = new ArrayList<>();
        List<Double> spreads = new ArrayList<>();
        int task = 0;
        for (PriorCampaign campaign : history) {
            List<double[]> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (Observation o : campaign.observations()) {
                Optional<Settings> point = space.relatedPoint(o.settings());
                if (point.isPresent() && o.outcome(objective).isPresent()) {
                    x.add(encoder.encode(point.get()));
                    y.add(sign * o.outcome(objective).getAsDouble());
                }
            }
            if (y.size() < 2) {
                continue;  // one value says nothing about how the settings rank
            }
            double[] meanAndSd = GaussianProcess.meanAndSd(y.stream().mapToDouble(Double::doubleValue).toArray());
            double sd = meanAndSd[1] > 1e-12 ? meanAndSd[1] : 1;
            spreads.add(sd);
            task++;
            for (int i = 0; i < x.size(); i++) {
                inputs.add(x.get(i));
                values.add((y.get(i) - meanAndSd[0]) / sd);
                tasks.add(task);
            }
        }
        if (task == 0) {
            return Optional.empty();
        }
        spreads.sort(Double::compare);
        return Optional.of(new PriorTasks(inputs, values, tasks, task, spreads.get(spreads.size() / 2)));
    }

    int observations() {
        return values.size();
    }
}
