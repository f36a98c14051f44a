package org.sciloop.memory.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.InputException;

/** A fixture of one's own is checked before any store is touched, and scored question by question. */
class RecallBenchmarkTest {
    @TempDir
    Path dir;

    private Path fixture(String hypotheses, String questions) throws Exception {
        Path folder = Files.createDirectories(dir.resolve("fixture"));
        Files.writeString(folder.resolve("hypotheses.tsv"), hypotheses);
        Files.writeString(folder.resolve("questions.tsv"), questions);
        return folder;
    }

    private String run(Path fixture) {
        StringWriter text = new StringWriter();
        new RecallBenchmark(new PrintWriter(text)).run(dir.resolve("store").toString(), dir, fixture);
        return text.toString();
    }

    @Test
    void scores_each_question_by_where_the_right_hypothesis_ranks() throws Exception {
        String out = run(fixture("""
                h1\tRaising the temperature of the Suzuki coupling from 60 to 90 C increases the yield.
                h2\tRaising the temperature of the Suzuki coupling from 60 to 90 C decreases the yield.
                h3\tSodium starch glycolate makes tablets disintegrate sooner than croscarmellose.
                """, """
                h2\tdoes heating the Suzuki reaction to 90 C lower how much product we get?
                h3\twhich superdisintegrant breaks tablets apart faster?
                """));
        assertThat(out).contains("h2     rank   1").contains("h3     rank   1")
                .contains("ranked first for 2 of 2 questions");
    }

    @Test
    void a_fixture_with_a_mistake_is_refused_at_its_line_before_any_store_is_made() throws Exception {
        assertThatThrownBy(() -> run(fixture("h1\tA statement.\nh2 no tab here\n", "h1\ta question?\n")))
                .isInstanceOf(InputException.class).hasMessageEndingWith("hypotheses.tsv:2: write an id, a tab,"
                        + " then the text");
        assertThatThrownBy(() -> run(fixture("h1\tA statement.\n", "h9\ta question?\n")))
                .isInstanceOf(InputException.class).hasMessageContaining("questions.tsv, question 1: 'h9' is no"
                        + " hypothesis of hypotheses.tsv");
        assertThatThrownBy(() -> run(dir.resolve("absent"))).isInstanceOf(InputException.class)
                .hasMessageContaining("cannot read " + dir.resolve("absent").resolve("hypotheses.tsv"));
        assertThat(dir.resolve("store")).doesNotExist();
    }
}
