package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sciloop.core.space.Parameter;

/**
 * A categorical factor's levels as rows of descriptor columns, prepared as EDBO does (Shields et al.,
 * Nature 2021): each column scaled to [0, 1] over the levels, constant columns dropped, and a column
 * dropped when it correlates (|r| >= 0.95) with one already kept, in the order given.
 */
final class DescriptorColumns {
    static final double CORRELATION_THRESHOLD = 0.95;

    private DescriptorColumns() {
    }

    /** Each level's scaled, decorrelated descriptors, in the parameter's level order. */
    static Map<String, double[]> prepare(Parameter.Categorical parameter) {
        List<String> levels = parameter.levels();
        int n = levels.size();
        int d = parameter.descriptors().get(levels.get(0)).size();
        double[][] columns = new double[d][n];
        for (int i = 0; i < n; i++) {
            List<Double> row = parameter.descriptors().get(levels.get(i));
            for (int j = 0; j < d; j++) {
                columns[j][i] = row.get(j);
            }
        }
        List<double[]> kept = new ArrayList<>();
        for (double[] column : columns) {
            double[] scaled = minMax(column);
            if (scaled == null) {
                continue;
            }
            boolean redundant = false;
            for (double[] k : kept) {
                if (Math.abs(correlation(k, scaled)) >= CORRELATION_THRESHOLD) {
                    redundant = true;
                    break;
                }
            }
            if (!redundant) {
                kept.add(scaled);
            }
        }
        Map<String, double[]> byLevel = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double[] row = new double[kept.size()];
            for (int k = 0; k < kept.size(); k++) {
                row[k] = kept.get(k)[i];
            }
            byLevel.put(levels.get(i), row);
        }
        return byLevel;
    }

    /** The rows scaled together so that the largest distance between two levels is 1. */
    static Map<String, double[]> toUnitDiameter(Map<String, double[]> rows) {
        double diameter = 0;
        for (double[] a : rows.values()) {
            for (double[] b : rows.values()) {
                double d2 = 0;
                for (int k = 0; k < a.length; k++) {
                    d2 += (a[k] - b[k]) * (a[k] - b[k]);
                }
                diameter = Math.max(diameter, Math.sqrt(d2));
            }
        }
        Map<String, double[]> scaled = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> level : rows.entrySet()) {
            double[] row = level.getValue().clone();
            for (int k = 0; k < row.length; k++) {
                row[k] = diameter > 0 ? row[k] / diameter : 0;
            }
            scaled.put(level.getKey(), row);
        }
        return scaled;
    }

    /** The column scaled to [0, 1], or null when it does not vary. */
    private static double[] minMax(double[] column) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : column) {
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        if (!(max > min)) {
            return null;
        }
        double[] scaled = new double[column.length];
        for (int i = 0; i < column.length; i++) {
            scaled[i] = (column[i] - min) / (max - min);
        }
        return scaled;
    }

    private static double correlation(double[] a, double[] b) {
        double ma = 0;
        double mb = 0;
        for (int i = 0; i < a.length; i++) {
            ma += a[i] / a.length;
            mb += b[i] / b.length;
        }
        double sab = 0;
        double saa = 0;
        double sbb = 0;
        for (int i = 0; i < a.length; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
