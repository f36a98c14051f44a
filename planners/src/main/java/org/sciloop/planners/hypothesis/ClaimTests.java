package org.sciloop.planners.hypothesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.planners.hypothesis.Factors.Factor;

/**
 * The explicit test of each kind of claim, run in the selected model extended by whatever terms the claim
 * needs. Effects are averaged over the other factors (numeric ones over their range, categorical ones over
 * their levels), which is what zeroing their coded columns does.
 *
 * <ul>
 *   <li>main effect: one-sided t-test of the change from the factor's lowest to its highest value;</li>
 *   <li>best level: one-sided t-tests of the level against every other, supported only if all are
 *       (intersection–union, so the p-value is the largest); refuted if any other level is significantly
 *       better (Bonferroni over the others);</li>
 *   <li>interaction: partial F-test of the interaction's columns; it cannot be refuted, only left
 *       inconclusive;</li>
 *   <li>optimum region [a, b]: one-sided t-tests that the outcome still rises towards the optimum at a and
 *       already falls at b (intersection–union); refuted if it significantly falls at a or rises at b;</li>
 *   <li>no effect: two one-sided tests (TOST) that every contrast of the factor lies within ± the
 *       negligible effect; refuted by the partial F-test of all the factor's terms.</li>
 * </ul>
 */
final class ClaimTests {
    /** The confidence of the region an optimum claim is stated with. */
    static final double REGION_CONFIDENCE = 0.99;
    private static final int GRID = 200;

    private final Factors factors;
    private final Observations data;
    private final double negligible;

    ClaimTests(Factors factors, Observations data, double negligible) {
        this.factors = factors;
        this.data = data;
        this.negligible = negligible;
    }

    /** The largest change in the outcome that counts as no effect, in the outcome's units. */
    double negligible() {
        return negligible;
    }

    /** The verdict on {@code claim}, or empty when the data cannot test it (an unknown factor, too few runs). */
    Optional<Verdict> test(Claim claim, Model selected) {
        for (String name : claim.factors()) {
            if (factors.named(name).isEmpty()) {
                return Optional.empty();
            }
        }
        if (claim instanceof Claim.MainEffect m) {
            return mainEffect(m, selected);
        } else if (claim instanceof Claim.BestLevel b) {
            return bestLevel(b, selected);
        } else if (claim instanceof Claim.Interaction i) {
            return interaction(i, selected);
        } else if (claim instanceof Claim.OptimumRegion o) {
            return optimum(o, selected);
        }
        return noEffect((Claim.NoEffect) claim, selected);
    }

    private Optional<Verdict> mainEffect(Claim.MainEffect claim, Model selected) {
        Factor f = factor(claim.factor());
        if (!f.numeric()) {
            return Optional.empty();
        }
        return fitWith(ModelSelection.completed(selected, new Term.Main(f)), f).map(rivals -> {
            Fit fit = rivals[0];
            double[] c = new double[fit.model().width()];
            c[fit.model().offset(new Term.Main(f))] = 2;
            Fit.Estimate e = fit.estimate(c);
            boolean up = claim.trend() == Claim.Trend.INCREASES;
            double h = e.halfWidth(0.95);
            return new Verdict(up ? e.pPositive() : e.pNegative(), up ? e.pNegative() : e.pPositive(),
                    String.format(Locale.ROOT, "one-sided t-test of the change in %s from lowest to highest %s:"
                            + " t = %.2f, df = %d", claim.outcome(), f.name(), e.t(), e.df()),
                    e.value(), e.value() - h, e.value() + h, fit, rivals[1]);
        });
    }

    private Optional<Verdict> bestLevel(Claim.BestLevel claim, Model selected) {
        Factor f = factor(claim.factor());
        int a = f.numeric() ? -1 : f.levelIndex(claim.level());
        if (a < 0) {
            return Optional.empty();
        }
        boolean highest = claim.extreme() == Claim.Extreme.HIGHEST;
        return fitWith(ModelSelection.completed(selected, new Term.Main(f)), f).map(rivals -> {
            Fit fit = rivals[0];
            double pSupport = 0;
            double pRefute = 1;
            Fit.Estimate closest = null;
            for (int j = 0; j < f.levels(); j++) {
                if (j == a) {
                    continue;
                }
                Fit.Estimate e = fit.estimate(levelContrast(fit.model(), f, a, j));
                pSupport = Math.max(pSupport, highest ? e.pPositive() : e.pNegative());
                pRefute = Math.min(pRefute, (highest ? e.pNegative() : e.pPositive()) * (f.levels() - 1));
                double margin = highest ? e.value() : -e.value();
                if (closest == null || margin < (highest ? closest.value() : -closest.value())) {
                    closest = e;
                }
            }
            double h = closest.halfWidth(0.95);
            return new Verdict(pSupport, pRefute, String.format(Locale.ROOT, "one-sided t-tests of %s = %s against"
                    + " each other level, intersection-union; closest: t = %.2f, df = %d", f.name(), claim.level(),
                    closest.t(), closest.df()), closest.value(), closest.value() - h, closest.value() + h, fit,
                    rivals[1]);
        });
    }

    private Optional<Verdict> interaction(Claim.Interaction claim, Model selected) {
        Factor a = factor(claim.factor());
        Factor b = factor(claim.other());
        Term product = a.index() < b.index() ? new Term.Product(a, b) : new Term.Product(b, a);
        Model with = ModelSelection.completed(selected, product);
        Optional<Fit> large = with.fit(data.points(), data.y());
        Optional<Fit> small = with.without(product).fit(data.points(), data.y());
        if (large.isEmpty() || small.isEmpty() || large.get().df() < ModelSelection.MIN_RESIDUAL_DF) {
            return Optional.empty();
        }
        Fit fit = large.get();
        double p = fit.pValueOver(small.get());
        // The size of the interaction: the root mean square of its part of the fitted values.
        int offset = fit.model().offset(product);
        double sum = 0;
        for (double[] point : data.points()) {
            double[] row = fit.model().row(point);
            double part = 0;
            for (int j = offset; j < offset + product.width(); j++) {
                part += row[j] * fit.coefficient(j);
            }
            sum += part * part;
        }
        return Optional.of(new Verdict(p, 1, String.format(Locale.ROOT, "partial F-test of %s: %d and %d df",
                product.label(), product.width(), fit.df()), Math.sqrt(sum / data.size()), null, null, fit,
                small.get()));
    }

    private Optional<Verdict> optimum(Claim.OptimumRegion claim, Model selected) {
        Factor f = factor(claim.factor());
        if (!f.curvable()) {
            return Optional.empty();
        }
        Term square = new Term.Square(f);
        Model with = ModelSelection.completed(selected, square);
        Optional<Fit> large = with.fit(data.points(), data.y());
        Optional<Fit> small = with.without(square).fit(data.points(), data.y());
        if (large.isEmpty() || small.isEmpty() || large.get().df() < ModelSelection.MIN_RESIDUAL_DF) {
            return Optional.empty();
        }
        Fit fit = large.get();
        boolean highest = claim.extreme() == Claim.Extreme.HIGHEST;
        Fit.Estimate atLow = slope(fit, f, f.coded(claim.low()));
        Fit.Estimate atHigh = slope(fit, f, f.coded(claim.high()));
        // Towards a maximum the outcome rises at the low end and falls at the high end; a minimum the reverse.
        double pSupport = highest ? Math.max(atLow.pPositive(), atHigh.pNegative())
                : Math.max(atLow.pNegative(), atHigh.pPositive());
        double pRefute = 2 * (highest ? Math.min(atLow.pNegative(), atHigh.pPositive())
                : Math.min(atLow.pPositive(), atHigh.pNegative()));
        double[] region = region(fit, f, claim.extreme(), 0.95);
        double vertex = f.natural(vertex(fit, f, claim.extreme()));
        return Optional.of(new Verdict(pSupport, pRefute, String.format(Locale.ROOT, "one-sided t-tests of the slope"
                + " in %s at both ends of the region, intersection-union: t = %.2f at %.4g, t = %.2f at %.4g, df = %d",
                f.name(), atLow.t(), claim.low(), atHigh.t(), claim.high(), fit.df()), vertex, region[0], region[1],
                fit, small.get()));
    }

    private Optional<Verdict> noEffect(Claim.NoEffect claim, Model selected) {
        Factor f = factor(claim.factor());
        return fitWith(ModelSelection.completed(selected, new Term.Main(f)), f).flatMap(rivals -> {
            Fit fit = rivals[0];
            List<double[]> contrasts = new ArrayList<>();
            if (f.numeric()) {
                double[] c = new double[fit.model().width()];
                c[fit.model().offset(new Term.Main(f))] = 2;
                contrasts.add(c);
            } else {
                for (int i = 0; i < f.levels(); i++) {
                    for (int j = i + 1; j < f.levels(); j++) {
                        contrasts.add(levelContrast(fit.model(), f, i, j));
                    }
                }
            }
            double pSupport = 0;
            Fit.Estimate largest = null;
            for (double[] c : contrasts) {
                Fit.Estimate e = fit.estimate(c);
                var t = Fit.Stats.t(e.df());
                double pAbove = 1 - t.cumulativeProbability((e.value() + negligible) / e.se());
                double pBelow = t.cumulativeProbability((e.value() - negligible) / e.se());
                pSupport = Math.max(pSupport, Math.max(pAbove, pBelow));
                if (largest == null || Math.abs(e.value()) > Math.abs(largest.value())) {
                    largest = e;
                }
            }
            double h = largest.halfWidth(0.90);
            return Optional.of(new Verdict(pSupport, fit.pValueOver(rivals[1]), String.format(Locale.ROOT,
                    "two one-sided tests that every contrast of %s lies within +-%.3g (the 90%% interval of the"
                            + " largest is shown); refuted by the partial F-test of all its terms", f.name(), negligible),
                    largest.value(), largest.value() - h, largest.value() + h, fit, rivals[1]));
        });
    }

    /**
     * The region where the outcome's slope in {@code f} is not significantly away from zero at the given
     * confidence, around the fitted optimum: where the optimum plausibly lies. In natural units.
     */
    double[] region(Fit fit, Factor f, Claim.Extreme extreme, double confidence) {
        double centre = vertex(fit, f, extreme);
        double step = 2.0 / GRID;
        double lo = centre;
        while (lo - step >= -1 && flat(fit, f, lo - step, confidence)) {
            lo -= step;
        }
        double hi = centre;
        while (hi + step <= 1 && flat(fit, f, hi + step, confidence)) {
            hi += step;
        }
        return new double[] {f.natural(lo), f.natural(hi)};
    }

    private static boolean flat(Fit fit, Factor f, double z, double confidence) {
        Fit.Estimate s = slope(fit, f, z);
        return Math.abs(s.value()) <= s.halfWidth(confidence);
    }

    /** Where the fitted curve in {@code f} (other factors averaged) has its extreme, clipped to [-1, 1]. */
    static double vertex(Fit fit, Factor f, Claim.Extreme extreme) {
        double linear = fit.coefficient(fit.model().offset(new Term.Main(f)));
        double curvature = fit.coefficient(fit.model().offset(new Term.Square(f)));
        boolean bowl = extreme == Claim.Extreme.HIGHEST ? curvature < 0 : curvature > 0;
        if (!bowl) {
            // No interior extreme of that kind: it is at the end the slope points to.
            boolean rising = linear > 0;
            return (extreme == Claim.Extreme.HIGHEST) == rising ? 1 : -1;
        }
        return Math.max(-1, Math.min(1, -linear / (2 * curvature)));
    }

    /** The slope of the outcome in {@code f} at coded position {@code z}, other factors averaged. */
    static Fit.Estimate slope(Fit fit, Factor f, double z) {
        double[] c = new double[fit.model().width()];
        c[fit.model().offset(new Term.Main(f))] = 1;
        c[fit.model().offset(new Term.Square(f))] = 2 * z;
        return fit.estimate(c);
    }

    /** Level a of a categorical factor against the average of all its levels, other factors averaged. */
    static double[] levelEffect(Model model, Factor f, int a) {
        return levelContrast(model, f, a, -1);
    }

    /** Level a minus level b (-1: the average level) of a categorical factor, other factors averaged. */
    static double[] levelContrast(Model model, Factor f, int a, int b) {
        double[] c = new double[model.width()];
        int offset = model.offset(new Term.Main(f));
        double[] ca = new double[f.levels() - 1];
        double[] cb = new double[f.levels() - 1];
        Term.mainColumns(f, a, ca, 0);
        Term.mainColumns(f, b, cb, 0);
        for (int j = 0; j < ca.length; j++) {
            c[offset + j] = ca[j] - cb[j];
        }
        return c;
    }

    /** The model with the factor and without it: the rivals of any claim about the factor alone. */
    private Optional<Fit[]> fitWith(Model with, Factor f) {
        Optional<Fit> large = with.fit(data.points(), data.y());
        Optional<Fit> small = with.withoutFactor(f).fit(data.points(), data.y());
        if (large.isEmpty() || small.isEmpty() || large.get().df() < ModelSelection.MIN_RESIDUAL_DF) {
            return Optional.empty();
        }
        return Optional.of(new Fit[] {large.get(), small.get()});
    }

    private Factor factor(String name) {
        return factors.named(name).orElseThrow();
    }
}
