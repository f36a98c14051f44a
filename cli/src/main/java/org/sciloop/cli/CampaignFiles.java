package org.sciloop.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.model.Objective;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.trace.TraceWriter;

/** The files of a run folder: {@code trace.jsonl} (the record) and {@code summary.json} (for people and scripts). */
final class CampaignFiles {
    static final String TRACE = "trace.jsonl";
    static final String SUMMARY = "summary.json";
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private CampaignFiles() {
    }

    /** A new run folder: the one asked for (which must not hold a campaign yet), or runs/SCENARIO-UTC. */
    static Path newRunFolder(Path requested, String scenario, Instant now) {
        Path folder = requested;
        if (folder == null) {
            Path base = Path.of("runs", scenario + "-" + STAMP.format(now));
            folder = base;
            for (int n = 2; Files.exists(folder); n++) {
                folder = Path.of(base + "-" + n);
            }
        } else if (neverStarted(folder.resolve(TRACE))) {
            try {
                Files.delete(folder.resolve(TRACE));  // a process stopped before the first line: no campaign
            } catch (IOException e) {
                throw new InputException("cannot remove the empty " + folder.resolve(TRACE) + ": " + IoReason.of(e));
            }
        } else if (Files.exists(folder.resolve(TRACE))) {
            throw new InputException(folder + " already holds a campaign (" + TRACE + "); choose another --out,"
                    + " or continue it with 'sciloop resume " + folder + "'");
        }
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new InputException("cannot create the run folder " + folder + ": " + IoReason.of(e));
        }
    }

    /**
     * Whether {@code trace} is the empty file of a campaign stopped (killed) before its first line, and no
     * process writes it now: nothing was run, and the folder may be used again.
     */
    static boolean neverStarted(Path trace) {
        try {
            if (!Files.isRegularFile(trace) || Files.size(trace) != 0) {
                return false;
            }
        } catch (IOException e) {
            return false;
        }
        TraceWriter.requireNotInUse(trace);
        return true;
    }

    /** A campaign with several objectives: its Pareto front, and the hypervolume from the reference point. */
    private static void writeFront(ObjectNode summary, CampaignState state) {
        List<Objective> objectives = state.objectives();
        List<Observation> observations = state.observations();
        ParetoFront front = state.front();
        double[] reference = front.referenceOrInferred(observations);
        ObjectNode r = summary.putObject("reference");
        for (int k = 0; k < objectives.size(); k++) {
            r.put(objectives.get(k).name(), reference[k]);
        }
        ArrayNode inferred = summary.putArray("referenceInferred");  // the objectives whose reference was inferred
        ParetoFront.unreferenced(objectives).forEach(inferred::add);
        summary.put("hypervolume", front.hypervolume(reference));
        ArrayNode members = summary.putArray("front");
        for (Observation o : front.members()) {
            ObjectNode m = members.addObject();
            m.put("experiment", o.experimentId());
            m.set("settings", JSON.valueToTree(o.settings()));
            ObjectNode outcomes = m.putObject("outcomes");
            objectives.forEach(g -> outcomes.put(g.name(), o.outcome(g.name()).getAsDouble()));
            state.outcomeConstraints().forEach(c -> outcomes.put(c.outcome(), o.outcome(c.outcome()).getAsDouble()));
        }
    }

    /** The outcome constraints, and how many experiments kept them all. */
    private static void writeFeasibility(ObjectNode summary, CampaignState state) {
        ArrayNode constraints = summary.putArray("outcomeConstraints");
        state.outcomeConstraints().forEach(c -> constraints.add(c.toString()));
        summary.put("feasibleExperiments", state.observations().stream()
                .filter(o -> o.status() == Observation.Status.OK && state.feasible(o)).count());
    }

    static void writeSummary(Path folder, CampaignResult result, String scenario, String planner, long seed) {
        ObjectNode summary = JSON.createObjectNode();
        summary.put("scenario", scenario);
        summary.put("planner", planner);
        summary.put("seed", seed);
        summary.put("experiments", result.experiments());
        String objective = result.state().objective().name();
        result.best().ifPresentOrElse(best -> {
            ObjectNode b = summary.putObject("best");
            b.set("settings", JSON.valueToTree(best.settings()));
            // With several objectives the best of the first; the front is the result.
            b.put("objective", objective);
            b.put("value", best.outcome(objective).getAsDouble());
        }, () -> summary.putNull("best"));
        if (!result.state().outcomeConstraints().isEmpty()) {
            writeFeasibility(summary, result.state());
        }
        if (result.state().objectives().size() > 1) {
            writeFront(summary, result.state());
        }
        summary.put("stopReason", result.stopReason().name());
        try {
            JSON.writeValue(folder.resolve(SUMMARY).toFile(), summary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(SUMMARY), e);
        }
    }
}
