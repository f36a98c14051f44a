package org.sciloop.core.campaign;

import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;

/** Visitors for tests. */
final class TraceVisitors {
    private TraceVisitors() {
    }

    /** Runs {@code watcher} at every observation, and does nothing else. */
    static TraceVisitor onObservation(Runnable watcher) {
        return new TraceVisitor() {
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
            public void on(TraceEvent.ObservationRecorded event, TraceRecord at) {
                watcher.run();
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
        };
    }
}
