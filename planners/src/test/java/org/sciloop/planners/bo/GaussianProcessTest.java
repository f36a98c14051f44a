package org.sciloop.planners.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class GaussianProcessTest {
    static final int[] GROUPS = {0, 1, 1};

    static double[][] inputs(int n, Random random) {
        double[][] x = new double[n][3];
        for (double[] row : x) {
            row[0] = random.nextDouble();
            int level = random.nextInt(2);
            row[1] = level == 0 ? 1 : 0;
            row[2] = level == 1 ? 1 : 0;
        }
        return x;
    }

    static double f(double[] x) {
        return Math.sin(6 * x[0]) + 2 * x[1];
    }

    /** f at each input, without noise. */
    static double[] values(double[][] x) {
        return java.util.Arrays.stream(x).mapToDouble(GaussianProcessTest::f).toArray();
    }

    @Test
    void the_log_posterior_gradient_matches_finite_differences() {
        Random random = new Random(1);
        double[][] x = inputs(25, random);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = f(x[i]) + 0.05 * random.nextGaussian();
        }
        double[] z = GaussianProcess.standardise(y, 0.6, 1.1);
        for (boolean additive : new boolean[] {false, true}) {
            HyperparameterFit fit = new HyperparameterFit(x, z, GROUPS, 2, additive,
                    additive ? HyperparameterFit.Priors.PRECISE : HyperparameterFit.Priors.LOOSE);
            assertGradientMatchesFiniteDifferences(fit, additive ? new double[] {0.3, -0.4, 0.2, -0.7, -1.0}
                    : new double[] {0.3, -0.4, 0.2, -1.0}, "additive " + additive);
        }
    }

    private static void assertGradientMatchesFiniteDifferences(HyperparameterFit fit, double[] at, String which) {
        double[] gradient = new double[at.length];
        fit.negativeLogPosterior(at, gradient);
        for (int p = 0; p < at.length; p++) {
            double[] up = at.clone();
            double[] down = at.clone();
            up[p] += 1e-5;
            down[p] -= 1e-5;
            double numeric = (fit.negativeLogPosterior(up, new double[at.length])
                    - fit.negativeLogPosterior(down, new double[at.length])) / 2e-5;
            assertThat(gradient[p]).as("%s, parameter %d", which, p)
                    .isCloseTo(numeric, offset(1e-4 * Math.max(1, Math.abs(numeric))));
        }
    }

    @Test
    void with_earlier_campaigns_the_gradient_holds_and_the_correlation_follows_how_related_they_are() {
        Random random = new Random(3);
        double[][] x = inputs(60, random);
        int[] task = new int[x.length];
        double[] related = new double[x.length];
        double[] unrelated = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            task[i] = i % 3;  // this campaign (0) and two earlier ones
            related[i] = f(x[i]) + 0.3 * task[i] + 0.05 * random.nextGaussian();
            // The earlier campaigns measured something else altogether.
            unrelated[i] = task[i] == 0 ? related[i] : random.nextGaussian();
        }
        Tasks tasks = new Tasks(task);
        HyperparameterFit fit = new HyperparameterFit(x, tasks, GaussianProcess.standardise(related, 0.5, 1),
                GROUPS, 2, true, HyperparameterFit.Priors.PRECISE);
        double[] at = {0.3, -0.4, 0.2, -0.7, -1.0, 0.4, -0.6, 0.3, -0.8};
        assertGradientMatchesFiniteDifferences(fit, at, "one correlation");
        assertGradientMatchesFiniteDifferences(fit.separately(), at, "this campaign's apart");
        assertGradientMatchesFiniteDifferences(fit.unrelated(), at, "unrelated");
        double close = fit.fit(3, new Random(4)).hyperparameters().taskCorrelation();
        double far = new HyperparameterFit(x, tasks, GaussianProcess.standardise(unrelated, 0.3, 1), GROUPS, 2, true,
                HyperparameterFit.Priors.PRECISE).fit(3, new Random(4)).hyperparameters().taskCorrelation();
        assertThat(close).isGreaterThan(0.8);
        assertThat(far).isLessThan(0.3);
    }

    @Test
    void a_fitted_model_predicts_a_smooth_function_and_knows_where_it_is_unsure() {
        Random random = new Random(2);
        double[][] x = inputs(40, random);
        double[] y = values(x);
        double mean = 0.6;
        HyperparameterFit.Fitted fitted = new HyperparameterFit(x, GaussianProcess.standardise(y, mean, 1), GROUPS, 2,
                true, HyperparameterFit.Priors.PRECISE).fit(3, new Random(3));
        GaussianProcess gp = GaussianProcess.fit(x, y, new Kernel(GROUPS, 2, fitted.hyperparameters()));
        double worst = 0;
        for (int i = 0; i < 50; i++) {
            double[] probe = {i / 49.0, i % 2, 1 - i % 2};
            worst = Math.max(worst, Math.abs(gp.predict(probe).mean() - f(probe)));
        }
        assertThat(worst).isLessThan(0.1);
        GaussianProcess.Prediction seen = gp.predict(x[0]);
        assertThat(seen.sd()).isLessThan(0.05);
    }

    /** Values with no pattern the kernel can find: the fit calls them noise, as far as its ceiling lets it. */
    @Test
    void a_noise_ceiling_makes_the_model_explain_the_rest() {
        Random random = new Random(4);
        double[][] x = inputs(30, random);
        double[] noise = new double[x.length];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = random.nextGaussian();
        }
        double[] meanAndSd = GaussianProcess.meanAndSd(noise);
        HyperparameterFit fit = new HyperparameterFit(x, GaussianProcess.standardise(noise, meanAndSd[0],
                meanAndSd[1]), GROUPS, 2, false, HyperparameterFit.Priors.DESCRIPTORS);

        double free = fit.fit(3, new Random(5)).hyperparameters().noiseVariance();
        double capped = fit.noiseAtMost(0.3).fit(3, new Random(5)).hyperparameters().noiseVariance();

        assertThat(free).isGreaterThan(0.5);
        assertThat(capped).isLessThanOrEqualTo(0.3 + 1e-9).isGreaterThan(0.25);
    }

    /**
     * Few results say little of how far a setting's effect reaches, so the prior has a say: Gamma(3, 6) keeps the
     * lengthscales near a third of the range, where the log-normal lets them run longer (and carries what a corner
     * measured further across the space).
     */
    @Test
    void the_lengthscale_prior_decides_how_far_few_results_reach() {
        Random random = new Random(6);
        double[][] x = inputs(8, random);
        double[] y = java.util.Arrays.stream(x).mapToDouble(row -> row[0]).toArray();  // a gentle slope
        double[] meanAndSd = GaussianProcess.meanAndSd(y);
        HyperparameterFit fit = new HyperparameterFit(x, GaussianProcess.standardise(y, meanAndSd[0], meanAndSd[1]),
                GROUPS, 2, true, HyperparameterFit.Priors.PRECISE);

        double[] gamma = fit.lengthscales(HyperparameterFit.LengthscalePrior.GAMMA).fit(3, new Random(7))
                .hyperparameters().lengthscales();
        double[] logNormal = fit.lengthscales(HyperparameterFit.LengthscalePrior.LOG_NORMAL).fit(3, new Random(7))
                .hyperparameters().lengthscales();

        assertThat(gamma[0]).isBetween(0.2, 0.7);
        assertThat(logNormal[0]).isGreaterThan(1.3 * gamma[0]);
    }

    /** A batch's kriging believers: the kept predictions must be those of the model conditioned on each pick. */
    @Test
    void predictions_kept_through_fantasies_match_a_model_conditioned_on_them() {
        Random random = new Random(5);
        double[][] x = inputs(30, random);
        double[] y = new double[x.length];
        for (int i = 0; i < y.length; i++) {
            y[i] = f(x[i]) + 0.1 * random.nextGaussian();
        }
        GaussianProcess gp = GaussianProcess.fit(x, y,
                new Kernel(GROUPS, 2, new Hyperparameters(new double[] {0.25, 0.8}, 1.1, 0.4, 0.02)));
        double[][] candidates = inputs(200, random);
        GaussianProcess.Predictions kept = gp.predictions(candidates, 2);
        GaussianProcess conditioned = gp;
        for (int pick : new int[] {17, 3, 150, 88}) {   // more picks than the room made for them
            conditioned = conditioned.condition(candidates[pick], conditioned.predict(candidates[pick]).mean());
            kept.condition(candidates[pick]);
            for (int c = 0; c < candidates.length; c++) {
                GaussianProcess.Prediction expected = conditioned.predict(candidates[c]);
                assertThat(kept.at(c).mean()).as("mean at %d", c).isCloseTo(expected.mean(), offset(1e-9));
                assertThat(kept.at(c).sd()).as("sd at %d", c).isCloseTo(expected.sd(), offset(1e-7));
            }
        }
        assertThat(kept.at(17).sd()).isLessThan(gp.predict(candidates[17]).sd());
    }

    /**
     * A batch's joint draws: a candidate's mean, moved by the picks' draws through its shifts, and its variance must
     * be those of the model conditioned on the values drawn (without noise, where a value and an observation of it
     * are one), at an input and at a point that is not one.
     */
    @Test
    void predictions_conditioned_on_drawn_values_match_a_model_told_those_values() {
        Random random = new Random(8);
        double[][] x = inputs(25, random);
        double[] y = values(x);
        GaussianProcess gp = GaussianProcess.fit(x, y,
                new Kernel(GROUPS, 2, new Hyperparameters(new double[] {0.3, 0.8}, 1.1, 0.4, 1e-9)));
        double[][] candidates = inputs(100, random);
        double[] elsewhere = {0.42, 1, 0};
        GaussianProcess.Predictions kept = gp.predictions(candidates, 3);
        GaussianProcess told = gp;
        double[] z = {1.3, -0.7, 2.1};
        int[] picks = {40, 7, 91};
        for (int j = 0; j < picks.length; j++) {
            // The pick's value in this draw, given the earlier picks' values in it.
            GaussianProcess.Prediction at = kept.at(picks[j]);
            double value = at.mean() + dot(kept.shifts(picks[j]), z) + at.sd() * z[j];
            assertThat(value).as("the pick's value as the told model has it").isCloseTo(
                    told.predict(candidates[picks[j]]).mean() + at.sd() * z[j], offset(1e-6));
            told = told.condition(candidates[picks[j]], value);
            kept.conditionOnValue(candidates[picks[j]]);
            for (int c = 0; c < candidates.length; c++) {
                GaussianProcess.Prediction expected = told.predict(candidates[c]);
                assertThat(kept.at(c).mean() + dot(kept.shifts(c), z)).as("mean at %d", c)
                        .isCloseTo(expected.mean(), offset(1e-5));
                assertThat(kept.at(c).sd()).as("sd at %d", c).isCloseTo(expected.sd(), offset(1e-4));
            }
            GaussianProcess.Conditional there = kept.at(elsewhere);
            assertThat(there.prediction().mean() + dot(there.shifts(), z))
                    .isCloseTo(told.predict(elsewhere).mean(), offset(1e-5));
            assertThat(there.prediction().sd()).isCloseTo(told.predict(elsewhere).sd(), offset(1e-4));
        }
        assertThat(kept.at(picks[0]).sd()).as("a pick's value drawn is known").isLessThan(1e-3);

        // With noise, a value drawn is still known exactly where an observation of it would not be.
        GaussianProcess noisy = GaussianProcess.fit(x, y,
                new Kernel(GROUPS, 2, new Hyperparameters(new double[] {0.3, 0.8}, 1.1, 0.4, 0.05)));
        GaussianProcess.Predictions drawn = noisy.predictions(candidates, 1);
        GaussianProcess.Predictions believed = noisy.predictions(candidates, 1);
        drawn.conditionOnValue(candidates[40]);
        believed.condition(candidates[40]);
        assertThat(drawn.at(40).sd()).isLessThan(1e-3 * noisy.predict(candidates[40]).sd());
        assertThat(believed.at(40).sd()).as("an observation leaves its noise")
                .isGreaterThan(0.1 * noisy.predict(candidates[40]).sd());
    }

    private static double dot(double[] shifts, double[] z) {
        double sum = 0;
        for (int j = 0; j < shifts.length; j++) {
            sum += shifts[j] * z[j];
        }
        return sum;
    }

    @Test
    void duplicated_inputs_without_noise_get_jitter_instead_of_a_failure() {
        double[][] x = {{0.5, 1, 0}, {0.5, 1, 0}, {0.2, 0, 1}};
        GaussianProcess gp = GaussianProcess.fit(x, new double[] {1, 1, 2},
                new Kernel(GROUPS, 2, new Hyperparameters(new double[] {0.3, 1}, 1, 0, 0)));
        assertThat(gp.jitter()).isGreaterThan(0);
        assertThat(gp.predict(x[0]).mean()).isCloseTo(1, offset(1e-3));
    }

    @Test
    void the_predictive_gradients_match_finite_differences() {
        Random random = new Random(4);
        double[][] x = inputs(15, random);
        double[] y = values(x);
        GaussianProcess gp = GaussianProcess.fit(x, y,
                new Kernel(GROUPS, 2, new Hyperparameters(new double[] {0.2, 0.7}, 1.3, 0.6, 1e-4)));
        double[] at = {0.37, 0.6, 0.3};
        double[] dm = new double[3];
        double[] ds = new double[3];
        gp.predictWithGradient(at, dm, ds);
        for (int j = 0; j < 3; j++) {
            double[] up = at.clone();
            double[] down = at.clone();
            up[j] += 1e-6;
            down[j] -= 1e-6;
            assertThat(dm[j]).isCloseTo((gp.predict(up).mean() - gp.predict(down).mean()) / 2e-6, offset(1e-4));
            assertThat(ds[j]).isCloseTo((gp.predict(up).sd() - gp.predict(down).sd()) / 2e-6, offset(1e-4));
        }
    }
}
