package org.sciloop.planners.bo;

import java.util.Random;

/**
 * Fits the kernel's hyperparameters by maximising the log marginal likelihood plus log priors (a MAP
 * estimate), with L-BFGS from several starts. Each hyperparameter lives in log space inside bounds,
 * through a logistic map from an unbounded variable, so the optimiser never leaves them.
 *
 * <p>Priors, on unit-cube inputs and standardised outputs: the lengthscales' by {@link LengthscalePrior} (unless
 * the profile has its own), the variances' and the noise's by {@link Priors}.
 */
final class HyperparameterFit {
    static final double[] LENGTHSCALE_BOUNDS = {Math.log(0.01), Math.log(100)};
    static final double[] VARIANCE_BOUNDS = {Math.log(0.001), Math.log(100)};
    /** The noise variance's bounds, unless {@link #noiseAtMost} lowers the upper one. */
    static final double[] NOISE_BOUNDS = {Math.log(1e-6), Math.log(1)};
    /** The correlation between campaigns, itself (not its log): from hardly related to nearly the same. */
    static final double[] TASK_CORRELATION_BOUNDS = {0.001, 0.99};
    /** The earlier campaigns' response against this one's: its log, from a hundredth to ten times. */
    static final double[] HISTORY_SCALE_BOUNDS = {Math.log(0.01), Math.log(10)};
    private static final double HISTORY_SCALE_PRIOR_SD = 1;
    private static final double LENGTHSCALE_PRIOR_SD = Math.sqrt(3);
    private static final double LOW_NOISE_MEDIAN_LOG = -4;
    private static final double LOW_NOISE_SD = 1;

    /** The prior of each lengthscale, in place of the profile's of {@link Priors} (which only EDBO's has). */
    enum LengthscalePrior {
        /**
         * Gamma(3, 6) (mode 1/3 of the unit cube; BoTorch's former default): short enough that what a corner of a
         * continuous space measured is not carried to the far side of a setting (docs/bayesian-optimisation.md).
         */
        GAMMA,
        /**
         * Log-normal with median exp(sqrt 2) * sqrt(groups) and log-sd sqrt 3 (Hvarfner et al., "Vanilla Bayesian
         * optimization performs great in high dimensions", ICML 2024): on a table of reactions, long lengthscales let a
         * few results speak for a whole factor (arylation, after 20: 86-89 % against 82 % with Gamma(3, 6)).
         */
        LOG_NORMAL
    }

    private static final double[] SHORT_LENGTHSCALE_GAMMA = {3, 6};

    /**
     * Priors on the variances and the noise of standardised outputs. Which fits depends on the data: the
     * choice between them was measured (docs/bayesian-optimisation.md).
     */
    enum Priors {
        /**
         * Variances Gamma(2, 5) (mean 0.4: together about the unit variance of standardised outputs), noise
         * log-normal(-4, 1) (median 0.018): for simulators and precise instruments.
         */
        PRECISE(null, new double[] {2, 5}, null),
        /**
         * Variances Gamma(2, 0.15), noise Gamma(1.1, 0.05): hardly informative, they let a model of main
         * effects call what it cannot explain noise; for tables of laboratory measurements.
         */
        LOOSE(null, new double[] {2, 0.15}, new double[] {1.1, 0.05}),
        /**
         * EDBO's priors for reagents encoded by DFT descriptors (Shields et al., Nature 2021): lengthscales
         * Gamma(2, 0.2), variance Gamma(5, 0.5), noise Gamma(1.5, 0.5).
         */
        DESCRIPTORS(new double[] {2, 0.2}, new double[] {5, 0.5}, new double[] {1.5, 0.5});

        final double[] lengthscaleGamma;  // null: the fit's LengthscalePrior
        final double[] varianceGamma;
        final double[] noiseGamma;        // null: log-normal(LOW_NOISE_MEDIAN_LOG, LOW_NOISE_SD)

        Priors(double[] lengthscaleGamma, double[] varianceGamma, double[] noiseGamma) {
            this.lengthscaleGamma = lengthscaleGamma;
            this.varianceGamma = varianceGamma;
            this.noiseGamma = noiseGamma;
        }
    }

    private final double[][] x;
    private final double[] y;
    /** The campaign of each observation, when earlier campaigns are learned from; else null. */
    private final Tasks tasks;
    private final int[] group;
    private final int groups;
    private final boolean additive;
    private final Priors priors;
    private final double lengthscalePriorMedianLog;
    /** The lengthscales' Gamma prior (shape, rate), or null for the dimension-scaled log-normal. */
    private double[] lengthscaleGamma;
    /** Whether this campaign's correlation with earlier ones is fitted, or held at its lowest (taken as unrelated). */
    private boolean correlated = true;
    /**
     * Whether this campaign's correlation with earlier ones is fitted apart from theirs among themselves; else one
     * correlation links any two campaigns (exchangeable: all that can be said before this one has results).
     */
    private boolean separate;
    private double[] noiseBounds = NOISE_BOUNDS;
    private static final int TASK_PARAMETERS = 4;

    /** {@code y} must be standardised. */
    HyperparameterFit(double[][] x, double[] y, int[] group, int groups, boolean additive, Priors priors) {
        this(x, null, y, group, groups, additive, priors);
    }

    /**
     * Over observations of several campaigns ({@code tasks}; null for one): their correlation is fitted too (a flat
     * prior over {@link #TASK_CORRELATION_BOUNDS}), and the earlier campaigns' scale (log-normal around 1) and
     * noise (the noise's prior).
     */
    HyperparameterFit(double[][] x, Tasks tasks, double[] y, int[] group, int groups, boolean additive,
                      Priors priors) {
        this.x = x;
        this.tasks = tasks;
        this.y = y;
        this.group = group;
        this.groups = groups;
        this.additive = additive;
        this.priors = priors;
        this.lengthscalePriorMedianLog = Math.sqrt(2) + 0.5 * Math.log(groups);
        this.lengthscaleGamma = priors.lengthscaleGamma;
    }

    record Fitted(Hyperparameters hyperparameters, double logPosterior) {
    }

    /**
     * The best of {@code starts} L-BFGS runs: from the priors' centres, from the middle of the bounds, then
     * from random points.
     */
    Fitted fit(int starts, Random random) {
        Fitted best = null;
        for (int s = 0; s < starts; s++) {
            double[] z = s == 0 ? priorCentre() : new double[parameters()];  // then the middle of the bounds
            if (s > 1) {
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

    /**
     * The same fit with the campaigns taken as unrelated (their correlation held at its lowest): the alternative a
     * learned correlation must beat to be believed.
     */
    HyperparameterFit unrelated() {
        HyperparameterFit fit = copy();
        fit.correlated = false;
        return fit;
    }

    /**
     * The same fit with the noise variance at most {@code share} of the standardised outputs' variance (1: all of
     * it), so that the model must explain the rest.
     */
    HyperparameterFit noiseAtMost(double share) {
        HyperparameterFit fit = copy();
        fit.noiseBounds = new double[] {NOISE_BOUNDS[0], Math.log(share)};
        return fit;
    }

    /** The same fit with {@code prior} on the lengthscales, in place of its profile's. */
    HyperparameterFit lengthscales(LengthscalePrior prior) {
        HyperparameterFit fit = copy();
        fit.lengthscaleGamma = prior == LengthscalePrior.GAMMA ? SHORT_LENGTHSCALE_GAMMA : null;
        return fit;
    }

    private HyperparameterFit copy() {
        HyperparameterFit fit = new HyperparameterFit(x, tasks, y, group, groups, additive, priors);
        fit.correlated = correlated;
        fit.separate = separate;
        fit.noiseBounds = noiseBounds;
        fit.lengthscaleGamma = lengthscaleGamma;
        return fit;
    }

    /**
     * With the kernel's own hyperparameters held at {@code kernel}'s (fitted to this campaign's results alone), the
     * best correlations (this campaign's with the earlier ones apart from theirs among themselves), history scale
     * and history noise: how the earlier campaigns relate to this one, without their results bending this
     * campaign's kernel. Needs tasks.
     *
     * <p>This campaign's correlation is bounded by how the earlier ones go together: with n of them correlated r
     * among themselves, at most sqrt((1 + (n - 1) r) / n) (what keeps the covariance positive definite), so that
     * campaigns unrelated to each other cannot all be strongly related to this one.
     */
    Fitted fitTasks(Hyperparameters kernel, int starts, Random random) {
        return separately().fitWithKernel(kernel, starts, random);
    }

    /** The same fit with this campaign's correlation apart from the earlier campaigns' among themselves. */
    HyperparameterFit separately() {
        HyperparameterFit fit = copy();
        fit.separate = true;
        return fit;
    }

    private Fitted fitWithKernel(Hyperparameters kernel, int starts, Random random) {
        double[] full = encode(kernel);
        int first = correlation();
        Lbfgs.Objective f = (zt, gt) -> {
            double[] z = full.clone();
            System.arraycopy(zt, 0, z, first, TASK_PARAMETERS);
            double[] g = new double[z.length];
            double value = negativeLogPosterior(z, g);
            System.arraycopy(g, first, gt, 0, TASK_PARAMETERS);
            return value;
        };
        Fitted best = null;
        for (int s = 0; s < starts; s++) {
            double[] start = java.util.Arrays.copyOfRange(priorCentre(), first, first + TASK_PARAMETERS);
            if (s > 0) {
                for (int i = 0; i < start.length; i++) {
                    start[i] += 1.5 * random.nextGaussian();
                }
            }
            Lbfgs.Result r = Lbfgs.minimize(f, start, 200, 1e-5);
            if (Double.isFinite(r.value()) && (best == null || -r.value() > best.logPosterior())) {
                double[] z = full.clone();
                System.arraycopy(r.x(), 0, z, first, TASK_PARAMETERS);
                best = new Fitted(decode(z), -r.value());
            }
        }
        if (best == null) {
            throw new IllegalStateException("no start of the task fit gave a finite likelihood");
        }
        return best;
    }

    /** The unbounded variables of {@code h} (its kernel part; the task part at the priors' centres). */
    private double[] encode(Hyperparameters h) {
        double[] z = priorCentre();
        for (int p = 0; p <= noise(); p++) {
            double theta = p < groups ? h.lengthscales()[p] : p == groups ? h.signalVariance()
                    : p == noise() ? h.noiseVariance() : h.additiveVariance();
            double[] b = bounds(p);
            double f = Math.min(1 - 1e-9, Math.max(1e-9, (Math.log(theta) - b[0]) / (b[1] - b[0])));
            z[p] = Math.log(f / (1 - f));
        }
        return z;
    }

    /**
     * The unbounded variables at the priors' centres: the mode of each Gamma prior, the median of each
     * log-normal one (clipped into the bounds). For EDBO's priors these are EDBO's own starting values.
     */
    double[] priorCentre() {
        double[] z = new double[parameters()];
        for (int p = 0; p < parameters(); p++) {
            double logTheta;
            if (p == correlation() || p == historyCorrelation()) {
                z[p] = 0;  // the middle of its bounds
                continue;
            } else if (p == historyScale()) {
                logTheta = 0;
            } else if (p < groups) {
                logTheta = lengthscaleGamma != null ? logMode(lengthscaleGamma) : lengthscalePriorMedianLog;
            } else if (p == noise() || p == historyNoise()) {
                logTheta = priors.noiseGamma != null ? logMode(priors.noiseGamma) : LOW_NOISE_MEDIAN_LOG;
            } else {
                logTheta = logMode(priors.varianceGamma);
            }
            double[] b = bounds(p);
            double f = Math.min(0.999, Math.max(0.001, (logTheta - b[0]) / (b[1] - b[0])));
            z[p] = Math.log(f / (1 - f));
        }
        return z;
    }

    private static double logMode(double[] gamma) {
        return Math.log(Math.max(1e-12, (gamma[0] - 1) / gamma[1]));
    }

    /**
     * Lengthscales, signal variance, additive variance (if used), noise variance; with tasks, then this campaign's
     * correlation with the earlier ones (exchangeable: any two campaigns'; separate: as a share of its bound), the
     * earlier ones' among themselves (separate only), the history's scale and its noise variance.
     */
    int parameters() {
        return groups + (additive ? 3 : 2) + (tasks == null ? 0 : TASK_PARAMETERS);
    }

    private int noise() {
        return groups + (additive ? 2 : 1);
    }

    /** The task correlation's index, or -1 without tasks. */
    private int correlation() {
        return tasks == null ? -1 : noise() + 1;
    }

    private int historyCorrelation() {
        return tasks == null ? -1 : noise() + 2;
    }

    private int historyScale() {
        return tasks == null ? -1 : noise() + 3;
    }

    private int historyNoise() {
        return tasks == null ? -1 : noise() + 4;
    }

    /** The most this campaign's correlation with earlier ones can be when theirs among themselves is {@code r}. */
    private double bound(double r) {
        int n = Math.max(1, tasks.earlierCampaigns());
        return Math.sqrt((1 + (n - 1) * r) / n);
    }

    Hyperparameters decode(double[] z) {
        double[] lengthscales = new double[groups];
        for (int g = 0; g < groups; g++) {
            lengthscales[g] = Math.exp(bounded(z[g], bounds(g)));
        }
        double noise = Math.exp(bounded(z[noise()], bounds(noise())));
        if (tasks == null) {
            return new Hyperparameters(lengthscales, Math.exp(bounded(z[groups], bounds(groups))),
                    additive ? Math.exp(bounded(z[groups + 1], bounds(groups + 1))) : 0, noise);
        }
        double first = correlated ? bounded(z[correlation()], TASK_CORRELATION_BOUNDS) : TASK_CORRELATION_BOUNDS[0];
        double among = separate ? bounded(z[historyCorrelation()], TASK_CORRELATION_BOUNDS) : first;
        return new Hyperparameters(lengthscales, Math.exp(bounded(z[groups], bounds(groups))),
                additive ? Math.exp(bounded(z[groups + 1], bounds(groups + 1))) : 0, noise,
                separate ? first * bound(among) : first, among,
                Math.exp(bounded(z[historyScale()], HISTORY_SCALE_BOUNDS)),
                Math.exp(bounded(z[historyNoise()], noiseBounds)));
    }

    private double[] bounds(int p) {
        return p < groups ? LENGTHSCALE_BOUNDS : p == noise() || p == historyNoise() ? noiseBounds
                : p == correlation() || p == historyCorrelation() ? TASK_CORRELATION_BOUNDS
                : p == historyScale() ? HISTORY_SCALE_BOUNDS
                : VARIANCE_BOUNDS;
    }

    /** -(log marginal likelihood + log prior) and its gradient in the unbounded variables. */
    double negativeLogPosterior(double[] z, double[] gradient) {
        int n = x.length;
        Hyperparameters h = decode(z);
        Kernel kernel = new Kernel(group, groups, h);
        double[] covariance = GaussianProcess.covariance(x, tasks, kernel);
        double[] l = GaussianProcess.cholesky(covariance, n, 0);
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

        // d(lml)/d(log theta) = 1/2 tr((alpha alpha^T - K^-1) dK/d(log theta)); kernel terms first.
        double[] dKernel = new double[groups + 2];
        double[] scratch = new double[groups];
        double trace = 0;
        double historyTrace = 0;
        double dWithThis = 0;
        double dAmong = 0;
        double dLogScale = 0;
        for (int i = 0; i < n; i++) {
            double wii = alpha[i] * alpha[i] - kinv[i * n + i];
            boolean earlier = tasks != null && tasks.earlier(i);
            double scaleSquared = earlier ? h.historyScale() * h.historyScale() : 1;
            if (earlier) {
                historyTrace += wii;
                dLogScale += wii * h.priorVariance() * scaleSquared;  // half of 2 (K_ii - noise)
            } else {
                trace += wii;
            }
            kernel.addHyperparameterGradient(x[i], x[i], 0.5 * wii * scaleSquared, scratch, dKernel);
            for (int j = 0; j < i; j++) {
                // the pair (i, j) and (j, i): twice half
                double wij = alpha[i] * alpha[j] - kinv[i * n + j];
                double factor = tasks == null ? 1 : tasks.covariance(i, j, 1, h);
                kernel.addHyperparameterGradient(x[i], x[j], wij * factor, scratch, dKernel);
                if (tasks != null && tasks.of()[i] != tasks.of()[j]) {
                    // d K_ij / d (the pair's correlation) = K_ij / that correlation
                    if (tasks.earlier(i) && tasks.earlier(j)) {
                        dAmong += wij * covariance[i * n + j] / h.historyCorrelation();
                    } else {
                        dWithThis += wij * covariance[i * n + j] / h.taskCorrelation();
                    }
                }
                if (tasks != null) {
                    // K_ij goes with the scale once for each earlier campaign's observation in the pair
                    dLogScale += wij * covariance[i * n + j] * ((tasks.earlier(i) ? 1 : 0) + (tasks.earlier(j) ? 1 : 0));
                }
            }
        }
        double[] dLogTheta = new double[parameters()];
        System.arraycopy(dKernel, 0, dLogTheta, 0, groups + 1);
        if (additive) {
            dLogTheta[groups + 1] = dKernel[groups + 1];
        }
        dLogTheta[noise()] = 0.5 * trace * h.noiseVariance();
        if (tasks != null) {
            dLogTheta[historyScale()] = dLogScale;
            dLogTheta[historyNoise()] = 0.5 * historyTrace * h.historyNoiseVariance();
        }

        double logPrior = 0;
        for (int p = 0; p < parameters(); p++) {
            if (p == correlation() || p == historyCorrelation()) {
                continue;  // a flat prior: the correlation is the data's to say
            }
            if (p == historyScale()) {
                double u = Math.log(h.historyScale());  // log-normal around the same scale
                logPrior -= u * u / (2 * HISTORY_SCALE_PRIOR_SD * HISTORY_SCALE_PRIOR_SD);
                dLogTheta[p] -= u / (HISTORY_SCALE_PRIOR_SD * HISTORY_SCALE_PRIOR_SD);
                continue;
            }
            double theta = p < groups ? h.lengthscales()[p] : p == groups ? h.signalVariance()
                    : p == noise() ? h.noiseVariance() : p == historyNoise() ? h.historyNoiseVariance()
                    : h.additiveVariance();
            double u = Math.log(theta);
            if (p < groups && lengthscaleGamma != null) {
                logPrior += lengthscaleGamma[0] * u - lengthscaleGamma[1] * theta;
                dLogTheta[p] += lengthscaleGamma[0] - lengthscaleGamma[1] * theta;
            } else if (p < groups) {
                double d = u - lengthscalePriorMedianLog;   // log-normal on theta = normal on u
                logPrior -= d * d / (2 * LENGTHSCALE_PRIOR_SD * LENGTHSCALE_PRIOR_SD);
                dLogTheta[p] -= d / (LENGTHSCALE_PRIOR_SD * LENGTHSCALE_PRIOR_SD);
            } else if ((p == noise() || p == historyNoise()) && priors.noiseGamma == null) {
                double d = u - LOW_NOISE_MEDIAN_LOG;
                logPrior -= d * d / (2 * LOW_NOISE_SD * LOW_NOISE_SD);
                dLogTheta[p] -= d / (LOW_NOISE_SD * LOW_NOISE_SD);
            } else {
                double[] gamma = p == noise() || p == historyNoise() ? priors.noiseGamma : priors.varianceGamma;
                logPrior += gamma[0] * u - gamma[1] * theta;   // Gamma(a, b) on theta, as a density on log theta
                dLogTheta[p] += gamma[0] - gamma[1] * theta;
            }
        }
        if (tasks != null) {
            if (separate) {
                // with = share * bound(among): the share moves only this campaign's, among moves both
                double among = h.historyCorrelation();
                int earlier = Math.max(1, tasks.earlierCampaigns());
                double share = h.taskCorrelation() / bound(among);
                dLogTheta[correlation()] = dWithThis * bound(among);
                dLogTheta[historyCorrelation()] = dAmong + dWithThis * share * (earlier - 1)
                        / (2.0 * earlier * bound(among));
            } else {
                dLogTheta[correlation()] = dWithThis + dAmong;  // one correlation for every pair
            }
            if (!correlated) {
                dLogTheta[correlation()] = 0;
            }
        }
        for (int p = 0; p < parameters(); p++) {
            double[] b = bounds(p);
            double sig = sigmoid(z[p]);
            // Each is bounded through a logistic map: of its log, or (the correlations) of itself.
            gradient[p] = -dLogTheta[p] * (b[1] - b[0]) * sig * (1 - sig);
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
