package org.sciloop.planners.design;

import org.sciloop.core.contract.PlannerContractTest;

/** The hypothesis planner keeps the planner contract (batches, space, no repeats, stop, seed alone). */
class HypothesisPlannerContractTest extends PlannerContractTest {
    @Override
    protected String planner() {
        return "hypothesis";
    }
}
