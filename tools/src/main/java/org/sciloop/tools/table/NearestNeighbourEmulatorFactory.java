package org.sciloop.tools.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.sciloop.core.config.Options;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolFactory;

/**
 * {@code knn-emulator}: options {@code table} (CSV path relative to the scenario file), {@code inputs}
 * (columns: a numeric one becomes a continuous parameter over the column's range, a text one a categorical
 * parameter whose levels are its values), {@code output}, {@code neighbours} (k, default 1). Rows that repeat
 * the same inputs are averaged first. At least one input must be numeric: a table of text columns only is
 * answered by exact lookup, {@code table-emulator}.
 */
public final class NearestNeighbourEmulatorFactory implements ToolFactory {

    @Override
    public String name() {
        return "knn-emulator";
    }

    @Override
    public String summary() {
        return "answers experiments over continuous (and categorical) inputs from the nearest measured point of a"
                + " CSV with the same categorical levels, and says at which settings that point was measured";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("table", "inputs", "output", "neighbours", "categorical");
        List<String> inputs = options.strings("inputs");
        String output = options.string("output");
        CsvTable.checkRoles(inputs, output, options);
        String tableName = options.string("table");
        int neighbours = options.positiveInt("neighbours", 1);
        CsvTable table = CsvTable.fromOption(options);
        if (table.rows().isEmpty()) {
            throw options.error("table", tableName + " has no data rows");
        }
        int[] columns = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            columns[i] = table.column(inputs.get(i), options, "inputs/" + i);
        }
        boolean[] numeric = table.numericInputs(inputs, columns, tableName, options);
        int outputColumn = table.column(output, options, "output");
        if (!contains(numeric, true)) {
            throw options.error("inputs", "every input is a column of levels; knn-emulator needs at least one numeric"
                    + " column to measure distances in (table-emulator answers a table of levels by exact lookup)");
        }

        // Distinct points in table order, each with the mean of its rows.
        Map<List<Object>, double[]> sums = new LinkedHashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String measured = row.cells().get(outputColumn);
            double value = CsvTable.number(measured).orElseThrow(() -> options.error("output", tableName + " line "
                    + row.line() + ": '" + measured + "' in column " + output + " is not a finite number"));
            List<Object> key = new ArrayList<>();
            for (int i = 0; i < inputs.size(); i++) {
                String cell = row.cells().get(columns[i]);
                key.add(numeric[i] ? (Object) CsvTable.number(cell).getAsDouble() : cell);
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
            if (numeric[i]) {
                double low = sums.keySet().stream().mapToDouble(k -> (Double) k.get(column)).min().orElseThrow();
                double high = sums.keySet().stream().mapToDouble(k -> (Double) k.get(column)).max().orElseThrow();
                if (!(low < high)) {
                    throw options.error("inputs/" + i, "column '" + inputs.get(i) + "' has a single value, " + low
                            + ": nothing to choose there; leave it out of 'inputs'");
                }
                parameters.add(new Parameter.Continuous(inputs.get(i), low, high, ""));
            } else {
                LinkedHashSet<String> levels = new LinkedHashSet<>();
                sums.keySet().forEach(k -> levels.add((String) k.get(column)));
                parameters.add(new Parameter.Categorical(inputs.get(i), List.copyOf(levels)));
            }
        }
        ParameterSpace product = new ParameterSpace(parameters);
        List<NearestNeighbourEmulatorTool.Point> points = new ArrayList<>();
        for (Map.Entry<List<Object>, double[]> e : sums.entrySet()) {
            Map<String, Object> settings = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                settings.put(inputs.get(i), e.getKey().get(i));
            }
            points.add(new NearestNeighbourEmulatorTool.Point(new Settings(settings), e.getValue()[0] / e.getValue()[1]));
        }
        // Levels measured together only: a planner proposes no combination the table cannot answer.
        LinkedHashSet<Settings> measured = new LinkedHashSet<>();
        for (NearestNeighbourEmulatorTool.Point p : points) {
            Map<String, Object> levels = new LinkedHashMap<>();
            parameters.stream().filter(q -> q instanceof Parameter.Categorical)
                    .forEach(q -> levels.put(q.name(), p.settings().get(q.name())));
            measured.add(new Settings(levels));
        }
        long every = parameters.stream().filter(q -> q instanceof Parameter.Categorical)
                .mapToLong(q -> ((Parameter.Categorical) q).levels().size()).reduce(1, Math::multiplyExact);
        ParameterSpace space = measured.size() < every ? ParameterSpace.pool(parameters, List.copyOf(measured))
                : product;
        return new NearestNeighbourEmulatorTool(tableName, space, points, neighbours, output);
    }

    private static boolean contains(boolean[] flags, boolean value) {
        for (boolean f : flags) {
            if (f == value) {
                return true;
            }
        }
        return false;
    }
}
