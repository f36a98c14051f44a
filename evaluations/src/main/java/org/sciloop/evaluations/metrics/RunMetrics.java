package org.sciloop.evaluations.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.sciloop.core.campaign.Objective;
import org.sciloop.core.campaign.Observation;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;

/**
 * What one campaign achieved and what it cost, computed from its trace alone.
 *
 * @param values the objective's value per experiment in the order run (NaN for a failed experiment)
 * @param bestSoFar the best value after each experiment (NaN until the first success)
 * @param optimum the best value the experiment can give, when its tool knows it
 * @param regret simple regret after each experiment, |optimum - best so far|, when the optimum is known
 * @param experimentsToTarget experiments until the best reached the target, if it did
 * @param meanBestSoFar the area under the best-so-far curve divided by its length (from the first success on):
 *                      one figure that rewards getting good early, in the objective's units
 * @param toolSeconds seconds each tool call took, in the order run
 * @param planningSeconds seconds each planning round took (from the line before the proposal to the proposal)
 * @param llmTokens tokens spent by language-model planners; empty when the trace records no model exchanges
 */
public record RunMetrics(Objective objective, double[] values, double[] bestSoFar, OptionalDouble optimum,
                         Optional<double[]> regret, OptionalInt experimentsToTarget, double meanBestSoFar,
                         int failed, int denied, double[] toolSeconds, double[] planningSeconds,
                         OptionalInt llmTokens, Optional<String> stopReason) {

    public int experiments() {
        return values.length;
    }

    public OptionalDouble best() {
        return bestSoFar.length == 0 || Double.isNaN(bestSoFar[bestSoFar.length - 1]) ? OptionalDouble.empty()
                : OptionalDouble.of(bestSoFar[bestSoFar.length - 1]);
    }

    public static RunMetrics of(List<TraceRecord> trace, Objective objective, OptionalDouble optimum) {
        List<Double> values = new ArrayList<>();
        List<Double> tool = new ArrayList<>();
        List<Double> planning = new ArrayList<>();
        int failed = 0;
        int denied = 0;
        String stop = null;
        TraceRecord previous = null;
        for (TraceRecord r : trace) {
            TraceEvent e = r.event();
            if (e instanceof TraceEvent.ObservationRecorded o) {
                Observation observation = o.observation();
                values.add(observation.outcome(objective.name()).orElse(Double.NaN));
                if (observation.status() == Observation.Status.FAILED) {
                    failed++;
                }
            } else if (e instanceof TraceEvent.ActionDenied) {
                denied++;
            } else if (e instanceof TraceEvent.ActionCompleted c) {
                tool.add(c.micros() / 1e6);
            } else if (e instanceof TraceEvent.ActionFailed f) {
                tool.add(f.micros() / 1e6);
            } else if (e instanceof TraceEvent.ProposalMade && previous != null) {
                planning.add(Duration.between(previous.time(), r.time()).toNanos() / 1e9);
            } else if (e instanceof TraceEvent.CampaignFinished f) {
                stop = f.stopReason();
            }
            previous = r;
        }
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] best = bestSoFar(v, objective.goal());
        Optional<double[]> regret = optimum.isPresent()
                ? Optional.of(Arrays.stream(best).map(b -> Math.abs(optimum.getAsDouble() - b)).toArray())
                : Optional.empty();
        return new RunMetrics(objective, v, best, optimum, regret, experimentsToTarget(best, objective),
                meanBestSoFar(best), failed, denied, tool.stream().mapToDouble(Double::doubleValue).toArray(),
                planning.stream().mapToDouble(Double::doubleValue).toArray(), OptionalInt.empty(),
                Optional.ofNullable(stop));
    }

    /** Best value so far after each experiment (NaN until the first success). */
    public static double[] bestSoFar(double[] values, Objective.Goal goal) {
        double[] best = new double[values.length];
        double b = Double.NaN;
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i]) && (Double.isNaN(b)
                    || (goal == Objective.Goal.MAXIMIZE ? values[i] > b : values[i] < b))) {
                b = values[i];
            }
            best[i] = b;
        }
        return best;
    }

    /** Experiments until the best reaches the objective's target, or empty if it never does (or has none). */
    public static OptionalInt experimentsToTarget(double[] bestSoFar, Objective objective) {
        for (int i = 0; i < bestSoFar.length; i++) {
            if (!Double.isNaN(bestSoFar[i]) && objective.reachesTarget(bestSoFar[i])) {
                return OptionalInt.of(i + 1);
            }
        }
        return OptionalInt.empty();
    }

    /** Mean of the best-so-far curve from the first success on; NaN when nothing succeeded. */
    static double meanBestSoFar(double[] bestSoFar) {
        return Arrays.stream(bestSoFar).filter(b -> !Double.isNaN(b)).average().orElse(Double.NaN);
    }

    /** The median of a sample, NaN when it is empty. */
    public static double median(double[] sample) {
        return quantile(sample, 0.5);
    }

    /** Linear-interpolated quantile of a sample, NaN when it is empty. */
    public static double quantile(double[] sample, double q) {
        double[] s = Arrays.stream(sample).filter(x -> !Double.isNaN(x)).sorted().toArray();
        if (s.length == 0) {
            return Double.NaN;
        }
        double at = q * (s.length - 1);
        int lo = (int) Math.floor(at);
        int hi = Math.min(lo + 1, s.length - 1);
        return s[lo] + (at - lo) * (s[hi] - s[lo]);
    }
}
