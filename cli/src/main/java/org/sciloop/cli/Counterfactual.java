package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceWriter;
import org.sciloop.evaluations.bench.PlannerSpec;
import org.sciloop.evaluations.bench.TrueFront;
import org.sciloop.evaluations.metrics.RunMetrics;
import org.sciloop.evaluations.report.Figures;

/**
 * {@code sciloop replay TRACE --planner OTHER}: what another planner would have done from the same start. The
 * recorded campaign's first experiments (its first proposal, or {@code --initial N}) are carried over as they
 * were measured; the other planner goes on from there against the same emulated experiment, under the same
 * scenario, seed, budget and stop rules, in a campaign of its own with its own trace. Then the two are compared.
 */
final class Counterfactual {
    private final Clock clock = Clock.systemUTC();
    private final PrintWriter out;

    Counterfactual(PrintWriter out) {
        this.out = out;
    }

    int run(Path traceFile, CampaignHistory history, Campaign recorded, String planner, Integer initial,
                    Path requestedFolder) {
        if (recorded.tool() instanceof Actuator) {
            throw new InputException("tool '" + recorded.scenario().tool() + "' actuates an instrument: a counterfactual"
                    + " would run real experiments. Replay it against a simulated instrument or an emulator instead");
        }
        if (recorded.scenario().tool().equals(Scenario.MANUAL_TOOL)) {
            throw new InputException("its experiments were run by people (tool 'manual'): no tool can answer another"
                    + " planner's proposals, so there is no counterfactual to run");
        }
        PlannerSpec spec = PlannerSpec.parse(planner, "--planner");  // bo, or a configuration of it: bo:pareto=parego
        Registry.planners().get(spec.name());  // an unknown name fails here, listing the known ones
        List<Observation> prior = startingPoint(history, initial);
        // Run by hand with a tool that can answer (an emulator): the other planner's experiments go to the tool.
        Scenario scenario = spec.applyTo(recorded.scenario().edited(doc -> doc.withObjectProperty("experiment")
                .remove("manual")), "--planner");
        // Built and connected before the run folder is made: a planner that cannot start leaves nothing behind.
        try (Campaign other = Campaign.assemble(scenario, recorded.seed(), Registry.tools(), Registry.planners())) {
            other.connect();
            return run(traceFile, history, recorded, other, spec.label(), prior, requestedFolder);
        }
    }

    private int run(Path traceFile, CampaignHistory history, Campaign recorded, Campaign other, String planner,
                    List<Observation> prior, Path requestedFolder) {
        Scenario scenario = other.scenario();
        Path folder = CampaignFiles.newRunFolder(requestedFolder != null ? requestedFolder
                : traceFile.toAbsolutePath().getParent().resolve("counterfactual-" + planner), scenario.name(),
                clock.instant());
        out.printf("counterfactual: planner %s instead of %s on %s (seed %d), from the same %d experiment(s) -> %s%n",
                planner, history.started().planner(), scenario.name(), recorded.seed(), prior.size(), folder);
        out.flush();
        Path trace = folder.resolve(CampaignFiles.TRACE);
        CampaignResult result;
        try (TraceWriter writer = TraceWriter.create(trace, UUID.randomUUID().toString(), clock,
                Durability.ACTUATIONS, UserConfig.signer())) {
            result = new CampaignEngine(other, writer, clock)
                    .startFrom(history.started().source(), prior, "replay:" + history.campaignId());
        }
        CampaignFiles.writeSummary(folder, result, scenario.name(), planner, recorded.seed());

        Scenario measured = recorded.scenario();
        List<TraceRecord> replayed = TraceReader.readIntact(trace);
        var objective = measured.objective();
        OptionalDouble optimum = GroundTruth.bestPossible(recorded.tool(), objective);
        RunMetrics before = RunMetrics.of(history.records(), objective, measured.outcomeConstraints(), optimum);
        RunMetrics after = RunMetrics.of(replayed, objective, measured.outcomeConstraints(), optimum);
        if (measured.multiObjective()) {
            // Each scored by its front, from one reference point: the scenario's, or inferred from both campaigns.
            List<Observation> replayedObservations = CampaignHistory.of(replayed).observations();
            List<Observation> both = new java.util.ArrayList<>(history.observations());
            both.addAll(replayedObservations);
            double[] reference = ParetoFront.of(measured.objectives(), measured.outcomeConstraints(), both)
                    .referenceOrInferred(both);
            List<Objective> referenced = new java.util.ArrayList<>();
            for (int k = 0; k < reference.length; k++) {
                Objective g = measured.objectives().get(k);
                referenced.add(new Objective(g.name(), g.goal(), g.target(), OptionalDouble.of(reference[k])));
            }
            before = before.measuredBy(HYPERVOLUME, TrueFront.hypervolumes(referenced, measured.outcomeConstraints(),
                    history.observations(), recorded.tool()), OptionalDouble.empty());
            after = after.measuredBy(HYPERVOLUME, TrueFront.hypervolumes(referenced, measured.outcomeConstraints(),
                    replayedObservations, recorded.tool()), OptionalDouble.empty());
            out.printf("each scored by the hypervolume of its front (experiments that keep the outcome constraints),"
                    + " on noise-free values where the tool knows them, from the reference point (%s)%s%n",
                    java.util.stream.IntStream.range(0, reference.length).mapToObj(k -> referenced.get(k).name() + " "
                            + Figures.number(reference[k])).collect(Collectors.joining(", ")),
                    ParetoFront.unreferenced(measured.objectives()).isEmpty() ? "" : "; inferred for "
                            + String.join(", ", ParetoFront.unreferenced(measured.objectives()))
                            + " from both campaigns: the scenario gives none");
        }
        compare(before, history.started().planner(), after, planner, prior.size());
        if (measured.manual()) {
            out.printf("note: the recorded experiments were run by hand and told by people, the counterfactual's"
                    + " answered by %s: the columns set a laboratory's results beside its emulator's%n",
                    other.scenario().tool());
        }
        out.printf("trace  %s%n", trace);
        return ExitCode.OK;
    }

    /** What a campaign with several objectives is compared by: its front's hypervolume after each experiment. */
    private static final Objective HYPERVOLUME = new Objective("hypervolume", Objective.Goal.MAXIMIZE,
            OptionalDouble.empty());

    /** The recorded campaign's first proposal's experiments (or its first {@code initial}), as observed. */
    private static List<Observation> startingPoint(CampaignHistory history, Integer initial) {
        List<Observation> observed = history.observations();
        if (initial != null) {
            if (initial < 0 || initial > observed.size()) {
                throw new InputException("--initial must be between 0 and the " + observed.size()
                        + " experiments the trace observed, got " + initial);
            }
            return observed.subList(0, initial);
        }
        Set<String> first = history.proposals().stream().findFirst().map(p -> p.experiments().stream()
                .map(TraceEvent.PlannedExperiment::id).collect(Collectors.toSet())).orElse(Set.of());
        return observed.stream().filter(o -> first.contains(o.experimentId())).toList();
    }

    private void compare(RunMetrics a, String aName, RunMetrics b, String bName, int shared) {
        String name = a.objective().name();
        String left = "recorded (" + aName + ")";
        String right = "counterfactual (" + bName + ")";
        // both columns right-aligned, as wide as their heading or the longest stop reason (BUDGET_EXHAUSTED)
        int reason = Math.max(a.stopReason().orElse("-").length(), b.stopReason().orElse("-").length());
        String row = "%-34s %" + Math.max(left.length(), Math.max(reason, 14)) + "s   %"
                + Math.max(right.length(), Math.max(reason, 14)) + "s%n";
        out.printf(row, "", left, right);
        out.printf(row, "experiments", a.experiments(), b.experiments());
        out.printf(row, "stopped", a.stopReason().orElse("-"), b.stopReason().orElse("-"));
        out.printf(row, "best " + name, Figures.number(a.best()), Figures.number(b.best()));
        int longest = Math.max(a.experiments(), b.experiments());
        for (int at : new int[] {shared + 5, shared + 10, shared + 20, shared + 45}) {
            if (at <= longest && at > shared) {
                out.printf(row, "best " + name + " after " + at, bestAt(a, at), bestAt(b, at));
            }
        }
        if (a.objective().target().isPresent()) {
            out.printf(row, "experiments to target", Figures.toTarget(a.experimentsToTarget()),
                    Figures.toTarget(b.experimentsToTarget()));
        }
        out.printf(row, "area under best so far, per exp.", Figures.number(a.meanBestSoFar()),
                Figures.number(b.meanBestSoFar()));
        out.printf("(the first %d experiment(s) are shared; a campaign stopped at its target keeps its best after)%n",
                shared);
    }

    /** The best after {@code at} experiments; "-" for a campaign that ran fewer and had not reached its target. */
    private static String bestAt(RunMetrics m, int at) {
        double[] best = m.bestSoFar();
        boolean reached = m.stopReason().filter("TARGET_REACHED"::equals).isPresent();
        return best.length == 0 || (at > best.length && !reached) ? "-"
                : Figures.number(best[Math.min(at, best.length) - 1]);
    }
}
