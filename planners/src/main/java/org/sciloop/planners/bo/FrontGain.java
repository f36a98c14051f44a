package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.sciloop.core.model.Objective;
import org.sciloop.core.model.ParetoFront;

/**
 * What a predicted point (objectives in "more is better" form) would add to a Pareto front: the hypervolume it
 * adds, or with ParEGO the improvement of a random Chebyshev scalarisation. The front grows with a batch's
 * picks: each believed at its predicted point, or with joint draws each draw's own value of it, which only that
 * draw is valued against. The reference stays.
 */
final class FrontGain {

    private final double[] reference;
    private final List<double[]> front = new ArrayList<>();
    /** With joint draws, the batch's picks as each draw has them (one list per draw), beyond {@link #front}. */
    private List<List<double[]>> drawnPicks;
    private final boolean scalarised;
    /** ParEGO's weights of the pick at hand (one per objective, summing to 1), the front's best and its value. */
    private double[] weights;
    private double[] tops;
    /** Each objective's spread over every observation, ParEGO's scale where no point lies beyond the reference. */
    private final double[] spreads;
    private double bestScalar;

    /**
     * @param points   the observations as the front sees them; they make the front unless {@code noneFeasible}
     *                 (then any feasible point improves it), and set the reference an objective does not give
     * @param observed every observation as the front sees them, feasible or not: ParEGO's scale where no point lies
     *                 beyond the reference
     */
    FrontGain(List<Objective> objectives, List<double[]> points, List<double[]> observed, boolean noneFeasible,
              boolean scalarised) {
        this.reference = reference(objectives, points);
        this.scalarised = scalarised;
        this.spreads = new double[reference.length];
        for (int k = 0; k < reference.length; k++) {
            int column = k;
            double low = observed.stream().mapToDouble(p -> p[column]).min().orElse(reference[k]);
            double high = observed.stream().mapToDouble(p -> p[column]).max().orElse(reference[k]);
            // the values' spread, or with one value how far it lies from the reference
            spreads[k] = Math.max(Math.max(high - low, reference[k] - high), 1e-9 * Math.max(1, Math.abs(low)));
        }
        if (!noneFeasible) {
            points.forEach(this::join);
        }
    }

    /**
     * The reference point in "more is better" form: each objective's own where it gives one, else inferred from
     * the points as the record infers it ({@link ParetoFront#inferredReference}).
     */
    private static double[] reference(List<Objective> objectives, List<double[]> points) {
        double[] r = new double[objectives.size()];
        for (int k = 0; k < r.length; k++) {
            if (objectives.get(k).reference().isPresent()) {
                r[k] = objectives.get(k).maximised(objectives.get(k).reference().getAsDouble());
                continue;
            }
            int column = k;
            double low = points.stream().mapToDouble(p -> p[column]).min().orElseThrow();
            double high = points.stream().mapToDouble(p -> p[column]).max().orElseThrow();
            r[k] = ParetoFront.inferredReference(low, high);
        }
        return r;
    }

    double[] reference() {
        return reference;
    }

    int size() {
        return front.size();
    }

    /** The front's best value of objective {@code k} (the batch's believed picks included); the front is not empty. */
    double best(int k) {
        return front.stream().mapToDouble(f -> f[k]).max().orElseThrow();
    }

    void join(double[] point) {
        ParetoFront.join(front, point);
    }

    /**
     * A pick of the batch as each draw has it ({@code null} where that draw breaks an outcome constraint): from
     * now on draw {@code s} is valued against the front and its own draws of the picks.
     */
    void joinDrawn(double[][] points) {
        if (drawnPicks == null) {
            drawnPicks = new ArrayList<>();
            for (int s = 0; s < points.length; s++) {
                drawnPicks.add(new ArrayList<>());
            }
        }
        for (int s = 0; s < points.length; s++) {
            if (points[s] != null) {
                ParetoFront.join(drawnPicks.get(s), Arrays.copyOf(points[s], reference.length));
            }
        }
    }

    /** What {@code values} (its objectives first; anything after them is ignored) would add. */
    double of(double[] values) {
        return of(values, -1);
    }

    /** What {@code values} would add in draw {@code draw} (with its draws of the batch's picks; -1: without). */
    double of(double[] values, int draw) {
        double[] point = values.length == reference.length ? values : Arrays.copyOf(values, reference.length);
        List<double[]> picks = draw < 0 || drawnPicks == null ? List.of() : drawnPicks.get(draw);
        if (scalarised) {
            double bar = bestScalar;
            for (double[] p : picks) {
                bar = Math.max(bar, scalarised(p));
            }
            return Math.max(0, scalarised(point) - bar);
        }
        return hypervolumeAdded(point, picks);
    }

    /** ParEGO: draws the weights of the next pick (uniformly from the simplex) and takes them up. */
    double[] newWeights(Random random) {
        double[] w = new double[reference.length];
        double sum = 0;
        for (int k = 0; k < w.length; k++) {
            w[k] = -Math.log(1 - random.nextDouble());
            sum += w[k];
        }
        for (int k = 0; k < w.length; k++) {
            w[k] /= sum;
        }
        weigh(w);
        return w;
    }

    /** ParEGO: takes up {@code w} (one weight per objective, summing to 1) for the next pick. */
    void weigh(double[] w) {
        weights = w;
        tops = new double[w.length];
        for (int k = 0; k < w.length; k++) {
            int column = k;
            tops[k] = front.stream().mapToDouble(f -> f[column]).max().orElse(reference[k] + 1);
        }
        bestScalar = front.stream().mapToDouble(this::scalarised).max().orElse(0);
    }

    double[] weights() {
        return weights;
    }

    /**
     * The augmented Chebyshev scalarisation of a point (ParEGO: the worst weighted objective plus a twentieth
     * of their weighted sum), each objective scaled from the reference (0) to the front's best (1); where no point
     * lies beyond the reference on an objective, by the observations' spread on it instead (scaled by the front's
     * best, then at or below the reference, the scale shrank to nothing and outweighed every weight).
     */
    private double scalarised(double[] point) {
        double worst = Double.POSITIVE_INFINITY;
        double sum = 0;
        for (int k = 0; k < point.length; k++) {
            double scale = tops[k] > reference[k] ? tops[k] - reference[k] : spreads[k];
            double scaled = weights[k] * (point[k] - reference[k]) / scale;
            worst = Math.min(worst, scaled);
            sum += scaled;
        }
        return worst + 0.05 * sum;
    }

    /** The point's box from the reference less what the front (and {@code picks}) cover of it. */
    private double hypervolumeAdded(double[] point, List<double[]> picks) {
        double box = 1;
        for (int k = 0; k < point.length; k++) {
            if (point[k] <= reference[k]) {
                return 0;
            }
            box *= point[k] - reference[k];
        }
        List<double[]> clipped = new ArrayList<>(front.size() + picks.size());
        for (double[] f : picks.isEmpty() ? front : concatenated(front, picks)) {
            boolean covers = true;
            double[] c = new double[point.length];
            for (int k = 0; k < point.length; k++) {
                covers &= f[k] >= point[k];
                c[k] = Math.min(f[k], point[k]);
            }
            if (covers) {
                return 0;
            }
            clipped.add(c);
        }
        return box - ParetoFront.hypervolume(clipped, reference);
    }

    private static List<double[]> concatenated(List<double[]> a, List<double[]> b) {
        List<double[]> both = new ArrayList<>(a);
        both.addAll(b);
        return both;
    }
}
