package org.sciloop.core.hypothesis;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The statistical test behind a hypothesis's current status, so that a reader can check the verdict.
 *
 * @param test the test and its statistic, e.g. {@code "t = 4.21, df = 31, one-sided"}
 * @param model the response-surface model the test was run in, e.g. {@code "T + L + ligand + T:ligand + L^2"}
 * @param observations how many observations the model was fitted to
 * @param estimate the effect size, in the outcome's units (what the claim's meaning of "effect" is, see the
 *     engine's documentation)
 * @param low lower end of its 95 % interval, or null when the test has none (an F-test)
 * @param high upper end of its 95 % interval, or null
 * @param pValue the test's p-value for the claim
 * @param qValue the p-value adjusted for false discoveries across every hypothesis tested together
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Assessment(String test, String model, int observations, double estimate, Double low, Double high,
                         double pValue, double qValue) {

    public Assessment {
        if (!Double.isFinite(estimate) || !(pValue >= 0 && pValue <= 1) || !(qValue >= 0 && qValue <= 1)) {
            throw new IllegalArgumentException("an assessment needs a finite estimate and p, q in [0, 1], got "
                    + estimate + ", " + pValue + ", " + qValue);
        }
    }
}
