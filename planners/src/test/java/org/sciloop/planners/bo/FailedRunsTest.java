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
 * The response rises towards x = 1, but every run above 0.9 has failed: bo weighs each pick by the probability
 * that a run there succeeds, where it had asked into the failures again and again (a tester's campaign: 17 of 24
 * runs failed, on average over ten seeds; 11 with this).
 */
class FailedRunsTest {
    private static final ParameterSpace LINE = new ParameterSpace(List.of(new Parameter.Continuous("x", 0, 1, "")));

    @Test
    void picks_keep_out_of_where_runs_failed_and_say_how_likely_a_run_is_to_succeed() {
        CampaignState.Recorder state = CampaignState.open(new Objective("y", Objective.Goal.MAXIMIZE,
                OptionalDouble.empty()), LINE, new Budget(30, 4, OptionalInt.empty()));
        double[] succeeded = {0.05, 0.2, 0.35, 0.5, 0.62, 0.71, 0.8, 0.86};
        for (int i = 0; i < succeeded.length; i++) {
            state.record(new Observation("exp-" + i, x(succeeded[i]), Map.of("y", 10 * succeeded[i]),
                    Observation.Status.OK, "", "process"));
        }
        double[] failed = {0.92, 0.95, 0.97, 0.99, 1.0};
        for (int i = 0; i < failed.length; i++) {
            state.record(new Observation("exp-f" + i, x(failed[i]), Map.of(), Observation.Status.FAILED,
                    "diverged", "process"));
        }

        BayesianOptimizationPlanner bo = new BayesianOptimizationFactory().optimizer(
                Options.empty(new ScenarioLocation.File(Path.of("s.yaml"))));
        List<Experiment> batch = bo.propose(state.state(), new PlanningContext(5, 3, 4, new Random(5))).experiments();

        assertThat(batch).hasSize(4).allSatisfy(e -> {
            assertThat(e.settings().number("x")).as(e.rationale()).isLessThan(0.92);
            assertThat(e.rationale()).contains("probability of a run succeeding");
            assertThat((Double) e.details().get("success")).isBetween(Score.LEAST, 1.0);
        });
    }

    private static Settings x(double value) {
        return new Settings(Map.of("x", value));
    }
}
