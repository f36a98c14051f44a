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

    @Test
    void an_effect_and_no_effect_are_ordered_by_whether_the_question_asks_for_a_change() {
        List<Found> found = ranked("Adding DIPEA beyond 3 equivalents increases amide coupling conversion.",
                "Adding DIPEA beyond 3 equivalents has no effect on amide coupling conversion.");
        assertThat(subjects(Opposites.reorder("is the conversion insensitive to extra DIPEA past 3 equivalents?",
                found))).containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("does the conversion stay the same with more than 3 equivalents of"
                + " DIPEA?", found))).as("'stays the same' says no change").containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("does piling on DIPEA past 3 equivalents push the conversion up?",
                ranked("Adding DIPEA beyond 3 equivalents does not change amide coupling conversion.",
                        "Adding DIPEA beyond 3 equivalents increases amide coupling conversion."))))
                .containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("what does DIPEA do to the conversion?", found)))
                .as("a question that says neither keeps the order by meaning").containsExactly("H1", "H2");
    }

    @Test
    void of_a_comparison_and_its_mirror_the_one_whose_sides_fit_the_question_comes_first() {
        List<Found> found = ranked("Cyanoacrylate cures faster than a two-part methyl methacrylate adhesive on steel.",
                "A two-part methyl methacrylate adhesive cures faster than cyanoacrylate on steel.");
        assertThat(subjects(Opposites.reorder("on steel, does the methacrylate glue set quicker than superglue?",
                found))).containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("on steel, is the methacrylate glue slower than cyanoacrylate?",
                found))).as("asked the other way round").containsExactly("H1", "H2");
        assertThat(subjects(Opposites.reorder("does the methacrylate adhesive out-perform cyanoacrylate on steel?",
                found))).as("'out-' compares too").containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("which cures faster on steel?", found)))
                .as("no side named: the order by meaning").containsExactly("H1", "H2");
    }

    @Test
    void of_one_claim_about_two_things_the_one_the_question_names_comes_first_even_by_its_initials() {
        List<Found> found = ranked("Sulfur hosted in Ketjen black keeps 80 % of its capacity after 200 cycles.",
                "Sulfur hosted in reduced graphene oxide keeps 80 % of its capacity after 200 cycles.");
        assertThat(subjects(Opposites.reorder("does sulfur on rGO hold four fifths of its capacity for 200 cycles?",
                found))).containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("does sulfur on graphene oxide last 200 cycles?", found)))
                .containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("does sulfur on a carbon host last 200 cycles?", found)))
                .as("neither named: the order by meaning").containsExactly("H1", "H2");
    }
}
