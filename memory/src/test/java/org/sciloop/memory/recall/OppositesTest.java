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

    @Test
    void a_word_of_direction_inside_a_name_points_nowhere() {
        List<Found> found = ranked("Raising the Co content of Co-Fe LDH from 5 to 20 % raises the OER overpotential.",
                "Raising the Co content of Co-Fe LDH from 5 to 20 % lowers the OER overpotential.");
        assertThat(subjects(Opposites.reorder("does more cobalt in the Co-Fe layered double hydroxide cut the"
                + " overpotential?", found))).as("'double' names the hydroxide").containsExactly("H2", "H1");
    }

    @Test
    void of_opposite_claims_about_two_conditions_the_one_the_question_names_comes_first_numbers_in_words_too() {
        List<Found> found = ranked("Lipase activity peaks at pH 5 and falls sharply above pH 6.",
                "Lipase activity peaks at pH 8 and falls sharply below pH 7.");
        assertThat(subjects(Opposites.reorder("is the lipase most active in mildly basic buffer, near pH eight?",
                found))).containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("is the lipase at its best around pH 5?", found)))
                .containsExactly("H1", "H2");
    }

    @Test
    void a_mirror_is_read_by_over_by_a_question_that_points_no_way_and_by_the_side_a_question_names_alone() {
        List<Found> found = ranked("Ag cathodes favour CO over formate in CO2 electrolysis at -0.9 V.",
                "Ag cathodes favour formate over CO in CO2 electrolysis at -0.9 V.");
        assertThat(subjects(Opposites.reorder("do silver electrodes make formate rather than CO at -0.9 V?", found)))
                .containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("on Ag, does formate win over CO?", found))).containsExactly("H2", "H1");
        List<Found> solvents = ranked("Crystallising from ethanol rather than acetone gives larger crystals of form"
                + " II.", "Crystallising from acetone rather than ethanol gives larger crystals of form II.");
        assertThat(subjects(Opposites.reorder("are the crystals bigger and finer-grained seeds fewer when we grow them"
                + " from acetone rather than ethanol?", solvents))).as("its words of direction cancel: the sides"
                        + " as they stand").containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("does a switch to acetone give bigger form II crystals?", solvents)))
                .as("no word that compares: the side it names").containsExactly("H2", "H1");
    }

    @Test
    void a_twin_that_adds_a_reason_is_still_a_twin() {
        List<Found> found = ranked("Doping the NiFe LDH anode with 5 at% Ce will lower the OER overpotential in 1 M"
                + " KOH.",
                "Doping the NiFe LDH anode with 5 at% Ce will push up the OER overpotential in 1 M KOH by"
                        + " blocking active Fe sites.");
        assertThat(subjects(Opposites.reorder("does cerium in the NiFe LDH stimulate a higher overpotential?", found)))
                .containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("does Ce doping of NiFe LDH bring the overpotential down?", found)))
                .containsExactly("H1", "H2");
    }

    @Test
    void a_thing_the_question_says_it_is_not_is_not_named() {
        List<Found> found = ranked("N-methylation raises the Caco-2 permeability of the linear hexapeptide.",
                "N-methylation raises the Caco-2 permeability of the cyclic hexapeptide.");
        assertThat(subjects(Opposites.reorder("does N-methylating the non-cyclic hexapeptide make it more permeable?",
                found))).containsExactly("H1", "H2");
        assertThat(subjects(Opposites.reorder("does N-methylating the cyclic hexapeptide make it more permeable?",
                found))).containsExactly("H2", "H1");
    }

    @Test
    void a_short_form_on_either_side_stands_for_the_words_it_abbreviates() {
        List<Found> found = ranked("At 1 wt% in PAO, ZDDP reduces the wear scar diameter more than MoDTC does.",
                "At 1 wt% in PAO, MoDTC reduces the wear scar diameter more than ZDDP does.");
        assertThat(subjects(Opposites.reorder("does molybdenum dithiocarbamate beat zinc dialkyldithiophosphate on"
                + " wear in polyalphaolefin?", found))).containsExactly("H2", "H1");
        List<Found> held = ranked("Citrate-capped AuNPs grow in DLS size after 1 h in 10% FBS.",
                "Citrate-capped AuNPs stay constant in DLS size after 1 h in 10% FBS.");
        assertThat(subjects(Opposites.reorder("do the gold particles keep the same size in fetal bovine serum?",
                held))).as("'constant' says no change").containsExactly("H2", "H1");
    }

    @Test
    void more_and_less_that_say_how_much_point_no_way() {
        List<Found> found = ranked("A shift from 37 C to 32 C on day 5 raises the final mAb titre by at least 20%.",
                "A shift from 37 C to 32 C on day 5 cuts the final mAb titre by at least 20%.");
        assertThat(subjects(Opposites.reorder("does moving to 32 C on day five reduce the titre by a fifth or more?",
                found))).containsExactly("H2", "H1");
        assertThat(subjects(Opposites.reorder("does moving to 32 C on day five lower the titre by more than 20 %?",
                found))).containsExactly("H2", "H1");
    }
}
