package org.sciloop.planners.bo;

import java.util.Arrays;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * A Yeo-Johnson power transform of the observed outputs, applied before the Gaussian process: the values
 * are standardised, then bent by the power {@code lambda} under which they look most normal (maximum
 * likelihood). A table of yields — mostly near zero, a few high — comes closer to the normal distribution
 * a Gaussian process assumes; HEBO (Cowen-Rivers et al., JAIR 2022) warps its outputs the same way.
 * The transform is strictly increasing, so the best observation stays the best.
 *
 * <p>{@code lambda} is kept in [0, 2], where the transform maps the real line onto itself: every
 * prediction of the model maps back to objective units.
 */
record OutputWarp(double mean, double scale, double lambda) {
    /** The identity: the model sees the values themselves. */
    static final OutputWarp NONE = new OutputWarp(0, 1, 1);
    static final double[] LAMBDA_BOUNDS = {0, 2};
    private static final double GRID_STEP = 0.05;
    private static final GaussIntegrator HERMITE = new GaussIntegratorFactory().hermite(24);

    /** The maximum-likelihood transform of {@code values}; for fewer than 3 values, a standardisation. */
    static OutputWarp fit(double[] values) {
        double[] meanAndSd = GaussianProcess.meanAndSd(values);
        double mean = meanAndSd[0];
        double sd = meanAndSd[1];
        if (values.length < 3 || !(sd > 1e-12)) {
            return new OutputWarp(mean, sd > 1e-12 ? sd : 1, 1);
        }
        double[] z = Arrays.stream(values).map(v -> (v - mean) / sd).toArray();
        // A grid finds the right neighbourhood (the likelihood need not be unimodal); golden section refines.
        double best = 1;
        double bestLikelihood = Double.NEGATIVE_INFINITY;
        for (double l = LAMBDA_BOUNDS[0]; l <= LAMBDA_BOUNDS[1] + 1e-9; l += GRID_STEP) {
            double likelihood = profileLogLikelihood(z, l);
            if (likelihood > bestLikelihood) {
                bestLikelihood = likelihood;
                best = l;
            }
        }
        double refined = golden(z, Math.max(LAMBDA_BOUNDS[0], best - GRID_STEP),
                Math.min(LAMBDA_BOUNDS[1], best + GRID_STEP));
        // At a bound the grid point itself is the optimum, and the refinement only comes close to it.
        return new OutputWarp(mean, sd, profileLogLikelihood(z, refined) > bestLikelihood ? refined : best);
    }

    double apply(double value) {
        return forward((value - mean) / scale, lambda);
    }

    double[] apply(double[] values) {
        return Arrays.stream(values).map(this::apply).toArray();
    }

    /** The objective value whose transform is {@code t}. */
    double invert(double t) {
        return mean + scale * backward(t, lambda);
    }

    /**
     * Mean and standard deviation, in objective units, of a prediction that is normal with mean {@code t}
     * and standard deviation {@code sd} on the transformed scale (Gauss-Hermite quadrature).
     */
    double[] moments(double t, double sd) {
        if (lambda == 1) {
            return new double[] {invert(t), scale * sd};
        }
        double first = 0;
        double second = 0;
        for (int i = 0; i < HERMITE.getNumberOfPoints(); i++) {
            double w = HERMITE.getWeight(i) / Math.sqrt(Math.PI);
            double v = invert(t + Math.sqrt(2) * sd * HERMITE.getPoint(i));
            first += w * v;
            second += w * v * v;
        }
        return new double[] {first, Math.sqrt(Math.max(0, second - first * first))};
    }

    /** The transform of a standardised value; written with log1p and expm1 so that it stays exact near lambda 0 and 2. */
    static double forward(double z, double lambda) {
        if (lambda == 1) {
            return z;
        }
        if (z >= 0) {
            return lambda == 0 ? Math.log1p(z) : Math.expm1(lambda * Math.log1p(z)) / lambda;
        }
        double m = 2 - lambda;
        return m == 0 ? -Math.log1p(-z) : -Math.expm1(m * Math.log1p(-z)) / m;
    }

    static double backward(double t, double lambda) {
        if (lambda == 1) {
            return t;
        }
        if (t >= 0) {
            return lambda == 0 ? Math.expm1(t) : Math.expm1(Math.log1p(lambda * t) / lambda);
        }
        double m = 2 - lambda;
        return m == 0 ? -Math.expm1(-t) : -Math.expm1(Math.log1p(-m * t) / m);
    }

    /** Log likelihood of {@code z} if its transform were normal, with that normal's mean and variance profiled out. */
    static double profileLogLikelihood(double[] z, double lambda) {
        int n = z.length;
        double[] t = new double[n];
        double mean = 0;
        double logJacobian = 0;
        for (int i = 0; i < n; i++) {
            t[i] = forward(z[i], lambda);
            mean += t[i] / n;
            logJacobian += Math.signum(z[i]) * Math.log1p(Math.abs(z[i]));
        }
        double variance = 0;
        for (double v : t) {
            variance += (v - mean) * (v - mean) / n;
        }
        return -0.5 * n * Math.log(variance) + (lambda - 1) * logJacobian;
    }

    private static double golden(double[] z, double low, double high) {
        double ratio = (Math.sqrt(5) - 1) / 2;
        double a = low;
        double b = high;
        for (int i = 0; i < 30; i++) {
            double c = b - ratio * (b - a);
            double d = a + ratio * (b - a);
            if (profileLogLikelihood(z, c) > profileLogLikelihood(z, d)) {
                b = d;
            } else {
                a = c;
            }
        }
        return (a + b) / 2;
    }
}
