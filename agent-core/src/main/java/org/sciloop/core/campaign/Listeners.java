package org.sciloop.core.campaign;

import java.util.List;
import java.util.function.Consumer;
import org.sciloop.core.safety.SafetyPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls every listener and keeps their failures from reaching the campaign. */
final class Listeners implements CampaignListener {
    private static final Logger LOG = LoggerFactory.getLogger(Listeners.class);
    private final List<CampaignListener> listeners;

    Listeners(List<CampaignListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void observed(CampaignState state, Observation observation) {
        each(l -> l.observed(state, observation));
    }

    @Override
    public void denied(String experimentId, SafetyPolicy.Denial denial) {
        each(l -> l.denied(experimentId, denial));
    }

    @Override
    public void finished(CampaignResult result) {
        each(l -> l.finished(result));
    }

    private void each(Consumer<CampaignListener> call) {
        for (CampaignListener l : listeners) {
            try {
                call.accept(l);
            } catch (RuntimeException e) {
                LOG.warn("campaign listener {} failed; ignored", l.getClass().getName(), e);
            }
        }
    }
}
