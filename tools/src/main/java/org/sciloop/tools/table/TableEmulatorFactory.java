package org.sciloop.tools.table;

import java.util.ArrayList;
import java.util.HashMap;
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
 * {@code table-emulator}: options {@code table} (CSV path relative to the scenario file), {@code inputs}
 * (column names), {@code output} (the outcome column) or {@code outputs} (several, for a campaign with
 * several objectives), {@code descriptors} (optional numbers describing the levels of text columns, see
 * {@link LevelDescriptors}). Rows that repeat the same inputs are averaged.
 */
public final class TableEmulatorFactory implements ToolFactory {

    @Override
    public String name() {
        return "table-emulator";
    }

    @Override
    public String summary() {
        return "answers experiments by exact lookup in a CSV of real measurements (one row per experiment; a table"
                + " that is not a full factorial offers its measured rows as the only candidates)";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("table", "inputs", "output", "outputs", "descriptors", "categorical");
        List<String> inputs = options.strings("inputs");
        if (options.has("output") == options.has("outputs")) {
            throw options.error(options.has("output") ? "outputs" : "output", options.has("output")
                    ? "give either 'output' (one outcome column) or 'outputs' (a list), not both"
                    : "names the outcome column ('outputs' lists several)");
        }
        String outputKey = options.has("output") ? "output" : "outputs";
        List<String> outputs = options.has("output") ? List.of(options.string("output")) : options.strings("outputs");
        if (outputs.isEmpty()) {
            throw options.error("outputs", "is an empty list; name at least one outcome column");
        }
        for (int k = 0; k < outputs.size(); k++) {
            if (outputs.indexOf(outputs.get(k)) < k) {
                throw options.error("outputs/" + k, "'" + outputs.get(k) + "' is listed twice");
            }
            CsvTable.checkRoles(inputs, outputs.get(k), options, outputs.size() == 1 ? outputKey : "outputs/" + k);
        }
        String tableName = options.string("table");
        CsvTable table = CsvTable.fromOption(options);
        int[] inputColumns = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            inputColumns[i] = table.column(inputs.get(i), options, "inputs/" + i);
        }
        int[] outputColumns = new int[outputs.size()];
        for (int k = 0; k < outputs.size(); k++) {
            outputColumns[k] = table.column(outputs.get(k), options, outputs.size() == 1 ? outputKey : "outputs/" + k);
        }
        if (table.rows().isEmpty()) {
            throw options.error("table", tableName + " has no data rows");
        }

        List<Parameter> parameters = new ArrayList<>();
        Options descriptors = options.child("descriptors");
        for (String column : descriptors.keys()) {
            if (!inputs.contains(column)) {
                throw descriptors.error(column, "'" + column + "' is not one of the inputs " + inputs);
            }
        }
        boolean[] numeric = table.numericInputs(inputs, inputColumns, tableName, options);
        for (int i = 0; i < inputs.size(); i++) {
            Parameter p = parameter(inputs.get(i), table, inputColumns[i], numeric[i]);
            if (descriptors.has(inputs.get(i))) {
                if (!(p instanceof Parameter.Categorical c)) {
                    throw descriptors.error(inputs.get(i), "descriptors describe the levels of a text column; '"
                            + inputs.get(i) + "' is numeric (list it under 'categorical' if its numbers code levels)");
                }
                p = new Parameter.Categorical(c.name(), c.levels(),
                        LevelDescriptors.read(descriptors, c.name(), c.levels()));
            }
            parameters.add(p);
        }
        ParameterSpace space = new ParameterSpace(parameters);

        int m = outputs.size();
        // Per combination, for each output: its sum, the count of rows and the sum of squares.
        Map<Settings, double[]> sums = new LinkedHashMap<>(); // table order: a known response is reproducible
        Map<String, Double> numbers = new HashMap<>();  // one boxed value per distinct cell, not one per row
        for (CsvTable.Row row : table.rows()) {
            double[] value = new double[m];
            for (int k = 0; k < m; k++) {
                String measured = row.cells().get(outputColumns[k]);
                String column = outputs.get(k);
                value[k] = CsvTable.number(measured).orElseThrow(() -> options.error(outputKey, tableName + " line "
                        + row.line() + ": '" + measured + "' in column " + column + " is not a finite number"));
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                String cell = row.cells().get(inputColumns[i]);
                values.put(inputs.get(i), parameters.get(i) instanceof Parameter.Discrete
                        ? numbers.computeIfAbsent(cell, Double::valueOf) : cell);
            }
            double[] sum = sums.computeIfAbsent(new Settings(values), key -> new double[3 * m]);
            for (int k = 0; k < m; k++) {
                sum[3 * k] += value[k];
                sum[3 * k + 1]++;
                sum[3 * k + 2] += value[k] * value[k];
            }
        }
        Map<Settings, double[]> measurements = new LinkedHashMap<>(sums.size() * 4 / 3 + 1);
        int repeated = 0;
        double[] widest = new double[m];
        for (Map.Entry<Settings, double[]> e : sums.entrySet()) {
            double[] sum = e.getValue();
            double[] mean = new double[m];
            for (int k = 0; k < m; k++) {
                double n = sum[3 * k + 1];
                mean[k] = sum[3 * k] / n;
                if (n > 1) {
                    widest[k] = Math.max(widest[k], Math.sqrt(Math.max(0, (sum[3 * k + 2] - n * mean[k] * mean[k])
                            / (n - 1))));
                }
            }
            repeated += sum[1] > 1 ? 1 : 0;
            measurements.put(e.getKey(), mean);
        }
        sums.clear();
        String described = "answers from " + measurements.size() + " measured experiments in " + tableName;
        if (repeated > 0) {
            List<String> spreads = new ArrayList<>();
            for (int k = 0; k < m; k++) {
                spreads.add((m > 1 ? outputs.get(k) + " " : "") + String.format(java.util.Locale.ROOT, "%.4g",
                        widest[k]));
            }
            described += "; " + repeated + " measured more than once, each answered with its mean (the widest"
                    + " spread, a standard deviation of " + String.join(", ", spreads) + ")";
        }
        if (measurements.size() < space.size()) {
            // Not a full factorial: the rows are the experiments there are, and the only ones a planner may pick.
            described += "; not a full factorial (" + measurements.size() + " of " + space.size() + " combinations):"
                    + " its measured rows are the candidates";
            space = ParameterSpace.pool(parameters, List.copyOf(measurements.keySet()));
        }
        return new TableEmulatorTool(described, tableName, space, measurements, outputs);
    }

    /** A numeric column is a discrete parameter (its values ordered); any other is categorical. */
    private static Parameter parameter(String name, CsvTable table, int column, boolean numeric) {
        LinkedHashSet<String> cells = new LinkedHashSet<>();
        table.rows().forEach(r -> cells.add(r.cells().get(column)));
        if (!numeric) {
            return new Parameter.Categorical(name, List.copyOf(cells));
        }
        return new Parameter.Discrete(name, cells.stream().map(c -> CsvTable.number(c).getAsDouble()).toList(), "");
    }
}
