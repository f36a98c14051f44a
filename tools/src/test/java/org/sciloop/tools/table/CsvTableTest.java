package org.sciloop.tools.table;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A malformed table is refused at the line and column where it parts from CSV, where a person looks for it. */
class CsvTableTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "a row too short        | id,x,y\\n1,2\\n                     | t.csv:2:4: the row has 2 fields, the header has 3",
            "a row too long         | id,x,y\\na,b,c,d\\n                 | t.csv:2:7: the row has 4 fields, the header has 3",
            "a quote never closed   | id,x,y\\n1,\"2,3\\n                  | t.csv:2:3: a quote opens here and never closes",
            "after a closed one     | id,x,y\\n1,\"a\\nb\",\"3\\n4,5,6\\n     | t.csv:3:4: a quote opens here and never closes",
            "a quote inside a cell  | id,x,y\\n1, a\"b,3\\n1,2\\n          | t.csv:3:4: the row has 2 fields, the header has 3",
            "no file at all         | ''                                 | t.csv: the file is empty"})
    void a_mistake_is_said_at_its_line_and_column(String what, String text, String said) {
        byte[] bytes = text.strip().replace("\\n", "\n").getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> CsvTable.read(new ByteArrayInputStream(bytes)))
                .isInstanceOfSatisfying(CsvTable.MalformedCsv.class, e -> org.assertj.core.api.Assertions
                        .assertThat(e.at("t.csv")).isEqualTo(said));
    }
}
