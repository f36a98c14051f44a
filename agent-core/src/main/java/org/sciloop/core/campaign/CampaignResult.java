package org.sciloop.core.campaign;

import java.util.Optional;
import org.sciloop.core.model.Observation;
import org.sciloop.core.planner.CampaignState;

/** How a campaign ended. */
public record CampaignResult(String campaignId, StopReason stopReason, String detail, CampaignState state) {

    public int experiments() {
        return state.experimentsRun();
    }

    public Optional<Observation> best() {
        return state.best();
    }
}
