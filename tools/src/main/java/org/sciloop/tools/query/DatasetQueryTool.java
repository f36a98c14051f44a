package org.sciloop.tools.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;

/**
 * SQL over the CSV and Parquet files a scenario declares, on an embedded DuckDB. Read-only by construction,
 * in three layers: the declared files are the only paths DuckDB may open ({@code allowed_paths}, external
 * access off, configuration locked, so no COPY, ATTACH, INSTALL or file function reaches anything else);
 * every query must parse as exactly one SELECT (DuckDB's own parser, {@code json_serialize_sql}); and the
 * tables are views, so there is nothing to write to. Each query runs with a row limit and a time limit.
 *
 * <p>Calls: {@code {"mode": "describe"}} gives every table's columns, types and row count, so an agent
 * knows what it can ask; {@code {"sql": "SELECT ..."}} gives {@code columns} (name, type), {@code rows}
 * (objects) and {@code truncated}.
 */
final class DatasetQueryTool implements Tool {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final ToolDescriptor descriptor;
    private final Map<String, Path> tables;
    private final int rowLimit;
    private final Duration queryTimeout;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sciloop-query-watchdog");
        t.setDaemon(true);
        return t;
    });
    private Connection connection;
    /** The error for a table that cannot be read, at its line in the scenario. */
    private final BiFunction<String, String, RuntimeException> refused;

    DatasetQueryTool(ToolDescriptor descriptor, Map<String, Path> tables, int rowLimit, Duration queryTimeout,
                     BiFunction<String, String, RuntimeException> refused) {
        this.descriptor = descriptor;
        this.tables = Map.copyOf(tables);
        this.refused = refused;
        this.rowLimit = rowLimit;
        this.queryTimeout = queryTimeout;
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    /**
     * Reads every table once before a live campaign, so that a file that is not a table is refused at its line
     * with its reason, not answered as one (a tester's ragged CSV came back as one text column of raw lines, a
     * header naming a column twice as a renamed one, a file in another encoding as "CSV Error on Line: 6").
     */
    @Override
    public synchronized void connect() {
        for (Map.Entry<String, Path> table : tables.entrySet()) {
            String name = table.getKey();
            if (!isParquet(table.getValue())) {
                String header = header(table.getValue());
                if (header.isBlank()) {
                    throw refused.apply(name, table.getValue().getFileName() + " has no header line: a table's first"
                            + " line names its columns");
                }
                duplicateColumn(header, delimiter(table.getValue())).ifPresent(column -> {
                    throw refused.apply(name, "its header names column '" + column + "' more than once");
                });
            }
            try (Statement s = connection().createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT count(*) FROM " + name)) {
                rs.next();
            } catch (SQLException e) {
                throw refused.apply(name, table.getValue().getFileName() + " cannot be read as a table: "
                        + readProblem(e));
            }
        }
    }

    /**
     * DuckDB's reason a file does not read, in words for the scenario's author: its first line and the one that
     * says what is wrong, without the advice on DuckDB's own options.
     */
    private static String readProblem(SQLException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        if (message.contains("Error when sniffing file")) {
            return "its rows do not all have as many fields as its header, or it is not comma- (tab-) separated text";
        }
        List<String> lines = message.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
        String why = lines.stream().skip(1).filter(l -> !l.startsWith("Original Line") && !l.startsWith("Possible")
                && !l.startsWith("file =")).findFirst().orElse("");
        return lines.isEmpty() ? message : lines.get(0) + (why.isEmpty() ? "" : ": " + why);
    }

    private static boolean isParquet(Path file) {
        return file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".parquet");
    }

    private static char delimiter(Path file) {
        return file.toString().toLowerCase(java.util.Locale.ROOT).endsWith(".tsv") ? '\t' : ',';
    }

    /** The file's first line ("" when it has none, or cannot be read: DuckDB's read then says why). */
    private static String header(Path file) {
        try (var lines = java.nio.file.Files.newBufferedReader(file, java.nio.charset.StandardCharsets.UTF_8)) {
            String first = lines.readLine();
            return first == null ? "" : first;
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            return "?";
        }
    }

    /** A name a header line gives twice, if any (quotes around a name are not part of it). */
    private static Optional<String> duplicateColumn(String header, char delimiter) {
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String column : header.split(java.util.regex.Pattern.quote(String.valueOf(delimiter)), -1)) {
            String bare = column.strip().replaceAll("^\"|\"$", "");
            if (!bare.isEmpty() && !seen.add(bare)) {
                return Optional.of(bare);
            }
        }
        return Optional.empty();
    }

    @Override
    public synchronized ToolResult invoke(ToolCall call, ToolContext context) {
        Optional<String> undeclared = descriptor.undeclared(call.arguments());
        if (undeclared.isPresent()) {
            return new ToolResult.Failure(undeclared.get(), false);
        }
        Object mode = call.arguments().getOrDefault("mode", "query");
        try {
            if ("describe".equals(mode)) {
                return describe();
            }
            if (!"query".equals(mode)) {
                return new ToolResult.Failure("mode must be 'query' or 'describe', got '" + mode + "'", false);
            }
            if (!(call.arguments().get("sql") instanceof String sql) || sql.isBlank()) {
                return new ToolResult.Failure("a query needs 'sql', the text of one SELECT statement", false);
            }
            return query(sql.strip().replaceAll(";\\s*$", ""));
        } catch (SQLException e) {
            return new ToolResult.Failure(firstLine(e), false);
        }
    }

    private ToolResult query(String sql) throws SQLException {
        String refusal = refusal(sql);
        if (refusal != null) {
            return new ToolResult.Failure(refusal, false);
        }
        // Newlines around the user's text, so that a trailing comment cannot swallow the limit.
        String limited = "SELECT * FROM (\n" + sql + "\n) LIMIT " + (rowLimit + 1);
        try (Statement statement = connection().createStatement()) {
            AtomicBoolean timedOut = new AtomicBoolean();
            ScheduledFuture<?> alarm = watchdog.schedule(() -> {
                timedOut.set(true);
                cancelQuietly(statement);
            }, queryTimeout.toMillis(), TimeUnit.MILLISECONDS);
            try (ResultSet rs = statement.executeQuery(limited)) {
                return new ToolResult.Success(rows(rs));
            } catch (SQLException e) {
                if (timedOut.get()) {
                    return new ToolResult.Failure("the query took longer than " + seconds(queryTimeout)
                            + " and was cancelled; narrow it down or aggregate", false);
                }
                throw e;
            } finally {
                alarm.cancel(false);
            }
        }
    }

    /** Why {@code sql} may not run, or null: it must parse, as exactly one SELECT. */
    private String refusal(String sql) throws SQLException {
        try (PreparedStatement check = connection().prepareStatement("SELECT json_serialize_sql(?)")) {
            check.setString(1, sql);
            try (ResultSet rs = check.executeQuery()) {
                rs.next();
                JsonNode parsed = JSON.readTree(rs.getString(1));
                if (parsed.path("error").asBoolean()) {
                    String message = parsed.path("error_message").asText();
                    return message.startsWith("Only SELECT")
                            ? "only a single SELECT statement may run here: this tool reads, it never changes data"
                            : "the SQL does not parse: " + message;
                }
                int statements = parsed.path("statements").size();
                return statements == 1 ? null : "send one SELECT statement at a time, not " + statements;
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                return "the SQL could not be checked: " + e.getOriginalMessage();
            }
        }
    }

    private Map<String, Object> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        List<Map<String, Object>> columns = new ArrayList<>();
        for (int c = 1; c <= meta.getColumnCount(); c++) {
            columns.add(Map.of("name", meta.getColumnLabel(c), "type", meta.getColumnTypeName(c)));
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        boolean truncated = false;
        while (rs.next()) {
            if (rows.size() == rowLimit) {
                truncated = true;
                break;
            }
            Map<String, Object> row = new LinkedHashMap<>();
            for (int c = 1; c <= meta.getColumnCount(); c++) {
                row.put(meta.getColumnLabel(c), value(rs.getObject(c)));
            }
            rows.add(row);
        }
        return Map.of("columns", columns, "rows", rows, "truncated", truncated);
    }

    private ToolResult describe() throws SQLException {
        Map<String, Object> described = new LinkedHashMap<>();
        for (String table : tables.keySet().stream().sorted().toList()) {
            List<Map<String, Object>> columns = new ArrayList<>();
            long count;
            try (Statement s = connection().createStatement()) {
                try (ResultSet rs = s.executeQuery("DESCRIBE " + table)) {
                    while (rs.next()) {
                        columns.add(Map.of("name", rs.getString("column_name"), "type", rs.getString("column_type")));
                    }
                }
                try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    count = rs.getLong(1);
                }
            }
            described.put(table, Map.of("columns", columns, "rows", count,
                    "file", tables.get(table).getFileName().toString()));
        }
        return new ToolResult.Success(Map.of("tables", described, "row_limit", rowLimit));
    }

    /** Opens DuckDB on first use, with the declared files as the only paths it may read. */
    private Connection connection() throws SQLException {
        if (connection != null) {
            return connection;
        }
        Connection c = DriverManager.getConnection("jdbc:duckdb:");
        try (Statement s = c.createStatement()) {
            s.execute("SET allowed_paths = [" + String.join(", ", tables.values().stream()
                    .map(p -> literal(p.toString())).toList()) + "]");
            s.execute("SET autoinstall_known_extensions = false");
            s.execute("SET autoload_known_extensions = false");
            s.execute("SET enable_external_access = false");
            s.execute("SET lock_configuration = true");
            for (Map.Entry<String, Path> table : tables.entrySet()) {
                String file = table.getValue().toString();
                // The delimiter, the header and its place are said, not sniffed: rows of the wrong length are then
                // an error, not a reason to read the file as one text column or to start it at a later line.
                String reader = isParquet(table.getValue()) ? "read_parquet(" + literal(file) + ")"
                        : "read_csv(" + literal(file) + ", delim = " + literal(String.valueOf(delimiter(table.getValue())))
                        + ", header = true, skip = 0, strict_mode = true)";
                s.execute("CREATE VIEW " + table.getKey() + " AS SELECT * FROM " + reader);
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        connection = c;
        return c;
    }

    private static Object value(Object v) {
        if (v == null || v instanceof String || v instanceof Boolean || v instanceof Double || v instanceof Long
                || v instanceof Integer) {
            return v;
        }
        if (v instanceof BigDecimal || v instanceof Float || v instanceof Short || v instanceof Byte) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? b.longValue() : b.toString();
        }
        return v.toString();   // dates, times, intervals, lists: their SQL text
    }

    private static String literal(String text) {
        return "'" + text.replace("'", "''") + "'";
    }

    private static void cancelQuietly(Statement statement) {
        try {
            statement.cancel();
        } catch (SQLException e) {
            // The query ended meanwhile.
        }
    }

    private static String seconds(Duration d) {
        return d.toMillis() / 1000.0 + " s";
    }

    private static String firstLine(SQLException e) {
        String message = String.valueOf(e.getMessage());
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }

    @Override
    public synchronized void close() {
        watchdog.shutdownNow();
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Nothing to lose: an in-memory database of views.
            }
        }
    }
}
