package org.sciloop.tools.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sciloop.core.IoReason;

/**
 * Where a simulation leaves its results, and how to read them as named values. A missing or malformed
 * output is an {@link OutputException} with a reason a person can act on.
 */
sealed interface OutputReader {

    Map<String, Object> read(Path workdir) throws OutputException;

    /** Why a run's output could not be read. */
    final class OutputException extends Exception {
        OutputException(String message) {
            super(message);
        }
    }

    /** A JSON object in a file: its numbers (and other scalars) by name. */
    record JsonFile(String file) implements OutputReader {
        private static final ObjectMapper JSON = new ObjectMapper();

        @Override
        public Map<String, Object> read(Path workdir) throws OutputException {
            JsonNode root;
            try {
                root = JSON.readTree(text(workdir, file));   // text() reports a missing file
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new OutputException(file + " is not JSON: " + e.getOriginalMessage());
            }
            if (root == null || !root.isObject()) {
                throw new OutputException(file + " must hold a JSON object of named results");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            root.properties().forEach(e -> {
                JsonNode v = e.getValue();
                if (v.isNumber()) {
                    out.put(e.getKey(), v.asDouble());
                } else if (v.isValueNode() && !v.isNull()) {
                    out.put(e.getKey(), v.asText());
                }
            });
            return out;
        }
    }

    /** A CSV file with a header: the last row, numbers where a cell is one. */
    record CsvFile(String file) implements OutputReader {
        @Override
        public Map<String, Object> read(Path workdir) throws OutputException {
            List<String> lines = text(workdir, file).lines().filter(l -> !l.isBlank()).toList();
            if (lines.size() < 2) {
                throw new OutputException(file + " needs a header and at least one row, has " + lines.size()
                        + " line(s)");
            }
            String[] header = lines.get(0).split(",", -1);
            String[] row = lines.get(lines.size() - 1).split(",", -1);
            if (row.length != header.length) {
                throw new OutputException(file + ": the last row has " + row.length + " cells for "
                        + header.length + " columns");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (int i = 0; i < header.length; i++) {
                out.put(header[i].trim(), value(row[i].trim()));
            }
            return out;
        }

        private static Object value(String cell) {
            try {
                return Double.parseDouble(cell);
            } catch (NumberFormatException e) {
                return cell;
            }
        }
    }

    /** Numbers found in the standard output, each by a regular expression whose first group is the number. */
    record StdoutPatterns(Map<String, Pattern> patterns) implements OutputReader {
        static final String STDOUT = "stdout.txt";

        @Override
        public Map<String, Object> read(Path workdir) throws OutputException {
            String stdout = text(workdir, STDOUT);
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<String, Pattern> e : patterns.entrySet()) {
                Matcher m = e.getValue().matcher(stdout);
                String last = null;
                while (m.find()) {   // the last match: codes print progress before the final figure
                    last = m.group(1);
                }
                if (last == null) {
                    throw new OutputException("stdout has no match for " + e.getKey() + " ('" + e.getValue() + "')");
                }
                try {
                    out.put(e.getKey(), Double.parseDouble(last));
                } catch (NumberFormatException ex) {
                    throw new OutputException(e.getKey() + ": '" + last + "' in stdout is not a number");
                }
            }
            return out;
        }
    }

    private static String text(Path workdir, String file) throws OutputException {
        try {
            return new String(Files.readAllBytes(workdir.resolve(file)), java.nio.charset.StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new OutputException("the run wrote no " + file);
        } catch (IOException e) {
            throw new OutputException("cannot read " + file + ": " + IoReason.of(e));
        }
    }
}
