package org.sciloop.planners.design;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.StopReason;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.contract.PlannerContractTest;
import org.sciloop.core.trace.TraceEvent;

/** The planner contract for bo, plus what it records and how it reacts to its options. */
class BayesianOptimizationPlannerTest extends PlannerContractTest {
    private static final String BOWL = """
            name: bowl
            objective: {name: y, goal: maximize}
            space:
              x: {type: continuous, low: 0, high: 1}
              w: {type: continuous, low: 0, high: 1}
            experiment: {tool: sum}
            planner: {name: %s, options: {OPTIONS}}
            budget: {experiments: %d, batch: %d}
            """;

    @Override
    protected String planner() {
        return "bo";
    }

    private static String bowl(String options) {
        return BOWL.replace("OPTIONS", options);
    }

    @Test
    void searches_only_what_the_safety_policy_allows_and_never_proposes_a_refused_point_again() {
        String limited = """
                name: limited
                objective: {name: y, goal: maximize}
                space:
                  a: {type: categorical, levels: [p, q, r]}
                  b: {type: discrete, values: [1, 2, 3, 4]}
                experiment: {tool: sum}
                planner: {name: %s, options: {initial: 2}}
                budget: {experiments: %d, batch: %d}
                safety:
                  limits:
                    b: {max: 2}
                """;
        CampaignResult result = campaign(limited, 20, 2, 1, "limited");

        assertThat(result.state().denied()).as("nothing the policy forbids was proposed").isZero();
        assertThat(result.state().observations()).hasSize(6)
                .allSatisfy(o -> assertThat(o.settings().number("b")).isLessThanOrEqualTo(2));
        assertThat(result.stopReason()).isEqualTo(StopReason.PLANNER_STOPPED);
    }

    @Test
    void each_model_based_proposal_records_prediction_acquisition_and_hyperparameters() {
        run(bowl("initial: 4"), 10, 2, 1, "r");
        List<TraceEvent.ProposalMade> proposals = proposals(dir.resolve("r.jsonl"));
        assertThat(proposals.get(0).experiments()).allSatisfy(e -> assertThat(e.rationale()).startsWith("initial design"));
        TraceEvent.ProposalMade modelled = proposals.get(2);
        assertThat(modelled.details()).containsKeys("observations", "lengthscales", "signalVariance",
                "additiveVariance", "noiseVariance", "logPosterior");
        assertThat(((Map<?, ?>) modelled.details().get("lengthscales")).keySet().stream().map(String::valueOf).toList()).containsExactly("x", "w");
        assertThat(modelled.experiments()).allSatisfy(e -> {
            assertThat(e.details()).containsKeys("mean", "sd", "logEI");
            assertThat(e.rationale()).startsWith("EI: predicted y");
        });
    }

    @Test
    void the_output_warp_is_off_without_descriptors_unless_asked_for_and_recorded_when_on() {
        run(bowl("initial: 4"), 8, 2, 1, "n");
        assertThat(proposals(dir.resolve("n.jsonl")).get(2).details()).containsKey("noiseVariance").doesNotContainKey("outputWarp");

        run(bowl("initial: 4, output-warp: yeo-johnson"), 8, 2, 1, "w");
        TraceEvent.ProposalMade warped = proposals(dir.resolve("w.jsonl")).get(2);
        assertThat((Double) ((Map<?, ?>) warped.details().get("outputWarp")).get("lambda")).isBetween(0.0, 2.0);
        assertThat(warped.experiments()).allSatisfy(e -> assertThat((Double) e.details().get("sd")).isPositive());
    }

    @Test
    void on_a_sum_it_climbs_to_the_best_corner() {
        // y = x + w is largest at (1, 1); a model that learns anything gets there quickly.
        CampaignResult result = campaign(bowl("initial: 3"), 12, 1, 2, "c");
        assertThat(result.best().orElseThrow().outcome("y").getAsDouble()).isGreaterThan(1.95);
    }

    @Test
    void ucb_and_constant_liar_batches_run_and_stay_distinct() {
        CampaignResult result = campaign(bowl("acquisition: ucb, kappa: 1, batch: constant-liar"), 12, 4, 3, "u");
        assertThat(result.state().observations()).extracting(o -> o.settings()).doesNotHaveDuplicates().hasSize(12);
    }

    @Test
    void bad_options_name_their_line() {
        assertThatThrownBy(() -> campaign(bowl("acquisition: pi"), 5, 1, 1, "b"))
                .isInstanceOf(ScenarioException.class).hasMessageContaining(":7: planner.options.acquisition: must be 'ei' or 'ucb', got 'pi'");
        assertThatThrownBy(() -> campaign(bowl("initial: -2"), 5, 1, 1, "b2"))
                .hasMessageContaining("planner.options.initial: must be a whole number of at least 0");
        assertThatThrownBy(() -> campaign(bowl("output-warp: log"), 5, 1, 1, "b4"))
                .hasMessageContaining("planner.options.output-warp: must be 'yeo-johnson' or 'none', got 'log'");
        assertThatThrownBy(() -> campaign(bowl("noise-ceiling: 0"), 5, 1, 1, "b5"))
                .hasMessageContaining(":7: planner.options.noise-ceiling: is a share of the outputs' variance, above"
                        + " 1e-6 and at most 1, got 0.0");
        assertThatThrownBy(() -> campaign(bowl("noise-ceiling: 1.5"), 5, 1, 1, "b6"))
                .hasMessageContaining("planner.options.noise-ceiling: is a share of the outputs' variance");
        assertThatThrownBy(() -> campaign(bowl("noise-ceiling: half"), 5, 1, 1, "b7"))
                .hasMessageContaining("planner.options.noise-ceiling: must be a finite number");
        assertThatThrownBy(() -> campaign(bowl("batches: 3"), 5, 1, 1, "b3"))
                .hasMessageContaining("unknown key 'batches'");
    }
}
