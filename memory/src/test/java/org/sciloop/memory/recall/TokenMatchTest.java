package org.sciloop.memory.recall;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.sciloop.memory.store.IndexedCampaign.Passage;
import org.sciloop.memory.store.Passages.Found;

/**
 * The passages first by meaning, ranked again word piece by word piece: questions of the recall fixtures whose
 * right hypothesis the sentence vectors put behind a passage on another subject.
 */
class TokenMatchTest {
    /** Passages in the order the sentence vectors ranked them, closest first. */
    private static List<Found> byMeaning(String... texts) {
        List<Found> list = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            list.add(new Found("c-1", "s", new Passage(i + 1, "hypothesis", "H" + (i + 1), texts[i]), 0.6 - 0.01 * i));
        }
        return list;
    }

    private static List<String> subjects(List<Found> found) {
        return found.stream().map(p -> p.passage().subject()).toList();
    }

    @Test
    void a_paraphrase_in_other_names_comes_before_a_passage_that_shares_only_its_subject() {
        // held-out-6: the sentence vectors ranked the right one fourth, behind phosphorus in waste water; here beside
        // two passages on its neighbouring subjects.
        List<Found> found = byMeaning(
                "Dosing alum upstream of the primary clarifier brings effluent total phosphorus below 0.5 mg/L.",
                "Adding 5% biodiesel to the fuel raises particulate emissions of the diesel engine at idle.",
                "Ceria-zirconia supports store more oxygen than alumina in three-way catalysts.",
                "Phosphorus from ZDDP oil additives deactivates the diesel oxidation catalyst by forming CePO4 in the"
                        + " washcoat.");
        assertThat(subjects(TokenMatch.reorder("Is cerium phosphate formation from zinc dialkyldithiophosphate lube"
                + " additives what poisons the DOC?", found)).get(0)).isEqualTo("H4");
    }

    @Test
    void a_claim_asked_in_other_words_comes_before_a_passage_on_the_same_metal() {
        // held-out-4: third by the sentence vectors, behind a palladium scavenger.
        List<Found> found = byMeaning(
                "Treating the API solution with SiliaMetS Thiol at 50 °C will bring residual palladium below 10 ppm.",
                "Ir(ppy)3 photoredox catalysis in flow will enable decarboxylative arylation of Boc-proline in yields"
                        + " above 70%.",
                "Increasing the Pd/C loading from 5 to 10 wt% in the nitro reduction will leave the des-chloro"
                        + " impurity unchanged at below 0.15 HPLC area%.");
        assertThat(subjects(TokenMatch.reorder("Which hypothesis says the dehalogenated byproduct won't budge, staying"
                + " under 0.15%, when we double the palladium-on-carbon charge for the nitro hydrogenation?", found))
                .get(0)).isEqualTo("H3");
    }

    @Test
    void only_the_window_is_ranked_again_and_a_single_passage_stays_as_it_is() {
        List<String> texts = new ArrayList<>();
        for (int i = 1; i <= TokenMatch.WINDOW + 2; i++) {
            texts.add("Hypothesis number " + i + " about catalyst loading.");
        }
        texts.set(TokenMatch.WINDOW, "Raising the PECVD SiNx deposition temperature increases the BHF etch rate.");
        List<Found> found = byMeaning(texts.toArray(String[]::new));
        List<String> reordered = subjects(TokenMatch.reorder("does hotter PECVD nitride etch faster in BHF?", found));
        assertThat(reordered.subList(TokenMatch.WINDOW, reordered.size()))
                .as("beyond the window the order by meaning stands, even for the passage that matches best")
                .containsExactly("H" + (TokenMatch.WINDOW + 1), "H" + (TokenMatch.WINDOW + 2));
        assertThat(reordered).containsExactlyInAnyOrderElementsOf(subjects(found));
        List<Found> one = byMeaning("Liming acidic soils to pH 6.5 increases barley root elongation.");
        assertThat(TokenMatch.reorder("does lime help barley roots?", one)).isEqualTo(one);
    }

    @Test
    void a_question_matches_itself_best_and_every_match_is_a_cosine_mean() {
        TokenMatch model = TokenMatch.instance();
        float[][] question = model.wordPieces("Does lime help barley roots grow?");
        double itself = TokenMatch.precision(question, question);
        double other = TokenMatch.precision(question, model.wordPieces("Alum dosing lowers effluent phosphorus."));
        assertThat(itself).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(other).isBetween(-1.0, itself);
        assertThat(TokenMatch.precision(new float[0][], question)).isZero();
        // A text longer than the model reads is cut, not refused.
        String longText = "The yield rises with temperature. ".repeat(200);
        assertThat(model.wordPieces(longText).length).isEqualTo(510);
    }
}
