package org.sciloop.core.campaign;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.planner.ModelExchange;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.planner.ReplayDivergence;
import org.sciloop.core.space.Settings;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;

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
        CampaignState state = new CampaignState(campaign.scenario().objective(), campaign.space(),
                campaign.scenario().budget());
        int proposals = 0;
        // What the planner looked up and asked its model while working out the next proposal.
        List<TraceEvent.LookupMade> lookups = new ArrayList<>();
        List<ModelExchange> exchanges = new ArrayList<>();
        // Hypotheses come with the proposal that states them (written just before it): the planner had not
        // seen them when it proposed, so they join the state after the proposal is replayed.
        List<Hypothesis> stated = new ArrayList<>();
        int nextRound = 0;
        for (TraceRecord record : history.records()) {
            TraceEvent event = record.event();
            if (event instanceof TraceEvent.LookupMade l) {
                lookups.add(l);
            } else if (event instanceof TraceEvent.ModelExchanged m) {
                exchanges.add(m.exchange());
            } else if (event instanceof TraceEvent.CampaignResumed) {
                // A round cut off by the interruption was planned again after it; its exchanges were paid for.
                exchanges.forEach(state::record);
                exchanges.clear();
                lookups.clear();
            } else if (event instanceof TraceEvent.ObservationRecorded o) {
                state.record(o.observation());
            } else if (event instanceof TraceEvent.HypothesisProposed h) {
                stated.add(h.hypothesis());
            } else if (event instanceof TraceEvent.HypothesisUpdated h) {
                stated.add(h.hypothesis());
            } else if (event instanceof TraceEvent.ProposalMade recorded) {
                int batch = state.nextBatchSize();
                ReplayGateway gateway = new ReplayGateway(campaign, state, lookups, exchanges);
                lookups.clear();
                exchanges.clear();
                Proposal replayed;
                proposals++;
                try {
                    replayed = campaign.planner().propose(state,
                            CampaignEngine.contextFor(campaign.seed(), recorded.round(), batch, gateway));
                } catch (ReplayDivergence d) {
                    return new Result(proposals, Optional.of(new Divergence(recorded.round(), record.seq(),
                            d.recorded(), d.replayed())));
                }
                Optional<Divergence> divergence = compare(recorded, replayed, batch, record.seq())
                        .or(() -> compare(stated, replayed.hypotheses(), recorded.round(), record.seq()));
                if (divergence.isPresent()) {
                    return new Result(proposals, divergence);
                }
                stated.forEach(state::record);
                stated.clear();
                nextRound = recorded.round() + 1;
            } else if (event instanceof TraceEvent.CampaignFinished && !stated.isEmpty()) {
                // The planner's last word on its hypotheses, after the last batch (see Planner.conclude).
                List<Hypothesis> concluded = campaign.planner().conclude(state,
                        CampaignEngine.contextFor(campaign.seed(), nextRound, 0, PlannerGateway.none()));
                Optional<Divergence> divergence = compare(stated, concluded, nextRound, record.seq());
                if (divergence.isPresent()) {
                    return new Result(proposals, divergence);
                }
            }
        }
        return new Result(proposals, Optional.empty());
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
