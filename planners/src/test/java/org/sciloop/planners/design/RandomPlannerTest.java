package org.sciloop.planners.design;

class RandomPlannerTest extends PlannerContractTest {
    @Override
    String planner() {
        return "random";
    }
}
