package org.sciloop.tools.benchmark;

import java.util.ArrayList;
import java.util.List;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * Standard optimisation test functions (as defined in Surjanovic &amp; Bingham's Virtual Library of
 * Simulation Experiments), with their usual domains and known minima.
 */
public enum TestFunction {
    /** 2-D, three global minima of 0.397887, on [-5, 10] x [0, 15]. */
    BRANIN(0.397887) {
        @Override
        public double value(double[] x) {
            double b = 5.1 / (4 * Math.PI * Math.PI);
            double c = 5 / Math.PI;
            double t = 1 / (8 * Math.PI);
            double u = x[1] - b * x[0] * x[0] + c * x[0] - 6;
            return u * u + 10 * (1 - t) * Math.cos(x[0]) + 10;
        }

        @Override
        ParameterSpace space(int dimensions) {
            return new ParameterSpace(List.of(new Parameter.Continuous("x1", -5, 10, ""),
                    new Parameter.Continuous("x2", 0, 15, "")));
        }
    },
    /** 6-D on the unit cube, global minimum -3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573). */
    HARTMANN6(-3.32237) {
        private static final double[] ALPHA = {1.0, 1.2, 3.0, 3.2};
        private static final double[][] A = {
                {10, 3, 17, 3.5, 1.7, 8}, {0.05, 10, 17, 0.1, 8, 14},
                {3, 3.5, 1.7, 10, 17, 8}, {17, 8, 0.05, 10, 0.1, 14}};
        private static final double[][] P = {
                {1312, 1696, 5569, 124, 8283, 5886}, {2329, 4135, 8307, 3736, 1004, 9991},
                {2348, 1451, 3522, 2883, 3047, 6650}, {4047, 8828, 8732, 5743, 1091, 381}};

        @Override
        public double value(double[] x) {
            double sum = 0;
            for (int i = 0; i < 4; i++) {
                double inner = 0;
                for (int j = 0; j < 6; j++) {
                    double d = x[j] - P[i][j] * 1e-4;
                    inner += A[i][j] * d * d;
                }
                sum += ALPHA[i] * Math.exp(-inner);
            }
            return -sum;
        }

        @Override
        ParameterSpace space(int dimensions) {
            return cube(6, 0, 1);
        }
    },
    /** Any dimension, global minimum 0 at the origin, on [-32.768, 32.768]^d; many local minima. */
    ACKLEY(0.0) {
        @Override
        public double value(double[] x) {
            double squares = 0;
            double cosines = 0;
            for (double v : x) {
                squares += v * v;
                cosines += Math.cos(2 * Math.PI * v);
            }
            int d = x.length;
            return -20 * Math.exp(-0.2 * Math.sqrt(squares / d)) - Math.exp(cosines / d) + 20 + Math.E;
        }

        @Override
        ParameterSpace space(int dimensions) {
            return cube(dimensions, -32.768, 32.768);
        }
    };

    private final double minimum;

    TestFunction(double minimum) {
        this.minimum = minimum;
    }

    public abstract double value(double[] x);

    /** The function's domain with parameters x1, x2, ...; {@code dimensions} matters only for Ackley. */
    abstract ParameterSpace space(int dimensions);

    public double minimum() {
        return minimum;
    }

    private static ParameterSpace cube(int dimensions, double low, double high) {
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 1; i <= dimensions; i++) {
            parameters.add(new Parameter.Continuous("x" + i, low, high, ""));
        }
        return new ParameterSpace(parameters);
    }
}
