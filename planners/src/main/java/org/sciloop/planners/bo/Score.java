package org.sciloop.planners.bo;

import java.util.Optional;

/**
 * What a one-objective search maximises at a point: the acquisition of the objective's model and, where some runs
 * have failed, the log probability that a run there succeeds (expected improvement times the probability of
 * success, as logarithms: constrained EI with success as the constraint; Gelbart et al., UAI 2014). A failed run
 * has no value to model, so without this the search asked again where runs had failed.
 *
 * @param runs a model of each run's success (1) or failure (0), when some have failed; with UCB it is not used
 */
record Score(GaussianProcess gp, Acquisition acquisition, double incumbent, double kappa,
             Optional<GaussianProcess> runs) {

    /**
     * The least probability of success a point is given: the model's mean of 0/1 outcomes is the estimate, and may
     * fall to 0 or below where runs failed.
     */
    static final double LEAST = 1e-6;

    /** The objective's prediction at {@code x} and the score there. */
    record At(GaussianProcess.Prediction prediction, double value, double success) {
    }

    At at(double[] x) {
        GaussianProcess.Prediction p = gp.predict(x);
        double value = acquisition.value(p.mean(), p.sd(), incumbent, kappa);
        if (!counted()) {
            return new At(p, value, 1);
        }
        double success = success(runs.get().predict(x).mean());
        return new At(p, value + Math.log(success), success);
    }

    /** The score at {@code x} with its gradient there (for a local search over continuous inputs). */
    double valueAndGradient(double[] x, double[] gradient) {
        int d = x.length;
        double[] meanGradient = new double[d];
        double[] sdGradient = new double[d];
        GaussianProcess.Prediction p = gp.predictWithGradient(x, meanGradient, sdGradient);
        double[] dAcq = acquisition.gradient(p.mean(), p.sd(), incumbent, kappa);
        double value = acquisition.value(p.mean(), p.sd(), incumbent, kappa);
        for (int j = 0; j < d; j++) {
            gradient[j] = dAcq[0] * meanGradient[j] + dAcq[1] * sdGradient[j];
        }
        if (counted()) {
            double mean = runs.get().predictWithGradient(x, meanGradient, sdGradient).mean();
            double success = success(mean);
            value += Math.log(success);
            if (success == mean) {  // inside its bounds: d log(mean) = d mean / mean
                for (int j = 0; j < d; j++) {
                    gradient[j] += meanGradient[j] / mean;
                }
            }
        }
        return value;
    }

    /**
     * The probability that a run succeeds: the success model's mean (a model of 0/1 outcomes estimates their rate),
     * within [{@link #LEAST}, 1]. Not the probability that its latent value is above a half, which a batch's
     * believed picks, shrinking the spread there, turned into certainty.
     */
    private static double success(double mean) {
        return Math.max(LEAST, Math.min(1, mean));
    }

    /** The same score with one more pick of the batch believed: each model conditioned on its own mean there. */
    Score believing(double[] x, double objectiveValue) {
        return new Score(gp.condition(x, objectiveValue), acquisition, Math.max(incumbent, objectiveValue), kappa,
                runs.map(r -> r.condition(x, r.predict(x).mean())));
    }

    /** Whether the success of runs weighs in: some have failed, and the acquisition is a log (EI). */
    boolean counted() {
        return runs.isPresent() && acquisition == Acquisition.EI;
    }
}
