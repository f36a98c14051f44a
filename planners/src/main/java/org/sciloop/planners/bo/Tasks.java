package org.sciloop.planners.bo;

/**
 * Which campaign each observation of a model comes from, when the model learns from earlier campaigns as related
 * tasks: 0 is this campaign, 1.. the earlier ones. The campaigns share one kernel over the settings; the earlier
 * campaigns' response is {@link Hyperparameters#historyScale} times as large, with a noise of its own, and two
 * observations of different campaigns covary by a correlation times the kernel: {@link
 * Hyperparameters#historyCorrelation} between two earlier campaigns, {@link Hyperparameters#taskCorrelation}
 * between an earlier one and this one (an intrinsic coregionalisation model, each campaign's outputs standardised
 * on their own). History that does not go with this campaign's results is fitted a low correlation, or called
 * noise, and weighs little.
 */
record Tasks(int[] of) {
    /** This campaign's task: every point a model is asked about, and every fantasy, is of it. */
    static final int CURRENT = 0;

    /** The factor between observations {@code i} and {@code j}: 1 within a campaign, else their correlation. */
    double factor(int i, int j, Hyperparameters h) {
        return of[i] == of[j] ? 1 : earlier(i) && earlier(j) ? h.historyCorrelation() : h.taskCorrelation();
    }

    /** How many earlier campaigns there are. */
    int earlierCampaigns() {
        return java.util.Arrays.stream(of).max().orElse(0);
    }

    boolean earlier(int i) {
        return of[i] != CURRENT;
    }

    /** The covariance of observations {@code i} and {@code j} for a kernel value {@code k} between their settings. */
    double covariance(int i, int j, double k, Hyperparameters h) {
        return k * factor(i, j, h) * (earlier(i) ? h.historyScale() : 1)
                * (earlier(j) ? h.historyScale() : 1);
    }

    /** The covariance of observation {@code i} and a point of this campaign, for a kernel value {@code k}. */
    double covarianceToCurrent(int i, double k, Hyperparameters h) {
        return earlier(i) ? k * h.taskCorrelation() * h.historyScale() : k;
    }

    Tasks plusCurrent() {
        int[] more = java.util.Arrays.copyOf(of, of.length + 1);
        more[of.length] = CURRENT;
        return new Tasks(more);
    }
}
