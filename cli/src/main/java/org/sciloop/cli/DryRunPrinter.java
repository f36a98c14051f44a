package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;

/** Prints, from the trace of a dry run, what each checked experiment would have sent, or why it was denied. */
final class DryRunPrinter implements TraceVisitor {
    private final PrintWriter out;
    /** Experiments people run: no tool is called, and what they get is the settings. */
    private final boolean byHand;

    private DryRunPrinter(PrintWriter out, boolean byHand) {
        this.out = out;
        this.byHand = byHand;
    }

    static void print(Path trace, PrintWriter out, boolean byHand) {
        out.println();
        out.println(byHand ? "nothing was handed out; the first batch would go to people to run (pending.csv):"
                : "nothing was sent; the first batch would have sent:");
        DryRunPrinter printer = new DryRunPrinter(out, byHand);
        TraceReader.readIntact(trace).forEach(r -> r.accept(printer));
        out.flush();
    }

    @Override
    public void on(TraceEvent.ActionDryRun event, TraceRecord at) {
        if (byHand) {
            out.printf("  %s %s%n", event.experimentId(), new java.util.TreeMap<>(event.arguments()));
            return;
        }
        out.printf("  %s%n", event.experimentId());
        // In the order of their names: the same every time it is printed.
        event.wouldSend().forEach(step -> out.printf("    %-5s %s = %s%n", step.operation(), step.target(),
                step.after() instanceof java.util.Map<?, ?> m ? new java.util.TreeMap<>(m) : step.after()));
    }

    @Override
    public void on(TraceEvent.ActionDenied event, TraceRecord at) {
        out.printf("  %s denied (%s): %s%n", event.experimentId(), event.rule(), event.reason());
    }

    // Nothing else is printed.

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
    public void on(TraceEvent.ActionRequested event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.DeviceStepped event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ActionCompleted event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ActionFailed event, TraceRecord at) {
    }

    @Override
    public void on(TraceEvent.ObservationRecorded event, TraceRecord at) {
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
