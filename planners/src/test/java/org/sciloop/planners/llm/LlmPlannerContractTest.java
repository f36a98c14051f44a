package org.sciloop.planners.llm;

/** {@code llm} keeps the planner contract: it proposes what its model designs. */
class LlmPlannerContractTest extends LanguageModelContract {
    @Override
    protected String planner() {
        return "llm";
    }
}
