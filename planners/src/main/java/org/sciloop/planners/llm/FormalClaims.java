package org.sciloop.planners.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * The optional {@code formal} part of {@code propose_hypothesis}: the model states its claim as one of the
 * {@link Claim} kinds, so that the same claim a hypothesis engine would state is recorded, graphed and
 * scored against the truth like any other. Checked against the space before it is accepted.
 */
final class FormalClaims {
    static final List<String> KINDS = List.of("main-effect", "best-level", "interaction", "optimum-region",
            "no-effect");

    private FormalClaims() {
    }

    /** The schema of {@code formal}: one flat object whose fields each kind uses a part of. */
    static ObjectNode schema(ParameterSpace space) {
        ObjectNode schema = ExchangeJson.JSON.createObjectNode().put("type", "object")
                .put("additionalProperties", false).put("description", "the claim in a testable form: main-effect"
                        + " (factor, trend), best-level (factor, level, extreme), interaction (factor, other),"
                        + " optimum-region (factor, low, high, extreme), no-effect (factor)");
        ObjectNode p = schema.putObject("properties");
        KINDS.forEach(p.putObject("kind").put("type", "string").putArray("enum")::add);
        ArrayNode names = p.putObject("factor").put("type", "string").putArray("enum");
        space.parameters().forEach(parameter -> names.add(parameter.name()));
        p.set("other", p.get("factor").deepCopy());
        p.putObject("trend").put("type", "string").putArray("enum").add("increases").add("decreases");
        p.putObject("level").put("type", "string").put("description", "a level of a categorical factor");
        p.putObject("low").put("type", "number");
        p.putObject("high").put("type", "number");
        p.putObject("extreme").put("type", "string").putArray("enum").add("highest").add("lowest");
        schema.putArray("required").add("kind").add("factor");
        return schema;
    }

    /** The claim {@code formal} states about {@code outcome}, or why it cannot be one, in words for the model. */
    static Claim read(JsonNode formal, String outcome, ParameterSpace space) {
        String kind = formal.get("kind").asText();
        String factor = formal.get("factor").asText();
        Parameter parameter = space.parameter(factor).orElseThrow();
        return switch (kind) {
            case "main-effect" -> new Claim.MainEffect(outcome, numeric(parameter, kind),
                    Claim.Trend.valueOf(required(formal, "trend", kind).toUpperCase(Locale.ROOT)));
            case "best-level" -> {
                if (!(parameter instanceof Parameter.Categorical c)) {
                    throw new IllegalArgumentException("best-level needs a categorical factor; " + factor + " is numeric");
                }
                String level = required(formal, "level", kind);
                if (!c.levels().contains(level)) {
                    throw new IllegalArgumentException("'" + level + "' is not a level of " + factor + "; levels: "
                            + String.join(", ", c.levels()));
                }
                yield new Claim.BestLevel(outcome, factor, level, extreme(formal, kind));
            }
            case "interaction" -> {
                String other = required(formal, "other", kind);
                if (other.equals(factor)) {
                    throw new IllegalArgumentException("an interaction needs two different factors, got " + factor
                            + " twice");
                }
                yield new Claim.Interaction(outcome, factor, other);
            }
            case "optimum-region" -> {
                numeric(parameter, kind);
                if (!formal.has("low") || !formal.has("high")) {
                    throw new IllegalArgumentException("optimum-region needs low and high");
                }
                double low = formal.get("low").asDouble();
                double high = formal.get("high").asDouble();
                if (!(low <= high)) {
                    throw new IllegalArgumentException("optimum-region needs low <= high, got [" + low + ", " + high + "]");
                }
                yield new Claim.OptimumRegion(outcome, factor, low, high, extreme(formal, kind));
            }
            default -> new Claim.NoEffect(outcome, factor);
        };
    }

    private static String numeric(Parameter parameter, String kind) {
        if (parameter instanceof Parameter.Categorical) {
            throw new IllegalArgumentException(kind + " needs a numeric factor; " + parameter.name()
                    + " is categorical (use best-level)");
        }
        return parameter.name();
    }

    private static Claim.Extreme extreme(JsonNode formal, String kind) {
        return Claim.Extreme.valueOf(required(formal, "extreme", kind).toUpperCase(Locale.ROOT));
    }

    private static String required(JsonNode formal, String field, String kind) {
        if (!formal.hasNonNull(field)) {
            throw new IllegalArgumentException(kind + " needs " + field);
        }
        return formal.get(field).asText();
    }
}
