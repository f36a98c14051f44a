package org.sciloop.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;

/**
 * The progress bar of a running campaign, with the best value so far: a subscriber of the trace that
 * redraws from the engine's state at every observation. Drawn only on a terminal; piped output gets the
 * result table alone. A device's link lost and restored are one line each on the error stream, terminal
 * or not: an operator watching a stalled campaign must see why.
 */
final class ProgressDisplay implements TraceVisitor, AutoCloseable {
    private final ProgressBar bar;
    private final CampaignState state;
    private final PrintWriter err;

    ProgressDisplay(String task, int budget, int alreadyRun, CampaignState state, PrintWriter err) {
        this.state = state;
        this.err = err;
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
    public void on(TraceEvent.HistoryRecalled event, TraceRecord at) {
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
        if (event.operation().equals(DeviceStep.LINK_LOST)) {
            err.printf("%s: link lost (%s); retrying until the experiment's deadline, then the campaign pauses%n",
                    event.target(), event.after());
        } else if (event.operation().equals(DeviceStep.LINK_RESTORED)) {
            err.printf("%s: link restored %s%n", event.target(), event.after());
        }
        err.flush();
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
    public void on(TraceEvent.ApprovalRequested event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ApprovalDecided event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.PersonSigned event, TraceRecord at) {
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
