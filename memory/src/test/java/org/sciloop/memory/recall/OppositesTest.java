package org.sciloop.memory.recall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sciloop.memory.store.Passages.Found;
import org.sciloop.memory.store.IndexedCampaign.Passage;

/** A statement and its opposite, ranked by meaning as near ties, are put in the order the question points. */
class OppositesTest {
    private static List<Found> ranked(String... texts) {
        List<Found> list = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            list.add(new Found("c-1", "s", new Passage(i + 1, "hypothesis", "H" + (i + 1), texts[i]),
                    0.8 - 0.001 * i));
        }
        return list;
    }

    private static List<String> subjects(List<Found> found) {
        return found.stream().map(p -> p.passage().subject()).toList();
    }

    @Test
    void the_twin_the_question_points_to_comes_first() {
        List<Found> found = ranked("Lower culture temperature (32 C) increases specific productivity of CHO cells.",
                "Glutamine above 6 mM raises ammonia.",
                "Lower culture temperature (32 C) decreases specific productivity of CHO cells.");
        assertThat(subjects(Opposites.reorder("does shifting CHO cultures down to 32 C hurt per-cell productivity?",
                found))).containsExactly("H3", "H2", "H1");
        assertThat(subjects(Opposites.reorder("does cooling CHO cells to 32 C help them make more per cell?", found)))
                .as("the direction they share (lower) is set against the question's own").containsExactly("H1", "H2",
                        "H3");
    }

    @Test
    void a_question_that_says_no_direction_or_passages_that_are_no_twins_keep_the_order_by_meaning() {
        List<Found> twins = ranked("Higher temperature narrows dispersity in ATRP of styrene.",
                "Higher temperature broadens dispersity in ATRP of styrene.");
        assertThat(subjects(Opposites.reorder("what do we know about temperature in styrene ATRP?", twins)))
                .containsExactly("H1", "H2");
        List<Found> unrelated = ranked("Silica raises the yield of the first step.",
                "A longer residence time in the second reactor lowers the selectivity to the amide product.");
        assertThat(subjects(Opposites.reorder("which lowers selectivity?", unrelated))).containsExactly("H1", "H2");
    }
}
