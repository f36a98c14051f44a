package org.sciloop.planners.bo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.scenario.Budget;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * bo with earlier campaigns as related tasks: history that goes together replaces the space-filling start and
 * leads the first batch to where the earlier campaigns did best; history that is noise is weighed as nothing and
 * the start stays a space-filling design. Either way the proposal says how much the history weighed.
 */
class LearnFromHistoryTest {
    private static final ParameterSpace LINE = new ParameterSpace(List.of(new Parameter.Continuous("x", 0, 1, "")));
    private static final Objective Y = new Objective("y", Objective.Goal.MAXIMIZE, OptionalDouble.empty());

    /** Earlier campaigns whose response peaks at 0.7, each at its own level; or, {@code related} false, noise. */
    private static List<PriorCampaign> history(boolean related) {
        Random random = new Random(5);
        List<PriorCampaign> campaigns = new ArrayList<>();
        for (int c = 0; c < 4; c++) {
            List<Observation> observations = new ArrayList<>();
            for (int i = 0; i < 15; i++) {
                double x = random.nextDouble();
                double y = related ? 10 * c - 40 * (x - 0.7) * (x - 0.7) + 0.2 * random.nextGaussian()
                        : random.nextGaussian();
                observations.add(new Observation("exp-" + i, new Settings(Map.of("x", x)), Map.of("y", y),
                        Observation.Status.OK, "", "t"));
            }
            campaigns.add(new PriorCampaign("c-" + c, "earlier", "ab".repeat(32), observations));
        }
        return campaigns;
    }

    private static Proposal firstBatch(List<PriorCampaign> history) {
        CampaignState.Recorder state = CampaignState.open(Y, LINE, new Budget(20, 3, OptionalInt.empty()));
        history.forEach(state::recall);
        BayesianOptimizationPlanner bo = new BayesianOptimizationFactory().optimizer(
                Options.empty(new ScenarioLocation.File(Path.of("s.yaml"))));
        return bo.propose(state.state(), new PlanningContext(1, 0, 3, new Random(1)));
    }

    @Test
    void related_history_replaces_the_space_filling_start_and_leads_to_where_it_did_best() {
        Proposal first = firstBatch(history(true));
        assertThat(first.rationale()).contains("learning from 60 observations of 4 earlier campaigns");
        assertThat(first.experiments()).hasSize(3).allSatisfy(e -> assertThat(e.rationale()).startsWith("EI"));
        assertThat(first.experiments().get(0).settings().number("x")).isBetween(0.6, 0.8);
        @SuppressWarnings("unchecked")
        Map<String, Object> weighed = (Map<String, Object>) first.details().get("history");
        assertThat((Double) weighed.get("weight")).isGreaterThan(BayesianOptimizationPlanner.HISTORY_STANDS_IN);
    }

    @Test
    void history_that_is_noise_leaves_the_space_filling_start_in_place() {
        Proposal first = firstBatch(history(false));
        assertThat(first.rationale()).isEqualTo("initial space-filling design");
    }
}
