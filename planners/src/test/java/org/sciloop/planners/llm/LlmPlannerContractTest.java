package org.sciloop.planners.llm;

/** {@code llm} keeps the planner contract: it proposes what its model designs. */
class LlmPlannerContractTest extends LanguageModelContract {
    @Override
    protected String planner() {
        return "llm";
    }

    /**
     * The stand-in model draws points without reading the constraints, so every proposal it makes is refused and
     * nothing would be left to check; that a proposal breaking one goes back to the model, named, and never runs
     * is {@code LanguageModelPlannerTest}'s.
     */
    @Override
    protected int constrainedTrials() {
        return 0;
    }
}
