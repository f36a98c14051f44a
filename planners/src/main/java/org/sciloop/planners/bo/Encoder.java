package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.space.Settings;

/**
 * Settings as model inputs in the unit cube: continuous and ordered discrete parameters as one scaled
 * column each, categorical parameters one-hot. Columns are grouped for the kernel's lengthscales: one
 * group per parameter (all one-hot columns of a factor share a lengthscale, which measured better on
 * the reaction tables than one lengthscale per level), or one group per column.
 */
final class Encoder {
    private final ParameterSpace space;
    private final List<Integer> firstColumn = new ArrayList<>();
    private final int[] group;
    private final List<String> groupNames = new ArrayList<>();

    Encoder(ParameterSpace space, boolean lengthscalePerLevel) {
        this.space = space;
        List<Integer> groups = new ArrayList<>();
        for (Parameter p : space.parameters()) {
            firstColumn.add(groups.size());
            if (p instanceof Parameter.Categorical c) {
                if (!lengthscalePerLevel) {
                    groupNames.add(p.name());
                }
                for (String level : c.levels()) {
                    if (lengthscalePerLevel) {
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
            if (p instanceof Parameter.Categorical c) {
                features[column + c.levels().indexOf(value)] = 1;
            } else {
                features[column] = p.toUnit(value);
            }
        }
        return features;
    }

    /**
     * The settings nearest to a point of the relaxed input space: numbers mapped back (discrete ones to
     * the nearest value), each categorical to its largest one-hot column.
     */
    Settings decode(double[] features) {
        Map<String, Object> values = new LinkedHashMap<>();
        List<Parameter> parameters = space.parameters();
        for (int i = 0; i < parameters.size(); i++) {
            Parameter p = parameters.get(i);
            int column = firstColumn.get(i);
            if (p instanceof Parameter.Categorical c) {
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
}
