package org.sciloop.core.campaign;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.safety.SafetyPolicy;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.BatchTool;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.tool.ToolUnavailableException;
import org.sciloop.core.trace.PersonalKey;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way a campaign touches its tool: policy check, then the request on record, then the call
 * (bounded by the tool's timeout), then the outcome on record. Neither planners nor tools can skip a
 * step, and every request gets its outcome line, whatever the tool does.
 */
final class ActionExecutor implements AutoCloseable {
    /** The rule of a denial by an actuator's interlock. */
    static final String INTERLOCK = "interlock";
    /** The rule of a denial by a person asked for approval. */
    static final String APPROVAL = "approval";
    private final Campaign campaign;
    private final TraceWriter trace;
    private final Clock clock;
    private final String toolActor;
    private final boolean dryRun;
    private final RecordedAnswers answers;
    /** The deterministic tool's fingerprint, when its calls may be answered from {@link #answers}; else null. */
    private final String toolFingerprint;
    private static final Logger LOG = LoggerFactory.getLogger(ActionExecutor.class);
    // A fresh thread per call: a tool stuck past its timeout must not hold up the next call.
    private final ExecutorService calls = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "sciloop-tool-call");
        t.setDaemon(true);
        return t;
    });

    ActionExecutor(Campaign campaign, TraceWriter trace, Clock clock, boolean dryRun, RecordedAnswers answers) {
        this.campaign = campaign;
        this.dryRun = dryRun;
        this.trace = trace;
        this.clock = clock;
        this.toolActor = "tool:" + campaign.tool().descriptor().name();
        this.answers = answers;
        this.toolFingerprint = answers == RecordedAnswers.NONE ? null : campaign.toolFingerprint().orElse(null);
    }

    /**
     * Runs a batch on a {@link BatchTool}: every experiment checked against the policy and put on record,
     * then the approved calls handed over together, then each outcome recorded in the batch's order.
     * Returns the observations made (none in a dry run).
     */
    List<Observation> runBatch(List<PlannedExperiment> batch) {
        BatchTool tool = (BatchTool) campaign.tool();
        List<PlannedExperiment> approved = new ArrayList<>();
        for (PlannedExperiment e : batch) {
            Optional<SafetyPolicy.Denial> denial = campaign.policy().check(e.settings());
            if (denial.isPresent()) {
                deny(e.id(), e.settings(), denial.get());
            } else if (dryRun) {
                traceDryRun(callFor(e.id(), e.settings()));
            } else {
                approved.add(e);
            }
        }
        if (approved.isEmpty()) {
            return List.of();
        }
        List<ToolCall> calls = new ArrayList<>();
        Map<String, RecordedAnswers.RecordedAnswer> recalled = new HashMap<>();
        for (PlannedExperiment e : approved) {
            ToolCall call = callFor(e.id(), e.settings());
            trace.append("engine", new TraceEvent.ActionRequested(e.id(), toolName(), tool.descriptor().effect(),
                    call.arguments()));
            recall(call).ifPresentOrElse(answer -> recalled.put(e.id(), answer), () -> calls.add(call));
        }
        Instant start = clock.instant();
        Duration patience = tool.descriptor().timeout().multipliedBy(Math.max(1, calls.size()));
        List<ToolResult> results = calls.isEmpty() ? List.of() : bounded(() -> {
            List<ToolResult> answers = tool.invokeBatch(calls, this::contextFor);
            if (answers.size() != calls.size()) {
                throw new IllegalStateException("answered " + answers.size() + " of " + calls.size() + " calls");
            }
            return answers;
        }, patience, calls.get(0).tool(), why -> Collections.nCopies(calls.size(), why));
        Duration took = Duration.between(start, clock.instant());
        List<Observation> observations = new ArrayList<>();
        int called = 0;
        for (PlannedExperiment e : approved) {
            RecordedAnswers.RecordedAnswer answer = recalled.get(e.id());
            observations.add(answer != null ? answered(e.id(), e.settings(), answer)
                    : record(e.id(), e.settings(), results.get(called++), took));
        }
        return observations;
    }

    /**
     * The answer on record to this very call, when the tool is deterministic and answers may be reused. A store
     * that cannot be asked costs the reuse, never the experiment: the tool is called instead.
     */
    private Optional<RecordedAnswers.RecordedAnswer> recall(ToolCall call) {
        if (toolFingerprint == null) {
            return Optional.empty();
        }
        try {
            return answers.recall(toolFingerprint, call.arguments());
        } catch (RuntimeException e) {
            LOG.warn("answers on record could not be looked up for {}; calling the tool: {}", call.requestId(),
                    e.toString());
            return Optional.empty();
        }
    }

    /** Records an answer taken from the record as this call's, linked to where it was measured. */
    private Observation answered(String experimentId, Settings settings, RecordedAnswers.RecordedAnswer answer) {
        trace.append("engine", new TraceEvent.ActionCompleted(experimentId, answer.outputs(), 0, answer.ranAt(),
                new TraceEvent.AnsweredFrom(answer.campaign(), answer.line(), answer.lineHash())));
        return observe(experimentId, settings, new ToolResult.Success(answer.outputs(),
                Optional.ofNullable(answer.ranAt()).map(Settings::new)));
    }

    /**
     * Runs one experiment, or records why it may not run. Empty when the policy or an interlock denied it,
     * and in a dry run, which records what would have been sent instead of sending it.
     */
    Optional<Observation> run(String experimentId, Settings settings) {
        Optional<SafetyPolicy.Denial> denial = campaign.policy().check(settings);
        ToolCall call = callFor(experimentId, settings);
        Tool tool = campaign.tool();
        if (denial.isEmpty() && tool instanceof Actuator actuator && !dryRun) {
            denial = actuator.interlock(call).map(why -> new SafetyPolicy.Denial(INTERLOCK, why));
        }
        if (denial.isPresent()) {
            deny(experimentId, settings, denial.get());
            return Optional.empty();
        }
        if (dryRun) {
            traceDryRun(call);
            return Optional.empty();
        }
        var request = new TraceEvent.ActionRequested(experimentId, toolName(), tool.descriptor().effect(),
                call.arguments());
        if (tool instanceof Actuator) {
            trace.appendBeforeActing("engine", request);
        } else {
            trace.append("engine", request);
        }
        Optional<RecordedAnswers.RecordedAnswer> recalled = recall(call);
        if (recalled.isPresent()) {
            return Optional.of(answered(experimentId, settings, recalled.get()));
        }
        Instant start = clock.instant();
        ToolResult result = invoke(call);
        if (result instanceof ToolResult.Failure f && f.retriable() && tool instanceof Actuator) {
            // Left in flight on purpose: the device may have acted; the resume asks it (Actuator.reconcile).
            throw new ToolUnavailableException(experimentId + " on " + toolName() + ": " + f.reason());
        }
        return Optional.of(record(experimentId, settings, result, Duration.between(start, clock.instant())));
    }

    /**
     * Hands an experiment to the people who run it: checked against the policy like any other (false if
     * denied), then on record as requested; its outcome comes when someone tells it ({@link #recordTold}).
     */
    boolean handOut(PlannedExperiment e) {
        Optional<SafetyPolicy.Denial> denial = campaign.policy().check(e.settings());
        if (denial.isPresent()) {
            deny(e.id(), e.settings(), denial.get());
            return false;
        }
        if (dryRun) {
            traceDryRun(callFor(e.id(), e.settings()));
            return false;
        }
        trace.append("engine", new TraceEvent.ActionRequested(e.id(), toolName(), Effect.READ_ONLY,
                callFor(e.id(), e.settings()).arguments()));
        return true;
    }

    /**
     * Records what a person told: for an experiment handed out, its outcome line as theirs; then the
     * observation, on the settings that were really run. A historical experiment (never handed out) has
     * only the observation, by the person who brought it in. The observation is signed with the person's
     * own key, meaning "measured" or "reported failed".
     */
    Observation recordTold(ToldResult told, boolean handedOut, PersonalKey key) {
        if (handedOut) {
            trace.append(told.actor(), told.failure().<TraceEvent>map(why -> new TraceEvent.ActionFailed(
                    told.experimentId(), why, false, 0)).orElseGet(() -> new TraceEvent.ActionCompleted(
                    told.experimentId(), Map.copyOf(told.outcomes()), 0)));
        }
        Observation observation = told.failure().isPresent()
                ? new Observation(told.experimentId(), told.settings(), Map.of(), Observation.Status.FAILED,
                        told.failure().get() + " (" + told.note() + ")", told.actor())
                : new Observation(told.experimentId(), told.settings(), told.outcomes(), Observation.Status.OK,
                        told.note(), told.actor());
        TraceRecord recorded = trace.append(told.actor(), new TraceEvent.ObservationRecorded(observation));
        trace.append(told.actor(), key.sign(recorded, told.failure().isPresent() ? "reported failed" : "measured",
                clock.instant()));
        return observation;
    }

    /** What the call would send: an actuator says; any other tool would be called with the arguments. */
    private void traceDryRun(ToolCall call) {
        trace.append("engine", new TraceEvent.ActionDryRun(call.requestId(), toolName(), call.arguments(),
                wouldSend(call)));
    }

    private List<DeviceStep> wouldSend(ToolCall call) {
        return campaign.tool() instanceof Actuator actuator ? actuator.dryRun(call)
                : List.of(new DeviceStep("call", toolName(), null, call.arguments()));
    }

    /**
     * Puts an experiment before a person for approval, once the policy allowed it (false if the policy
     * denied it): what it would send is on record for them to judge.
     */
    boolean askApproval(PlannedExperiment e) {
        Optional<SafetyPolicy.Denial> denial = campaign.policy().check(e.settings());
        if (denial.isPresent()) {
            deny(e.id(), e.settings(), denial.get());
            return false;
        }
        ToolCall call = callFor(e.id(), e.settings());
        trace.append("engine", new TraceEvent.ApprovalRequested(e.id(), toolName(), call.arguments(), wouldSend(call)));
        return true;
    }

    /**
     * Records a person's decision as theirs, signed by them; a denied experiment is denied for good (the
     * planner never proposes it again).
     */
    void decide(PlannedExperiment e, PeopleInput.Decision decision, PersonalKey key) {
        String actor = "person:" + key.person();
        TraceRecord line = trace.append(actor, new TraceEvent.ApprovalDecided(e.id(), decision.approved(),
                decision.reason()));
        trace.append(actor, key.sign(line, decision.approved() ? "approved" : "denied", clock.instant()));
        if (!decision.approved()) {
            deny(e.id(), e.settings(), new SafetyPolicy.Denial(APPROVAL, "denied by " + key.person()
                    + (decision.reason().isBlank() ? "" : ": " + decision.reason())));
        }
    }

    private void deny(String experimentId, Settings settings, SafetyPolicy.Denial denial) {
        trace.append("engine", new TraceEvent.ActionDenied(experimentId, toolName(), settings, denial.rule(),
                denial.reason()));
    }

    ToolCall callFor(String experimentId, Settings settings) {
        return new ToolCall(toolName(), experimentId, settings.values());
    }

    /** Writes the outcome of a call and the observation it makes. */
    Observation record(String experimentId, Settings settings, ToolResult result, Duration took) {
        long micros = took.toNanos() / 1000;
        if (result instanceof ToolResult.Success success) {
            trace.append(toolActor, new TraceEvent.ActionCompleted(experimentId, success.outputs(), micros,
                    success.ranAt().filter(ran -> !ran.equals(settings)).map(Settings::values).orElse(null), null));
        } else {
            ToolResult.Failure failure = (ToolResult.Failure) result;
            trace.append(toolActor, new TraceEvent.ActionFailed(experimentId, failure.reason(), failure.retriable(),
                    micros));
        }
        return observe(experimentId, settings, result);
    }

    /** Turns a tool's result into an observation and records it. */
    Observation observe(String experimentId, Settings settings, ToolResult result) {
        Observation observation = interpret(experimentId, settings, result);
        trace.append("engine", new TraceEvent.ObservationRecorded(observation));
        return observation;
    }

    private Observation interpret(String experimentId, Settings proposed, ToolResult result) {
        if (result instanceof ToolResult.Failure failure) {
            return failed(experimentId, proposed, failure.reason());
        }
        ToolResult.Success success = (ToolResult.Success) result;
        Settings settings = success.ranAt().orElse(proposed);
        String detail = "";
        if (!settings.equals(proposed)) {
            // An answer from settings the campaign may not run (the policy: its space and limits) is not one it
            // can use: an emulator's nearest point may lie beyond a narrowed space or a safety limit.
            Optional<String> outside = campaign.policy().check(settings).map(SafetyPolicy.Denial::reason);
            if (outside.isPresent()) {
                return failed(experimentId, proposed, "answered from settings the campaign may not run, "
                        + settings.values() + ": " + outside.get());
            }
            detail = differences(proposed, settings);
        }
        Map<String, Double> outcomes = new HashMap<>();
        success.outputs().forEach((name, value) -> {
            if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
                outcomes.put(name, n.doubleValue() == 0 ? 0.0 : n.doubleValue());  // -0 is 0, not "-0" in a report
            }
        });
        for (Objective objective : campaign.scenario().objectives()) {
            if (!outcomes.containsKey(objective.name())) {
                Object given = success.outputs().get(objective.name());
                return failed(experimentId, settings, given == null ? "the tool returned no '" + objective.name()
                        + "' (it returned " + (success.outputs().isEmpty() ? "nothing" : String.join(", ",
                        new java.util.TreeSet<>(success.outputs().keySet()))) + ")" : "the tool returned no finite"
                        + " number for '" + objective.name() + "' (it returned " + (given instanceof String text
                        ? "the text '" + text + "'" : String.valueOf(given)) + ")");
            }
            // A value the objective cannot take (a yield of 130 %) is a fault of the tool or instrument: recorded as
            // a failure, so that no planner learns from it.
            Optional<String> outside = campaign.scenario().outsideRange(objective.name(),
                    outcomes.get(objective.name()));
            if (outside.isPresent()) {
                return failed(experimentId, settings, "the tool returned a value that cannot be: " + outside.get()
                        + "; a fault of the tool or instrument, not learned from");
            }
        }
        return new Observation(experimentId, settings, outcomes, Observation.Status.OK, detail, toolName());
    }

    /** "run at other settings than proposed: T 103 (proposed 105)", naming only what differs. */
    private static String differences(Settings proposed, Settings ran) {
        List<String> differ = new ArrayList<>();
        ran.values().forEach((name, value) -> {
            Object asked = proposed.values().get(name);
            if (!value.equals(asked)) {
                differ.add(name + " " + value + " (proposed " + asked + ")");
            }
        });
        return "run at other settings than proposed: " + String.join(", ", differ);
    }

    private Observation failed(String experimentId, Settings settings, String reason) {
        return new Observation(experimentId, settings, Map.of(), Observation.Status.FAILED, reason, toolName());
    }

    /** Calls a read-only lookup tool for the planner, bounded by its timeout like any experiment. */
    ToolResult consult(Tool lookup, ToolCall call) {
        return bounded(() -> lookup.invoke(call, contextFor(call)), lookup.descriptor().timeout(), call.tool(),
                failure -> failure);
    }

    private ToolResult invoke(ToolCall call) {
        Tool tool = campaign.tool();
        return bounded(() -> tool.invoke(call, contextFor(call)), tool.descriptor().timeout(), call.tool(),
                failure -> failure);
    }

    private ToolContext contextFor(ToolCall call) {
        return new ToolContext(trace.campaign(), clock, Seeds.random(campaign.seed(), "tool:" + call.requestId(), 0),
                step -> trace.append(toolActor, new TraceEvent.DeviceStepped(call.requestId(), step.operation(),
                        step.target(), step.before(), step.after())));
    }

    /**
     * Waits for a tool's answer at most {@code timeout}; a tool that overruns or throws gets a failure
     * (made into the answer's shape by {@code asAnswer}) instead of stopping the campaign.
     */
    private <T> T bounded(Callable<T> work, Duration timeout, String toolName,
                          Function<ToolResult.Failure, T> asAnswer) {
        Future<T> future = calls.submit(work);
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return asAnswer.apply(new ToolResult.Failure("no answer within " + timeout.toMillis() + " ms", true));
        } catch (ExecutionException e) {
            // A tool that throws broke its contract; the campaign goes on and the trace says what happened.
            return asAnswer.apply(new ToolResult.Failure("the tool failed: " + e.getCause(), false));
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for tool " + toolName, e);
        }
    }

    private String toolName() {
        return campaign.tool().descriptor().name();
    }

    @Override
    public void close() {
        calls.shutdownNow();
    }
}
