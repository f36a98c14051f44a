package org.sciloop.core.campaign;

/** Why a campaign ended. */
public enum StopReason {
    /** The budget of experiments is spent. */
    BUDGET_EXHAUSTED,
    /** An observation reached the objective's target. */
    TARGET_REACHED,
    /** The planner said there is nothing more to propose (e.g. every candidate is measured). */
    PLANNER_STOPPED,
    /** No improvement on the best in the scenario's {@code budget.patience} experiments. */
    NO_IMPROVEMENT,
    /** Several rounds in a row ran nothing: every proposal was denied by the safety policy, or empty. */
    PLANNER_STALLED,
    /** The language-model tokens or cost the scenario's budget allows are spent. */
    MODEL_BUDGET_SPENT,
    /** A person stopped it ({@code sciloop stop}) after the experiment in progress. */
    STOPPED,
    /** A dry run: the first batch was checked and its device steps traced; nothing was sent. */
    DRY_RUN
}
