package org.sciloop.tools.kinetics;

import org.apache.commons.math3.ode.FirstOrderDifferentialEquations;
import org.apache.commons.math3.ode.nonstiff.DormandPrince853Integrator;

/**
 * A plug-flow reactor making product P from A and B, with the side reactions that make its optimum a real
 * trade-off (all rates Arrhenius, referenced to 100 °C):
 * <pre>
 *   A + B --k1·cat--> P      wanted; first order in the catalyst loading
 *   P + 2B --k2·cat--> D     over-reaction, on the same catalyst: excess B and long residence eat P
 *   A     --k3-->     S      thermal decomposition of A: hot runs lose substrate
 * </pre>
 * Heating speeds up the wanted reaction less than the side reactions (lower activation energy), so the
 * best temperature, residence time and excess of B lie inside the ranges, and they interact. Integrated with
 * Dormand–Prince 8(5,3) at tight tolerances, so the answer is a deterministic function of the conditions.
 */
public final class KineticsModel {
    private static final double GAS_CONSTANT = 8.314;       // J / (mol K)
    private static final double REFERENCE_K = 373.15;       // 100 °C
    private static final double A0 = 0.5;                   // mol / L

    private static final double K1 = 0.04, EA1 = 60_000;    // L / (mol min) per mol% catalyst
    private static final double K2 = 0.010, EA2 = 75_000;   // L² / (mol² min) per mol% catalyst
    private static final double K3 = 0.004, EA3 = 120_000;  // 1 / min

    /** The conditions of one run, in the units a chemist writes them. */
    public record Conditions(double temperatureC, double residenceTimeMin, double equivalentsB,
                             double catalystMolPct) {
        public Conditions {
            check("temperature_c", temperatureC, 0, 250);
            check("residence_time_min", residenceTimeMin, 0, 24 * 60);
            check("equivalents_b", equivalentsB, 0, 20);
            check("catalyst_mol_pct", catalystMolPct, 0, 100);
        }

        private static void check(String name, double value, double low, double high) {
            if (!(value >= low && value <= high)) {
                throw new IllegalArgumentException(name + " = " + value + " is outside what the model covers ["
                        + low + ", " + high + "]");
            }
        }
    }

    /** Concentrations at the reactor outlet, and the figures a chemist reads from them (percent of A fed). */
    public record Outcome(double yieldPct, double conversionPct, double selectivityPct, double overReactedPct,
                          double decomposedPct) {
    }

    public Outcome run(Conditions c) {
        double t = c.temperatureC() + 273.15;
        double k1 = K1 * c.catalystMolPct() * arrhenius(EA1, t);
        double k2 = K2 * c.catalystMolPct() * arrhenius(EA2, t);
        double k3 = K3 * arrhenius(EA3, t);
        FirstOrderDifferentialEquations rates = new FirstOrderDifferentialEquations() {
            @Override
            public int getDimension() {
                return 5;
            }

            @Override
            public void computeDerivatives(double time, double[] y, double[] dy) {
                double a = y[0], b = y[1], p = y[2];
                double r1 = k1 * a * b, r2 = k2 * p * b * b, r3 = k3 * a;
                dy[0] = -r1 - r3;
                dy[1] = -r1 - 2 * r2;
                dy[2] = r1 - r2;
                dy[3] = r2;
                dy[4] = r3;
            }
        };
        double[] y = {A0, A0 * c.equivalentsB(), 0, 0, 0};
        if (c.residenceTimeMin() > 0) {
            new DormandPrince853Integrator(1e-8, c.residenceTimeMin(), 1e-10, 1e-10)
                    .integrate(rates, 0, y.clone(), c.residenceTimeMin(), y);
        }
        double converted = A0 - y[0];
        return new Outcome(100 * y[2] / A0, 100 * converted / A0,
                converted > 0 ? 100 * y[2] / converted : 0, 100 * y[3] / A0, 100 * y[4] / A0);
    }

    private static double arrhenius(double activationEnergy, double kelvin) {
        return Math.exp(-activationEnergy / GAS_CONSTANT * (1 / kelvin - 1 / REFERENCE_K));
    }
}
