package org.sciloop.tools.benchmark;

import java.util.List;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * Standard test problems with several objectives, every one minimised (and for a constrained problem, an output
 * to bound), as BoTorch defines them (its {@code botorch.test_functions.multi_objective}), with the reference
 * point and the largest (feasible) hypervolume its tutorials measure against.
 */
public enum ParetoTestFunction {
    /**
     * Branin (rescaled to the unit square) against Currin, 2-D; reference point (18, 6), largest hypervolume
     * 59.36 (BoTorch's figure, found with NSGA-II).
     */
    BRANIN_CURRIN(List.of("branin", "currin"), new double[] {18, 6}, 59.36011874867746) {
        @Override
        public double[] values(double[] x) {
            double x1 = 15 * x[0] - 5;
            double x2 = 15 * x[1];
            double branin = TestFunction.BRANIN.value(new double[] {x1, x2});
            // At x2 = 0 the factor is 1: -1 / 0 is -infinity, whose exponential is 0.
            double factor = 1 - Math.exp(-1 / (2 * x[1]));
            double a = x[0];
            double currin = factor * (2300 * a * a * a + 1900 * a * a + 2092 * a + 60)
                    / (100 * a * a * a + 500 * a * a + 4 * a + 20);
            return new double[] {branin, currin};
        }

        @Override
        ParameterSpace space() {
            return new ParameterSpace(List.of(new Parameter.Continuous("x1", 0, 1, ""),
                    new Parameter.Continuous("x2", 0, 1, "")));
        }
    },
    /**
     * Branin-Currin with a disk constraint (BoTorch's {@code ConstrainedBraninCurrin}, after Gelbart et al.
     * 2014): output {@code slack} = 50 - (x1' - 2.5)^2 - (x2' - 7.5)^2, on the inputs rescaled to Branin's
     * [-5, 10] x [0, 15], is feasible when at least 0. Reference point (80, 12); largest feasible hypervolume
     * 608.4 (BoTorch's figure, NSGA-II with 90,000 evaluations).
     */
    CONSTRAINED_BRANIN_CURRIN(List.of("branin", "currin", "slack"), new double[] {80, 12}, 608.4004237022673) {
        @Override
        public double[] values(double[] x) {
            double[] both = BRANIN_CURRIN.values(x);
            double u = 15 * x[0] - 5 - 2.5;
            double v = 15 * x[1] - 7.5;
            return new double[] {both[0], both[1], 50 - u * u - v * v};
        }

        @Override
        ParameterSpace space() {
            return BRANIN_CURRIN.space();
        }
    },
    /**
     * DTLZ2 with three objectives on the 6-D unit cube; its true front is the unit sphere's positive octant, so
     * from the reference point (1.1, 1.1, 1.1) the largest hypervolume is 1.1^3 - pi / 6.
     */
    DTLZ2(List.of("f1", "f2", "f3"), new double[] {1.1, 1.1, 1.1}, 1.331 - Math.PI / 6) {
        @Override
        public double[] values(double[] x) {
            return dtlz2(x, 3);
        }

        @Override
        ParameterSpace space() {
            return cube(6);
        }
    },
    /**
     * C2-DTLZ2: DTLZ2 with two objectives on the 4-D unit cube and one outcome constraint that cuts the front
     * into pieces (BoTorch's {@code C2DTLZ2}, r = 0.2): output {@code slack} is feasible when at least 0.
     * Reference point (1.1, 1.1); largest feasible hypervolume 0.3996 (BoTorch's figure, found with NSGA-II).
     */
    C2DTLZ2(List.of("f1", "f2", "slack"), new double[] {1.1, 1.1}, 0.3996406303723544) {
        private static final double R = 0.2;

        @Override
        public double[] values(double[] x) {
            double[] f = dtlz2(x, 2);
            int m = f.length;
            // Feasible near the front's ends and middle: inside a circle of radius r about a point a step from
            // the origin along each axis, or about the point on the diagonal.
            double nearAnAxis = Double.POSITIVE_INFINITY;
            for (int i = 0; i < m; i++) {
                double v = (f[i] - 1) * (f[i] - 1);
                for (int j = 0; j < m; j++) {
                    if (j != i) {
                        v += f[j] * f[j] - R * R;
                    }
                }
                nearAnAxis = Math.min(nearAnAxis, v);
            }
            double nearTheDiagonal = 0;
            for (double fi : f) {
                nearTheDiagonal += (fi - 1 / Math.sqrt(m)) * (fi - 1 / Math.sqrt(m)) - R * R;
            }
            return new double[] {f[0], f[1], -Math.min(nearAnAxis, nearTheDiagonal)};
        }

        @Override
        ParameterSpace space() {
            return cube(4);
        }
    };

    /** DTLZ2's {@code m} objectives at {@code x}: the last {@code x.length - m + 1} coordinates set the distance. */
    static double[] dtlz2(double[] x, int m) {
        double g = 0;
        for (int i = m - 1; i < x.length; i++) {
            g += (x[i] - 0.5) * (x[i] - 0.5);
        }
        double[] f = new double[m];
        for (int j = 0; j < m; j++) {
            double v = 1 + g;
            for (int i = 0; i < m - 1 - j; i++) {
                v *= Math.cos(x[i] * Math.PI / 2);
            }
            if (j > 0) {
                v *= Math.sin(x[m - 1 - j] * Math.PI / 2);
            }
            f[j] = v;
        }
        return f;
    }

    private static ParameterSpace cube(int dimensions) {
        List<Parameter> cube = new java.util.ArrayList<>();
        for (int i = 1; i <= dimensions; i++) {
            cube.add(new Parameter.Continuous("x" + i, 0, 1, ""));
        }
        return new ParameterSpace(cube);
    }

    private final List<String> outputs;
    private final double[] reference;
    private final double largestHypervolume;

    ParetoTestFunction(List<String> outputs, double[] reference, double largestHypervolume) {
        this.outputs = outputs;
        this.reference = reference;
        this.largestHypervolume = largestHypervolume;
    }

    /** The value of every output at {@code x}, in the order of {@link #outputs()}. */
    public abstract double[] values(double[] x);

    abstract ParameterSpace space();

    public List<String> outputs() {
        return outputs;
    }

    /** The reference point the literature measures hypervolumes from, one value per objective. */
    public double[] reference() {
        return reference.clone();
    }

    /** The hypervolume of the true front from {@link #reference()}. */
    public double largestHypervolume() {
        return largestHypervolume;
    }

    /** The name a scenario gives it: {@code branin-currin}. */
    public String scenarioName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
