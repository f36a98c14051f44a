package org.sciloop.cli;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;

/**
 * The progress bar of a running campaign, with the best value so far: a subscriber of the trace that
 * redraws from the engine's state at every observation. Drawn only on a terminal; piped output gets the
 * result table alone.
 */
final class ProgressDisplay implements TraceVisitor, AutoCloseable {
    private final ProgressBar bar;
    private final CampaignState state;

    ProgressDisplay(String task, int budget, int alreadyRun, CampaignState state) {
        this.state = state;
        this.bar = System.console() == null ? null : new ProgressBarBuilder().setTaskName(task)
                .setInitialMax(budget).setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200)
                .continuousUpdate().build();
        if (bar != null) {
            bar.stepTo(alreadyRun);
        }
    }

    @Override
    public void on(TraceEvent.ObservationRecorded event, TraceRecord at) {
        if (bar != null) {
            bar.stepTo(state.experimentsRun());
            state.best().ifPresent(best -> bar.setExtraMessage(" best " + state.objective().name() + " "
                    + ResultPrinter.number(best.outcome(state.objective().name()).getAsDouble())));
        }
    }

    // Nothing else moves the bar.

    @Override
    public void on(TraceEvent.CampaignStarted event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.CampaignResumed event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.DeviceReserved event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ProposalMade event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ModelExchanged event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.LookupMade event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.HypothesisProposed event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.HypothesisUpdated event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ActionDenied event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ActionRequested event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.DeviceStepped event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ActionDryRun event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ActionCompleted event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ActionFailed event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.CampaignPaused event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.CampaignFinished event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.Checkpoint event, TraceRecord at) {
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
