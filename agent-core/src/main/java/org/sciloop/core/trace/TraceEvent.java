package org.sciloop.core.trace;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.core.tool.Effect;

/**
 * What happened, one fact per line of the trace. The set is closed: readers (resume, verify, replay,
 * reports) visit it through {@link TraceVisitor}. Each record is wrapped in a {@link TraceRecord} that adds the sequence
 * number, time, campaign, actor and hash chain; see {@code docs/trace-format.md}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = TraceEvent.CampaignStarted.class, name = "CampaignStarted"),
        @JsonSubTypes.Type(value = TraceEvent.CampaignResumed.class, name = "CampaignResumed"),
        @JsonSubTypes.Type(value = TraceEvent.DeviceReserved.class, name = "DeviceReserved"),
        @JsonSubTypes.Type(value = TraceEvent.ProposalMade.class, name = "ProposalMade"),
        @JsonSubTypes.Type(value = TraceEvent.ModelExchanged.class, name = "ModelExchanged"),
        @JsonSubTypes.Type(value = TraceEvent.HistoryRecalled.class, name = "HistoryRecalled"),
        @JsonSubTypes.Type(value = TraceEvent.LookupMade.class, name = "LookupMade"),
        @JsonSubTypes.Type(value = TraceEvent.HypothesisProposed.class, name = "HypothesisProposed"),
        @JsonSubTypes.Type(value = TraceEvent.HypothesisUpdated.class, name = "HypothesisUpdated"),
        @JsonSubTypes.Type(value = TraceEvent.ActionDenied.class, name = "ActionDenied"),
        @JsonSubTypes.Type(value = TraceEvent.ActionRequested.class, name = "ActionRequested"),
        @JsonSubTypes.Type(value = TraceEvent.DeviceStepped.class, name = "DeviceStepped"),
        @JsonSubTypes.Type(value = TraceEvent.ActionDryRun.class, name = "ActionDryRun"),
        @JsonSubTypes.Type(value = TraceEvent.ActionCompleted.class, name = "ActionCompleted"),
        @JsonSubTypes.Type(value = TraceEvent.ActionFailed.class, name = "ActionFailed"),
        @JsonSubTypes.Type(value = TraceEvent.ObservationRecorded.class, name = "ObservationRecorded"),
        @JsonSubTypes.Type(value = TraceEvent.PersonSigned.class, name = "PersonSigned"),
        @JsonSubTypes.Type(value = TraceEvent.ApprovalRequested.class, name = "ApprovalRequested"),
        @JsonSubTypes.Type(value = TraceEvent.ApprovalDecided.class, name = "ApprovalDecided"),
        @JsonSubTypes.Type(value = TraceEvent.CampaignPaused.class, name = "CampaignPaused"),
        @JsonSubTypes.Type(value = TraceEvent.CampaignFinished.class, name = "CampaignFinished"),
        @JsonSubTypes.Type(value = TraceEvent.Checkpoint.class, name = "Checkpoint"),
})
public sealed interface TraceEvent {

    /**
     * Hands this event, as the line {@code at} recorded it, to the visitor's method for its type: the one
     * dispatch over the events. A new event type adds a method to {@link TraceVisitor}, so every consumer
     * must say what it does with it before the build passes.
     */
    void accept(TraceRecord at, TraceVisitor visitor);

    /**
     * The first line, the trace's header: its format version, the key that signs its checkpoints, and
     * everything needed to run the campaign again (the scenario as it was, with command-line overrides
     * applied, and the seed).
     *
     * @param source where the scenario came from ({@code builtin:arylation}, {@code file:/...})
     * @param signingKey the Ed25519 public key of the checkpoints that follow (base64, X.509); null in format 1
     * @param dataFiles the SHA-256 of each file the scenario's tools read (tables, profiles), by the name the
     *     scenario gives it; null in traces written before sciloop recorded them
     * @param toolFingerprint when the tool is deterministic, what decides its answers besides the call (see
     *     {@link org.sciloop.core.tool.RecordedAnswers#fingerprint}): its answers may stand for the same call of
     *     a later campaign with the same fingerprint; null for any other tool
     */
    record CampaignStarted(int formatVersion, String scenario, String source, JsonNode document, long seed,
                           String planner, String tool, int budget, int batch, String signingKey,
                           Map<String, String> dataFiles,
                           @JsonInclude(JsonInclude.Include.NON_NULL) String toolFingerprint) implements TraceEvent {
        public CampaignStarted {
            required(scenario, "scenario");
            required(source, "source");
            required(document, "document");
            required(planner, "planner");
            required(tool, "tool");
        }

        /** A header that names no data files (a scenario whose tools read none). */
        public CampaignStarted(int formatVersion, String scenario, String source, JsonNode document, long seed,
                               String planner, String tool, int budget, int batch, String signingKey) {
            this(formatVersion, scenario, source, document, seed, planner, tool, budget, batch, signingKey, Map.of());
        }

        /** A header of a campaign whose tool is not deterministic. */
        public CampaignStarted(int formatVersion, String scenario, String source, JsonNode document, long seed,
                               String planner, String tool, int budget, int batch, String signingKey,
                               Map<String, String> dataFiles) {
            this(formatVersion, scenario, source, document, seed, planner, tool, budget, batch, signingKey, dataFiles,
                    null);
        }

        /**
         * The version this sciloop writes; 2 added signed checkpoints, 3 signs each checkpoint's whole line
         * (its time, its actor, any field added to it), so a seal vouches for itself too.
         */
        public static final int FORMAT_VERSION = 3;

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * A campaign picked up after an interruption.
     *
     * @param reissued experiments requested before the interruption that the tool says never started
     * @param unresolved experiments whose outcome nobody can tell; recorded as failed for a person to check
     * @param setAside a file holding a last line cut off mid-write before the resume, or null
     * @param signingKey the key of the checkpoints from here on (the resuming machine's may differ)
     * @param dataFiles the data files' fingerprints as this resume read them; they differ from the ones before
     *     only when the person resuming accepted changed data; null in traces written before sciloop recorded them
     * @param told how many results people told with this resume: each is on record (its last line the person's
     *     signature) before anything else the resume does, and a resume that stopped before all were is set aside
     *     whole by the next one
     */
    record CampaignResumed(long afterSeq, List<String> reissued, List<String> unresolved, String setAside,
                           String signingKey, Map<String, String> dataFiles, int told) implements TraceEvent {
        public CampaignResumed {
            required(reissued, "reissued");
            required(unresolved, "unresolved");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * The campaign holds the device its actuator drives, alone, from here until it ends or is interrupted
     * (written after each start and resume of a live campaign on an actuator).
     *
     * @param holder who holds it: the campaign's trace, the process and the machine
     */
    record DeviceReserved(String device, String holder) implements TraceEvent {
        public DeviceReserved {
            required(device, "device");
            required(holder, "holder");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /** A planner's batch, each experiment with the id the engine gave it, and the planner's details. */
    record ProposalMade(int round, List<PlannedExperiment> experiments, String rationale,
                        Map<String, Object> details, String stop) implements TraceEvent {
        public ProposalMade {
            required(experiments, "experiments");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    record PlannedExperiment(String id, Settings settings, String rationale, List<String> tests,
                             Map<String, Object> details) {
        public PlannedExperiment {
            required(id, "id");
            required(settings, "settings");
        }
    }

    /**
     * A planner's language-model call while working out round {@code round}'s proposal (written before
     * that proposal): messages sent, answer or failure, tokens, cost and latency.
     */
    record ModelExchanged(int round, ModelExchange exchange) implements TraceEvent {
        public ModelExchanged {
            required(exchange, "exchange");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * An earlier campaign brought in as prior data, written after the header and before the first proposal (one line
     * per campaign): the observations a planner may learn from as a related task. They are not this campaign's
     * experiments and count against nothing.
     */
    record HistoryRecalled(PriorCampaign prior) implements TraceEvent {
        public HistoryRecalled {
            required(prior, "prior");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * A planner looked something up with one of the scenario's read-only {@code lookups} tools while working
     * out round {@code round}'s proposal: what it asked and what came back ({@code outputs}, or {@code failure}).
     */
    record LookupMade(int round, String tool, Map<String, Object> arguments, Map<String, Object> outputs,
                      String failure, long micros) implements TraceEvent {
        public LookupMade {
            required(tool, "tool");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    record HypothesisProposed(Hypothesis hypothesis) implements TraceEvent {
        public HypothesisProposed {
            required(hypothesis, "hypothesis");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    record HypothesisUpdated(Hypothesis hypothesis) implements TraceEvent {
        public HypothesisUpdated {
            required(hypothesis, "hypothesis");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /** The safety policy refused an experiment; the tool was never called. */
    record ActionDenied(String experimentId, String tool, Settings settings, String rule, String reason)
            implements TraceEvent {
        public ActionDenied {
            required(experimentId, "experimentId");
            required(tool, "tool");
            required(settings, "settings");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /** About to call a tool. For an actuating tool this line is on disk before the call starts. */
    record ActionRequested(String experimentId, String tool, Effect effect, Map<String, Object> arguments)
            implements TraceEvent {
        public ActionRequested {
            required(experimentId, "experimentId");
            required(tool, "tool");
            required(effect, "effect");
            requiredValues(arguments, "arguments");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /** One step a tool took on a device during a requested call: a write with its old and new value, a call. */
    record DeviceStepped(String experimentId, String operation, String target, Object before, Object after)
            implements TraceEvent {
        public DeviceStepped {
            required(experimentId, "experimentId");
            required(operation, "operation");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /** A dry run: what the call would have sent, had it been sent. Nothing was. */
    record ActionDryRun(String experimentId, String tool, Map<String, Object> arguments, List<DeviceStep> wouldSend)
            implements TraceEvent {
        public ActionDryRun {
            required(experimentId, "experimentId");
            required(tool, "tool");
            requiredValues(arguments, "arguments");
            required(wouldSend, "wouldSend");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * A call's answer.
     *
     * @param ranAt the settings really run when the tool says they differ from the request, else null
     * @param answeredFrom where the answer was taken from instead of calling the tool (a deterministic tool's
     *     answer to the same call in an earlier campaign), else null
     */
    record ActionCompleted(String experimentId, Map<String, Object> outputs, long micros,
                           @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Object> ranAt,
                           @JsonInclude(JsonInclude.Include.NON_NULL) AnsweredFrom answeredFrom)
            implements TraceEvent {
        public ActionCompleted {
            required(experimentId, "experimentId");
            requiredValues(outputs, "outputs");
            if (ranAt != null) {
                requiredValues(ranAt, "ranAt");
            }
        }

        public ActionCompleted(String experimentId, Map<String, Object> outputs, long micros) {
            this(experimentId, outputs, micros, null, null);
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /** An observation on record in another campaign's trace: its campaign, line and that line's hash. */
    record AnsweredFrom(String campaign, long line, String lineHash) {
        public AnsweredFrom {
            required(campaign, "campaign");
            required(lineHash, "lineHash");
        }
    }

    record ActionFailed(String experimentId, String reason, boolean retriable, long micros) implements TraceEvent {
        public ActionFailed {
            required(experimentId, "experimentId");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    record ObservationRecorded(Observation observation) implements TraceEvent {
        public ObservationRecorded {
            required(observation, "observation");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * An experiment waits for a person's approval before it may run ({@code approval:} in the scenario): what it
     * would send ({@code wouldSend}, as a dry run says it), after the safety policy allowed it.
     */
    record ApprovalRequested(String experimentId, String tool, Map<String, Object> arguments,
                             List<DeviceStep> wouldSend) implements TraceEvent {
        public ApprovalRequested {
            required(experimentId, "experimentId");
            required(tool, "tool");
            requiredValues(arguments, "arguments");
            required(wouldSend, "wouldSend");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /** A person approved or denied a waiting experiment, and why; written as theirs and signed by them. */
    record ApprovalDecided(String experimentId, boolean approved, String reason) implements TraceEvent {
        public ApprovalDecided {
            required(experimentId, "experimentId");
            reason = reason == null ? "" : reason;
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * A person's signature of an earlier line (21 CFR 11.50/11.70 style): who signed ({@code person}, with
     * their own key, not the machine's), when ({@code signedAt}), what it meant ({@code meaning}: "measured",
     * "reported failed"), and the line it belongs to ({@code line} and that line's {@code lineHash}), all
     * under the signature ({@link PersonalKey#message}).
     */
    record PersonSigned(String person, String meaning, long line, String lineHash, String signedAt,
                        String publicKey, String signature) implements TraceEvent {
        public PersonSigned {
            required(person, "person");
            required(meaning, "meaning");
            required(lineHash, "lineHash");
            required(signedAt, "signedAt");
            required(publicKey, "publicKey");
            required(signature, "signature");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * The engine stopped without finishing: something it needs could not be reached (a model provider, an
     * instrument), or an internal error. The campaign can be resumed.
     */
    record CampaignPaused(String reason) implements TraceEvent {
        public CampaignPaused {
            required(reason, "reason");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /** The last line of a finished campaign; a finished campaign cannot be resumed. */
    record CampaignFinished(String stopReason, String detail, int experiments, Observation best)
            implements TraceEvent {
        public CampaignFinished {
            required(stopReason, "stopReason");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * A signature over every line before this one (through the previous line's hash), by the key the
     * header or the latest {@code CampaignResumed} declared. Written by the trace writer every so many
     * lines and, {@code sealed}, when it closes: a trace that does not end in a seal was cut off or its
     * writer died.
     */
    record Checkpoint(boolean sealed, String signature) implements TraceEvent {
        public Checkpoint {
            required(signature, "signature");
        }

        @Override
        public void accept(TraceRecord at, TraceVisitor visitor) {
            visitor.on(this, at);
        }
    }

    /**
     * Refuses an event without one of the fields its readers rely on: a line that lacks one was not written by
     * sciloop, and is reported as damaged at its line instead of failing whoever reads it later.
     */
    private static void required(Object value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("no '" + field + "'");
        }
    }

    /** A map of settings or results: each name has a value (a JSON null is no setting nor result of sciloop's). */
    private static void requiredValues(Map<String, ?> map, String field) {
        required(map, field);
        map.forEach((name, value) -> {
            if (name == null || value == null) {
                throw new IllegalArgumentException("'" + field + "' has no value for '" + name + "'");
            }
        });
    }
}
