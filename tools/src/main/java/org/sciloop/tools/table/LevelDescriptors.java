package org.sciloop.tools.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.sciloop.core.config.Options;

/**
 * Numbers that describe the levels of a categorical input, read from a CSV with one row per level: a
 * key column naming the level and any number of descriptor columns (e.g. DFT properties of a ligand).
 * Columns that are not numeric in every row, or that do not vary, are left out.
 *
 * <p>Scenario form, under the tool's {@code with}: {@code descriptors: {COLUMN: {table: FILE, key: KEY}}},
 * with {@code aliases: {LEVEL: ROW}} for levels the descriptor table names otherwise (a salt form, another
 * spelling).
 */
final class LevelDescriptors {
    private LevelDescriptors() {
    }

    /** Descriptors per level of {@code column}, checked to cover every level in {@code levels}. */
    static Map<String, List<Double>> read(Options descriptors, String column, List<String> levels) {
        Options spec = descriptors.child(column);
        spec.allowOnly("table", "key", "aliases");
        Options aliases = spec.child("aliases");
        for (String level : aliases.keys()) {
            if (!levels.contains(level)) {
                throw aliases.error(level, "'" + level + "' is not a level of " + column + "; its levels: "
                        + String.join(", ", levels));
            }
        }
        String file = spec.string("table");
        CsvTable table = CsvTable.fromOption(spec);
        int keyColumn = table.column(spec.string("key"), spec, "key");
        List<Integer> numeric = new ArrayList<>();
        for (int c = 0; c < table.header().size(); c++) {
            if (c != keyColumn && isNumericAndVaries(table, c, spec, file)) {
                numeric.add(c);
            }
        }
        if (numeric.isEmpty()) {
            throw spec.error("table", file + " has no numeric column that varies between levels");
        }
        Map<String, List<Double>> byLevel = new HashMap<>();
        Map<String, Integer> lineOf = new HashMap<>();
        for (CsvTable.Row row : table.rows()) {
            String level = row.cells().get(keyColumn);
            Integer earlier = lineOf.putIfAbsent(level, row.line());
            if (earlier != null) {
                // Two rows for one level: which one describes it would be a guess.
                throw spec.error("key", file + " line " + row.line() + ": level '" + level + "' already has a row"
                        + " (line " + earlier + "); each level is described once");
            }
            List<Double> values = new ArrayList<>();
            numeric.forEach(c -> values.add(Double.parseDouble(row.cells().get(c))));
            byLevel.put(level, values);
        }
        Map<String, List<Double>> described = new HashMap<>();
        for (String level : levels) {
            String row = aliases.has(level) ? aliases.string(level) : level;
            if (!byLevel.containsKey(row)) {
                throw aliases.has(level)
                        ? aliases.error(level, file + " has no row '" + row + "' (in its column " + spec.string("key")
                        + ")")
                        : spec.error("table", file + " has no row for level '" + level + "' of " + column
                        + (aliases.keys().isEmpty() ? " (if it names it otherwise, say so under 'aliases')" : ""));
            }
            described.put(level, byLevel.get(row));
        }
        return described;
    }

    /**
     * Whether a column is a descriptor: numbers that differ between levels. A column of text (names, SMILES) is
     * not; one of numbers with a cell that is none is refused, where a tester found it dropped without a word.
     */
    private static boolean isNumericAndVaries(CsvTable table, int column, Options spec, String file) {
        long numbers = table.rows().stream().filter(row -> isNumber(row.cells().get(column))).count();
        if (numbers == 0) {
            return false;
        }
        Double first = null;
        boolean varies = false;
        for (CsvTable.Row row : table.rows()) {
            String cell = row.cells().get(column);
            if (!isNumber(cell)) {
                throw spec.error("table", file + " line " + row.line() + ": column '" + table.header().get(column)
                        + "' holds numbers, but not '" + cell + "' here; give this level's value, or remove the"
                        + " column if it is no descriptor");
            }
            double v = Double.parseDouble(cell);
            if (first == null) {
                first = v;
            } else if (v != first) {
                varies = true;
            }
        }
        return varies;
    }

    private static boolean isNumber(String cell) {
        try {
            return Double.isFinite(Double.parseDouble(cell));
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
