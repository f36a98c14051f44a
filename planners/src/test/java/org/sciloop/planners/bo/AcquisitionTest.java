package org.sciloop.planners.bo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class AcquisitionTest {

    @Test
    void log_ei_agrees_with_plain_ei_where_plain_ei_is_accurate() {
        for (double z = -4.9; z < 5; z += 0.7) {
            double phi = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI);
            double plain = z * Acquisition.cdf(z) + phi;
            assertThat(Acquisition.logH(z)).isCloseTo(Math.log(plain), offset(1e-9));
        }
    }

    @Test
    void log_ei_is_continuous_and_ordered_deep_in_the_tail_where_plain_ei_underflows() {
        assertThat(Acquisition.logH(-5.0000001)).isCloseTo(Acquisition.logH(-4.9999999), offset(1e-5));
        double previous = Acquisition.logH(-5);
        for (double z = -6; z > -1000; z *= 1.5) {
            double v = Acquisition.logH(z);
            assertThat(v).isFinite().isLessThan(previous);
            previous = v;
        }
        // Asymptotically h(z) ~ phi(z) / z^2.
        double z = -40;
        assertThat(Acquisition.logH(z)).isCloseTo(-0.5 * z * z - 0.5 * Math.log(2 * Math.PI) - 2 * Math.log(40),
                offset(2e-3));
        assertThat(Acquisition.EI.value(0, 1e-3, 1, 2)).isFinite();
    }

    @Test
    void the_ei_gradient_matches_finite_differences() {
        for (double[] at : new double[][] {{0.2, 0.5}, {-3, 0.4}, {-12, 0.5}}) {
            double[] g = Acquisition.EI.gradient(at[0], at[1], 0, 0);
            double h = 1e-6;
            assertThat(g[0]).isCloseTo((Acquisition.EI.value(at[0] + h, at[1], 0, 0)
                    - Acquisition.EI.value(at[0] - h, at[1], 0, 0)) / (2 * h), offset(1e-4 * Math.max(1, Math.abs(g[0]))));
            assertThat(g[1]).isCloseTo((Acquisition.EI.value(at[0], at[1] + h, 0, 0)
                    - Acquisition.EI.value(at[0], at[1] - h, 0, 0)) / (2 * h), offset(1e-4 * Math.max(1, Math.abs(g[1]))));
        }
    }
}
