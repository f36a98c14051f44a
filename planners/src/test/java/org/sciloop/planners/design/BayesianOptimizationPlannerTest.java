package org.sciloop.planners.design;

class BayesianOptimizationPlannerTest extends PlannerContractTest {
    @Override
    String planner() {
        return "bo";
    }
}
