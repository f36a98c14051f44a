package org.sciloop.planners.design;

import org.sciloop.core.contract.PlannerContractTest;

class RandomPlannerTest extends PlannerContractTest {
    @Override
    protected String planner() {
        return "random";
    }
}
