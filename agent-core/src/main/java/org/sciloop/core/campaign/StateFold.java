package org.sciloop.core.campaign;

import java.util.HashMap;
import java.util.Map;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;

/**
 * The campaign state as a fold of the trace: subscribed to the writer while the campaign runs, and run
 * over the recorded lines when it resumes. Both ways see the same records, so a resumed campaign counts
 * (observations, denials, hypotheses, model usage) exactly as one never interrupted.
 */
final class StateFold implements TraceVisitor {
    private final CampaignState.Recorder state;
    /** What each experiment asked the tool for, until its outcome. */
    private final Map<String, Settings> asked = new HashMap<>();
    /**
     * What the experiments the tool answered at other settings ({@code ranAt}) asked for, until their
     * observation. A person who ran other settings than asked is not such an answer (no {@code ranAt}): they
     * might run the asked ones next time.
     */
    private final Map<String, Settings> answeredElsewhere = new HashMap<>();

    StateFold(CampaignState.Recorder state) {
        this.state = state;
    }

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
        state.record(event.exchange());
    }

    @Override
    public void on(TraceEvent.HistoryRecalled event, TraceRecord at) {
        state.recall(event.prior());
    }

    @Override
    public void on(TraceEvent.LookupMade event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.HypothesisProposed event, TraceRecord at) {
        state.record(event.hypothesis());
    }

    @Override
    public void on(TraceEvent.HypothesisUpdated event, TraceRecord at) {
        state.record(event.hypothesis());
    }

    @Override
    public void on(TraceEvent.ActionDenied event, TraceRecord at) {
        state.denied(event.settings(), lasting(event));
    }

    /** A limit's refusal stands; an interlock's (the device was busy) may not, next time. */
    static boolean lasting(TraceEvent.ActionDenied denial) {
        return !denial.rule().equals(ActionExecutor.INTERLOCK);
    }

    @Override
    public void on(TraceEvent.ActionRequested event, TraceRecord at) {
        asked.put(event.experimentId(), new Settings(event.arguments()));
    }

    @Override
    public void on(TraceEvent.DeviceStepped event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ActionDryRun event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ActionCompleted event, TraceRecord at) {
        Settings request = asked.remove(event.experimentId());
        if (event.ranAt() != null && request != null) {
            answeredElsewhere.put(event.experimentId(), request);
        }
    }

    @Override
    public void on(TraceEvent.ActionFailed event, TraceRecord at) {
        asked.remove(event.experimentId());
    }

    @Override
    public void on(TraceEvent.ObservationRecorded event, TraceRecord at) {
        Settings request = answeredElsewhere.remove(event.observation().experimentId());
        if (request != null) {
            state.recordAnsweredElsewhere(event.observation(), request);
        } else {
            state.record(event.observation());
        }
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
}
