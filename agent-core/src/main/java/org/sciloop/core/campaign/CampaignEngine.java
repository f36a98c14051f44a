package org.sciloop.core.campaign;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.sciloop.core.ServiceUnavailableException;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.BatchTool;
import org.sciloop.core.tool.DeviceReservation;
import org.sciloop.core.tool.Reconciliation;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.PersonalKey;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * Runs the closed loop: ask the planner for a batch, run each experiment through the
 * {@link ActionExecutor} (policy, trace, tool), record what came back, check the stop rules, repeat.
 *
 * <p>The engine writes the trace and nothing else: a campaign can be resumed from its trace alone. Its
 * {@link CampaignState} is a fold of the trace ({@link StateFold}, subscribed to the writer), so whoever
 * watches the campaign live subscribes to the writer too and sees the same records. An internal error ends
 * the run with {@code CampaignPaused} (resumable); a stop rule ends it with {@code CampaignFinished}.
 *
 * <p>An engine runs one campaign once: {@link #start}, {@link #startFrom} or {@link #resume}, one call.
 * The campaign and the trace writer stay their caller's to close.
 */
public final class CampaignEngine {
    /** Rounds in a row that may run nothing before the campaign is stopped as stalled. */
    static final int MAX_IDLE_ROUNDS = 3;
    private static final Logger LOG = LoggerFactory.getLogger(CampaignEngine.class);

    private final Campaign campaign;
    private final TraceWriter trace;
    private final Clock clock;
    private final CampaignState.Recorder recorder;
    private final StateFold fold;
    private final String plannerActor;
    private final boolean dryRun;
    private int round;
    private int experimentsPlanned;
    private boolean used;
    /** Why someone asked the campaign to pause (a signal, an operator), or null; read at each safe point. */
    private volatile String pauseRequested;
    /** Experiments a person approved: they run without asking again. */
    private final Set<String> approved = new HashSet<>();
    /** Who asked for the campaign to start or go on: the actor of its CampaignStarted and CampaignResumed lines. */
    private String requestedBy = "engine";
    /** Why someone asked the campaign to stop, or null; read at the same safe points. */
    private volatile String stopRequested;
    /** Where a deterministic tool's earlier answers are found; none unless given. */
    private RecordedAnswers answers = RecordedAnswers.NONE;
    /** Earlier campaigns a new campaign learns from, put on record at its start. */
    private List<PriorCampaign> history = List.of();

    /** An engine that runs the campaign. */
    public CampaignEngine(Campaign campaign, TraceWriter trace, Clock clock) {
        this(campaign, trace, clock, false);
    }

    private CampaignEngine(Campaign campaign, TraceWriter trace, Clock clock, boolean dryRun) {
        this.campaign = campaign;
        this.trace = trace;
        this.clock = clock;
        this.dryRun = dryRun;
        this.recorder = CampaignState.open(campaign.scenario().objectives(),
                campaign.scenario().outcomeConstraints(), campaign.space(), campaign.scenario().budget());
        recorder.allowOnly(s -> campaign.policy().check(s).isEmpty());
        // The writer's first subscriber: whoever watches the campaign after it reads a state that is up to date.
        this.fold = new StateFold(recorder);
        trace.subscribe(fold);
        this.plannerActor = "planner:" + campaign.scenario().planner();
    }

    /**
     * An engine for a dry run: the first batch is proposed and checked against the policy, and what each
     * experiment would send is traced; nothing is sent, and the campaign ends with {@link StopReason#DRY_RUN}.
     */
    public static CampaignEngine dryRun(Campaign campaign, TraceWriter trace, Clock clock) {
        return new CampaignEngine(campaign, trace, clock, true);
    }

    /** Records {@code person} as who started or resumed the campaign (as {@code person:NAME}); null for nobody. */
    public CampaignEngine requestedBy(String person) {
        this.requestedBy = person == null ? "engine" : "person:" + person;
        return this;
    }

    /**
     * Lets a deterministic tool's calls be answered from {@code answers} when they hold the same call with the
     * same tool fingerprint (memoisation); the trace links each such answer to its origin. Any other tool is
     * always called.
     */
    public CampaignEngine answersFrom(RecordedAnswers answers) {
        this.answers = answers;
        return this;
    }

    /**
     * Starts the campaign with these earlier campaigns as prior data (related tasks its planner may learn from),
     * each on record as a {@code HistoryRecalled} line before the first proposal. A resume reads them back from
     * the trace, so this is for a start only.
     */
    public CampaignEngine learnFrom(List<PriorCampaign> history) {
        this.history = List.copyOf(history);
        return this;
    }

    /**
     * Asks the campaign to pause at its next safe point: before the next experiment or planning round, never
     * in the middle of a call. It then ends with {@code CampaignPaused} ({@code why}) and
     * {@link PauseRequestedException}; {@code sciloop resume} goes on from there. Callable from any thread. A dry run
     * stops instead: going on from it would send for real what it only traced.
     */
    public void requestPause(String why) {
        if (dryRun) {
            requestStop(why);
        } else {
            pauseRequested = why;
        }
    }

    /**
     * Asks the campaign to end at its next safe point, as a pause would (never cutting a call): it ends with
     * {@code CampaignFinished} ({@link StopReason#STOPPED}, {@code why}) and cannot be resumed. Callable from
     * any thread.
     */
    public void requestStop(String why) {
        stopRequested = why;
    }

    /** Throws at a safe point once a pause or a stop was asked for. */
    private void pauseIfAsked() {
        String stop = stopRequested;
        if (stop != null) {
            throw new StopRequested(stop);
        }
        String why = pauseRequested;
        if (why != null) {
            throw new PauseRequestedException(why);
        }
    }

    /** Unwinds to the loop, which finishes the campaign as stopped. */
    private static final class StopRequested extends RuntimeException {
        StopRequested(String why) {
            super(why, null, false, false);
        }
    }

    /** The campaign as it stands, for whoever watches it (read it from a trace subscriber). */
    public CampaignState state() {
        return recorder.state();
    }

    /** Starts a new campaign on an empty trace. */
    public CampaignResult start(String sourceId) {
        return startFrom(sourceId, List.of(), "engine");
    }

    /**
     * Starts a new campaign whose first experiments were run by another campaign: a counterfactual, in which
     * another planner goes on from the same starting point. Each is written as an observation by
     * {@code importedBy} (e.g. {@code replay:<campaign id>}) before the first proposal, and counts against
     * the budget as if it had been run here.
     */
    public CampaignResult startFrom(String sourceId, List<Observation> prior, String importedBy) {
        var s = campaign.scenario();
        use();
        Optional<DeviceReservation> reserved = reserve();
        trace.append(requestedBy, new TraceEvent.CampaignStarted(TraceEvent.CampaignStarted.FORMAT_VERSION, s.name(),
                sourceId, s.document(), campaign.seed(), s.planner(), s.tool(), s.budget().experiments(),
                s.budget().batch(), trace.signingKey(), s.root().dataFiles().fingerprints(),
                campaign.toolFingerprint().orElse(null)));
        recordReservation(reserved);
        return guarded(() -> {
            for (PriorCampaign earlier : history) {
                trace.append("engine", new TraceEvent.HistoryRecalled(earlier));
            }
            for (Observation o : prior) {
                trace.append(importedBy, new TraceEvent.ObservationRecorded(o));
                experimentsPlanned = Math.max(experimentsPlanned, CampaignHistory.idNumber(o.experimentId()));
            }
            try (ActionExecutor executor = new ActionExecutor(campaign, trace, clock, dryRun, answers)) {
                return loop(executor, List.of());
            }
        });
    }

    /**
     * Continues an interrupted campaign: rebuilds the state from its history, settles the calls that were
     * in flight (asking the tool, never re-issuing an actuation blindly), runs the rest of the last batch,
     * then goes on as if nothing had happened.
     */
    public CampaignResult resume(CampaignHistory history) {
        return resume(history, null);
    }

    /** As {@link #resume(CampaignHistory)}, noting in the trace the file that holds a set-aside torn line. */
    public CampaignResult resume(CampaignHistory history, String setAside) {
        return resume(history, setAside, PeopleInput.none());
    }

    /**
     * Continues a campaign run by hand with the results people {@code told} (checked by the caller against
     * what is pending and the space): each recorded as theirs and signed with the {@code teller}'s key; then,
     * once nothing handed out is pending, the planner's next batch is handed out. Throws
     * {@link AwaitingResultsException} (the campaign is paused) while anything handed out waits for its result.
     */
    public CampaignResult resume(CampaignHistory history, String setAside, PeopleInput people) {
        List<ToldResult> told = people.told();
        if (!told.isEmpty() && !campaign.scenario().manual()) {
            throw new IllegalArgumentException("results are told only to a campaign run by hand");
        }
        Optional<PersonalKey> teller = people.person();
        history.requireUnfinished();
        use();
        Optional<DeviceReservation> reserved = reserve();  // before the device is asked about interrupted calls
        history.records().forEach(r -> r.accept(fold));  // the same fold as live, over what was recorded
        round = history.rounds();
        experimentsPlanned = history.experimentsPlanned();
        return guarded(() -> {
            try (ActionExecutor executor = new ActionExecutor(campaign, trace, clock, dryRun, answers)) {
                List<String> reissued = new ArrayList<>();
                List<String> unresolved = new ArrayList<>();
                List<PlannedExperiment> rerun = new ArrayList<>();
                List<Runnable> settle = new ArrayList<>();
                history.answeredNotObserved().forEach((id, outcome) -> settle.add(() -> executor.observe(
                        id, history.planned(id).orElseThrow().settings(), outcome)));
                List<String> stillPending = new ArrayList<>();
                for (PlannedExperiment e : history.inFlight()) {
                    if (campaign.scenario().manual()) {
                        // People run it: nothing to ask a tool; it waits for its result or gets it now.
                        told.stream().filter(t -> t.experimentId().equals(e.id())).findFirst().ifPresentOrElse(
                                t -> settle.add(() -> executor.recordTold(t, true, teller.get())),
                                () -> stillPending.add(e.id()));
                        continue;
                    }
                    Reconciliation r = reconcile(executor.callFor(e.id(), e.settings()));
                    if (r instanceof Reconciliation.Completed c) {
                        settle.add(() -> executor.record(e.id(), e.settings(), c.result(), Duration.ZERO));
                    } else if (r instanceof Reconciliation.NeverStarted) {
                        reissued.add(e.id());
                        rerun.add(e);
                    } else {
                        unresolved.add(e.id());
                        String why = "interrupted with the outcome unknown (" + ((Reconciliation.Unknown) r).why()
                                + "); check the device before trusting this experiment";
                        settle.add(() -> executor.record(e.id(), e.settings(), new ToolResult.Failure(why, false),
                                Duration.ZERO));
                    }
                }
                trace.append(requestedBy, new TraceEvent.CampaignResumed(history.last().seq(), reissued, unresolved,
                        setAside, trace.signingKey(), campaign.scenario().root().dataFiles().fingerprints(),
                        told.size()));
                recordReservation(reserved);
                LOG.info("resuming campaign {} after {} experiments", history.campaignId(), state().experimentsRun());
                Set<String> inFlight = new HashSet<>();
                history.inFlight().forEach(e -> inFlight.add(e.id()));
                told.stream().filter(t -> !inFlight.contains(t.experimentId()))
                        .forEach(t -> settle.add(() -> executor.recordTold(t, false, teller.get())));  // historical
                settle.forEach(Runnable::run);
                told.forEach(t -> experimentsPlanned = Math.max(experimentsPlanned,
                        CampaignHistory.idNumber(t.experimentId())));  // a historical id is taken
                if (!stillPending.isEmpty()) {
                    throw new AwaitingResultsException(stillPending);
                }
                approved.addAll(history.approved());
                List<String> undecided = new ArrayList<>();
                for (PlannedExperiment e : history.awaitingApproval()) {
                    Optional<PeopleInput.Decision> d = people.decisions().stream()
                            .filter(x -> x.experimentId().equals(e.id())).findFirst();
                    if (d.isEmpty()) {
                        undecided.add(e.id());
                        continue;
                    }
                    executor.decide(e, d.get(), teller.orElseThrow());
                    if (d.get().approved()) {
                        approved.add(e.id());
                        rerun.add(e);
                    }
                }
                rerun.addAll(history.notStarted());
                if (!undecided.isEmpty()) {
                    // What was approved runs now; the rest keep waiting, each for its own decision.
                    try {
                        runBatch(executor, rerun);
                    } catch (AwaitingApprovalException more) {
                        undecided.addAll(more.waiting());
                    }
                    throw new AwaitingApprovalException(undecided);
                }
                return loop(executor, rerun);
            }
        });
    }

    /**
     * Ends a paused campaign for good ({@link StopReason#STOPPED}, {@code why}) without running anything:
     * the planner concludes on what was recorded. Experiments handed out to people and never told stay
     * without a result; a call an instrument may have acted on must be settled first ({@code resume}).
     */
    public CampaignResult stop(CampaignHistory history, String why) {
        history.requireUnfinished();
        if (!campaign.scenario().manual() && !history.inFlight().isEmpty()) {
            throw new org.sciloop.core.InputException("an experiment of this campaign was in flight when it stopped;"
                    + " resume it first so that the tool settles it, then stop it");
        }
        use();
        history.records().forEach(r -> r.accept(fold));
        round = history.rounds();
        return guarded(() -> finish(new Stop(StopReason.STOPPED, why)));
    }

    /**
     * The actuator's device, reserved for this campaign before anything is written or asked of it; a dry run
     * sends nothing and reserves nothing.
     */
    private Optional<DeviceReservation> reserve() {
        return dryRun ? Optional.empty() : campaign.reserve();
    }

    private void recordReservation(Optional<DeviceReservation> reserved) {
        reserved.ifPresent(r -> {
            r.describe("campaign " + trace.campaign() + " (" + trace.file().toAbsolutePath() + ")");
            trace.append("engine", new TraceEvent.DeviceReserved(r.device(), r.holder()));
        });
    }

    private void use() {
        if (used) {
            throw new IllegalStateException("an engine runs one campaign once; make a new one");
        }
        used = true;
    }

    /** A read-only call never changed anything, so it can be issued again; an actuator must be asked. */
    private Reconciliation reconcile(ToolCall call) {
        return campaign.tool() instanceof Actuator actuator ? actuator.reconcile(call, trace.campaign())
                : new Reconciliation.NeverStarted();
    }

    private CampaignResult loop(ActionExecutor executor, List<PlannedExperiment> leftFromLastBatch) {
        try {
            return loopUntilStopped(executor, leftFromLastBatch);
        } catch (StopRequested e) {
            return finish(new Stop(StopReason.STOPPED, e.getMessage()));
        }
    }

    private CampaignResult loopUntilStopped(ActionExecutor executor, List<PlannedExperiment> leftFromLastBatch) {
        if (dryRun) {
            nextRound(executor);
            return finish(new Stop(StopReason.DRY_RUN, "dry run: the first batch was checked and traced;"
                    + " nothing was sent"));
        }
        Optional<Stop> stop = runBatch(executor, leftFromLastBatch);
        int idleRounds = 0;
        while (stop.isEmpty()) {
            pauseIfAsked();
            int before = state().experimentsRun();
            stop = nextRound(executor);
            idleRounds = state().experimentsRun() > before ? 0 : idleRounds + 1;
            if (stop.isEmpty() && idleRounds >= MAX_IDLE_ROUNDS) {
                stop = Optional.of(new Stop(StopReason.PLANNER_STALLED, MAX_IDLE_ROUNDS
                        + " rounds in a row ran no experiment (every proposal was denied or empty)"));
            }
        }
        return finish(stop.get());
    }

    private Optional<Stop> nextRound(ActionExecutor executor) {
        // The model budget gates planning only: experiments already planned with it still run.
        Optional<Stop> spent = modelBudgetRule();
        if (spent.isPresent()) {
            return spent;
        }
        int batch = state().nextBatchSize();
        PlanningContext context = contextFor(campaign.seed(), round, batch,
                new EngineGateway(campaign, trace, clock, executor, state(), round, plannerActor));
        Proposal proposal = campaign.planner().propose(state(), context);
        stated(proposal.hypotheses());
        List<PlannedExperiment> planned = new ArrayList<>();
        if (proposal.stop().isEmpty()) {
            // A planner that asks for more than the batch gets the batch: the budget is the engine's to keep.
            proposal.experiments().stream().limit(batch).forEach(e -> planned.add(new PlannedExperiment(
                    "exp-" + (++experimentsPlanned), e.settings(), e.rationale(), e.tests(), e.details())));
        }
        trace.append(plannerActor, new TraceEvent.ProposalMade(round, planned, proposal.rationale(),
                proposal.details(), proposal.stop().orElse(null)));
        round++;
        if (proposal.stop().isPresent()) {
            // A planner that stops because its model budget ran out stops for the budget's reason.
            return Optional.of(modelBudgetRule().orElse(new Stop(StopReason.PLANNER_STOPPED, proposal.stop().get())));
        }
        return runBatch(executor, planned);
    }

    private void stated(List<Hypothesis> hypotheses) {
        for (Hypothesis h : hypotheses) {
            boolean known = state().hypotheses().stream().anyMatch(k -> k.id().equals(h.id()));
            trace.append(plannerActor, known ? new TraceEvent.HypothesisUpdated(h) : new TraceEvent.HypothesisProposed(h));
        }
    }

    /** The context of a planning round; replay builds the very same one, with its own gateway. */
    static PlanningContext contextFor(long seed, int round, int batch, PlannerGateway gateway) {
        return new PlanningContext(seed, round, batch, Seeds.random(seed, "planner", round), gateway);
    }

    /** Whether {@code e} waits for a person before it runs: the scenario asks for it, and nobody approved it yet. */
    private boolean needsApproval(PlannedExperiment e) {
        if (approved.contains(e.id())) {
            return false;
        }
        return switch (campaign.scenario().approval()) {
            case NONE -> false;
            case ALL -> true;
            case ACTUATIONS -> campaign.tool() instanceof Actuator;
            case MODEL -> campaign.scenario().plannerOptions().has("model");
        };
    }

    private Optional<Stop> runBatch(ActionExecutor executor, List<PlannedExperiment> batch) {
        if (!dryRun && !campaign.scenario().manual() && batch.stream().anyMatch(this::needsApproval)) {
            Optional<Stop> stop = stopRule();
            if (stop.isPresent()) {
                return stop;
            }
            List<PlannedExperiment> free = new ArrayList<>();
            List<String> waiting = new ArrayList<>();
            for (PlannedExperiment e : batch) {
                if (!needsApproval(e)) {
                    free.add(e);
                } else if (executor.askApproval(e)) {
                    waiting.add(e.id());
                }
            }
            runBatch(executor, free);
            if (!waiting.isEmpty()) {
                throw new AwaitingApprovalException(waiting);
            }
            return stopRule();
        }
        if (campaign.scenario().manual()) {
            Optional<Stop> stop = stopRule();
            if (stop.isPresent()) {
                return stop;
            }
            List<String> handedOut = new ArrayList<>();
            for (PlannedExperiment e : batch) {
                if (executor.handOut(e)) {
                    handedOut.add(e.id());
                }
            }
            if (!handedOut.isEmpty()) {
                throw new AwaitingResultsException(handedOut);
            }
            return stop;  // all denied: the next round plans again
        }
        // An actuator is never handed a batch: each of its calls waits for its own interlock check.
        if (campaign.tool() instanceof BatchTool && !(campaign.tool() instanceof Actuator)) {
            Optional<Stop> stop = stopRule();
            if (stop.isPresent() || batch.isEmpty()) {
                return stop;
            }
            pauseIfAsked();
            executor.runBatch(batch);
            return stopRule();
        }
        for (PlannedExperiment e : batch) {
            Optional<Stop> stop = stopRule();
            if (stop.isPresent()) {
                return stop;
            }
            pauseIfAsked();
            executor.run(e.id(), e.settings());
        }
        return stopRule();
    }

    /**
     * With several objectives, the first observation that keeps the outcome constraints and reaches the target of
     * every objective that has one (with one, {@link CampaignState#best} is feasible already).
     */
    private static Optional<Observation> reachesEveryTarget(CampaignState state) {
        List<Objective> targeted = state.objectives().stream().filter(o -> o.target().isPresent()).toList();
        if (state.objectives().size() == 1 || targeted.isEmpty()) {
            return Optional.empty();
        }
        return state.observations().stream().filter(state::feasible).filter(o -> targeted.stream().allMatch(g ->
                o.outcome(g.name()).isPresent() && g.reachesTarget(o.outcome(g.name()).getAsDouble()))).findFirst();
    }

    private Optional<Stop> stopRule() {
        CampaignState state = state();
        Objective objective = state.objective();
        Optional<Observation> best = state.best();
        if (state.objectives().size() == 1 && best.isPresent()
                && objective.reachesTarget(best.get().outcome(objective.name()).getAsDouble())) {
            return Optional.of(new Stop(StopReason.TARGET_REACHED, objective.name() + " reached its target "
                    + objective.target().getAsDouble() + " in " + best.get().experimentId()));
        }
        Optional<Observation> everyTarget = reachesEveryTarget(state);
        if (everyTarget.isPresent()) {
            return Optional.of(new Stop(StopReason.TARGET_REACHED, "every objective with a target reached it in "
                    + everyTarget.get().experimentId()));
        }
        if (state.remainingBudget() == 0) {
            return Optional.of(new Stop(StopReason.BUDGET_EXHAUSTED, state.experimentsRun() + " experiments run"));
        }
        var patience = campaign.scenario().budget().patience();
        if (patience.isPresent() && state.experimentsRun() > 0
                && state.experimentsSinceImprovement() >= patience.getAsInt()) {
            return Optional.of(new Stop(StopReason.NO_IMPROVEMENT,
                    "no improvement in the last " + patience.getAsInt() + " experiments"));
        }
        return Optional.empty();
    }

    private Optional<Stop> modelBudgetRule() {
        return state().budget().modelBudgetSpent(state().modelUsage()).map(why -> new Stop(
                StopReason.MODEL_BUDGET_SPENT, why));
    }

    private CampaignResult finish(Stop stop) {
        if (stop.reason() != StopReason.DRY_RUN) {
            // The last batch arrived after the last proposal: let the planner revise its hypotheses on it.
            stated(campaign.planner().conclude(state(), contextFor(campaign.seed(), round, 0, PlannerGateway.none())));
        }
        trace.append("engine", new TraceEvent.CampaignFinished(stop.reason().name(), stop.detail(),
                state().experimentsRun(), state().best().orElse(null)));
        CampaignResult result = new CampaignResult(trace.campaign(), stop.reason(), stop.detail(), state());
        LOG.info("campaign {} finished: {} ({})", trace.campaign(), stop.reason(), stop.detail());
        return result;
    }

    /** Every started campaign ends its trace with Finished or, if the engine itself fails, Paused. */
    private CampaignResult guarded(java.util.function.Supplier<CampaignResult> body) {
        MDC.put("campaign", trace.campaign());
        try {
            return body.get();
        } catch (RuntimeException | Error e) {
            try {
                trace.append("engine", new TraceEvent.CampaignPaused(e instanceof ServiceUnavailableException
                        || e instanceof PauseRequestedException || e instanceof AwaitingResultsException
                        || e instanceof AwaitingApprovalException
                        ? e.getMessage() : "engine error: " + e));
            } catch (RuntimeException secondary) {
                if (secondary != e) {  // a trace that failed fails again with the same exception
                    e.addSuppressed(secondary);
                }
            }
            throw e;
        } finally {
            MDC.remove("campaign");
        }
    }

    private record Stop(StopReason reason, String detail) {
    }
}
