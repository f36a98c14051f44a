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
import java.util.TreeSet;
import org.sciloop.core.InputException;
import org.sciloop.core.model.Objective;
import org.sciloop.evaluations.metrics.RunMetrics;

/**
 * The figures of a planner comparison, for any budget. Per planner: the mean best so far at each checkpoint with
 * its standard error; the median experiments to 95 % and 99 % of the best known value (with how many runs got
 * there) and to the scenario's target; and, for every other planner against the first one named, the paired
 * difference at each checkpoint (same seeds, so the luck of the draw cancels) with its standard error. Written
 * as {@code results.csv} (one row per experiment of every run), {@code summary.csv} and {@code paired.csv}, and
 * printed as tables.
 */
public final class BenchmarkReport {
    /** The shares of the best known value whose experiments-to are reported. */
    public static final double[] SHARES = {0.95, 0.99};

    /**
     * A planner's line of the summary; NaN where no run had a result by the checkpoint.
     *
     * @param runsAt at each checkpoint, the runs with a result by then, of which the mean is (a run whose every
     *               experiment so far failed has none)
     * @param reach experiments to each of {@link #SHARES} of the best known value
     */
    public record Line(String planner, int runs, double[] meanBestAt, double[] standardErrorAt, int[] runsAt,
                       Reach[] reach, OptionalDouble medianToTarget, int reachedTarget, double meanSeconds) {
    }

    /** The median experiments to a share of the best known value (runs that never got there count as slowest). */
    public record Reach(double share, OptionalDouble median, int runsThere) {
    }

    /** {@code planner} against {@code versus} at {@code at} experiments: the mean gain over paired seeds. */
    public record Paired(String planner, String versus, int at, int seeds, double meanGain, double standardError) {
        /** How many standard errors the gain is from none (NaN with fewer than two seeds). */
        public double standardErrors() {
            return meanGain / standardError;
        }
    }

    /**
     * The comparison.
     *
     * @param bestKnown the best value the tool can give (its known optimum, its table's best), or else the best
     *                  any run of this benchmark saw; {@code bestKnownFrom} says which
     * @param endedEarly the runs that ended before the last checkpoint (nothing left to propose in a pool, or the
     *                   planner stopped); their best so far stands at the later checkpoints
     */
    public record Summary(int[] checkpoints, double bestKnown, String bestKnownFrom, List<Line> lines,
                          List<Paired> paired, int endedEarly) {
    }

    private BenchmarkReport() {
    }

    /**
     * The checkpoints: those asked for ({@code at}, each within the budget), or the quarters of the budget (so
     * its middle and its end are always there).
     */
    public static int[] checkpoints(int budget, List<Integer> at) {
        TreeSet<Integer> points = new TreeSet<>();
        if (at != null && !at.isEmpty()) {
            for (int a : at) {
                if (a < 1 || a > budget) {
                    throw new InputException("--at " + a + ": a checkpoint is an experiment count from 1 to the"
                            + " budget, " + budget);
                }
                points.add(a);
            }
        } else {
            for (int q = 1; q <= 4; q++) {
                points.add(Math.max(1, (int) Math.ceil(budget * q / 4.0)));
            }
        }
        return points.stream().mapToInt(Integer::intValue).toArray();
    }

    public static Summary summarise(List<PlannerBenchmark.Run> runs, Objective objective, int[] checkpoints,
                                    OptionalDouble toolBest) {
        Map<String, List<PlannerBenchmark.Run>> byPlanner = new LinkedHashMap<>();
        runs.forEach(r -> byPlanner.computeIfAbsent(r.planner(), k -> new ArrayList<>()).add(r));
        boolean maximize = objective.goal() == Objective.Goal.MAXIMIZE;
        double seen = runs.stream().flatMapToDouble(r -> java.util.Arrays.stream(r.values()))
                .filter(v -> !Double.isNaN(v)).reduce((a, b) -> maximize ? Math.max(a, b) : Math.min(a, b))
                .orElse(Double.NaN);
        double best = toolBest.isPresent() ? toolBest.getAsDouble() : seen;
        String from = toolBest.isPresent() ? "the tool's best possible" : "the best any run saw";

        List<Line> lines = new ArrayList<>();
        byPlanner.forEach((planner, list) -> {
            double[] means = new double[checkpoints.length];
            double[] errors = new double[checkpoints.length];
            int[] runsAt = new int[checkpoints.length];
            for (int c = 0; c < checkpoints.length; c++) {
                double[] at = bestAt(list, checkpoints[c], objective);
                means[c] = mean(at);
                errors[c] = standardError(at);
                runsAt[c] = at.length;
            }
            List<double[]> curves = list.stream().map(r -> RunMetrics.bestSoFar(r.values(), objective.goal())).toList();
            Reach[] reach = new Reach[SHARES.length];
            for (int s = 0; s < SHARES.length; s++) {
                double share = SHARES[s];
                List<OptionalInt> to = curves.stream().map(curve -> experimentsTo(curve, best, share)).toList();
                reach[s] = best == 0 || Double.isNaN(best) ? new Reach(share, OptionalDouble.empty(), 0)
                        : new Reach(share, PlannerBenchmark.medianToTarget(to),
                        (int) to.stream().filter(OptionalInt::isPresent).count());
            }
            List<OptionalInt> toTarget = curves.stream().map(curve -> RunMetrics.experimentsToTarget(curve, objective))
                    .toList();
            lines.add(new Line(planner, list.size(), means, errors, runsAt, reach,
                    objective.target().isPresent() ? PlannerBenchmark.medianToTarget(toTarget) : OptionalDouble.empty(),
                    (int) toTarget.stream().filter(OptionalInt::isPresent).count(),
                    list.stream().mapToDouble(PlannerBenchmark.Run::seconds).average().orElse(0)));
        });

        List<Paired> paired = new ArrayList<>();
        List<String> planners = new ArrayList<>(byPlanner.keySet());
        for (String planner : planners.subList(Math.min(1, planners.size()), planners.size())) {
            for (int at : checkpoints) {
                paired.add(paired(planner, planners.get(0), at, byPlanner, objective));
            }
        }
        int last = checkpoints.length == 0 ? 0 : checkpoints[checkpoints.length - 1];
        int endedEarly = (int) runs.stream().filter(r -> r.values().length < last).count();
        return new Summary(checkpoints, best, from, lines, paired, endedEarly);
    }

    /** The first experiment whose best so far is within {@code 1 - share} of {@code |best|} of the best known. */
    static OptionalInt experimentsTo(double[] bestSoFar, double best, double share) {
        double tolerance = (1 - share) * Math.abs(best);
        for (int i = 0; i < bestSoFar.length; i++) {
            if (!Double.isNaN(bestSoFar[i]) && Math.abs(bestSoFar[i] - best) <= tolerance + 1e-12 * Math.abs(best)) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    private static Paired paired(String planner, String versus, int at, Map<String, List<PlannerBenchmark.Run>> runs,
                                 Objective objective) {
        Map<Long, Double> base = new LinkedHashMap<>();
        runs.get(versus).forEach(r -> best(r, at, objective).ifPresent(v -> base.put(r.seed(), v)));
        double sign = objective.goal() == Objective.Goal.MAXIMIZE ? 1 : -1;
        List<Double> gains = new ArrayList<>();
        runs.get(planner).forEach(r -> best(r, at, objective).ifPresent(v -> {
            if (base.containsKey(r.seed())) {
                gains.add(sign * (v - base.get(r.seed())));
            }
        }));
        double[] g = gains.stream().mapToDouble(Double::doubleValue).toArray();
        return new Paired(planner, versus, at, g.length, mean(g), standardError(g));
    }

    /**
     * A run's best so far after {@code at} experiments; a run that ended sooner (a pool with nothing left to propose)
     * keeps the best it reached, which no later experiment can lower.
     */
    private static OptionalDouble best(PlannerBenchmark.Run run, int at, Objective objective) {
        if (run.values().length == 0) {
            return OptionalDouble.empty();
        }
        double v = RunMetrics.bestSoFar(run.values(), objective.goal())[Math.min(at, run.values().length) - 1];
        return Double.isNaN(v) ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    private static double[] bestAt(List<PlannerBenchmark.Run> runs, int at, Objective objective) {
        return runs.stream().map(r -> best(r, at, objective)).filter(OptionalDouble::isPresent)
                .mapToDouble(OptionalDouble::getAsDouble).toArray();
    }

    private static double mean(double[] xs) {
        return java.util.Arrays.stream(xs).average().orElse(Double.NaN);
    }

    /** The standard error of a sample's mean: its standard deviation (n - 1) over the root of n; NaN below two. */
    static double standardError(double[] xs) {
        if (xs.length < 2) {
            return Double.NaN;
        }
        double m = mean(xs);
        double squares = java.util.Arrays.stream(xs).map(x -> (x - m) * (x - m)).sum();
        return Math.sqrt(squares / (xs.length - 1)) / Math.sqrt(xs.length);
    }

    public static void writeResults(Path file, String scenario, List<PlannerBenchmark.Run> runs, Objective.Goal goal) {
        writeWhole(file, out -> {
            out.println("planner,scenario,seed,experiment,value,best_so_far");
            for (PlannerBenchmark.Run r : runs) {
                double[] best = RunMetrics.bestSoFar(r.values(), goal);
                for (int i = 0; i < r.values().length; i++) {
                    out.printf(Locale.ROOT, "%s,%s,%d,%d,%s,%s%n", r.planner(), scenario, r.seed(), i + 1,
                            csv(r.values()[i]), csv(best[i]));
                }
            }
        });
    }

    public static void writeSummary(Path file, Summary summary, Objective objective) {
        writeWhole(file, out -> {
            StringBuilder header = new StringBuilder("planner,runs");
            for (int c : summary.checkpoints()) {
                header.append(",mean_best_at_").append(c).append(",se_best_at_").append(c).append(",runs_at_").append(c);
            }
            for (double share : SHARES) {
                String pct = percent(share);
                header.append(",median_experiments_to_").append(pct).append("pct_of_best,runs_reaching_").append(pct)
                        .append("pct_of_best");
            }
            out.println(header.append(",median_experiments_to_target,runs_reaching_target,mean_seconds"));
            for (Line l : summary.lines()) {
                StringBuilder row = new StringBuilder(l.planner()).append(',').append(l.runs());
                for (int c = 0; c < summary.checkpoints().length; c++) {
                    row.append(',').append(csv(l.meanBestAt()[c])).append(',').append(csv(l.standardErrorAt()[c]))
                            .append(',').append(l.runsAt()[c]);
                }
                for (Reach r : l.reach()) {
                    row.append(',').append(r.median().isPresent() ? csv(r.median().getAsDouble()) : "").append(',')
                            .append(r.runsThere());
                }
                row.append(',').append(l.medianToTarget().isPresent() ? csv(l.medianToTarget().getAsDouble()) : "")
                        .append(',').append(objective.target().isPresent() ? String.valueOf(l.reachedTarget()) : "")
                        .append(',').append(String.format(Locale.ROOT, "%.3f", l.meanSeconds()));
                out.println(row);
            }
        });
    }

    public static void writePaired(Path file, Summary summary) {
        writeWhole(file, out -> {
            out.println("planner,versus,experiments,paired_seeds,mean_gain,se_gain,standard_errors");
            for (Paired p : summary.paired()) {
                out.printf(Locale.ROOT, "%s,%s,%d,%d,%s,%s,%s%n", p.planner(), p.versus(), p.at(), p.seeds(),
                        csv(p.meanGain()), csv(p.standardError()), csv(p.standardErrors()));
            }
        });
    }

    /**
     * Writes {@code file} whole or not at all: into a file beside it, then moved over it, so that a process ended
     * part way (a signal, a full disk) leaves no table cut short.
     */
    static void writeWhole(Path file, java.util.function.Consumer<PrintWriter> body) {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        try {
            try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(part))) {
                body.accept(out);
                if (out.checkError()) {
                    throw new IOException("the write failed");
                }
            }
            Files.move(part, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // the error that matters is the write's
            }
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Fewer paired seeds than this give a standard error too rough to judge a difference by. */
    static final int FEW_SEEDS = 5;

    public static void print(PrintWriter out, Summary summary, Objective objective) {
        // as wide as the longest planner's name (a configuration such as bo:pareto=ehvi-with-extremes)
        String name = "%-" + summary.lines().stream().mapToInt(l -> l.planner().length()).reduce(10, Math::max) + "s";
        out.printf("%n" + name + " %5s", "planner", "runs");
        for (int c : summary.checkpoints()) {
            out.printf(" %17s", "@" + c);
        }
        for (double share : SHARES) {
            out.printf(" %12s", "to " + percent(share) + " %");
        }
        String target = objective.target().isPresent() ? "to " + fmt(objective.target().getAsDouble()) : "to target";
        out.printf(" %12s %8s%n", target, "s/run");
        for (Line l : summary.lines()) {
            out.printf(name + " %5d", l.planner(), l.runs());
            for (int c = 0; c < summary.checkpoints().length; c++) {
                double m = l.meanBestAt()[c];
                double se = l.standardErrorAt()[c];
                out.printf(" %17s", Double.isNaN(m) ? "-" : fmt(m) + (Double.isNaN(se) ? "" : " ± " + fmt(se))
                        + (l.runsAt()[c] < l.runs() ? "*" : ""));
            }
            for (Reach r : l.reach()) {
                out.printf(" %12s", reached(r.median(), r.runsThere(), l.runs()));
            }
            out.printf(" %12s %8.2f%n", objective.target().isEmpty() ? "-"
                    : reached(l.medianToTarget(), l.reachedTarget(), l.runs()), l.meanSeconds());
        }
        out.printf("(mean best %s so far ± its standard error after n experiments; median experiments to 95 %% and"
                + " 99 %% of the best known, %s %s, and to the target, with the runs that got there)%n",
                objective.name(), fmt(summary.bestKnown()), summary.bestKnownFrom());
        for (Line l : summary.lines()) {
            for (int c = 0; c < summary.checkpoints().length; c++) {
                if (l.runsAt()[c] < l.runs()) {
                    out.printf("(* %s @%d: the mean of the %d of its %d runs with a result by then; the others' every"
                            + " experiment so far failed)%n", l.planner(), summary.checkpoints()[c], l.runsAt()[c],
                            l.runs());
                }
            }
        }
        if (summary.endedEarly() > 0) {
            out.printf("(%d run%s ended before experiment %d, with nothing left to propose or the planner stopped: the"
                    + " best so far it reached stands at the later checkpoints)%n", summary.endedEarly(),
                    summary.endedEarly() == 1 ? "" : "s", summary.checkpoints()[summary.checkpoints().length - 1]);
        }
        if (!summary.paired().isEmpty()) {
            // A gain is an improvement either way: for a minimised objective, how much lower.
            out.printf("%npaired by seed, gain in %s of the planner on the left over the one on the right (positive:"
                    + " the left one better; %s):%n", objective.name(),
                    objective.goal() == Objective.Goal.MAXIMIZE ? "higher is better" : "lower is better, so a gain is"
                            + " how much lower");
            String pair = "%-" + summary.paired().stream().mapToInt(p -> p.planner().length()).reduce(10, Math::max)
                    + "s - %-" + summary.paired().stream().mapToInt(p -> p.versus().length()).reduce(10, Math::max) + "s";
            for (Paired p : summary.paired()) {
                out.printf("  " + pair + " @%-5d %10s ± %-9s (%s standard errors, %d seed%s%s)%n", p.planner(),
                        p.versus(), p.at(), (p.meanGain() >= 0 ? "+" : "") + fmt(p.meanGain()), fmt(p.standardError()),
                        Double.isNaN(p.standardErrors()) ? "-" : String.format(Locale.ROOT, "%+.1f",
                                p.standardErrors()), p.seeds(), p.seeds() == 1 ? "" : "s", p.seeds() < FEW_SEEDS
                                ? ": too few to judge a difference by" : "");
            }
        }
        out.flush();
    }

    private static String reached(OptionalDouble median, int there, int runs) {
        return (median.isPresent() ? fmt(median.getAsDouble()) : "never") + " (" + there + "/" + runs + ")";
    }

    private static String percent(double share) {
        return String.valueOf(Math.round(share * 100));
    }

    private static String csv(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.6g", v);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, Math.abs(v) >= 100 ? "%.1f" : "%.3g", v);
    }
}
