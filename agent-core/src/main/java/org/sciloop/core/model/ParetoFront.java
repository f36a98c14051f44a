package org.sciloop.core.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The observations no other observation beats on every objective at once, and the hypervolume they
 * dominate: the volume between the front and the reference point (each objective's {@code reference}, the
 * worst value still worth having). A point at or beyond the reference on any objective adds nothing.
 *
 * <p>Points are compared in "more is better" form ({@link Objective#maximised}); the hypervolume is exact
 * (a sweep in two dimensions, slices along the last objective above that).
 */
public final class ParetoFront {
    private final List<Objective> objectives;
    private final List<Observation> members;

    private ParetoFront(List<Objective> objectives, List<Observation> members) {
        this.objectives = List.copyOf(objectives);
        this.members = List.copyOf(members);
    }

    /** The front of the observations that have a value for every objective (failed runs have none). */
    public static ParetoFront of(List<Objective> objectives, List<Observation> observations) {
        return of(objectives, List.of(), observations);
    }

    /**
     * The front of the feasible observations that have a value for every objective: those that keep every
     * outcome constraint.
     */
    public static ParetoFront of(List<Objective> objectives, List<OutcomeConstraint> constraints,
                                 List<Observation> observations) {
        List<Observation> valued = observations.stream().filter(o -> counts(objectives, constraints, o)).toList();
        List<double[]> points = valued.stream().map(o -> point(objectives, o)).toList();
        List<Observation> members = new ArrayList<>();
        for (int i = 0; i < valued.size(); i++) {
            boolean beaten = false;
            for (int j = 0; j < valued.size() && !beaten; j++) {
                // Of equal points the first is kept, so a repeated measurement is not a second member.
                beaten = j != i && (dominates(points.get(j), points.get(i))
                        || j < i && Arrays.equals(points.get(j), points.get(i)));
            }
            if (!beaten) {
                members.add(valued.get(i));
            }
        }
        return new ParetoFront(objectives, members);
    }

    public List<Observation> members() {
        return members;
    }

    public List<Objective> objectives() {
        return objectives;
    }

    /**
     * The hypervolume the front dominates above {@code reference} (in objective units, one value per objective,
     * in the order of {@link #objectives()}).
     */
    /**
     * The members no better than {@code reference} on some objective: on the front (nothing dominates them), but
     * outside the box the hypervolume measures, so they add nothing to it.
     */
    public List<Observation> outside(double[] reference) {
        double[] r = maximised(objectives, reference);
        return members.stream().filter(o -> {
            double[] p = point(objectives, o);
            for (int k = 0; k < p.length; k++) {
                if (!(p[k] > r[k])) {
                    return true;
                }
            }
            return false;
        }).toList();
    }

    public double hypervolume(double[] reference) {
        return hypervolume(members.stream().map(o -> point(objectives, o)).toList(), maximised(objectives, reference));
    }

    /** Whether {@code o} has a value of every objective and keeps every outcome constraint. */
    public static boolean counts(List<Objective> objectives, List<OutcomeConstraint> constraints, Observation o) {
        return objectives.stream().allMatch(g -> o.outcome(g.name()).isPresent())
                && OutcomeConstraint.allMetBy(constraints, o);
    }

    /**
     * The hypervolume after each observation in turn: of the front of the feasible ones among the first one, the
     * first two, ...
     */
    public static double[] hypervolumeSoFar(List<Objective> objectives, List<OutcomeConstraint> constraints,
                                            List<Observation> observations, double[] reference) {
        double[] maximisedReference = maximised(objectives, reference);
        List<double[]> front = new ArrayList<>();
        double[] volumes = new double[observations.size()];
        for (int i = 0; i < volumes.length; i++) {
            Observation o = observations.get(i);
            if (counts(objectives, constraints, o)) {
                join(front, point(objectives, o));
            }
            volumes[i] = hypervolume(front, maximisedReference);
        }
        return volumes;
    }

    /**
     * Adds {@code point} to the non-dominated points {@code front} unless one of them dominates or equals it,
     * dropping those it dominates; more is better on every coordinate.
     */
    public static void join(List<double[]> front, double[] point) {
        if (front.stream().noneMatch(f -> dominates(f, point) || Arrays.equals(f, point))) {
            front.removeIf(f -> dominates(point, f));
            front.add(point);
        }
    }

    /** Every objective's reference, or empty when one has none. */
    public static Optional<double[]> reference(List<Objective> objectives) {
        double[] reference = new double[objectives.size()];
        for (int k = 0; k < reference.length; k++) {
            OptionalDouble r = objectives.get(k).reference();
            if (r.isEmpty()) {
                return Optional.empty();
            }
            reference[k] = r.getAsDouble();
        }
        return Optional.of(reference);
    }

    /**
     * The objectives' references where given; where one is not, the worst value on the front's observations
     * less a tenth of their range (BoTorch's rule; see {@link #inferredReference}), so that a hypervolume can still
     * be said, as inferred.
     */
    public double[] referenceOrInferred(List<Observation> observations) {
        double[] reference = new double[objectives.size()];
        for (int k = 0; k < reference.length; k++) {
            Objective g = objectives.get(k);
            if (g.reference().isPresent()) {
                reference[k] = g.reference().getAsDouble();
                continue;
            }
            double[] values = observations.stream().filter(o -> o.outcome(g.name()).isPresent())
                    .mapToDouble(o -> g.maximised(o.outcome(g.name()).getAsDouble())).toArray();
            double low = Arrays.stream(values).min().orElse(0);
            double high = Arrays.stream(values).max().orElse(0);
            reference[k] = g.maximised(inferredReference(low, high));
        }
        return reference;
    }

    /**
     * The reference inferred from values between {@code worst} and {@code best} (more is better): the worst less a
     * tenth of their range, or, when they do not spread, a tenth of the value's size (at least 0.1), so that the
     * points there still enclose a volume.
     */
    public static double inferredReference(double worst, double best) {
        double range = best - worst;
        return worst - 0.1 * (range > 1e-9 * Math.max(1, Math.abs(worst)) ? range : Math.max(1, Math.abs(worst)));
    }

    /** The names of the objectives that give no reference (whose reference a run infers). */
    public static List<String> unreferenced(List<Objective> objectives) {
        return objectives.stream().filter(o -> o.reference().isEmpty()).map(Objective::name).toList();
    }

    /** True when {@code a} is at least as good as {@code b} on every coordinate and better on one (more is better). */
    public static boolean dominates(double[] a, double[] b) {
        boolean better = false;
        for (int k = 0; k < a.length; k++) {
            if (a[k] < b[k]) {
                return false;
            }
            better |= a[k] > b[k];
        }
        return better;
    }

    /** An observation's values as a point where more is better on every coordinate. */
    public static double[] point(List<Objective> objectives, Observation o) {
        double[] p = new double[objectives.size()];
        for (int k = 0; k < p.length; k++) {
            p[k] = objectives.get(k).maximised(o.outcome(objectives.get(k).name()).getAsDouble());
        }
        return p;
    }

    /** Values in objective units turned so that more is better on every coordinate. */
    public static double[] maximised(List<Objective> objectives, double[] values) {
        double[] p = new double[values.length];
        for (int k = 0; k < p.length; k++) {
            p[k] = objectives.get(k).maximised(values[k]);
        }
        return p;
    }

    /**
     * The volume dominated by {@code points} above {@code reference}, all in "more is better" form. Exact:
     * a sweep in two dimensions; above that, slices between the points' values of the last coordinate, each
     * the hypervolume of one dimension fewer.
     */
    public static double hypervolume(List<double[]> points, double[] reference) {
        int d = reference.length;
        List<double[]> above = new ArrayList<>();
        for (double[] p : points) {
            boolean counts = true;
            for (int k = 0; k < d && counts; k++) {
                counts = p[k] > reference[k];
            }
            if (counts) {
                above.add(p);
            }
        }
        if (above.isEmpty()) {
            return 0;
        }
        if (d == 1) {
            return above.stream().mapToDouble(p -> p[0]).max().orElseThrow() - reference[0];
        }
        if (d == 2) {
            List<double[]> sorted = new ArrayList<>(above);
            sorted.sort(Comparator.comparingDouble((double[] p) -> -p[0]));
            double volume = 0;
            double top = reference[1];
            for (double[] p : sorted) {
                if (p[1] > top) {
                    volume += (p[0] - reference[0]) * (p[1] - top);
                    top = p[1];
                }
            }
            return volume;
        }
        if (d == 3) {
            return hypervolume3(above, reference);
        }
        List<double[]> sorted = new ArrayList<>(above);
        sorted.sort(Comparator.comparingDouble((double[] p) -> -p[d - 1]));
        double[] lower = Arrays.copyOf(reference, d - 1);
        List<double[]> slice = new ArrayList<>();
        double volume = 0;
        for (int i = 0; i < sorted.size(); i++) {
            slice.add(Arrays.copyOf(sorted.get(i), d - 1));
            double floor = i + 1 < sorted.size() ? sorted.get(i + 1)[d - 1] : reference[d - 1];
            double height = sorted.get(i)[d - 1] - floor;
            if (height > 0) {
                // The two-dimensional sweep passes over dominated points by itself; above that they are pruned.
                volume += height * hypervolume(d - 1 == 2 ? slice : nonDominated(slice), lower);
            }
        }
        return volume;
    }

    /**
     * Three dimensions in O(n log n): the points taken by their last coordinate, highest first, each raising the
     * staircase of the first two that they cover (kept sorted; a point it buries leaves it), and the staircase's
     * area times the height down to the next point added up. A search of EHVI over a front of a hundred points
     * asks this some hundred thousand times a proposal.
     */
    private static double hypervolume3(List<double[]> points, double[] reference) {
        double[][] sorted = points.toArray(new double[0][]);
        Arrays.sort(sorted, (a, b) -> Double.compare(b[2], a[2]));
        java.util.TreeMap<Double, Double> stairs = new java.util.TreeMap<>();  // x ascending, y descending
        double area = 0;
        double volume = 0;
        for (int i = 0; i < sorted.length; i++) {
            area += raise(stairs, sorted[i][0], sorted[i][1], reference[0], reference[1]);
            double floor = i + 1 < sorted.length ? sorted[i + 1][2] : reference[2];
            volume += area * (sorted[i][2] - floor);
        }
        return volume;
    }

    /** Adds (x, y) to a staircase (x ascending, y descending, above the reference); returns the area it adds. */
    private static double raise(java.util.TreeMap<Double, Double> stairs, double x, double y, double rx, double ry) {
        java.util.Map.Entry<Double, Double> right = stairs.ceilingEntry(x);
        if (right != null && right.getValue() >= y) {
            return 0;  // a point at least as far on both covers it
        }
        // Leftwards from x, the staircase's height is that of the first step at or right of each place.
        double height = right == null ? ry : right.getValue();
        double added = 0;
        double at = x;
        for (java.util.Map.Entry<Double, Double> left = stairs.lowerEntry(x); ; left = stairs.lowerEntry(at)) {
            double from = left == null ? rx : left.getKey();
            added += (at - from) * (y - height);
            if (left == null || left.getValue() > y) {
                break;  // further left the staircase is higher than y already
            }
            stairs.remove(left.getKey());  // buried under the new point
            height = left.getValue();
            at = left.getKey();
        }
        if (right != null && right.getKey() == x) {
            stairs.remove(x);  // the same x, lower: replaced
        }
        stairs.put(x, y);
        return added;
    }

    private static List<double[]> nonDominated(List<double[]> points) {
        List<double[]> kept = new ArrayList<>();
        for (double[] p : points) {
            if (points.stream().noneMatch(q -> dominates(q, p))) {
                kept.add(p);
            }
        }
        return kept;
    }
}
