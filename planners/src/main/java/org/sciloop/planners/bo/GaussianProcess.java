package org.sciloop.planners.bo;

/**
 * Gaussian-process regression (see {@link Kernel}) on inputs in the unit cube and standardised outputs. Conditioning uses a Cholesky factor that adds
 * jitter to the diagonal, growing tenfold until the factorisation succeeds, instead of failing on
 * near-duplicate inputs.
 */
final class GaussianProcess {
    private final double[][] x;
    /** The campaign of each observation when the model learns from earlier ones; null for one campaign. */
    private final Tasks tasks;
    private final Kernel kernel;
    private final double[] y;        // standardised
    private final double mean;
    private final double scale;
    private final double[] chol;     // lower triangle, row-major n x n
    private final double[] alpha;    // K^-1 y
    private final double jitter;

    private GaussianProcess(double[][] x, Tasks tasks, Kernel kernel, double[] y, double mean, double scale) {
        this.x = x;
        this.tasks = tasks;
        this.kernel = kernel;
        this.y = y;
        this.mean = mean;
        this.scale = scale;
        int n = x.length;
        Factor factor = choleskyWithJitter(covariance(x, tasks, kernel), n, kernel.hyperparameters().priorVariance());
        this.chol = factor.lower();
        this.jitter = factor.jitter();
        this.alpha = solve(chol, n, y);
    }

    /** A model of {@code values} at {@code inputs}, standardising the values. */
    static GaussianProcess fit(double[][] inputs, double[] values, Kernel kernel) {
        return fit(inputs, null, values, kernel);
    }

    /**
     * A model of {@code values} at {@code inputs} from several campaigns ({@code tasks}, null for one), whose
     * predictions are for this campaign's.
     */
    static GaussianProcess fit(double[][] inputs, Tasks tasks, double[] values, Kernel kernel) {
        double mean = 0;
        for (double v : values) {
            mean += v;
        }
        mean /= values.length;
        double ss = 0;
        for (double v : values) {
            ss += (v - mean) * (v - mean);
        }
        double scale = values.length > 1 ? Math.sqrt(ss / (values.length - 1)) : 1;
        if (!(scale > 1e-12)) {
            scale = 1;
        }
        return new GaussianProcess(inputs, tasks, kernel, standardise(values, mean, scale), mean, scale);
    }

    /** The mean and the sample standard deviation of {@code values}. */
    static double[] meanAndSd(double[] values) {
        double mean = java.util.Arrays.stream(values).average().orElse(0);
        double sd = Math.sqrt(java.util.Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum()
                / Math.max(1, values.length - 1));
        return new double[] {mean, sd};
    }

    static double[] standardise(double[] values, double mean, double scale) {
        double[] z = new double[values.length];
        for (int i = 0; i < z.length; i++) {
            z[i] = (values[i] - mean) / scale;
        }
        return z;
    }

    /** The same model with one more (fantasised) observation; same hyperparameters and standardisation. */
    GaussianProcess condition(double[] input, double value) {
        int n = x.length;
        double[][] x2 = java.util.Arrays.copyOf(x, n + 1);
        x2[n] = input;
        double[] y2 = java.util.Arrays.copyOf(y, n + 1);
        y2[n] = (value - mean) / scale;
        return new GaussianProcess(x2, tasks == null ? null : tasks.plusCurrent(), kernel, y2, mean, scale);
    }

    double jitter() {
        return jitter;
    }

    /** Posterior mean and standard deviation of the latent function at {@code input}, in output units. */
    Prediction predict(double[] input) {
        int n = x.length;
        double[] k = new double[n];
        double[] scratch = new double[kernel.hyperparameters().lengthscales().length];
        double mu = 0;
        for (int i = 0; i < n; i++) {
            k[i] = toCurrent(i, kernel.value(input, x[i], scratch));
            mu += k[i] * alpha[i];
        }
        double[] v = forward(chol, n, k);
        double prior = kernel.hyperparameters().priorVariance();
        double var = prior - Lbfgs.dot(v, v);
        return new Prediction(mean + scale * mu, scale * Math.sqrt(Math.max(var, 1e-12 * prior)));
    }

    /**
     * Predictions at many inputs, kept as the model is conditioned on one pick of a batch after another: on its own
     * mean there (a kriging believer, as {@link #condition} with that mean), which leaves every mean where it was,
     * or on the function's value there (joint draws), which moves each mean with that value's draw. Either lowers
     * each variance by its squared covariance with the pick over the pick's variance, so a batch's later picks
     * cost a few dot products per candidate instead of a solve each. Of one campaign (no earlier ones in the model).
     */
    Predictions predictions(double[][] inputs, int conditionings) {
        if (tasks != null) {
            throw new IllegalStateException("batched predictions are for a model of one campaign");
        }
        return new Predictions(inputs, conditionings);
    }

    /**
     * A prediction at a point after the conditionings of a {@link Predictions}: its sd given them, its mean before
     * them, and how that mean moves with each one's draw ({@link Predictions#shifts}).
     */
    record Conditional(Prediction prediction, double[] shifts) {
    }

    final class Predictions {
        private final double[][] inputs;
        private final double[] latentMean;
        private final double[] variance;
        /** For each input, L^-1 k(input, ·) over the observations and then the points conditioned on so far. */
        private final double[][] solved;
        private final java.util.List<double[]> points = new java.util.ArrayList<>();
        private final java.util.List<double[]> pointsSolved = new java.util.ArrayList<>();
        private int length;
        private final double[] scratch = new double[kernel.hyperparameters().lengthscales().length];

        private Predictions(double[][] inputs, int conditionings) {
            int n = x.length;
            this.inputs = inputs;
            this.latentMean = new double[inputs.length];
            this.variance = new double[inputs.length];
            this.solved = new double[inputs.length][];
            this.length = n;
            double prior = kernel.hyperparameters().priorVariance();
            for (int c = 0; c < inputs.length; c++) {
                double[] k = new double[n];
                double mu = 0;
                for (int i = 0; i < n; i++) {
                    k[i] = kernel.value(inputs[c], x[i], scratch);
                    mu += k[i] * alpha[i];
                }
                double[] v = java.util.Arrays.copyOf(forward(chol, n, k), n + conditionings);
                latentMean[c] = mu;
                variance[c] = prior - Lbfgs.dot(v, v);
                solved[c] = v;
            }
        }

        Prediction at(int c) {
            double prior = kernel.hyperparameters().priorVariance();
            return new Prediction(mean + scale * latentMean[c], scale * Math.sqrt(Math.max(variance[c], 1e-12 * prior)));
        }

        /**
         * As after {@link GaussianProcess#condition} at {@code point} with its own mean (every mean stays): a kriging
         * believer, an observation there, noise included.
         */
        void condition(double[] point) {
            conditionWithNoise(point, kernel.hyperparameters().noiseVariance());
        }

        /**
         * Conditioned on the latent function's value at {@code point} (a batch's joint draws): every variance falls
         * by its squared covariance with that value, and each draw of it moves every mean by {@link #shifts}.
         */
        void conditionOnValue(double[] point) {
            conditionWithNoise(point, 0);
        }

        private void conditionWithNoise(double[] point, double noiseVariance) {
            double[] v = solvedAt(point, length + 1);
            double h = kernel.hyperparameters().priorVariance() + noiseVariance + jitter - dot(v, v, length);
            double diagonal = Math.sqrt(Math.max(h, 1e-12));
            v[length] = diagonal;
            for (int c = 0; c < inputs.length; c++) {
                double[] w = solved[c];
                if (w.length <= length) {
                    w = java.util.Arrays.copyOf(w, length + 1);
                    solved[c] = w;
                }
                double covariance = kernel.value(inputs[c], point, scratch) - dot(w, v, length);
                w[length] = covariance / diagonal;
                variance[c] -= w[length] * w[length];
            }
            points.add(point);
            pointsSolved.add(v);
            length++;
        }

        /** L^-1 k(point, ·) over the observations and the points conditioned on so far, in an array of {@code size}. */
        private double[] solvedAt(double[] point, int size) {
            int n = x.length;
            double[] k = new double[n];
            for (int i = 0; i < n; i++) {
                k[i] = kernel.value(point, x[i], scratch);
            }
            double[] v = java.util.Arrays.copyOf(forward(chol, n, k), size);
            for (int j = 0; j < points.size(); j++) {  // the row of the factor's earlier additions
                double[] a = pointsSolved.get(j);
                v[n + j] = (kernel.value(point, points.get(j), scratch) - dot(v, a, n + j)) / a[n + j];
            }
            return v;
        }

        /**
         * For input {@code c}, in output units, how far its mean moves with each point conditioned on so far, per
         * standard normal step of that point's value given the earlier points' values. With {@link
         * #conditionOnValue}, a draw whose steps at those points are z has its mean at input c at
         * {@code at(c).mean() + sum(shifts[j] * z[j])}.
         */
        double[] shifts(int c) {
            int n = x.length;
            double[] w = solved[c];
            double[] shifts = new double[length - n];
            for (int j = 0; j < shifts.length; j++) {
                shifts[j] = scale * w[n + j];
            }
            return shifts;
        }

        /** As {@link #at} and {@link #shifts}, at a point that is not one of the inputs. */
        Conditional at(double[] point) {
            int n = x.length;
            double[] v = solvedAt(point, length);
            double mu = 0;
            for (int i = 0; i < n; i++) {
                mu += kernel.value(point, x[i], scratch) * alpha[i];
            }
            double prior = kernel.hyperparameters().priorVariance();
            double var = prior - dot(v, v, length);
            double[] shifts = new double[length - n];
            for (int j = 0; j < shifts.length; j++) {
                shifts[j] = scale * v[n + j];
            }
            return new Conditional(new Prediction(mean + scale * mu, scale * Math.sqrt(Math.max(var, 1e-12 * prior))),
                    shifts);
        }

        private static double dot(double[] a, double[] b, int length) {
            double sum = 0;
            for (int i = 0; i < length; i++) {
                sum += a[i] * b[i];
            }
            return sum;
        }
    }

    /**
     * Mean and standard deviation with their gradients with respect to the input, for acquisition
     * optimisation over continuous inputs.
     */
    Prediction predictWithGradient(double[] input, double[] meanGradient, double[] sdGradient) {
        int n = x.length;
        int d = input.length;
        double[] k = new double[n];
        double[][] dk = new double[n][d];
        double[] scratch = new double[kernel.hyperparameters().lengthscales().length];
        double mu = 0;
        java.util.Arrays.fill(meanGradient, 0);
        for (int i = 0; i < n; i++) {
            double factor = toCurrent(i, 1);
            k[i] = factor * kernel.valueAndInputGradient(input, x[i], scratch, dk[i]);
            for (int j = 0; j < d; j++) {
                dk[i][j] *= factor;
                meanGradient[j] += alpha[i] * dk[i][j];
            }
            mu += k[i] * alpha[i];
        }
        double[] v = forward(chol, n, k);
        double[] kinvK = backward(chol, n, v);
        double prior = kernel.hyperparameters().priorVariance();
        double var = prior - Lbfgs.dot(v, v);
        double floor = 1e-12 * prior;
        double sd = Math.sqrt(Math.max(var, floor));
        for (int j = 0; j < d; j++) {
            double dvar = 0;
            for (int i = 0; i < n; i++) {
                dvar -= 2 * kinvK[i] * dk[i][j];
            }
            meanGradient[j] *= scale;
            sdGradient[j] = var > floor ? scale * dvar / (2 * sd) : 0;
        }
        return new Prediction(mean + scale * mu, scale * sd);
    }

    private double toCurrent(int i, double k) {
        return tasks == null ? k : tasks.covarianceToCurrent(i, k, kernel.hyperparameters());
    }

    record Prediction(double mean, double sd) {
    }

    // ---- shared numerics -------------------------------------------------------------------------

    /** Kernel matrix plus noise on the diagonal, row-major; across campaigns ({@code tasks}) times their correlation. */
    static double[] covariance(double[][] x, Tasks tasks, Kernel kernel) {
        int n = x.length;
        double[] k = new double[n * n];
        double[] scratch = new double[kernel.hyperparameters().lengthscales().length];
        Hyperparameters h = kernel.hyperparameters();
        for (int i = 0; i < n; i++) {
            k[i * n + i] = tasks == null || !tasks.earlier(i) ? h.priorVariance() + h.noiseVariance()
                    : tasks.covariance(i, i, h.priorVariance(), h) + h.historyNoiseVariance();
            for (int j = 0; j < i; j++) {
                double v = kernel.value(x[i], x[j], scratch);
                if (tasks != null) {
                    v = tasks.covariance(i, j, v, h);
                }
                k[i * n + j] = v;
                k[j * n + i] = v;
            }
        }
        return k;
    }

    record Factor(double[] lower, double jitter) {
    }

    /** Cholesky of k; on failure retries with diagonal jitter 1e-10, 1e-9, ... times the signal variance. */
    static Factor choleskyWithJitter(double[] k, int n, double signal) {
        double jitter = 0;
        for (int attempt = 0; attempt < 12; attempt++) {
            double[] l = cholesky(k, n, jitter);
            if (l != null) {
                return new Factor(l, jitter);
            }
            jitter = jitter == 0 ? 1e-10 * signal : jitter * 10;
        }
        throw new IllegalStateException("covariance matrix is not positive definite even with jitter " + jitter);
    }

    /** Lower Cholesky factor of k + jitter I, or null if it is not positive definite. */
    static double[] cholesky(double[] k, int n, double jitter) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double sum = k[i * n + j] + (i == j ? jitter : 0);
                for (int p = 0; p < j; p++) {
                    sum -= l[i * n + p] * l[j * n + p];
                }
                if (i == j) {
                    if (!(sum > 0)) {
                        return null;
                    }
                    l[i * n + i] = Math.sqrt(sum);
                } else {
                    l[i * n + j] = sum / l[j * n + j];
                }
            }
        }
        return l;
    }

    /** Solves L v = b. */
    static double[] forward(double[] l, int n, double[] b) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int p = 0; p < i; p++) {
                sum -= l[i * n + p] * v[p];
            }
            v[i] = sum / l[i * n + i];
        }
        return v;
    }

    /** Solves L^T w = v. */
    static double[] backward(double[] l, int n, double[] v) {
        double[] w = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = v[i];
            for (int p = i + 1; p < n; p++) {
                sum -= l[p * n + i] * w[p];
            }
            w[i] = sum / l[i * n + i];
        }
        return w;
    }

    static double[] solve(double[] l, int n, double[] b) {
        return backward(l, n, forward(l, n, b));
    }
}
