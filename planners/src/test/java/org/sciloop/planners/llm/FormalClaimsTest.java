package org.sciloop.planners.llm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

class FormalClaimsTest {
    static final ParameterSpace SPACE = new ParameterSpace(List.of(new Parameter.Continuous("x", 0, 10, "degC"),
            new Parameter.Categorical("c", List.of("a", "b"))));

    @Test
    void each_kind_reads_into_its_claim() {
        assertThat(read("{'kind':'main-effect','factor':'x','trend':'decreases'}"))
                .isEqualTo(new Claim.MainEffect("y", "x", Claim.Trend.DECREASES));
        assertThat(read("{'kind':'optimum-region','factor':'x','low':4,'high':6,'extreme':'highest'}"))
                .isEqualTo(new Claim.OptimumRegion("y", "x", 4, 6, Claim.Extreme.HIGHEST));
        assertThat(read("{'kind':'interaction','factor':'x','other':'c'}"))
                .isEqualTo(new Claim.Interaction("y", "x", "c"));
        assertThat(read("{'kind':'no-effect','factor':'c'}")).isEqualTo(new Claim.NoEffect("y", "c"));
    }

    @Test
    void a_claim_that_does_not_fit_the_space_is_refused_with_what_to_change() {
        assertBad("{'kind':'main-effect','factor':'c','trend':'increases'}",
                "main-effect needs a numeric factor; c is categorical (use best-level)");
        assertBad("{'kind':'main-effect','factor':'x'}", "main-effect needs trend");
        assertBad("{'kind':'best-level','factor':'x','level':'5','extreme':'highest'}",
                "best-level needs a categorical factor; x is numeric");
        assertBad("{'kind':'best-level','factor':'c','level':'b'}", "best-level needs extreme");
        assertBad("{'kind':'interaction','factor':'x','other':'x'}", "an interaction needs two different factors");
        assertBad("{'kind':'optimum-region','factor':'x','low':6,'extreme':'highest'}", "optimum-region needs low and high");
        assertBad("{'kind':'optimum-region','factor':'x','low':6,'high':4,'extreme':'highest'}",
                "optimum-region needs low <= high, got [6.0, 4.0]");
    }

    @Test
    void the_schema_offers_only_the_space_s_factors() {
        assertThat(FormalClaims.schema(SPACE).at("/properties/factor/enum").toString()).isEqualTo("[\"x\",\"c\"]");
        assertThat(FormalClaims.schema(SPACE).at("/properties/kind/enum")).hasSize(5);
    }

    private static Claim read(String json) {
        try {
            return FormalClaims.read(ExchangeJson.JSON.readTree(json.replace('\'', '"')), "y", SPACE);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new AssertionError(e);
        }
    }

    private static void assertBad(String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(message);
    }
}
