package org.sciloop.tools.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sciloop.core.config.Options;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolFactory;

/**
 * {@code knn-emulator}: options {@code table} (CSV path relative to the scenario file), {@code inputs}
 * (numeric columns; each becomes a continuous parameter over the column's range), {@code output},
 * {@code neighbours} (k, default 1). Rows that repeat the same inputs are averaged first.
 */
public final class NearestNeighbourEmulatorFactory implements ToolFactory {

    @Override
    public String name() {
        return "knn-emulator";
    }

    @Override
    public String summary() {
        return "answers experiments over continuous inputs from the nearest measured points of a CSV";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("table", "inputs", "output", "neighbours");
        List<String> inputs = options.strings("inputs");
        String output = options.string("output");
        CsvTable.checkRoles(inputs, output, options);
        String tableName = options.string("table");
        int neighbours = options.positiveInt("neighbours", 1);
        CsvTable table = CsvTable.fromOption(options);
        int[] columns = new int[inputs.size() + 1];
        for (int i = 0; i <= inputs.size(); i++) {
            columns[i] = i < inputs.size() ? table.column(inputs.get(i), options, "inputs/" + i)
                    : table.column(output, options, "output");
        }
        Map<List<Double>, double[]> sums = new LinkedHashMap<>();
        for (CsvTable.Row row : table.rows()) {
            List<Double> key = new ArrayList<>();
            double value = 0;
            for (int i = 0; i <= inputs.size(); i++) {
                String cell = row.cells().get(columns[i]);
                String option = i < inputs.size() ? "inputs/" + i : "output";
                double v = CsvTable.number(cell).orElseThrow(() -> options.error(option, tableName + " line "
                        + row.line() + ": '" + cell + "' is not a finite number (knn-emulator needs numeric columns)"));
                if (i < inputs.size()) {
                    key.add(v);
                } else {
                    value = v;
                }
            }
            double[] sum = sums.computeIfAbsent(key, k -> new double[2]);
            sum[0] += value;
            sum[1]++;
        }
        if (sums.size() < neighbours) {
            throw options.error("neighbours", "the table has only " + sums.size() + " distinct points");
        }
        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            int column = i;
            double low = sums.keySet().stream().mapToDouble(k -> k.get(column)).min().orElseThrow();
            double high = sums.keySet().stream().mapToDouble(k -> k.get(column)).max().orElseThrow();
            if (!(low < high)) {
                throw options.error("inputs/" + i, "column '" + inputs.get(i) + "' has a single value, " + low);
            }
            parameters.add(new Parameter.Continuous(inputs.get(i), low, high, ""));
        }
        ParameterSpace space = new ParameterSpace(parameters);
        double[][] points = new double[sums.size()][];
        double[] values = new double[sums.size()];
        int p = 0;
        for (Map.Entry<List<Double>, double[]> e : sums.entrySet()) {
            Map<String, Object> settings = new HashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                settings.put(inputs.get(i), e.getKey().get(i));
            }
            points[p] = space.toUnit(new org.sciloop.core.model.Settings(orderedBy(inputs, settings)));
            values[p++] = e.getValue()[0] / e.getValue()[1];
        }
        return new NearestNeighbourEmulatorTool(tableName, space, points, values, neighbours, output);
    }

    private static Map<String, Object> orderedBy(List<String> names, Map<String, Object> values) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        names.forEach(n -> ordered.put(n, values.get(n)));
        return ordered;
    }
}
