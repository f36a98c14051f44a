package org.sciloop.planners.bo;

import org.apache.commons.math3.special.Erf;

/**
 * Acquisition functions, for maximisation. Expected improvement is computed as its logarithm, which
 * stays finite and ordered when improvements are astronomically unlikely (where plain EI underflows to
 * 0 for every candidate and the choice becomes arbitrary).
 */
enum Acquisition {
    /** log E[max(f - best, 0)]. */
    EI {
        @Override
        double value(double mean, double sd, double best, double kappa) {
            double z = (mean - best) / sd;
            return Math.log(sd) + logH(z);
        }

        @Override
        double[] gradient(double mean, double sd, double best, double kappa) {
            double z = (mean - best) / sd;
            double ratio = cdfOverH(z);   // h'(z) / h(z), h' = Phi
            return new double[] {ratio / sd, 1 / sd - ratio * z / sd};
        }
    },
    /** mean + kappa * sd. */
    UCB {
        @Override
        double value(double mean, double sd, double best, double kappa) {
            return mean + kappa * sd;
        }

        @Override
        double[] gradient(double mean, double sd, double best, double kappa) {
            return new double[] {1, kappa};
        }
    };

    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    abstract double value(double mean, double sd, double best, double kappa);

    /** d value / d mean and d value / d sd. */
    abstract double[] gradient(double mean, double sd, double best, double kappa);

    /** log h(z), h(z) = z Phi(z) + phi(z) = E[max(Z + z, 0)] for standard normal Z. */
    static double logH(double z) {
        if (z > -5) {
            return Math.log(z * cdf(z) + Math.exp(-0.5 * z * z - LOG_SQRT_2PI));
        }
        // h(z) = phi(z) (1 - t R(t)) with t = -z and R the Mills ratio; no cancellation to zero this way.
        double t = -z;
        return -0.5 * z * z - LOG_SQRT_2PI + Math.log(1 - t * millsRatio(t));
    }

    /** Phi(z) / h(z). */
    static double cdfOverH(double z) {
        if (z > -5) {
            double phi = Math.exp(-0.5 * z * z - LOG_SQRT_2PI);
            return cdf(z) / (z * cdf(z) + phi);
        }
        double t = -z;
        double r = millsRatio(t);
        return r / (1 - t * r);
    }

    /** log Phi(z), finite far into the lower tail (there Phi(z) = phi(z) R(-z), R the Mills ratio). */
    static double logCdf(double z) {
        return z > -5 ? Math.log(cdf(z)) : -0.5 * z * z - LOG_SQRT_2PI + Math.log(millsRatio(-z));
    }

    static double cdf(double z) {
        return 0.5 * Erf.erfc(-z / Math.sqrt(2));
    }

    /** R(t) = (1 - Phi(t)) / phi(t) for t >= 5, by its continued fraction (Lentz's method). */
    static double millsRatio(double t) {
        // R(t) = 1 / (t + 1 / (t + 2 / (t + 3 / (t + ...))))
        double tiny = 1e-300;
        double f = t;
        double c = t;
        double d = 0;
        for (int k = 1; k < 200; k++) {
            d = t + k * d;
            d = Math.abs(d) < tiny ? tiny : d;
            c = t + k / c;
            c = Math.abs(c) < tiny ? tiny : c;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) {
                break;
            }
        }
        return 1 / f;
    }
}
