package org.sciloop.evaluations.metrics;

import java.util.Arrays;
import java.util.List;

/**
 * A curve across runs, point by point: mean, standard deviation, and quartiles of the runs that reach that
 * point (NaN values left out).
 */
public record Spread(double[] mean, double[] sd, double[] lowerQuartile, double[] upperQuartile) {

    public static Spread of(List<double[]> curves) {
        int length = curves.stream().mapToInt(c -> c.length).max().orElse(0);
        double[] mean = new double[length];
        double[] sd = new double[length];
        double[] q1 = new double[length];
        double[] q3 = new double[length];
        for (int i = 0; i < length; i++) {
            int at = i;
            double[] column = curves.stream().filter(c -> c.length > at).mapToDouble(c -> c[at])
                    .filter(v -> !Double.isNaN(v)).toArray();
            mean[i] = Arrays.stream(column).average().orElse(Double.NaN);
            double m = mean[i];
            sd[i] = column.length < 2 ? 0 : Math.sqrt(Arrays.stream(column).map(v -> (v - m) * (v - m)).sum()
                    / (column.length - 1));
            q1[i] = RunMetrics.quantile(column, 0.25);
            q3[i] = RunMetrics.quantile(column, 0.75);
        }
        return new Spread(mean, sd, q1, q3);
    }
}
