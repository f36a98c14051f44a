package org.sciloop.planners.llm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.scenario.Budget;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/** A model is told which combinations of levels can run, so it does not propose one the engine refuses. */
class BriefingTest {
    private static final List<Parameter> PARAMETERS = List.of(
            new Parameter.Categorical("catalyst", List.of("Pd", "Ni", "Cu")),
            new Parameter.Categorical("solvent", List.of("A", "B")),
            new Parameter.Continuous("temp", 60, 120, "degC"));

    @Test
    void a_pool_lists_its_combinations_and_a_full_space_says_nothing_of_them() {
        ParameterSpace pool = ParameterSpace.pool(PARAMETERS, List.of(
                new Settings(Map.of("catalyst", "Pd", "solvent", "A")),
                new Settings(Map.of("catalyst", "Ni", "solvent", "B"))));

        String briefing = Briefing.situation(state(pool), "mixed", "", 2, 20);

        assertThat(briefing).contains("Only 2 combinations of catalyst, solvent can run: [{catalyst=Pd, solvent=A},"
                + " {catalyst=Ni, solvent=B}]");
        assertThat(Briefing.situation(state(new ParameterSpace(PARAMETERS)), "mixed", "", 2, 20))
                .doesNotContain("combinations");
    }

    private static CampaignState state(ParameterSpace space) {
        return CampaignState.of(new Objective("yield", Objective.Goal.MAXIMIZE, java.util.OptionalDouble.empty()), space,
                new Budget(10, 2, OptionalInt.empty()), List.of());
    }
}
