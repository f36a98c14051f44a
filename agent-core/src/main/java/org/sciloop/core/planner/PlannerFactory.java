package org.sciloop.core.planner;

import org.sciloop.core.config.Options;

/**
 * Makes planners from a scenario's {@code planner.options}. Found with {@link java.util.ServiceLoader}
 * (declare implementations in {@code META-INF/services/org.sciloop.core.planner.PlannerFactory}).
 *
 * <p>Contract: {@link #create} rejects bad options with {@link Options#error}, naming the option and its
 * line. The returned planner keeps no state between rounds beyond what it derives from the
 * {@link CampaignState} and the seed.
 */
public interface PlannerFactory {

    /** The name scenarios and {@code --planner} use. */
    String name();

    /** One line for {@code sciloop planners}. */
    String summary();

    /** The option names {@link #create} accepts (so a benchmark passes an option only where it fits). */
    default java.util.Set<String> options() {
        return java.util.Set.of();
    }

    /**
     * Whether its planners ask the scenario's lookups (a language-model planner does); where they do not, a scenario's
     * lookups are said at run start to go unused.
     */
    default boolean asksLookups() {
        return false;
    }

    Planner create(Options options);
}
