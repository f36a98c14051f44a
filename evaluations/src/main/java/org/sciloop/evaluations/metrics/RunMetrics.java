package org.sciloop.evaluations.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVisitor;

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
        return of(trace, objective, List.of(), optimum);
    }

    /**
     * As {@link #of(List, Objective, OptionalDouble)}, where an experiment that breaks an outcome constraint has
     * no value (like a failed one): it cannot be the best.
     */
    public static RunMetrics of(List<TraceRecord> trace, Objective objective, List<OutcomeConstraint> constraints,
                                OptionalDouble optimum) {
        Tally tally = new Tally(objective, constraints);
        trace.forEach(r -> {
            r.accept(tally);
            tally.previous = r;
        });
        double[] v = tally.values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] best = bestSoFar(v, objective.goal());
        Optional<double[]> regret = optimum.isPresent()
                ? Optional.of(Arrays.stream(best).map(b -> Math.abs(optimum.getAsDouble() - b)).toArray())
                : Optional.empty();
        return new RunMetrics(objective, v, best, optimum, regret, experimentsToTarget(best, objective),
                meanBestSoFar(best), tally.failed, tally.denied,
                tally.tool.stream().mapToDouble(Double::doubleValue).toArray(),
                tally.planning.stream().mapToDouble(Double::doubleValue).toArray(), OptionalInt.empty(),
                Optional.ofNullable(tally.stop));
    }

    /**
     * The same campaign measured by other values, one per experiment: with several objectives, the hypervolume
     * of the front after each experiment (its counts and times stay the trace's).
     */
    public RunMetrics measuredBy(Objective measure, double[] measured, OptionalDouble best) {
        double[] soFar = bestSoFar(measured, measure.goal());
        Optional<double[]> gap = best.isPresent()
                ? Optional.of(Arrays.stream(soFar).map(b -> Math.abs(best.getAsDouble() - b)).toArray())
                : Optional.empty();
        return new RunMetrics(measure, measured, soFar, best, gap, experimentsToTarget(soFar, measure),
                meanBestSoFar(soFar), failed, denied, toolSeconds, planningSeconds, llmTokens, stopReason);
    }

    /** One pass over the trace, counting what the metrics are made of. */
    private static final class Tally implements TraceVisitor {
        private final Objective objective;
        private final List<OutcomeConstraint> constraints;
        private final List<Double> values = new ArrayList<>();
        private final List<Double> tool = new ArrayList<>();
        private final List<Double> planning = new ArrayList<>();
        private int failed;
        private int denied;
        private String stop;
        private TraceRecord previous;

        Tally(Objective objective, List<OutcomeConstraint> constraints) {
            this.objective = objective;
            this.constraints = constraints;
        }

        @Override
        public void on(TraceEvent.ObservationRecorded event, TraceRecord at) {
            Observation observation = event.observation();
            values.add(OutcomeConstraint.allMetBy(constraints, observation)
                    ? observation.outcome(objective.name()).orElse(Double.NaN) : Double.NaN);
            if (observation.status() == Observation.Status.FAILED) {
                failed++;
            }
        }

        @Override
        public void on(TraceEvent.ActionDenied event, TraceRecord at) {
            denied++;
        }

        @Override
        public void on(TraceEvent.ActionCompleted event, TraceRecord at) {
            tool.add(event.micros() / 1e6);
        }

        @Override
        public void on(TraceEvent.ActionFailed event, TraceRecord at) {
            tool.add(event.micros() / 1e6);
        }

        /** Planning time: from the line before the proposal to the proposal. */
        @Override
        public void on(TraceEvent.ProposalMade event, TraceRecord at) {
            if (previous != null) {
                planning.add(Duration.between(previous.time(), at.time()).toNanos() / 1e9);
            }
        }

        @Override
        public void on(TraceEvent.CampaignFinished event, TraceRecord at) {
            stop = event.stopReason();
        }

        // The rest costs nothing the metrics count.

        @Override
        public void on(TraceEvent.CampaignStarted event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.CampaignResumed event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.DeviceReserved event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ModelExchanged event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.HistoryRecalled event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.LookupMade event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.HypothesisProposed event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.HypothesisUpdated event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionRequested event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.DeviceStepped event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ActionDryRun event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ApprovalRequested event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.ApprovalDecided event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.PersonSigned event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.CampaignPaused event, TraceRecord at) {
        }

        @Override
        public void on(TraceEvent.Checkpoint event, TraceRecord at) {
        }
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
