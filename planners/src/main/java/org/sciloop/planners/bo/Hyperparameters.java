package org.sciloop.planners.bo;

/**
 * The kernel's parameters, for inputs in the unit cube and standardised outputs.
 *
 * @param lengthscales one per input group (a numeric parameter, or all one-hot columns of a factor)
 * @param signalVariance the Matérn kernel's variance
 * @param noiseVariance the observation noise variance
 */
record Hyperparameters(double[] lengthscales, double signalVariance, double noiseVariance) {
}
