package org.sciloop.planners.hypothesis;

import org.apache.commons.math3.distribution.FDistribution;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.linear.RealMatrix;

/** A least-squares fit of a {@link Model}: coefficients, their covariance, and the tests built on them. */
final class Fit {
    /**
     * Keeps the residual variance positive when a model interpolates noise-free data: this share of the response's
     * own variance, so that the tests read the same whatever its units (a fixed floor of 1e-12 swamped a rate
     * constant's variance and left every claim about it inconclusive).
     */
    static final double FLOOR_SHARE = 1e-12;

    private final Model model;
    private final double[] beta;
    private final RealMatrix unscaledCovariance;
    private final double rss;
    private final int n;
    private final double floor;

    /** {@code variance}: the response's own (about its mean), which sets the floor of the residual variance. */
    Fit(Model model, double[] beta, RealMatrix unscaledCovariance, double rss, int n, double variance) {
        this.model = model;
        this.beta = beta;
        this.unscaledCovariance = unscaledCovariance;
        this.rss = rss;
        this.n = n;
        this.floor = FLOOR_SHARE * Math.max(variance, Double.MIN_NORMAL);
    }

    /** An estimate of a linear combination of the coefficients with its standard error. */
    record Estimate(double value, double se, int df) {
        double t() {
            return value / se;
        }

        /** P(value would be at least this far above 0 if it were 0): a one-sided test that it is positive. */
        double pPositive() {
            return 1 - Stats.t(df).cumulativeProbability(t());
        }

        double pNegative() {
            return Stats.t(df).cumulativeProbability(t());
        }

        double halfWidth(double confidence) {
            return Stats.t(df).inverseCumulativeProbability(0.5 + confidence / 2) * se;
        }
    }

    Model model() {
        return model;
    }

    int observations() {
        return n;
    }

    int df() {
        return n - model.width();
    }

    double rss() {
        return rss;
    }

    double residualVariance() {
        return Math.max(rss / df(), floor);
    }

    /** Bayesian information criterion: n ln(RSS / n) + p ln n. */
    double bic() {
        return n * Math.log(Math.max(rss / n, floor)) + model.width() * Math.log(n);
    }

    double coefficient(int column) {
        return beta[column];
    }

    double mean(double[] point) {
        double[] row = model.row(point);
        double m = 0;
        for (int j = 0; j < row.length; j++) {
            m += row[j] * beta[j];
        }
        return m;
    }

    /** The variance of the fitted mean at a point (not of a new measurement there). */
    double meanVariance(double[] point) {
        return quadratic(model.row(point)) * residualVariance();
    }

    Estimate estimate(double[] contrast) {
        double value = 0;
        for (int j = 0; j < contrast.length; j++) {
            value += contrast[j] * beta[j];
        }
        return new Estimate(value, Math.sqrt(Math.max(quadratic(contrast), 0) * residualVariance()), df());
    }

    /**
     * The partial F-test of the terms this model has and {@code smaller} lacks: the p-value that they
     * explain as much of the variance as they do by chance alone.
     */
    double pValueOver(Fit smaller) {
        int q = model.width() - smaller.model.width();
        double f = ((smaller.rss - rss) / q) / residualVariance();
        return f <= 0 ? 1 : 1 - new FDistribution(null, q, df()).cumulativeProbability(f);
    }

    private double quadratic(double[] c) {
        double s = 0;
        for (int i = 0; i < c.length; i++) {
            if (c[i] == 0) {
                continue;
            }
            double inner = 0;
            for (int j = 0; j < c.length; j++) {
                inner += unscaledCovariance.getEntry(i, j) * c[j];
            }
            s += c[i] * inner;
        }
        return s;
    }

    /** Distributions without random generators (only their functions are used). */
    static final class Stats {
        private Stats() {
        }

        static TDistribution t(int df) {
            return new TDistribution(null, df);
        }
    }
}
