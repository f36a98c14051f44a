package org.sciloop.core.trace;

/**
 * One method per kind of {@link TraceEvent}, each given the event and the line that recorded it: the shape of
 * every consumer of the trace, live (a {@link TraceWriter} subscriber) or after the fact (resume, replay,
 * reports, the knowledge graph). There are no defaults on purpose: a new event type breaks the build until
 * each consumer has said what it does with it, even if that is nothing.
 */
public interface TraceVisitor {

    void on(TraceEvent.CampaignStarted event, TraceRecord at);

    void on(TraceEvent.CampaignResumed event, TraceRecord at);

    void on(TraceEvent.DeviceReserved event, TraceRecord at);

    void on(TraceEvent.ProposalMade event, TraceRecord at);

    void on(TraceEvent.ModelExchanged event, TraceRecord at);

    void on(TraceEvent.LookupMade event, TraceRecord at);

    void on(TraceEvent.HistoryRecalled event, TraceRecord at);

    void on(TraceEvent.HypothesisProposed event, TraceRecord at);

    void on(TraceEvent.HypothesisUpdated event, TraceRecord at);

    void on(TraceEvent.ActionDenied event, TraceRecord at);

    void on(TraceEvent.ActionRequested event, TraceRecord at);

    void on(TraceEvent.DeviceStepped event, TraceRecord at);

    void on(TraceEvent.ActionDryRun event, TraceRecord at);

    void on(TraceEvent.ActionCompleted event, TraceRecord at);

    void on(TraceEvent.ActionFailed event, TraceRecord at);

    void on(TraceEvent.ObservationRecorded event, TraceRecord at);

    void on(TraceEvent.ApprovalRequested event, TraceRecord at);

    void on(TraceEvent.ApprovalDecided event, TraceRecord at);

    void on(TraceEvent.PersonSigned event, TraceRecord at);

    void on(TraceEvent.CampaignPaused event, TraceRecord at);

    void on(TraceEvent.CampaignFinished event, TraceRecord at);

    void on(TraceEvent.Checkpoint event, TraceRecord at);
}
