package org.sciloop.memory.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Observation;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/**
 * A campaign's trace as the engine writes one (header, then per experiment a proposal, a request, its completion
 * and the observation; the hypotheses; the end), made up: for the store's benchmark and tests.
 */
public final class SyntheticTrace {
    private SyntheticTrace() {
    }

    /**
     * Writes the trace of campaign {@code id} of {@code scenario} to {@code file}, started at {@code start}. An
     * observation whose tool starts with {@code person:} is recorded as that person's (told by hand).
     */
    public static void write(Path file, String id, String scenario, Instant start, List<Observation> observations,
                             List<Hypothesis> hypotheses, boolean finished) {
        ObjectNode document = JsonNodeFactory.instance.objectNode();
        document.put("name", scenario);
        document.putObject("objective").put("name", "yield").put("goal", "maximize");
        document.putObject("experiment").put("tool", "table-emulator");
        try (TraceWriter trace = TraceWriter.create(file, id, Clock.fixed(start, ZoneOffset.UTC), Durability.NONE,
                TraceSigner.ephemeral())) {
            // A table emulator is deterministic: its answers may stand for the same call later (memoisation).
            trace.append("engine", new TraceEvent.CampaignStarted(TraceEvent.CampaignStarted.FORMAT_VERSION, scenario,
                    "builtin:" + scenario, document, 1, "bo", "table-emulator", observations.size(), 1,
                    trace.signingKey(), Map.of(), RecordedAnswers.fingerprint(document.get("experiment"), Map.of())));
            int round = 0;
            for (Observation o : observations) {
                String by = o.tool() != null && o.tool().startsWith("person:") ? o.tool() : "engine";
                trace.append("planner:bo", new TraceEvent.ProposalMade(round++, List.of(
                        new TraceEvent.PlannedExperiment(o.experimentId(), o.settings(), "synthetic", List.of(),
                                Map.of())), "synthetic", Map.of(), null));
                trace.append("engine", new TraceEvent.ActionRequested(o.experimentId(), "table-emulator",
                        Effect.READ_ONLY, o.settings().values()));
                trace.append(by.equals("engine") ? "tool:table-emulator" : by, new TraceEvent.ActionCompleted(
                        o.experimentId(), Map.copyOf(o.outcomes()), 100));
                trace.append(by, new TraceEvent.ObservationRecorded(o));
            }
            for (Hypothesis h : hypotheses) {
                trace.append("planner:hypothesis", new TraceEvent.HypothesisProposed(h));
            }
            if (finished) {
                trace.append("engine", new TraceEvent.CampaignFinished("budget", "synthetic", observations.size(),
                        null));
            }
        }
    }
}
