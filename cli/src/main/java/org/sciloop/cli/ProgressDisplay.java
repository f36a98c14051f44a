package org.sciloop.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sciloop.core.campaign.CampaignListener;
import org.sciloop.core.campaign.CampaignState;
import org.sciloop.core.campaign.Observation;
import org.sciloop.core.safety.SafetyPolicy;

/**
 * The progress bar of a running campaign, with the best value so far. Drawn only on a terminal; piped
 * output gets the result table alone. Also counts denials for the result table.
 */
final class ProgressDisplay implements CampaignListener, AutoCloseable {
    private final ProgressBar bar;
    private int denied;

    ProgressDisplay(String task, int budget, int alreadyRun) {
        this.bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName(task)
                .setInitialMax(budget).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .continuousUpdate().build();
        if (bar != null) {
            bar.stepTo(alreadyRun);
        }
    }

    @Override
    public void observed(CampaignState state, Observation observation) {
        if (bar != null) {
            bar.stepTo(state.experimentsRun());
            state.best().ifPresent(best -> bar.setExtraMessage(" best " + state.objective().name() + " "
                    + ResultPrinter.number(best.outcome(state.objective().name()).getAsDouble())));
        }
    }

    @Override
    public void denied(String experimentId, SafetyPolicy.Denial denial) {
        denied++;
    }

    int denied() {
        return denied;
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
