package org.sciloop.planners.bo;

/**
 * The kernel's parameters, for inputs in the unit cube and standardised outputs.
 *
 * @param lengthscales one per input group (a numeric parameter, or all one-hot columns of a factor)
 * @param signalVariance the variance of the Matérn kernel over all inputs (the interactions)
 * @param additiveVariance the variance of the sum of one Matérn kernel per group (the main effects);
 *     0 for a plain product kernel
 * @param noiseVariance the observation noise variance
 * @param taskCorrelation how this campaign's response goes with an earlier one's when a model learns from earlier
 *     campaigns ({@link Tasks}): the kernel between their observations is this times the one within a campaign;
 *     1 for a model of one campaign
 * @param historyCorrelation the same between two earlier campaigns
 * @param historyScale the earlier campaigns' response as a multiple of this one's (its standard deviation);
 *     1 for a model of one campaign
 * @param historyNoiseVariance the earlier campaigns' noise variance; this campaign's noise for a model of one
 */
record Hyperparameters(double[] lengthscales, double signalVariance, double additiveVariance, double noiseVariance,
                       double taskCorrelation, double historyCorrelation, double historyScale,
                       double historyNoiseVariance) {

    /** Of a model of one campaign. */
    Hyperparameters(double[] lengthscales, double signalVariance, double additiveVariance, double noiseVariance) {
        this(lengthscales, signalVariance, additiveVariance, noiseVariance, 1, 1, 1, noiseVariance);
    }

    double priorVariance() {
        return signalVariance + additiveVariance;
    }
}
