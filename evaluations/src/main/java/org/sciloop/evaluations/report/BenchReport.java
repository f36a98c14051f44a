package org.sciloop.evaluations.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.sciloop.core.model.Objective;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVerification;
import org.sciloop.evaluations.bench.BenchManifest;
import org.sciloop.evaluations.bench.BenchmarkReport;
import org.sciloop.evaluations.bench.PlannerBenchmark;
import org.sciloop.evaluations.metrics.RunMetrics;
import org.sciloop.evaluations.metrics.Spread;

/** The report of a benchmark folder, from the traces of its campaigns (the system of record), not its CSVs. */
public final class BenchReport {

    /**
     * One campaign of the benchmark: its trace's intact lines, what verifying it found, and with several
     * objectives its front's score after each experiment ({@link org.sciloop.evaluations.bench.TrueFront}).
     */
    public record Campaign(String planner, long seed, List<TraceRecord> records,
                           TraceVerification.Result verification, Optional<double[]> frontScores) {
    }

    /** With several objectives: what the campaigns' front scores measure, and its best possible value. */
    public record FrontMeasure(Objective measure, OptionalDouble best, String objectives) {
    }

    private BenchReport() {
    }

    public static Document build(BenchManifest manifest, List<Campaign> campaigns, OptionalDouble optimum,
                                 Optional<FrontMeasure> front) {
        var objective = front.map(FrontMeasure::measure).orElse(manifest.asObjective());
        OptionalDouble best = front.map(FrontMeasure::best).orElse(optimum);
        Map<String, List<RunMetrics>> byPlanner = new LinkedHashMap<>();
        manifest.planners().forEach(p -> byPlanner.put(p, new ArrayList<>()));
        int stoppedPartWay = 0;
        for (Campaign c : campaigns) {
            RunMetrics m = RunMetrics.of(c.records(), manifest.asObjective(), optimum);
            if (m.stopReason().filter("STOPPED"::equals).isPresent()) {
                stoppedPartWay++;  // a benchmark stopped by a signal: not a whole run, as bench's tables leave it out
                continue;
            }
            byPlanner.computeIfAbsent(c.planner(), k -> new ArrayList<>())
                    .add(front.isPresent() ? m.measuredBy(objective, c.frontScores().orElseThrow(), best) : m);
        }
        List<RunMetrics> whole = byPlanner.values().stream().flatMap(List::stream).toList();
        int budget = manifest.budget() != null ? manifest.budget()
                : Math.max(1, whole.stream().mapToInt(RunMetrics::experiments).max().orElse(1));
        long endedEarly = whole.stream().filter(r -> r.experiments() < budget).count();
        Document doc = new Document("Benchmark report: " + manifest.scenario());
        doc.paragraph("Scenario " + manifest.scenario() + "; planners " + String.join(", ", manifest.planners())
                + "; seeds " + manifest.firstSeed() + ".." + (manifest.firstSeed() + manifest.seeds() - 1) + " ("
                + manifest.seeds() + " per planner); " + front.map(f -> "objectives: " + f.objectives() + ", each"
                + " campaign scored by the " + objective.name() + " of its Pareto front (on noise-free values where"
                + " the tool knows them)").orElse("objective: " + objective.goal().name().toLowerCase() + " "
                + objective.name() + objective.target().stream().mapToObj(t -> ", target " + Figures.number(t))
                .findFirst().orElse("")) + best.stream().mapToObj(o -> ", best possible " + Figures.number(o))
                .findFirst().orElse("") + ". " + (stoppedPartWay == 0 && endedEarly == 0
                ? "Every campaign ran its whole budget (target and patience off)."
                : (manifest.budget() != null ? "Budget " + budget + " experiments" : "Campaigns") + " (target and patience"
                + " off)" + (endedEarly == 0 ? "" : "; "
                + endedEarly + " campaign(s) ended before it, with nothing left to propose, and the best each reached"
                + " stands at the later checkpoints") + (stoppedPartWay == 0 ? "" : "; " + stoppedPartWay
                + " campaign(s) stopped part way (a benchmark stopped by a signal) are left out of the figures") + "."));

        doc.heading("Trace integrity");
        long verified = campaigns.stream().filter(c -> c.verification().verified()).count();
        doc.paragraph(verified + " of " + campaigns.size() + " campaign traces verified (hash chain, signed"
                + " checkpoints, sealed)." + (campaigns.size() < manifest.planners().size() * manifest.seeds()
                ? " " + (manifest.planners().size() * manifest.seeds() - campaigns.size()) + " trace(s) missing." : ""));
        List<List<String>> problems = campaigns.stream().filter(c -> !c.verification().verified())
                .map(c -> List.of(c.planner() + "-" + c.seed(), Figures.integrity(c.verification()))).toList();
        if (!problems.isEmpty()) {
            doc.table(List.of("campaign", "finding"), problems, null);
        }

        doc.heading("Summary");
        if (whole.isEmpty()) {
            doc.paragraph("No campaign ran its whole budget: there is nothing to tabulate or chart.");
            return doc;
        }
        byPlanner.values().removeIf(List::isEmpty);
        int[] checkpoints = BenchmarkReport.checkpoints(budget, List.of());
        List<String> headers = new ArrayList<>(List.of("planner", "runs"));
        for (int at : checkpoints) {
            headers.add("mean best @" + at);
        }
        headers.addAll(List.of("median to target", "reached target", "mean area per experiment",
                "failed (mean)", "denied (mean)", "planning per round (median)"));
        List<List<String>> rows = new ArrayList<>();
        byPlanner.forEach((planner, runs) -> rows.add(summaryRow(planner, runs, objective.target().isPresent(),
                checkpoints)));
        doc.table(headers, rows, "mean best @n: the best so far after n experiments, averaged over seeds;"
                + " area: the area under the best-so-far curve divided by its length, averaged over seeds");

        Map<String, Spread> spreads = new LinkedHashMap<>();
        byPlanner.forEach((planner, runs) -> spreads.put(planner,
                Spread.of(runs.stream().map(r -> throughBudget(r.bestSoFar(), budget)).toList())));
        doc.heading("Convergence").figure(new Document.Figure("convergence.png", "Best " + objective.name()
                + " so far: mean across seeds, bars one standard deviation either side",
                Charts.spread(spreads, objective, "Convergence across " + manifest.seeds() + " seeds")));
        doc.table(quartileHeaders(checkpoints), quartileRows(spreads, checkpoints), "the spread behind the plot:"
                + " quartiles across seeds");
        return doc;
    }

    /** A best-so-far curve out to the budget: a run that ended sooner keeps its last best (a tester saw it end). */
    private static double[] throughBudget(double[] bestSoFar, int budget) {
        if (bestSoFar.length == 0 || bestSoFar.length >= budget) {
            return bestSoFar;
        }
        double[] curve = Arrays.copyOf(bestSoFar, budget);
        Arrays.fill(curve, bestSoFar.length, budget, bestSoFar[bestSoFar.length - 1]);
        return curve;
    }

    private static List<String> summaryRow(String planner, List<RunMetrics> runs, boolean hasTarget,
                                           int[] checkpoints) {
        List<String> row = new ArrayList<>(List.of(planner, String.valueOf(runs.size())));
        for (int at : checkpoints) {
            // A run that ended sooner keeps the best it reached, as bench's own tables do.
            row.add(Figures.number(runs.stream().filter(r -> r.experiments() > 0)
                    .mapToDouble(r -> r.bestSoFar()[Math.min(at, r.experiments()) - 1]).filter(v -> !Double.isNaN(v))
                    .average().orElse(Double.NaN)));
        }
        List<OptionalInt> toTarget = runs.stream().map(RunMetrics::experimentsToTarget).toList();
        row.add(hasTarget ? Figures.number(PlannerBenchmark.medianToTarget(toTarget)) : "-");
        row.add(hasTarget ? toTarget.stream().filter(OptionalInt::isPresent).count() + "/" + runs.size() : "-");
        row.add(Figures.number(runs.stream().mapToDouble(RunMetrics::meanBestSoFar).average().orElse(Double.NaN)));
        row.add(Figures.number(runs.stream().mapToInt(RunMetrics::failed).average().orElse(Double.NaN)));
        row.add(Figures.number(runs.stream().mapToInt(RunMetrics::denied).average().orElse(Double.NaN)));
        row.add(Figures.seconds(RunMetrics.median(runs.stream().flatMapToDouble(r -> Arrays.stream(r.planningSeconds()))
                .toArray())));
        return row;
    }

    private static List<String> quartileHeaders(int[] checkpoints) {
        List<String> headers = new ArrayList<>(List.of("planner"));
        for (int at : checkpoints) {
            headers.add("@" + at + ": q1 / mean / q3");
        }
        return headers;
    }

    private static List<List<String>> quartileRows(Map<String, Spread> spreads, int[] checkpoints) {
        List<List<String>> rows = new ArrayList<>();
        spreads.forEach((planner, s) -> {
            List<String> row = new ArrayList<>(List.of(planner));
            for (int at : checkpoints) {
                row.add(s.mean().length >= at ? Figures.number(s.lowerQuartile()[at - 1]) + " / "
                        + Figures.number(s.mean()[at - 1]) + " / " + Figures.number(s.upperQuartile()[at - 1]) : "-");
            }
            rows.add(row);
        });
        return rows;
    }
}
