package org.sciloop.tools.table;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.sciloop.core.scenario.Options;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.space.Settings;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolFactory;

/**
 * {@code table-emulator}: options {@code table} (CSV path relative to the scenario file), {@code inputs}
 * (column names), {@code output} (the outcome column). Rows that repeat the same inputs are averaged.
 */
public final class TableEmulatorFactory implements ToolFactory {

    @Override
    public String name() {
        return "table-emulator";
    }

    @Override
    public String summary() {
        return "answers experiments by exact lookup in a CSV of real measurements (one row per experiment)";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("table", "inputs", "output");
        List<String> inputs = options.strings("inputs");
        String output = options.string("output");
        String tableName = options.string("table");
        CsvTable table;
        try (InputStream in = options.open("table")) {
            table = CsvTable.read(in);
        } catch (IOException e) {
            throw options.error("table", "cannot read '" + tableName + "': " + e.getMessage());
        } catch (CsvTable.MalformedCsv e) {
            throw options.error("table", tableName + ": " + e.getMessage());
        }
        int[] inputColumns = new int[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            inputColumns[i] = column(table, inputs.get(i), options, "inputs/" + i, tableName);
        }
        int outputColumn = column(table, output, options, "output", tableName);
        if (table.rows().isEmpty()) {
            throw options.error("table", tableName + " has no data rows");
        }

        List<Parameter> parameters = new ArrayList<>();
        for (int i = 0; i < inputs.size(); i++) {
            parameters.add(parameter(inputs.get(i), table, inputColumns[i]));
        }
        ParameterSpace space = new ParameterSpace(parameters);

        Map<Settings, double[]> sums = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            double value;
            try {
                value = Double.parseDouble(row.cells().get(outputColumn));
            } catch (NumberFormatException e) {
                throw options.error("output", tableName + " line " + row.line() + ": '" + row.cells().get(outputColumn)
                        + "' in column " + output + " is not a number");
            }
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                String cell = row.cells().get(inputColumns[i]);
                values.put(inputs.get(i), parameters.get(i) instanceof Parameter.Discrete ? Double.parseDouble(cell) : cell);
            }
            double[] sum = sums.computeIfAbsent(new Settings(values), k -> new double[2]);
            sum[0] += value;
            sum[1]++;
        }
        Map<Settings, Double> measurements = new HashMap<>();
        sums.forEach((settings, sum) -> measurements.put(settings, sum[0] / sum[1]));
        return new TableEmulatorTool(tableName, space, measurements, output);
    }

    private static int column(CsvTable table, String name, Options options, String key, String tableName) {
        int column = table.column(name);
        if (column < 0) {
            throw options.error(key, "no column '" + name + "' in " + tableName + "; columns: " + table.header());
        }
        return column;
    }

    /** A column whose every cell is a number is a discrete parameter; otherwise it is categorical. */
    private static Parameter parameter(String name, CsvTable table, int column) {
        LinkedHashSet<String> cells = new LinkedHashSet<>();
        table.rows().forEach(r -> cells.add(r.cells().get(column)));
        List<Double> numbers = new ArrayList<>();
        for (String cell : cells) {
            try {
                numbers.add(Double.parseDouble(cell));
            } catch (NumberFormatException e) {
                return new Parameter.Categorical(name, List.copyOf(cells));
            }
        }
        return new Parameter.Discrete(name, numbers, "");
    }
}
