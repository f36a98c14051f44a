package org.sciloop.planners.bo;

/**
 * The kernel's parameters, for inputs in the unit cube and standardised outputs.
 *
 * @param lengthscales one per input group (a numeric parameter, or all one-hot columns of a factor)
 * @param signalVariance the variance of the Matérn kernel over all inputs (the interactions)
 * @param additiveVariance the variance of the sum of one Matérn kernel per group (the main effects);
 *     0 for a plain product kernel
 * @param noiseVariance the observation noise variance
 */
record Hyperparameters(double[] lengthscales, double signalVariance, double additiveVariance, double noiseVariance) {

    double priorVariance() {
        return signalVariance + additiveVariance;
    }
}
