package org.sciloop.evaluations.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.sciloop.core.model.Objective;
import org.sciloop.evaluations.metrics.RunMetrics;

/**
 * Writes {@code results.csv} (one row per experiment of every run) and {@code summary.csv} (per planner: mean
 * best so far at 5, 10, 20, 30, 50 experiments, median experiments to target, mean seconds per campaign),
 * and prints the summary as a table.
 */
public final class BenchmarkReport {
    public static final int[] CHECKPOINTS = {5, 10, 20, 30, 50};

    /** One planner's line of the summary; NaN where the budget is shorter than the checkpoint. */
    public record Line(String planner, int runs, double[] meanBestAt, OptionalDouble medianToTarget,
                       int reachedTarget, double meanSeconds) {
    }

    private BenchmarkReport() {
    }

    public static List<Line> summarise(List<PlannerBenchmark.Run> runs, Objective objective) {
        Map<String, List<PlannerBenchmark.Run>> byPlanner = new LinkedHashMap<>();
        runs.forEach(r -> byPlanner.computeIfAbsent(r.planner(), k -> new ArrayList<>()).add(r));
        List<Line> lines = new ArrayList<>();
        byPlanner.forEach((planner, list) -> {
            double[] means = new double[CHECKPOINTS.length];
            for (int c = 0; c < CHECKPOINTS.length; c++) {
                int at = CHECKPOINTS[c];
                means[c] = list.stream().filter(r -> r.values().length >= at)
                        .mapToDouble(r -> RunMetrics.bestSoFar(r.values(), objective.goal())[at - 1])
                        .filter(v -> !Double.isNaN(v)).average().orElse(Double.NaN);
            }
            List<OptionalInt> toTarget = list.stream().map(r -> RunMetrics.experimentsToTarget(
                    RunMetrics.bestSoFar(r.values(), objective.goal()), objective)).toList();
            lines.add(new Line(planner, list.size(), means,
                    objective.target().isPresent() ? PlannerBenchmark.medianToTarget(toTarget) : OptionalDouble.empty(),
                    (int) toTarget.stream().filter(OptionalInt::isPresent).count(),
                    list.stream().mapToDouble(PlannerBenchmark.Run::seconds).average().orElse(0)));
        });
        return lines;
    }

    public static void writeResults(Path file, String scenario, List<PlannerBenchmark.Run> runs, Objective.Goal goal) {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("planner,scenario,seed,experiment,value,best_so_far");
            for (PlannerBenchmark.Run r : runs) {
                double[] best = RunMetrics.bestSoFar(r.values(), goal);
                for (int i = 0; i < r.values().length; i++) {
                    out.printf(Locale.ROOT, "%s,%s,%d,%d,%s,%s%n", r.planner(), scenario, r.seed(), i + 1,
                            csv(r.values()[i]), csv(best[i]));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void writeSummary(Path file, List<Line> lines, Objective objective) {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            StringBuilder header = new StringBuilder("planner,runs");
            for (int c : CHECKPOINTS) {
                header.append(",mean_best_at_").append(c);
            }
            out.println(header.append(",median_experiments_to_target,runs_reaching_target,mean_seconds"));
            for (Line l : lines) {
                StringBuilder row = new StringBuilder(l.planner()).append(',').append(l.runs());
                for (double m : l.meanBestAt()) {
                    row.append(',').append(csv(m));
                }
                row.append(',').append(l.medianToTarget().isPresent() ? csv(l.medianToTarget().getAsDouble()) : "")
                        .append(',').append(objective.target().isPresent() ? String.valueOf(l.reachedTarget()) : "")
                        .append(',').append(String.format(Locale.ROOT, "%.3f", l.meanSeconds()));
                out.println(row);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    public static void print(PrintWriter out, List<Line> lines, Objective objective) {
        out.printf("%n%-10s %5s", "planner", "runs");
        for (int c : CHECKPOINTS) {
            out.printf(" %9s", "@" + c);
        }
        String target = objective.target().isPresent()
                ? "to " + fmt(objective.target().getAsDouble()) : "to target";
        out.printf(" %14s %9s%n", target, "s/run");
        for (Line l : lines) {
            out.printf("%-10s %5d", l.planner(), l.runs());
            for (double m : l.meanBestAt()) {
                out.printf(" %9s", Double.isNaN(m) ? "-" : fmt(m));
            }
            String median = objective.target().isEmpty() ? "-"
                    : l.medianToTarget().isPresent() ? fmt(l.medianToTarget().getAsDouble()) + " (" + l.reachedTarget() + "/" + l.runs() + ")"
                    : "never (" + l.reachedTarget() + "/" + l.runs() + ")";
            out.printf(" %14s %9.2f%n", median, l.meanSeconds());
        }
        out.printf("(mean best %s so far after 5..50 experiments; median experiments to reach the target, runs that"
                + " reached it)%n", objective.name());
        out.flush();
    }

    private static String csv(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3g", v);
    }
}
