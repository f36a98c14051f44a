package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.apache.commons.math3.random.SobolSequenceGenerator;
import org.sciloop.core.model.Settings;

/** Finds the experiment that maximises a {@link Score} (an acquisition function under a model). */
sealed interface CandidateSearch {

    /** The winner, or null when every candidate is excluded. */
    Choice best(Score score, Set<Settings> exclude);

    /** @param success the probability that a run there succeeds (1 where no run has failed) */
    record Choice(Settings settings, double[] features, GaussianProcess.Prediction prediction, double acquisition,
                  double success) {
        static Choice of(Settings settings, double[] features, Score.At at) {
            return new Choice(settings, features, at.prediction(), at.value(), at.success());
        }
    }

    /** Scores every candidate of a finite space; ties go to the earlier candidate. */
    final class Finite implements CandidateSearch {
        private final List<Settings> candidates;
        private final double[][] features;

        Finite(List<Settings> candidates, Encoder encoder) {
            this.candidates = candidates;
            this.features = candidates.stream().map(encoder::encode).toArray(double[][]::new);
        }

        @Override
        public Choice best(Score score, Set<Settings> exclude) {
            Choice best = null;
            for (int c = 0; c < candidates.size(); c++) {
                if (exclude.contains(candidates.get(c))) {
                    continue;
                }
                Score.At at = score.at(features[c]);
                if (best == null || at.value() > best.acquisition()) {
                    best = Choice.of(candidates.get(c), features[c], at);
                }
            }
            return best;
        }
    }

    /**
     * Maximises over the relaxed unit cube: a Sobol screen plus the observed points, then L-BFGS from the
     * best few of them and from the best observations. The box is kept by reflecting the optimiser's
     * variables into [0, 1]. With constraints the screen holds only admissible points (each equality solved),
     * and a local search that ends outside them is pulled back along its path to the last admissible point.
     */
    final class Continuous implements CandidateSearch {
        static final int SCREEN = 512;
        static final int STARTS = 8;
        /** Closer than this (squared, in the unit cube) to a measured or chosen point counts as a repeat. */
        static final double REPEAT = 1e-10;
        private final Encoder encoder;
        private final double[][] screen;
        private final List<double[]> bestObserved;
        private final List<double[]> taken = new ArrayList<>();
        private final List<Cell> cells;
        private final Function<Settings, Optional<Settings>> admissible;

        /**
         * Around a measured point, as far out as a request the tool answered with it: asking there would most
         * likely get the same answer (a nearest-neighbour emulator's cell is convex and holds both).
         */
        record Cell(double[] centre, double radiusSquared) {
        }

        /**
         * {@code bestObserved}: the best observations, best first; each is also a start of the local search.
         * {@code admissible}: a point as it would be run, if a choice may be it (in the space, keeping its
         * constraints, inside a guided region).
         */
        Continuous(Encoder encoder, Random random, List<Settings> observed, List<Settings> bestObserved,
                   Map<Settings, Settings> answeredAt, Function<Settings, Optional<Settings>> admissible) {
            this.encoder = encoder;
            this.admissible = admissible;
            Map<Settings, Double> radii = new java.util.LinkedHashMap<>();
            answeredAt.forEach((asked, ran) -> radii.merge(ran, squaredDistance(encoder.encode(asked),
                    encoder.encode(ran)), Math::max));
            this.cells = radii.entrySet().stream().map(e -> new Cell(encoder.encode(e.getKey()), e.getValue())).toList();
            this.bestObserved = bestObserved.stream().map(encoder::encode).toList();
            observed.forEach(s -> taken.add(encoder.encode(s)));
            List<double[]> points = new ArrayList<>();
            for (double[] u : shiftedSobol(encoder.columns(), SCREEN, random)) {
                admissible.apply(encoder.decode(u)).ifPresent(s -> points.add(encoder.encode(s)));
            }
            observed.forEach(s -> points.add(encoder.encode(s)));
            this.screen = points.toArray(double[][]::new);
        }

        /** {@code count} points of the unit cube: a Sobol sequence (its origin skipped) shifted at random, modulo 1. */
        static List<double[]> shiftedSobol(int d, int count, Random random) {
            SobolSequenceGenerator sobol = new SobolSequenceGenerator(d);
            double[] shift = new double[d];
            for (int j = 0; j < d; j++) {
                shift[j] = random.nextDouble();
            }
            List<double[]> points = new ArrayList<>();
            sobol.nextVector();
            for (int i = 0; i < count; i++) {
                double[] u = sobol.nextVector();
                for (int j = 0; j < d; j++) {
                    u[j] = (u[j] + shift[j]) % 1.0;
                }
                points.add(u);
            }
            return points;
        }

        @Override
        public Choice best(Score score, Set<Settings> exclude) {
            int d = encoder.columns();
            double[] scores = new double[screen.length];
            Integer[] order = new Integer[screen.length];
            for (int i = 0; i < screen.length; i++) {
                scores[i] = score.at(screen[i]).value();
                order[i] = i;
            }
            Arrays.sort(order, Comparator.comparingDouble(i -> -scores[i]));
            Choice best = null;
            double[] scoreGradient = new double[d];
            List<double[]> starts = new ArrayList<>();
            for (int s = 0; s < Math.min(STARTS, order.length); s++) {
                starts.add(screen[order[s]].clone());
            }
            bestObserved.forEach(b -> starts.add(b.clone()));
            for (double[] start : starts) {
                Lbfgs.Result r = Lbfgs.minimize((z, gradient) -> {
                    double value = score.valueAndGradient(reflect(z), scoreGradient);
                    for (int j = 0; j < d; j++) {
                        gradient[j] = -scoreGradient[j] * reflectSlope(z[j]);
                    }
                    return -value;
                }, start, 60, 1e-6);
                best = better(best, pulledBack(start, reflect(r.x())), score, exclude);
            }
            // Every local optimum was a repeat (the acquisition piles up on a measured point): take the best
            // fresh point of the screen instead of measuring the same thing twice.
            for (int s = 0; best == null && s < order.length; s++) {
                best = better(null, encoder.decode(screen[order[s]]), score, exclude);
            }
            if (best != null) {
                taken.add(best.features());
            }
            return best;
        }

        /** Steps of the bisection that pulls a local search's end back towards its start. */
        static final int PULL_BACK_STEPS = 20;

        /**
         * The admissible point at {@code end} or, when it is not, the last admissible one on the way to it from
         * {@code start} (a bisection; the start is admissible, and linear constraints keep the way convex); null
         * when there is none.
         */
        private Settings pulledBack(double[] start, double[] end) {
            Optional<Settings> there = admissible.apply(encoder.decode(end));
            if (there.isPresent()) {
                return there.get();
            }
            Settings kept = admissible.apply(encoder.decode(start)).orElse(null);
            double inside = 0;
            double outside = 1;
            for (int step = 0; kept != null && step < PULL_BACK_STEPS; step++) {
                double t = (inside + outside) / 2;
                double[] u = new double[start.length];
                for (int j = 0; j < u.length; j++) {
                    u[j] = start[j] + t * (end[j] - start[j]);
                }
                Optional<Settings> s = admissible.apply(encoder.decode(u));
                if (s.isPresent()) {
                    kept = s.get();
                    inside = t;
                } else {
                    outside = t;
                }
            }
            return kept;
        }

        private Choice better(Choice best, Settings proposed, Score score, Set<Settings> exclude) {
            Optional<Settings> admitted = proposed == null ? Optional.empty() : admissible.apply(proposed);
            if (admitted.isEmpty()) {
                return best;
            }
            Settings settings = admitted.get();
            double[] features = encoder.encode(settings);
            if (exclude.contains(settings) || isRepeat(features)) {
                return best;
            }
            Score.At at = score.at(features);
            return best == null || at.value() > best.acquisition() ? Choice.of(settings, features, at) : best;
        }

        private boolean isRepeat(double[] features) {
            for (double[] t : taken) {
                if (squaredDistance(t, features) < REPEAT) {
                    return true;
                }
            }
            for (Cell c : cells) {
                if (squaredDistance(c.centre(), features) <= c.radiusSquared()) {
                    return true;
                }
            }
            return false;
        }

        private static double squaredDistance(double[] a, double[] b) {
            double d = 0;
            for (int j = 0; j < a.length; j++) {
                d += (a[j] - b[j]) * (a[j] - b[j]);
            }
            return d;
        }

        /** The triangle wave that folds the real line onto [0, 1]. */
        static double[] reflect(double[] z) {
            double[] u = new double[z.length];
            for (int j = 0; j < z.length; j++) {
                double m = z[j] - 2 * Math.floor(z[j] / 2);
                u[j] = m <= 1 ? m : 2 - m;
            }
            return u;
        }

        static double reflectSlope(double z) {
            double m = z - 2 * Math.floor(z / 2);
            return m <= 1 ? 1 : -1;
        }
    }
}
