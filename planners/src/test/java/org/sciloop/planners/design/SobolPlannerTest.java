package org.sciloop.planners.design;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sciloop.core.contract.PlannerContractTest;

class SobolPlannerTest extends PlannerContractTest {
    @Override
    protected String planner() {
        return "sobol";
    }

    @Test
    void the_first_sixteen_points_put_one_in_each_sixteenth_of_every_axis() {
        // A (0, m, s) net: any 2^k consecutive points from the start stratify each axis into 2^k cells;
        // a Cranley-Patterson shift moves the cells but keeps one point per cell (modulo 1).
        List<Double> x = settings(run(
                "name: s\nobjective: {name: y}\nspace:\n  x: {type: continuous, low: 0, high: 1}\n"
                        + "  w: {type: continuous, low: 0, high: 1}\nexperiment: {tool: sum}\n"
                        + "planner: {name: %s}\nbudget: {experiments: %d, batch: %d}\n", 15, 15, 3, "s"))
                .stream().map(s -> s.number("x")).toList();
        // Points 1..15 plus the skipped point 0 form the first 16; 15 of 16 cells are hit exactly once.
        assertThat(strata(x, 0, 1, 16)).hasSize(15);
    }
}
