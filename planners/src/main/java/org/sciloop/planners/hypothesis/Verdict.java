package org.sciloop.planners.hypothesis;

/**
 * What the data say about one claim: the p-value of the claim and of its contrary (each one-sided or an
 * F-test, see {@link ClaimTests}), the effect behind them, and the two rival models an experiment should
 * tell apart to settle it.
 *
 * @param test the test and its statistic, for the record
 * @param low lower end of the effect's interval, or null
 * @param high upper end, or null
 * @param with the model in which the claim holds
 * @param without its rival, in which it does not
 */
record Verdict(double pSupport, double pRefute, String test, double estimate, Double low, Double high,
               Fit with, Fit without) {

    Verdict {
        pSupport = clamp(pSupport);
        pRefute = clamp(pRefute);
    }

    private static double clamp(double p) {
        return Double.isNaN(p) ? 1 : Math.max(0, Math.min(1, p));
    }
}
