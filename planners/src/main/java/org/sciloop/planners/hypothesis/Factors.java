package org.sciloop.planners.hypothesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * The factors of a campaign as response-surface models see them: a numeric factor coded to [-1, 1] over
 * its range (so coefficients are comparable and a quadratic term is centred), a categorical factor by the
 * index of its level (its columns are effect-coded by {@link Term}). Factors that cannot vary (one value,
 * one level) are left out: nothing can be learned about them.
 */
final class Factors {

    /** One factor: its place in a coded point, and what kind of terms it admits. */
    record Factor(int index, Parameter parameter) {
        String name() {
            return parameter.name();
        }

        boolean numeric() {
            return !(parameter instanceof Parameter.Categorical);
        }

        /** Levels of a categorical factor (0 for a numeric one). */
        int levels() {
            return parameter instanceof Parameter.Categorical c ? c.levels().size() : 0;
        }

        /** A quadratic term needs at least three distinct values to be estimable. */
        boolean curvable() {
            return parameter instanceof Parameter.Continuous
                    || parameter instanceof Parameter.Discrete d && d.values().size() >= 3;
        }

        /** The factor's value in natural units at a coded position in [-1, 1]. */
        double natural(double coded) {
            double u = (coded + 1) / 2;
            if (parameter instanceof Parameter.Continuous c) {
                return c.low() + u * (c.high() - c.low());
            }
            List<Double> values = ((Parameter.Discrete) parameter).values();
            return values.get(0) + u * (values.get(values.size() - 1) - values.get(0));
        }

        /** The coded position of a natural value. */
        double coded(double natural) {
            return 2 * parameter.toUnit(natural) - 1;
        }

        String level(int index) {
            return ((Parameter.Categorical) parameter).levels().get(index);
        }

        int levelIndex(String level) {
            return ((Parameter.Categorical) parameter).levels().indexOf(level);
        }
    }

    private final List<Factor> factors;

    private Factors(List<Factor> factors) {
        this.factors = List.copyOf(factors);
    }

    static Factors of(ParameterSpace space) {
        List<Factor> out = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            boolean varies = p instanceof Parameter.Continuous
                    || p instanceof Parameter.Discrete d && d.values().size() > 1
                    || p instanceof Parameter.Categorical c && c.levels().size() > 1;
            if (varies) {
                out.add(new Factor(out.size(), p));
            }
        }
        return new Factors(out);
    }

    List<Factor> all() {
        return factors;
    }

    Optional<Factor> named(String name) {
        return factors.stream().filter(f -> f.name().equals(name)).findFirst();
    }

    /** A settings' coded point: [-1, 1] for numeric factors, the level index for categorical ones. */
    double[] code(Settings settings) {
        double[] point = new double[factors.size()];
        for (Factor f : factors) {
            Object v = settings.get(f.name());
            point[f.index()] = f.numeric() ? 2 * f.parameter().toUnit(v) - 1 : f.levelIndex((String) v);
        }
        return point;
    }
}
