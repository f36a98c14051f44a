package org.sciloop.planners.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sciloop.core.contract.PlannerContractTest;
import org.sciloop.core.model.Settings;

class LatinHypercubePlannerTest extends PlannerContractTest {
    @Override
    protected String planner() {
        return "lhs";
    }

    @Test
    void a_campaign_uses_every_stratum_of_every_axis_exactly_once() {
        List<Settings> points = settings(run(
                "name: l\nobjective: {name: y}\nspace:\n  x: {type: continuous, low: -5, high: 10}\n"
                        + "  w: {type: continuous, low: 0, high: 1}\nexperiment: {tool: sum}\n"
                        + "planner: {name: %s}\nbudget: {experiments: %d, batch: %d}\n", 20, 3, 4, "l"));
        assertThat(strata(points.stream().map(s -> s.number("x")).toList(), -5, 10, 20)).hasSize(20);
        assertThat(strata(points.stream().map(s -> s.number("w")).toList(), 0, 1, 20)).hasSize(20);
    }
}
