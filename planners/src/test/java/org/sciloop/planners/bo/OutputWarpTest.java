package org.sciloop.planners.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;
import static org.assertj.core.data.Percentage.withPercentage;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OutputWarpTest {

    @Test
    void the_transform_is_increasing_and_maps_back_exactly_for_every_allowed_lambda() {
        for (double lambda : new double[] {0, 1e-9, 0.3, 1, 1.7, 2 - 1e-9, 2}) {
            OutputWarp warp = new OutputWarp(10, 4, lambda);
            double previous = Double.NEGATIVE_INFINITY;
            for (double v = -60; v <= 60; v += 0.5) {
                double t = warp.apply(v);
                assertThat(t).as("lambda %s at %s", lambda, v).isGreaterThan(previous);
                assertThat(warp.invert(t)).as("lambda %s at %s", lambda, v).isCloseTo(v, offset(1e-9 * (1 + Math.abs(v))));
                previous = t;
            }
        }
    }

    @Test
    void yields_mostly_near_zero_with_a_few_high_ones_are_made_less_skewed() {
        Random random = new Random(7);
        double[] yields = new double[40];
        for (int i = 0; i < yields.length; i++) {
            yields[i] = i % 10 < 7 ? 5 * random.nextDouble() : 30 + 65 * random.nextDouble();
        }
        OutputWarp warp = OutputWarp.fit(yields);

        assertThat(warp.lambda()).isBetween(0.0, 0.5);
        assertThat(Math.abs(skewness(warp.apply(yields)))).isLessThan(0.9 * Math.abs(skewness(yields)));
        double[] z = Arrays.stream(yields).map(v -> (v - warp.mean()) / warp.scale()).toArray();
        double fitted = OutputWarp.profileLogLikelihood(z, warp.lambda());
        for (double l = 0; l <= 2; l += 0.01) {
            assertThat(fitted).as("lambda %s", l).isGreaterThanOrEqualTo(OutputWarp.profileLogLikelihood(z, l) - 1e-9);
        }
    }

    @Test
    void normal_values_are_left_nearly_as_they_are() {
        Random random = new Random(3);
        double[] values = new double[2000];
        for (int i = 0; i < values.length; i++) {
            values[i] = 50 + 8 * random.nextGaussian();
        }
        assertThat(OutputWarp.fit(values).lambda()).isCloseTo(1, offset(0.15));
    }

    @Test
    void constant_values_and_pairs_are_only_standardised() {
        OutputWarp constant = OutputWarp.fit(new double[] {3, 3, 3, 3});
        assertThat(constant.lambda()).isEqualTo(1);
        assertThat(constant.apply(3)).isEqualTo(0);
        assertThat(OutputWarp.fit(new double[] {1, 5}).apply(new double[] {1, 5})).containsExactly(
                new double[] {-Math.sqrt(0.5), Math.sqrt(0.5)}, offset(1e-12));
        assertThat(OutputWarp.NONE.apply(new double[] {-2.5, 0.1, 7})).containsExactly(-2.5, 0.1, 7);
    }

    @Test
    void predictions_map_back_to_the_mean_and_sd_a_sample_gives() {
        OutputWarp warp = new OutputWarp(20, 15, 0.3);
        double t = 0.8;
        double sd = 0.6;
        double[] moments = warp.moments(t, sd);

        Random random = new Random(11);
        int draws = 400_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            double v = warp.invert(t + sd * random.nextGaussian());
            sum += v;
            squares += v * v;
        }
        double mean = sum / draws;
        assertThat(moments[0]).isCloseTo(mean, withPercentage(0.2));
        assertThat(moments[1]).isCloseTo(Math.sqrt(squares / draws - mean * mean), withPercentage(1));
        // Skewed back: the mean lies above the back-transformed centre.
        assertThat(moments[0]).isGreaterThan(warp.invert(t));
        assertThat(new OutputWarp(20, 15, 1).moments(t, sd)).containsExactly(32, 9);
    }

    private static double skewness(double[] values) {
        double mean = Arrays.stream(values).average().orElseThrow();
        double m2 = Arrays.stream(values).map(v -> Math.pow(v - mean, 2)).average().orElseThrow();
        double m3 = Arrays.stream(values).map(v -> Math.pow(v - mean, 3)).average().orElseThrow();
        return m3 / Math.pow(m2, 1.5);
    }
}
