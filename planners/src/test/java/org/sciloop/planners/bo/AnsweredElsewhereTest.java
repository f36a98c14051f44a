package org.sciloop.planners.bo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.scenario.Budget;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * A nearest-neighbour emulator answered a request near the best point with that point: bo does not ask inside
 * the stretch that the answer showed to belong to it, where the model alone would keep asking.
 */
class AnsweredElsewhereTest {
    private static final ParameterSpace LINE = new ParameterSpace(List.of(new Parameter.Continuous("x", 0, 1, "")));

    @Test
    void no_request_falls_inside_the_known_cell_of_a_measured_point() {
        CampaignState.Recorder state = CampaignState.open(new Objective("y", Objective.Goal.MAXIMIZE,
                OptionalDouble.empty()), LINE, new Budget(20, 1, OptionalInt.empty()));
        double[][] points = {{0.1, 1}, {0.3, 3}, {0.9, 2}, {0.7, 4}, {0.5, 9}};
        for (int i = 0; i < points.length; i++) {
            state.record(observation("exp-" + i, points[i][0], points[i][1]));
        }
        // Asked for 0.56 and 0.45: both answered by the point at 0.5, so the stretch 0.44..0.56 is its cell.
        state.recordAnsweredElsewhere(observation("exp-5", 0.5, 9), x(0.56));
        state.recordAnsweredElsewhere(observation("exp-6", 0.5, 9), x(0.45));

        BayesianOptimizationPlanner bo = new BayesianOptimizationFactory().optimizer(
                Options.empty(new ScenarioLocation.File(Path.of("s.yaml"))));
        for (int round = 0; round < 5; round++) {
            List<Experiment> batch = bo.propose(state.state(), new PlanningContext(1, round, 1, new Random(round)))
                    .experiments();
            assertThat(batch).hasSize(1);
            double asked = batch.get(0).settings().number("x");
            assertThat(Math.abs(asked - 0.5)).as("round %d asked %s", round, asked).isGreaterThan(0.06);
        }
    }

    private static Observation observation(String id, double x, double y) {
        return new Observation(id, x(x), Map.of("y", y), Observation.Status.OK, "", "knn-emulator");
    }

    private static Settings x(double value) {
        return new Settings(Map.of("x", value));
    }
}
