package org.sciloop.tools.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.tools.ToolFixture;

class DatasetQueryToolTest {
    @TempDir
    Path dir;
    private Tool tool;

    @BeforeEach
    void declareTheArylationTable() throws Exception {
        Files.copy(Path.of("../scenarios/data/edbo_direct_arylation.csv"), dir.resolve("arylation.csv"));
        Files.writeString(dir.resolve("secret.csv"), "password\nhunter2\n");
        tool = tool("{arylation: arylation.csv}, row-limit: 5, timeout: PT1S");
    }

    @AfterEach
    void close() {
        tool.close();
    }

    @Test
    void answers_a_chemists_question_with_typed_columns() {
        Map<String, Object> answer = success(query("""
                SELECT Ligand_SMILES AS ligand, count(*) AS n, max(yield) AS best FROM arylation
                WHERE yield > 80 AND Temp_C = 105 GROUP BY ligand ORDER BY best DESC"""));

        assertThat(list(answer.get("columns"))).containsExactly(Map.of("name", "ligand", "type", "VARCHAR"),
                Map.of("name", "n", "type", "BIGINT"), Map.of("name", "best", "type", "DOUBLE"));
        List<Map<String, Object>> rows = rows(answer);
        assertThat(rows).isNotEmpty();
        assertThat(rows.get(0).get("best")).isEqualTo(100.0);
        assertThat(answer.get("truncated")).isEqualTo(false);
    }

    @Test
    void describe_lists_tables_with_columns_types_and_row_counts() {
        Map<String, Object> answer = success(tool.invoke(new ToolCall("dataset-query", "q", Map.of("mode", "describe")),
                ToolFixture.context("c")));

        @SuppressWarnings("unchecked")
        Map<String, Object> table = (Map<String, Object>) ((Map<String, Object>) answer.get("tables")).get("arylation");
        assertThat(table.get("rows")).isEqualTo(1728L);
        assertThat(list(table.get("columns"))).contains(Map.of("name", "yield", "type", "DOUBLE"));
    }

    @Test
    void results_stop_at_the_row_limit_and_say_so() {
        Map<String, Object> answer = success(query("SELECT * FROM arylation"));

        assertThat(rows(answer)).hasSize(5);
        assertThat(answer.get("truncated")).isEqualTo(true);
    }

    @Test
    void every_attempt_to_write_or_escape_is_refused() {
        String outside = dir.resolve("secret.csv").toString();
        Map<String, String> attempts = Map.ofEntries(
                Map.entry("DROP VIEW arylation", "only a single SELECT"),
                Map.entry("CREATE TABLE t AS SELECT 1", "only a single SELECT"),
                Map.entry("INSERT INTO arylation SELECT * FROM arylation", "only a single SELECT"),
                Map.entry("COPY arylation TO '" + dir.resolve("out.csv") + "'", "only a single SELECT"),
                Map.entry("ATTACH '" + dir.resolve("x.duckdb") + "'", "only a single SELECT"),
                Map.entry("INSTALL httpfs", "only a single SELECT"),
                Map.entry("SET enable_external_access = true", "only a single SELECT"),
                Map.entry("PRAGMA database_list", "only a single SELECT"),
                Map.entry("SELECT 1; DROP VIEW arylation", "only a single SELECT"),
                Map.entry("SELECT 1; SELECT 2", "send one SELECT statement at a time, not 2"),
                Map.entry("SELECT * FROM read_csv('" + outside + "')", "Permission Error"),
                Map.entry("SELECT * FROM '" + outside + "'", "Permission Error"),
                Map.entry("SELECT * FROM read_text('/etc/passwd')", "Permission Error"),
                Map.entry("SELECT * FROM glob('/etc/*')", "Permission Error"),
                Map.entry("SELECT * FROM arylation) UNION ALL (SELECT * FROM arylation", "does not parse"));
        attempts.forEach((sql, why) -> assertThat(query(sql)).as(sql)
                .isInstanceOfSatisfying(ToolResult.Failure.class, f -> assertThat(f.reason()).contains(why)));
        assertThat(dir.resolve("out.csv")).doesNotExist();
        assertThat(dir.resolve("x.duckdb")).doesNotExist();
        assertThat(rows(success(query("SELECT count(*) AS n FROM arylation")))).containsExactly(Map.of("n", 1728L));
    }

    @Test
    void a_query_past_its_time_limit_is_cancelled() {
        ToolResult result = query("SELECT count(*) FROM range(100000000) a, range(100000000) b");

        assertThat(((ToolResult.Failure) result).reason()).isEqualTo(
                "the query took longer than 1.0 s and was cancelled; narrow it down or aggregate");
        assertThat(success(query("SELECT 1 AS one")).get("rows")).isEqualTo(List.of(Map.of("one", 1)));
    }

    @Test
    void bad_calls_and_bad_options_get_clear_errors() {
        assertThat(((ToolResult.Failure) tool.invoke(new ToolCall("dataset-query", "q", Map.of()),
                ToolFixture.context("c"))).reason()).contains("needs 'sql'");
        assertThat(((ToolResult.Failure) query("SELEC 1")).reason()).startsWith("the SQL does not parse");
        assertThat(((ToolResult.Failure) query("SELECT nope FROM arylation")).reason()).contains("nope");
        assertBad("{arylation: missing.csv}", "no file 'missing.csv'");
        assertBad("{arylation: notes.txt}", "must be a .csv, .tsv or .parquet file");
        assertBad("{'drop table': arylation.csv}", "table names are SQL identifiers");
    }

    /** A file that is not a table is refused at its line before a live campaign, not answered as some table. */
    @Test
    void a_file_that_is_not_a_table_is_refused_when_the_campaign_connects() throws Exception {
        tool.connect();  // the arylation table reads
        Files.writeString(dir.resolve("ragged.csv"), "cat,temp,yield\na,20,5\nb,30\nc,40,7,9\n");
        Files.writeString(dir.resolve("twice.csv"), "cat,temp,temp\na,20,5\n");
        Files.writeString(dir.resolve("empty.csv"), "");
        Files.writeString(dir.resolve("blank.csv"), "\n\n");
        Files.write(dir.resolve("latin1.csv"), "name,yield\nr\u00e9action,5\n".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1));
        for (String[] bad : new String[][] {
                {"ragged.csv", "ragged.csv cannot be read as a table: its rows do not all have as many fields as its"
                        + " header"},
                {"twice.csv", "its header names column 'temp' more than once"},
                {"empty.csv", "empty.csv has no header line"},
                {"blank.csv", "blank.csv has no header line"},
                {"latin1.csv", "latin1.csv cannot be read as a table: Invalid Input Error: CSV Error on Line: 2: Invalid"
                        + " unicode (byte sequence mismatch) detected. This file is not utf-8 encoded."}}) {
            try (Tool other = tool("{t: " + bad[0] + "}")) {
                assertThatThrownBy(other::connect).as(bad[0]).isInstanceOf(ScenarioException.class)
                        .hasMessageContaining("scenario.yaml:").hasMessageContaining("experiment.with.tables.t: " + bad[1]);
            }
        }
    }

    private Tool tool(String with) {
        return ToolFixture.tool("experiment: {tool: dataset-query, with: {tables: " + with + "}}",
                dir.resolve("scenario.yaml"));
    }

    private void assertBad(String tables, String message) {
        assertThatThrownBy(() -> tool(tables)).isInstanceOf(ScenarioException.class).hasMessageContaining(message);
    }

    private ToolResult query(String sql) {
        return tool.invoke(new ToolCall("dataset-query", "q", Map.of("sql", sql)), ToolFixture.context("c"));
    }

    private static Map<String, Object> success(ToolResult result) {
        assertThat(result).isInstanceOf(ToolResult.Success.class);
        return ((ToolResult.Success) result).outputs();
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> rows(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("rows");
    }
}
