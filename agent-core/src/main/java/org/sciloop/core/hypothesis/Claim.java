package org.sciloop.core.hypothesis;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.util.Locale;

/**
 * What a hypothesis formally asserts about how the factors of a campaign move one outcome. The kinds are
 * closed so that a hypothesis engine can test each one and a knowledge graph can tell which claims
 * contradict each other; the prose statement of a hypothesis is for people, this is for tests.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "kind")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Claim.MainEffect.class, name = "main-effect"),
        @JsonSubTypes.Type(value = Claim.BestLevel.class, name = "best-level"),
        @JsonSubTypes.Type(value = Claim.Interaction.class, name = "interaction"),
        @JsonSubTypes.Type(value = Claim.OptimumRegion.class, name = "optimum-region"),
        @JsonSubTypes.Type(value = Claim.NoEffect.class, name = "no-effect")
})
public sealed interface Claim permits Claim.MainEffect, Claim.BestLevel, Claim.Interaction, Claim.OptimumRegion,
        Claim.NoEffect {

    enum Trend { INCREASES, DECREASES }

    enum Extreme { HIGHEST, LOWEST }

    String outcome();

    /** The factors the claim is about, in a fixed order. */
    List<String> factors();

    /** One sentence a scientist would write. */
    String describe();

    /**
     * What the claim is about regardless of which way it points: two claims with the same subject compete
     * (yield rises with T / falls with T; ligand A is best / ligand B is best), so an engine keeps one
     * hypothesis per subject and revises it.
     */
    String subject();

    /** Whether this claim and {@code other} cannot both be true. */
    default boolean contradicts(Claim other) {
        if (!outcome().equals(other.outcome()) || equals(other)) {
            return false;
        }
        if (this instanceof NoEffect n) {
            return !(other instanceof NoEffect) && other.factors().contains(n.factor());
        }
        if (other instanceof NoEffect n) {
            return factors().contains(n.factor());
        }
        if (this instanceof OptimumRegion a && other instanceof OptimumRegion b) {
            return a.subject().equals(b.subject()) && (a.high() < b.low() || b.high() < a.low());
        }
        return subject().equals(other.subject());
    }

    /** A numeric factor moves the outcome one way over its whole range. */
    record MainEffect(String outcome, String factor, Trend trend) implements Claim {
        public List<String> factors() {
            return List.of(factor);
        }

        public String describe() {
            return outcome + (trend == Trend.INCREASES ? " increases" : " decreases") + " with " + factor;
        }

        public String subject() {
            return "main-effect:" + factor;
        }
    }

    /** One level of a categorical factor gives a higher (or lower) outcome than each of the others. */
    record BestLevel(String outcome, String factor, String level, Extreme extreme) implements Claim {
        public List<String> factors() {
            return List.of(factor);
        }

        public String describe() {
            return factor + " = " + level + " gives the " + extreme.name().toLowerCase(Locale.ROOT) + " " + outcome
                    + " of all " + factor + " levels";
        }

        public String subject() {
            return "best-level:" + factor + ":" + extreme;
        }
    }

    /** The effect of one factor on the outcome depends on the value of another. */
    record Interaction(String outcome, String factor, String other) implements Claim {
        public List<String> factors() {
            return List.of(factor, other);
        }

        public String describe() {
            return "the effect of " + factor + " on " + outcome + " depends on " + other;
        }

        public String subject() {
            return "interaction:" + factor + ":" + other;
        }
    }

    /** The outcome has its extreme inside the range, where {@code factor} lies in [low, high]. */
    record OptimumRegion(String outcome, String factor, double low, double high, Extreme extreme) implements Claim {
        public OptimumRegion {
            if (!(low <= high)) {
                throw new IllegalArgumentException("an optimum region needs low <= high, got [" + low + ", " + high + "]");
            }
        }

        public List<String> factors() {
            return List.of(factor);
        }

        public String describe() {
            return "the " + extreme.name().toLowerCase(Locale.ROOT) + " " + outcome + " lies where " + factor
                    + " is in [" + round(low) + ", " + round(high) + "]";
        }

        public String subject() {
            return "optimum:" + factor + ":" + extreme;
        }

        private static String round(double v) {
            return String.format(Locale.ROOT, "%.3g", v);
        }
    }

    /** The factor does not change the outcome by more than a negligible amount. */
    record NoEffect(String outcome, String factor) implements Claim {
        public List<String> factors() {
            return List.of(factor);
        }

        public String describe() {
            return factor + " has no effect on " + outcome;
        }

        public String subject() {
            return "no-effect:" + factor;
        }
    }
}
