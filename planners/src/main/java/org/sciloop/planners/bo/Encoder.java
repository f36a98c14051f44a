package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * Settings as model inputs in the unit cube: continuous and ordered discrete parameters as one scaled
 * column each; categorical parameters by their levels' descriptors when they have some (see
 * {@link DescriptorColumns}), one-hot otherwise. Columns are grouped for the kernel's lengthscales: by
 * default all columns of a factor share one (one-hot or descriptors), which measured better on the
 * arylation table than one lengthscale per column, and worse on Buchwald-Hartwig (see
 * docs/bayesian-optimisation.md); or each column gets its own (EDBO's way for descriptors).
 */
final class Encoder {
    private final ParameterSpace space;
    private final List<Integer> firstColumn = new ArrayList<>();
    /** For categoricals encoded by descriptors: each level's row; absent for one-hot ones. */
    private final Map<String, Map<String, double[]>> descriptorRows = new LinkedHashMap<>();
    private final int[] group;
    private final List<String> groupNames = new ArrayList<>();

    /**
     * @param lengthscalePerColumn one lengthscale per one-hot or descriptor column instead of per factor
     * @param useDescriptors encode categoricals that have level descriptors by them; otherwise every
     *     categorical is one-hot
     */
    Encoder(ParameterSpace space, boolean lengthscalePerColumn, boolean useDescriptors) {
        this.space = space;
        List<Integer> groups = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            firstColumn.add(groups.size());
            if (p instanceof Parameter.Categorical c && useDescriptors && !c.descriptors().isEmpty()) {
                Map<String, double[]> rows = DescriptorColumns.prepare(c);
                int width = rows.values().iterator().next().length;
                if (!lengthscalePerColumn && width > 0) {
                    // One lengthscale for hundreds of columns: scaled so that, like a numeric factor's
                    // range, the two most different levels are 1 apart.
                    rows = DescriptorColumns.toUnitDiameter(rows);
                    groupNames.add(p.name());
                }
                descriptorRows.put(p.name(), rows);
                for (int k = 0; k < width; k++) {
                    if (lengthscalePerColumn) {
                        groupNames.add(p.name() + "#" + (k + 1));
                    }
                    groups.add(groupNames.size() - 1);
                }
            } else if (p instanceof Parameter.Categorical c) {
                if (!lengthscalePerColumn) {
                    groupNames.add(p.name());
                }
                for (String level : c.levels()) {
                    if (lengthscalePerColumn) {
                        groupNames.add(p.name() + "=" + level);
                    }
                    groups.add(groupNames.size() - 1);
                }
            } else {
                groupNames.add(p.name());
                groups.add(groupNames.size() - 1);
            }
        }
        this.group = groups.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Whether any categorical is encoded by descriptors. */
    boolean usesDescriptors() {
        return !descriptorRows.isEmpty();
    }

    int columns() {
        return group.length;
    }

    int[] groups() {
        return group;
    }

    int groupCount() {
        return groupNames.size();
    }

    List<String> groupNames() {
        return groupNames;
    }

    double[] encode(Settings settings) {
        double[] features = new double[group.length];
        List<Parameter> parameters = space.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            Object value = settings.get(p.name());
            int column = firstColumn.get(i);
            Map<String, double[]> rows = descriptorRows.get(p.name());
            if (rows != null) {
                double[] row = rows.get(value);
                System.arraycopy(row, 0, features, column, row.length);
            } else if (p instanceof Parameter.Categorical c) {
                features[column + c.levels().indexOf(value)] = 1;
            } else {
                features[column] = p.toUnit(value);
            }
        }
        return features;
    }

    /**
     * The settings nearest to a point of the relaxed input space: numbers mapped back (discrete ones to
     * the nearest value), each categorical to its largest one-hot column or its nearest level by
     * descriptors.
     */
    Settings decode(double[] features) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<Parameter> parameters = space.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            int column = firstColumn.get(i);
            Map<String, double[]> rows = descriptorRows.get(p.name());
            if (rows != null) {
                values.put(p.name(), nearestLevel(rows, features, column));
            } else if (p instanceof Parameter.Categorical c) {
                int best = 0;
                for (int l = 1; l < c.levels().size(); l++) {
                    if (features[column + l] > features[column + best]) {
                        best = l;
                    }
                }
                values.put(p.name(), c.levels().get(best));
            } else {
                values.put(p.name(), p.fromUnit(features[column]));
            }
        }
        return new Settings(values);
    }

    private static String nearestLevel(Map<String, double[]> rows, double[] features, int column) {
        String nearest = null;
        double best = Double.POSITIVE_INFINITY;
        for (Map.Entry<String, double[]> level : rows.entrySet()) {
            double d = 0;
            for (int k = 0; k < level.getValue().length; k++) {
                double diff = features[column + k] - level.getValue()[k];
                d += diff * diff;
            }
            if (d < best) {
                best = d;
                nearest = level.getKey();
            }
        }
        return nearest;
    }
}
