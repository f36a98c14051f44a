package org.sciloop.planners.llm;

/** {@code llm+bo} keeps the planner contract: its model guides the optimiser, which proposes. */
class GuidedPlannerContractTest extends LanguageModelContract {
    @Override
    protected String planner() {
        return "llm+bo";
    }

    /** The optimiser it guides starts from a design drawn on the seed. */
    @Override
    protected boolean drawsOnTheSeed() {
        return true;
    }
}
