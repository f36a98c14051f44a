package org.sciloop.core.campaign;

import org.sciloop.core.safety.SafetyPolicy;

/**
 * Watches a campaign as it runs (progress bars, logs). Listeners observe; they cannot change what
 * happens, and an exception thrown by one is logged and ignored.
 */
public interface CampaignListener {

    default void observed(CampaignState state, Observation observation) {
    }

    default void denied(String experimentId, SafetyPolicy.Denial denial) {
    }

    default void finished(CampaignResult result) {
    }
}
