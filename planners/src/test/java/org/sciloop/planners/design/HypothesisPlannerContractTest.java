package org.sciloop.planners.design;

/** The hypothesis planner keeps the planner contract (batches, space, no repeats, stop, seed alone). */
class HypothesisPlannerContractTest extends PlannerContractTest {
    @Override
    String planner() {
        return "hypothesis";
    }
}
