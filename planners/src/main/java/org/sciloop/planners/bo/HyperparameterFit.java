package org.sciloop.planners.bo;

import java.util.Random;

/**
 * Fits the kernel's hyperparameters by maximising the log marginal likelihood plus log priors (a MAP
 * estimate), with L-BFGS from several starts. Each hyperparameter lives in log space inside bounds, through
 * a logistic map from an unbounded variable, so the optimiser never leaves them.
 *
 * <p>Priors (on unit-cube inputs and standardised outputs, as in BoTorch): lengthscale ~ Gamma(3, 6),
 * signal variance ~ Gamma(2, 0.15), noise variance ~ Gamma(1.1, 0.05). They keep a handful of
 * observations from producing absurd lengthscales.
 */
final class HyperparameterFit {
    static final double[] LENGTHSCALE_BOUNDS = {Math.log(0.01), Math.log(20)};
    static final double[] SIGNAL_BOUNDS = {Math.log(0.01), Math.log(100)};
    static final double[] NOISE_BOUNDS = {Math.log(1e-6), Math.log(1)};
    private static final double[][] GAMMA = {{3, 6}, {2, 0.15}, {1.1, 0.05}};

    private final double[][] x;
    private final double[] y;
    private final int[] group;
    private final int groups;

    /** {@code y} must be standardised. */
    HyperparameterFit(double[][] x, double[] y, int[] group, int groups) {
        this.x = x;
        this.y = y;
        this.group = group;
        this.groups = groups;
    }

    record Fitted(Hyperparameters hyperparameters, double logPosterior) {
    }

    /** The best of {@code starts} L-BFGS runs: the first from the middle of the bounds, the rest random. */
    Fitted fit(int starts, Random random) {
        Fitted best = null;
        for (int s = 0; s < starts; s++) {
            double[] z = new double[groups + 2];
            if (s > 0) {
                for (int i = 0; i < z.length; i++) {
                    z[i] = 1.5 * random.nextGaussian();
                }
            }
            Lbfgs.Result r = Lbfgs.minimize(this::negativeLogPosterior, z, 200, 1e-5);
            if (Double.isFinite(r.value()) && (best == null || -r.value() > best.logPosterior())) {
                best = new Fitted(decode(r.x()), -r.value());
            }
        }
        if (best == null) {
            throw new IllegalStateException("no start of the hyperparameter fit gave a finite likelihood");
        }
        return best;
    }

    Hyperparameters decode(double[] z) {
        double[] lengthscales = new double[groups];
        for (int g = 0; g < groups; g++) {
            lengthscales[g] = Math.exp(bounded(z[g], LENGTHSCALE_BOUNDS));
        }
        return new Hyperparameters(lengthscales, Math.exp(bounded(z[groups], SIGNAL_BOUNDS)),
                Math.exp(bounded(z[groups + 1], NOISE_BOUNDS)));
    }

    /** -(log marginal likelihood + log prior) and its gradient in the unbounded variables. */
    double negativeLogPosterior(double[] z, double[] gradient) {
        int n = x.length;
        Hyperparameters h = decode(z);
        double[] k = GaussianProcess.covariance(x, group, h);
        double[] l = GaussianProcess.cholesky(k, n, 0);
        if (l == null) {
            return Double.NaN;
        }
        double[] alpha = GaussianProcess.solve(l, n, y);
        double logDet = 0;
        for (int i = 0; i < n; i++) {
            logDet += Math.log(l[i * n + i]);
        }
        double lml = -0.5 * Lbfgs.dot(y, alpha) - logDet - 0.5 * n * Math.log(2 * Math.PI);
        double[] kinv = inverse(l, n);

        // d(lml)/d(log theta) = 1/2 tr((alpha alpha^T - K^-1) dK/d(log theta))
        double[] dLogTheta = new double[groups + 2];
        double[] s = new double[groups];
        for (int i = 0; i < n; i++) {
            double wii = alpha[i] * alpha[i] - kinv[i * n + i];
            dLogTheta[groups] += 0.5 * wii * h.signalVariance();
            dLogTheta[groups + 1] += 0.5 * wii * h.noiseVariance();
            for (int j = 0; j < i; j++) {
                double w = alpha[i] * alpha[j] - kinv[i * n + j]; // counted twice: pairs (i,j) and (j,i)
                java.util.Arrays.fill(s, 0);
                double r2 = 0;
                for (int c = 0; c < x[i].length; c++) {
                    double d = (x[i][c] - x[j][c]) / h.lengthscales()[group[c]];
                    s[group[c]] += d * d;
                    r2 += d * d;
                }
                double r = Math.sqrt(r2);
                double e = Math.exp(-GaussianProcess.SQRT5 * r);
                dLogTheta[groups] += w * h.signalVariance() * (1 + GaussianProcess.SQRT5 * r + 5 * r2 / 3) * e;
                double common = w * h.signalVariance() * 5.0 / 3.0 * (1 + GaussianProcess.SQRT5 * r) * e;
                for (int g = 0; g < groups; g++) {
                    dLogTheta[g] += common * s[g];
                }
            }
        }
        double logPrior = 0;
        for (int p = 0; p < groups + 2; p++) {
            double[] gamma = GAMMA[p < groups ? 0 : p - groups + 1];
            double u = Math.log(p < groups ? h.lengthscales()[p] : p == groups ? h.signalVariance() : h.noiseVariance());
            // Gamma(a, b) on theta, as a density on u = log theta: a u - b e^u (+ const)
            logPrior += gamma[0] * u - gamma[1] * Math.exp(u);
            dLogTheta[p] += gamma[0] - gamma[1] * Math.exp(u);
        }
        for (int p = 0; p < groups + 2; p++) {
            double[] bounds = p < groups ? LENGTHSCALE_BOUNDS : p == groups ? SIGNAL_BOUNDS : NOISE_BOUNDS;
            double sig = sigmoid(z[p]);
            gradient[p] = -dLogTheta[p] * (bounds[1] - bounds[0]) * sig * (1 - sig);
        }
        return -(lml + logPrior);
    }

    /** K^-1 from its Cholesky factor, row-major. */
    static double[] inverse(double[] l, int n) {
        double[] inv = new double[n * n];
        double[] e = new double[n];
        for (int c = 0; c < n; c++) {
            java.util.Arrays.fill(e, 0);
            e[c] = 1;
            double[] col = GaussianProcess.solve(l, n, e);
            for (int r = 0; r < n; r++) {
                inv[r * n + c] = col[r];
            }
        }
        return inv;
    }

    private static double bounded(double z, double[] bounds) {
        return bounds[0] + (bounds[1] - bounds[0]) * sigmoid(z);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }
}
