package org.sciloop.tools.table;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Pattern;
import org.sciloop.core.IoReason;
import org.sciloop.core.config.Options;

/**
 * A CSV file with a header row (RFC 4180: commas, double-quoted fields with {@code ""} for a quote, and line
 * breaks inside quotes). Data rows keep the number of the line they start on so complaints can point at them.
 */
public record CsvTable(List<String> header, List<Row> rows) {
    /** The most data rows read: what the emulators built on a table need per row stays within a laptop's memory. */
    public static final int MAX_ROWS = 1_000_000;
    /** A number as people write it: decimal, with an optional exponent. */
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?");

    public record Row(int line, List<String> cells) {
    }

    /** A malformed table; the message names the line. */
    public static final class MalformedCsv extends Exception {
        private final int line;
        private final int column;
        private final String detail;

        /** A mistake of the whole file. */
        MalformedCsv(String message) {
            this(0, 0, message);
        }

        /** A mistake at {@code line} (from 1), at {@code column} (from 1; 0 for the whole line). */
        MalformedCsv(int line, int column, String detail) {
            super(line == 0 ? detail : "line " + line + (column > 0 ? ", column " + column : "") + ": " + detail);
            this.line = line;
            this.column = column;
            this.detail = detail;
        }

        /** The mistake as {@code file:line:column: what} (as far as it is known where). */
        public String at(String file) {
            return file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + detail;
        }
    }

    public static CsvTable read(InputStream in) throws IOException, MalformedCsv {
        // Strict: text in another encoding (a spreadsheet's "CSV" in Windows-1252) is refused, not garbled.
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
        try {
            return read(reader);
        } catch (CharacterCodingException e) {
            throw new MalformedCsv("the file is not UTF-8 text (a spreadsheet's plain \"CSV\" is often Windows-1252);"
                    + " save it as \"CSV UTF-8\"");
        }
    }

    private static CsvTable read(BufferedReader reader) throws IOException, MalformedCsv {
        String first = reader.readLine();
        if (first == null) {
            throw new MalformedCsv("the file is empty");
        }
        Record headerRecord = record(first.startsWith("\uFEFF") ? first.substring(1) : first, reader, 1);
        List<String> header = headerRecord.cells();
        if (header.size() == 1 && headerRecord.text().contains(";")) {
            // What a spreadsheet saves as "CSV" where the decimal separator is a comma.
            throw new MalformedCsv("line 1 is separated by semicolons, not commas; save the file as comma-separated"
                    + " values (a spreadsheet's \"CSV UTF-8 (comma delimited)\", with a point for the decimals)");
        }
        if (header.size() == 1 && headerRecord.text().contains("\t")) {
            throw new MalformedCsv("line 1 is separated by tabs, not commas; save the file as comma-separated values"
                    + " (a spreadsheet's \"CSV UTF-8 (comma delimited)\")");
        }
        Map<String, Integer> columnOf = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            Integer earlier = columnOf.putIfAbsent(header.get(i), i);
            if (earlier != null) {
                // Which of the two a scenario means could only be guessed.
                throw new MalformedCsv("line 1: column '" + header.get(i) + "' appears twice (columns " + (earlier + 1)
                        + " and " + (i + 1) + ")");
            }
        }
        List<Row> rows = new ArrayList<>();
        // A table of experiments repeats its levels on every row: one copy of each cell text is kept.
        Map<String, String> texts = new HashMap<>();
        int lineNumber = headerRecord.lines();
        for (String line; (line = reader.readLine()) != null; ) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            int start = lineNumber;
            Record record = record(line, reader, start);
            lineNumber += record.lines() - 1;
            if (rows.size() == MAX_ROWS) {
                throw new MalformedCsv("more than " + String.format("%,d", MAX_ROWS) + " data rows (line "
                        + lineNumber + "); a table of experiments this large is refused before it fills the memory:"
                        + " sample it, or query it with the dataset-query tool");
            }
            List<String> cells = record.cells();
            if (cells.size() != header.size()) {
                // Where the row parts from the header: its first field too many, or its end.
                List<Integer> starts = fieldStarts(record.text());
                int at = cells.size() > header.size() ? starts.get(header.size()) : record.text().length();
                throw new MalformedCsv(start, at + 1, "the row has " + cells.size() + " fields, the header has "
                        + header.size() + (cells.size() > header.size() && record.text().matches(".*\\d,\\d.*")
                        ? " (a decimal comma? write decimals with a point, or quote the cell)" : ""));
            }
            cells.replaceAll(cell -> texts.computeIfAbsent(cell, c -> c));
            rows.add(new Row(start, List.copyOf(cells)));
        }
        return new CsvTable(header, rows);
    }

    public int column(String name) {
        return header.indexOf(name);
    }

    /**
     * A cell as a finite number; empty for any other text, and for what Java would read as a number that is
     * none: "NaN", "Infinity", "1e309".
     */
    public static OptionalDouble number(String cell) {
        if (!DECIMAL.matcher(cell).matches()) {
            return OptionalDouble.empty();  // Java would also take "50D", "0x1p5"
        }
        try {
            double v = Double.parseDouble(cell);
            return Double.isFinite(v) ? OptionalDouble.of(v) : OptionalDouble.empty();
        } catch (NumberFormatException e) {
            return OptionalDouble.empty();
        }
    }

    /**
     * Which inputs are read as numbers: the numeric columns, except those the option {@code categorical} lists
     * (numbers that code levels, as catalyst 1, 2, 3), whose levels are their cells as written.
     */
    boolean[] numericInputs(List<String> inputs, int[] columns, String tableName, Options options) {
        List<String> levels = options.has("categorical") ? options.strings("categorical") : List.of();
        for (int i = 0; i < levels.size(); i++) {
            if (!inputs.contains(levels.get(i))) {
                throw options.error("categorical/" + i, "'" + levels.get(i) + "' is not one of the inputs " + inputs);
            }
            if (levels.indexOf(levels.get(i)) < i) {
                throw options.error("categorical/" + i, "'" + levels.get(i) + "' is listed twice");
            }
        }
        boolean[] numeric = new boolean[inputs.size()];
        for (int i = 0; i < inputs.size(); i++) {
            numeric[i] = !levels.contains(inputs.get(i)) && isNumeric(columns[i], tableName, options, "inputs/" + i);
        }
        return numeric;
    }

    /**
     * Whether a column holds numbers: every cell a finite number. A column of mostly numbers with a cell
     * that is not one ("NaN", "", "1_000") is a mistake in the table, not a column of levels, so it is refused
     * naming that cell, instead of quietly becoming categorical.
     */
    boolean isNumeric(int column, String tableName, Options options, String option) {
        Row firstText = null;
        int numbers = 0;
        for (Row row : rows) {
            if (number(row.cells().get(column)).isPresent()) {
                numbers++;
            } else if (firstText == null) {
                firstText = row;
            }
        }
        if (firstText != null && numbers > rows.size() / 2) {
            throw options.error(option, tableName + " line " + firstText.line() + ": '" + firstText.cells().get(column)
                    + "' in column " + header.get(column) + " is not a finite number, while " + numbers + " of its "
                    + rows.size() + " cells are numbers");
        }
        return firstText == null;
    }

    /**
     * Refuses inputs named twice and an output that is also an input (an outcome cannot be one of the
     * settings that produce it), at the line of the scenario that says so.
     */
    static void checkRoles(List<String> inputs, String output, Options options) {
        checkRoles(inputs, output, options, "output");
    }

    /** As {@link #checkRoles(List, String, Options)}, blaming the option at {@code outputKey}. */
    static void checkRoles(List<String> inputs, String output, Options options, String outputKey) {
        for (int i = 0; i < inputs.size(); i++) {
            if (inputs.indexOf(inputs.get(i)) < i) {
                throw options.error("inputs/" + i, "'" + inputs.get(i) + "' is listed twice");
            }
        }
        if (inputs.contains(output)) {
            throw options.error(outputKey, "'" + output + "' is also listed as an input; an outcome cannot be one of"
                    + " the settings that produce it");
        }
    }

    /** The table named by a scenario's {@code table} option (relative to the scenario file). */
    static CsvTable fromOption(Options options) {
        String name = options.string("table");
        try (InputStream in = options.open("table")) {
            return read(in);
        } catch (IOException e) {
            throw options.error("table", "cannot read '" + name + "': " + IoReason.of(e));
        } catch (MalformedCsv e) {
            throw options.error("table", name + ": " + e.getMessage());
        }
    }

    /** The index of the column a scenario option names; a missing column is an error at that option. */
    int column(String name, Options options, String key) {
        int column = column(name);
        if (column < 0) {
            throw options.error(key, "no column '" + name + "' in " + options.string("table") + "; columns: " + header);
        }
        return column;
    }

    /** One record of the file: its text (line breaks inside quotes included) and its cells. */
    private record Record(String text, List<String> cells) {
        int lines() {
            return 1 + (int) text.chars().filter(c -> c == '\n').count();
        }
    }

    /** The record that starts with {@code line}: one that opens a quote goes on over the next lines until it closes. */
    private static Record record(String line, BufferedReader reader, int lineNumber) throws IOException, MalformedCsv {
        StringBuilder text = new StringBuilder(line);
        for (List<String> cells = split(text); ; cells = split(text)) {
            if (cells != null) {
                return new Record(text.toString(), cells);
            }
            String next = reader.readLine();
            if (next == null) {
                // Where the quote that never closes opens (a quoted cell may run over lines).
                List<Integer> starts = fieldStarts(text);
                int open = starts.get(starts.size() - 1);
                int before = text.lastIndexOf("\n", open);
                throw new MalformedCsv(lineNumber + (int) text.substring(0, open).chars().filter(c -> c == '\n')
                        .count(), open - before, "a quote opens here and never closes");
            }
            text.append('\n').append(next);
        }
    }

    /** Where each field of a record's text starts (an index in it); the last one may open a quote never closed. */
    private static List<Integer> fieldStarts(CharSequence text) {
        List<Integer> starts = new ArrayList<>(List.of(0));
        boolean quoted = false;
        boolean inCell = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    i++;
                } else if (c == '"') {
                    quoted = false;
                }
            } else if (c == '"' && !inCell) {
                quoted = true;
                inCell = true;
                starts.set(starts.size() - 1, i);  // the quote itself, where a person looks for it
            } else if (c == ',') {
                starts.add(i + 1);
                inCell = false;
            } else {
                inCell = true;  // as split reads it: a quote after anything else is a character of the cell
            }
        }
        return starts;
    }

    /** The cells of a record; null if it ends inside a quoted cell (the record goes on over the next line). */
    private static List<String> split(CharSequence line) {
        List<String> cells = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"' && cell.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                cells.add(cell.toString().trim());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString().trim());
        return cells;
    }
}
