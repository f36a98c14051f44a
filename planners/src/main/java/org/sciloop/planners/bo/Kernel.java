package org.sciloop.planners.bo;

/**
 * Matérn-5/2 with one lengthscale per input group, as the sum of a kernel over all inputs (which can
 * model interactions) and the mean of one kernel per group (main effects). The additive part lets a few
 * observations say "this ligand is good" across the other factors, which a product kernel over one-hot
 * factors cannot: there, changing any factor decorrelates two reactions almost completely.
 */
final class Kernel {
    static final double SQRT5 = Math.sqrt(5);

    private final int[] group;
    private final int groups;
    private final Hyperparameters h;
    private final double[] inverseSquaredLengthscale;

    Kernel(int[] group, int groups, Hyperparameters h) {
        this.group = group;
        this.groups = groups;
        this.h = h;
        this.inverseSquaredLengthscale = new double[groups];
        for (int g = 0; g < groups; g++) {
            inverseSquaredLengthscale[g] = 1 / (h.lengthscales()[g] * h.lengthscales()[g]);
        }
    }

    Hyperparameters hyperparameters() {
        return h;
    }

    static double matern(double r) {
        double s = SQRT5 * r;
        return (1 + s + s * s / 3) * Math.exp(-s);
    }

    /** -(dk/dr)/r for the unit Matérn: 5/3 (1 + sqrt5 r) e^{-sqrt5 r}; finite at r = 0. */
    static double slope(double r) {
        return 5.0 / 3.0 * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
    }

    /** Squared scaled distance per group, into {@code perGroup}; returns their sum. */
    double distances(double[] a, double[] b, double[] perGroup) {
        java.util.Arrays.fill(perGroup, 0);
        for (int j = 0; j < a.length; j++) {
            double d = a[j] - b[j];
            perGroup[group[j]] += d * d * inverseSquaredLengthscale[group[j]];
        }
        double sum = 0;
        for (double s : perGroup) {
            sum += s;
        }
        return sum;
    }

    double value(double[] a, double[] b, double[] scratch) {
        double r2 = distances(a, b, scratch);
        double k = h.signalVariance() * matern(Math.sqrt(r2));
        if (h.additiveVariance() > 0) {
            double sum = 0;
            for (double s : scratch) {
                sum += matern(Math.sqrt(s));
            }
            k += h.additiveVariance() * sum / groups;
        }
        return k;
    }

    /** dk(a, b)/da into {@code gradient}; returns k(a, b). */
    double valueAndInputGradient(double[] a, double[] b, double[] scratch, double[] gradient) {
        double r2 = distances(a, b, scratch);
        double r = Math.sqrt(r2);
        double k = h.signalVariance() * matern(r);
        double productSlope = h.signalVariance() * slope(r);
        double[] groupSlope = new double[groups];
        if (h.additiveVariance() > 0) {
            double sum = 0;
            for (int g = 0; g < groups; g++) {
                double rg = Math.sqrt(scratch[g]);
                sum += matern(rg);
                groupSlope[g] = h.additiveVariance() / groups * slope(rg);
            }
            k += h.additiveVariance() * sum / groups;
        }
        for (int j = 0; j < a.length; j++) {
            int g = group[j];
            gradient[j] = -(productSlope + groupSlope[g]) * (a[j] - b[j]) * inverseSquaredLengthscale[g];
        }
        return k;
    }

    /**
     * dk/d(log theta) for theta = (lengthscale_1..G, signal variance, additive variance), added times
     * {@code weight} into {@code out}.
     */
    void addHyperparameterGradient(double[] a, double[] b, double weight, double[] scratch, double[] out) {
        double r2 = distances(a, b, scratch);
        double r = Math.sqrt(r2);
        double productSlope = weight * h.signalVariance() * slope(r);
        out[groups] += weight * h.signalVariance() * matern(r);
        for (int g = 0; g < groups; g++) {
            // d r^2 / d log l_g = -2 s_g, and dk/dr^2 = -slope/2
            out[g] += productSlope * scratch[g];
        }
        if (h.additiveVariance() > 0) {
            double sum = 0;
            for (int g = 0; g < groups; g++) {
                double rg = Math.sqrt(scratch[g]);
                sum += matern(rg);
                out[g] += weight * h.additiveVariance() / groups * slope(rg) * scratch[g];
            }
            out[groups + 1] += weight * h.additiveVariance() * sum / groups;
        }
    }
}
