package org.sciloop.core.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;

/**
 * Re-runs a campaign's planner against its own trace: at every recorded proposal the planner sees the
 * state the engine had built from the lines before it (observations and hypotheses), with the same round
 * and random source, and must decide the same. No tool is called: lookups are answered from the record,
 * and a planner that talks to a language model gets the recorded answers instead of a provider. Because planners are pure functions
 * of state and seed, any difference means the planner, its options or the record changed.
 */
public final class CampaignReplay {

    /** The outcome: how many proposals were compared, and the first that differs, if any. */
    public record Result(int proposals, Optional<Divergence> divergence) {
        public boolean identical() {
            return divergence.isEmpty();
        }
    }

    /** The first differing decision: where in the trace, what was recorded, what the planner decides now. */
    public record Divergence(int round, long seq, String recorded, String replayed) {
    }

    private CampaignReplay() {
    }

    /** Replays {@code history} with the planner of {@code campaign} (assembled from the same record). */
    public static Result replay(Campaign campaign, CampaignHistory history) {
        Replayer replayer = new Replayer(campaign);
        for (TraceRecord record : history.records()) {
            record.accept(replayer);
            if (replayer.divergence != null) {
                break;
            }
        }
        return new Result(replayer.proposals, Optional.ofNullable(replayer.divergence));
    }

    /** Walks the record, rebuilding the state as the engine had it, and asks the planner again at each proposal. */
    private static final class Replayer implements TraceVisitor {
        private final Campaign campaign;
        private final CampaignState.Recorder state;
        // Experiments and their observations reach the state as they reach the engine's (what was asked, where
        // it was run).
        private final StateFold experiments;
        // What the planner looked up and asked its model while working out the next proposal.
        private final List<TraceEvent.LookupMade> lookups = new ArrayList<>();
        private final List<ModelExchange> exchanges = new ArrayList<>();
        // Hypotheses come with the proposal that states them (written just before it): the planner had not
        // seen them when it proposed, so they join the state after the proposal is replayed.
        private final List<Hypothesis> stated = new ArrayList<>();
        private int nextRound;
        private int proposals;
        private Divergence divergence;

        Replayer(Campaign campaign) {
            this.campaign = campaign;
            this.state = CampaignState.open(campaign.scenario().objectives(), campaign.scenario().outcomeConstraints(),
                    campaign.space(),
                    campaign.scenario().budget());
            state.allowOnly(s -> campaign.policy().check(s).isEmpty());
            this.experiments = new StateFold(state);
        }

        @Override
        public void on(TraceEvent.CampaignStarted event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.CampaignResumed event, TraceRecord at) {
            // A round cut off by the interruption was planned again after it; its exchanges were paid for.
            exchanges.forEach(state::record);
            exchanges.clear();
            lookups.clear();
        }

        @Override
        public void on(TraceEvent.DeviceReserved event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ProposalMade recorded, TraceRecord at) {
            int batch = state.state().nextBatchSize();
            ReplayGateway gateway = new ReplayGateway(campaign, state, lookups, exchanges, recorded.round(), at.seq());
            lookups.clear();
            exchanges.clear();
            proposals++;
            Proposal replayed;
            try {
                replayed = campaign.planner().propose(state.state(),
                        CampaignEngine.contextFor(campaign.seed(), recorded.round(), batch, gateway));
            } catch (RuntimeException | Error e) {
                // Whatever the planner made of the divergence thrown into it, the gateway noted it first.
                if (gateway.noted().isEmpty()) {
                    throw e;
                }
                divergence = gateway.noted().get();
                return;
            }
            divergence = gateway.divergence()
                    .or(() -> compare(recorded, replayed, batch, at.seq()))
                    .or(() -> compare(stated, replayed.hypotheses(), recorded.round(), at.seq()))
                    .orElse(null);
            stated.forEach(state::record);
            stated.clear();
            nextRound = recorded.round() + 1;
        }

        @Override
        public void on(TraceEvent.ModelExchanged event, TraceRecord at) {
            exchanges.add(event.exchange());
        }

        @Override
        public void on(TraceEvent.HistoryRecalled event, TraceRecord at) {
            experiments.on(event, at);  // the history as recorded: a replay needs no store
        }

        @Override
        public void on(TraceEvent.LookupMade event, TraceRecord at) {
            lookups.add(event);
        }

        @Override
        public void on(TraceEvent.HypothesisProposed event, TraceRecord at) {
            stated.add(event.hypothesis());
        }

        @Override
        public void on(TraceEvent.HypothesisUpdated event, TraceRecord at) {
            stated.add(event.hypothesis());
        }

        @Override
        public void on(TraceEvent.ActionDenied event, TraceRecord at) {
            state.denied(event.settings(), StateFold.lasting(event));
        }

        @Override
        public void on(TraceEvent.ActionRequested event, TraceRecord at) {
            experiments.on(event, at);
        }

        @Override
        public void on(TraceEvent.DeviceStepped event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionDryRun event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionCompleted event, TraceRecord at) {
            experiments.on(event, at);
        }

        @Override
        public void on(TraceEvent.ActionFailed event, TraceRecord at) {
            experiments.on(event, at);
        }

        @Override
        public void on(TraceEvent.ObservationRecorded event, TraceRecord at) {
            experiments.on(event, at);
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
            if (!stated.isEmpty()) {
                // The planner's last word on its hypotheses, after the last batch (see Planner.conclude).
                List<Hypothesis> concluded = campaign.planner().conclude(state.state(),
                        CampaignEngine.contextFor(campaign.seed(), nextRound, 0, PlannerGateway.none()));
                divergence = compare(stated, concluded, nextRound, at.seq()).orElse(null);
            }
        }

        @Override
        public void on(TraceEvent.Checkpoint event, TraceRecord at) {
        }
    }

    private static Optional<Divergence> compare(List<Hypothesis> recorded, List<Hypothesis> replayed, int round,
                                                long seq) {
        for (int i = 0; i < Math.max(recorded.size(), replayed.size()); i++) {
            Hypothesis a = i < recorded.size() ? recorded.get(i) : null;
            Hypothesis b = i < replayed.size() ? replayed.get(i) : null;
            if (a == null || !a.equals(b)) {
                return Optional.of(new Divergence(round, seq, "hypothesis " + (i + 1) + ": " + describe(a),
                        "hypothesis " + (i + 1) + ": " + describe(b)));
            }
        }
        return Optional.empty();
    }

    private static String describe(Hypothesis h) {
        return h == null ? "none" : h.id() + " v" + h.version() + " " + h.status() + " (" + h.statement() + ", confidence "
                + h.confidence() + ")";
    }

    private static Optional<Divergence> compare(TraceEvent.ProposalMade recorded, Proposal replayed, int batch,
                                                long seq) {
        if (recorded.stop() != null || replayed.stop().isPresent()) {
            String was = recorded.stop() == null ? "a batch" : "stop: " + recorded.stop();
            String now = replayed.stop().map(s -> "stop: " + s).orElse("a batch");
            return was.equals(now) ? Optional.empty() : Optional.of(new Divergence(recorded.round(), seq, was, now));
        }
        List<Settings> was = recorded.experiments().stream().map(TraceEvent.PlannedExperiment::settings).toList();
        List<Settings> now = replayed.experiments().stream().limit(batch).map(e -> e.settings()).toList();
        for (int i = 0; i < Math.max(was.size(), now.size()); i++) {
            Settings a = i < was.size() ? was.get(i) : null;
            Settings b = i < now.size() ? now.get(i) : null;
            if (a == null || !a.equals(b)) {
                return Optional.of(new Divergence(recorded.round(), seq,
                        "experiment " + (i + 1) + " of the batch: " + (a == null ? "none" : a),
                        "experiment " + (i + 1) + " of the batch: " + (b == null ? "none" : b)));
            }
        }
        return Optional.empty();
    }
}
