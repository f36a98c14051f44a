package org.sciloop.tools.query;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sciloop.core.config.Options;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;

/**
 * {@code dataset-query}: read-only SQL (DuckDB) over declared files. Options: {@code tables} (name: file,
 * relative to the scenario; .csv, .tsv or .parquet), {@code row-limit} (default 1000), {@code timeout} (per
 * query, default PT10S). See docs/dataset-tools.md.
 */
public final class DatasetQueryFactory implements ToolFactory {

    @Override
    public String name() {
        return "dataset-query";
    }

    @Override
    public String summary() {
        return "read-only SQL (DuckDB) over the CSV and Parquet files a scenario declares";
    }

    @Override
    public Tool create(Options options) {
        options.allowOnly("tables", "row-limit", "timeout");
        Options declared = options.child("tables");
        Map<String, Path> tables = new LinkedHashMap<>();
        for (String name : declared.keys()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw declared.error(name, "table names are SQL identifiers (letters, digits, '_'), got '" + name + "'");
            }
            String file = declared.string(name);
            if (!file.matches("(?i).*\\.(csv|tsv|parquet)")) {
                throw declared.error(name, "must be a .csv, .tsv or .parquet file, got '" + file + "'");
            }
            tables.put(name, declared.localFile(name).toAbsolutePath());
        }
        if (tables.isEmpty()) {
            throw options.error("tables", "declare at least one table: name: file");
        }
        var timeout = options.positiveDuration("timeout", "PT10S");
        return new DatasetQueryTool(descriptor(timeout), tables, options.positiveInt("row-limit", 1000), timeout,
                declared::error);
    }

    private ToolDescriptor descriptor(Duration queryTimeout) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        ObjectNode input = json.objectNode().put("type", "object").put("additionalProperties", false);
        ObjectNode properties = input.putObject("properties");
        properties.putObject("mode").put("type", "string").put("description",
                "'describe' lists the tables with their columns; 'query' (the default) runs 'sql'")
                .putArray("enum").add("query").add("describe");
        properties.putObject("sql").put("type", "string").put("description", "one SELECT statement");
        ObjectNode output = json.objectNode().put("type", "object");
        return new ToolDescriptor(name(), "Read-only SQL over the scenario's data tables", input, output,
                Effect.READ_ONLY, queryTimeout.plusSeconds(30));   // the tool's own limit acts first
    }
}
