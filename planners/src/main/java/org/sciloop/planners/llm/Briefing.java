package org.sciloop.planners.llm;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.space.Parameter;

/**
 * What the model is told at the start of every round: its role and rules (the system message), then the
 * campaign as it stands (objective, parameters with units and limits, budget, observations, hypotheses).
 * Built from the campaign state alone, so the same state always gives the same words (replay needs it).
 */
final class Briefing {
    /** More than this many runnable combinations are counted, not listed: the list would crowd out the rest. */
    private static final int MAX_COMBINATIONS_LISTED = 30;

    private Briefing() {
    }

    static String system(boolean guided, int batch) {
        String act = guided
                ? "End the round by calling set_guidance exactly once: keep, exclude or bound parameters where you"
                        + " have a reason to, and a Bayesian optimiser will choose the experiments inside that region."
                : "End the round by calling propose_experiments exactly once with up to " + batch + " experiments,"
                        + " each setting every parameter within its limits and, in a finite space, not measured yet.";
        return "You are the planning agent of a closed-loop scientific campaign. Each round you study the"
                + " observations, state testable hypotheses (propose_hypothesis) and revise them as evidence"
                + " arrives (update_hypothesis, citing experiment ids). You may call the read-only lookup tools"
                + " listed before you decide. " + act + " You cannot run experiments yourself: the engine checks"
                + " every proposal against the safety policy before anything runs. Answer with tool calls only.";
    }

    static String situation(CampaignState state, String scenario, String description, int batch, int maxObservations) {
        Objective objective = state.objective();
        StringBuilder b = new StringBuilder();
        b.append("Campaign: ").append(scenario);
        if (!description.isBlank()) {
            b.append(" - ").append(description.strip());
        }
        b.append("\nObjective: ").append(objective.goal().name().toLowerCase(Locale.ROOT)).append(' ')
                .append(objective.name());
        objective.target().ifPresent(t -> b.append(" (target ").append(number(t)).append(')'));
        b.append("\nParameters:\n");
        for (Parameter p : state.space().parameters()) {
            b.append("- ").append(p.name()).append(": ").append(describe(p)).append('\n');
        }
        if (!state.space().constraints().isEmpty()) {
            b.append("Every experiment must keep these constraints:\n");
            state.space().constraints().forEach(c -> b.append("- ").append(c.text()).append('\n'));
        }
        if (!state.outcomeConstraints().isEmpty()) {
            b.append("An experiment counts only if its outcomes keep: ").append(String.join(", ",
                    state.outcomeConstraints().stream().map(Object::toString).toList())).append('\n');
        }
        List<Settings> combinations = state.space().poolCombinations();
        if (!combinations.isEmpty()) {
            // A model that does not know them proposes combinations the engine then refuses.
            b.append("Only ").append(combinations.size()).append(" combinations of ")
                    .append(String.join(", ", combinations.get(0).values().keySet())).append(" can run");
            if (combinations.size() <= MAX_COMBINATIONS_LISTED) {
                b.append(": ").append(combinations.stream().map(c -> c.values().toString()).toList());
            }
            b.append('\n');
        }
        b.append("Budget: ").append(state.experimentsRun()).append(" of ").append(state.budget().experiments())
                .append(" experiments run; propose up to ").append(batch).append(" now.\n");
        appendObservations(b, state, maxObservations);
        b.append("Hypotheses:");
        if (state.hypotheses().isEmpty()) {
            b.append(" none yet.\n");
        } else {
            b.append('\n');
            for (Hypothesis h : state.hypotheses()) {
                b.append("- ").append(h.id()).append(" [").append(h.status().name().toLowerCase(Locale.ROOT))
                        .append(", confidence ").append(number(h.confidence())).append("] ").append(h.statement())
                        .append(" | claim: ").append(h.claim()).append(" | prediction: ").append(h.prediction());
                if (!h.evidence().isEmpty()) {
                    b.append(" | evidence: ").append(String.join(", ", h.evidence()));
                }
                b.append('\n');
            }
        }
        return b.toString();
    }

    private static void appendObservations(StringBuilder b, CampaignState state, int max) {
        List<Observation> all = state.observations();
        if (all.isEmpty()) {
            b.append("Observations: none yet.\n");
            return;
        }
        String name = state.objective().name();
        // The best few, then the latest: what a scientist would look at, in a bounded number of tokens.
        Comparator<Observation> byValue = Comparator.comparingDouble(o -> o.outcome(name).getAsDouble());
        Set<Observation> shown = new LinkedHashSet<>();
        all.stream().filter(o -> o.outcome(name).isPresent())
                .sorted(state.objective().goal() == Objective.Goal.MAXIMIZE ? byValue.reversed() : byValue)
                .limit(Math.max(1, max / 4)).forEach(shown::add);
        List<Observation> latest = new ArrayList<>(all.subList(Math.max(0, all.size() - max), all.size()));
        for (int i = latest.size() - 1; i >= 0 && shown.size() < max; i--) {
            shown.add(latest.get(i));
        }
        b.append("Observations (").append(shown.size()).append(" of ").append(all.size())
                .append(shown.size() < all.size() ? ", the best and the latest" : "").append("):\n");
        all.stream().filter(shown::contains).forEach(o -> {
            b.append("- ").append(o.experimentId()).append(' ').append(o.settings()).append(" -> ");
            if (o.status() == Observation.Status.OK) {
                b.append(name).append(" = ").append(number(o.outcome(name).getAsDouble()));
            } else {
                b.append("failed: ").append(o.detail());
            }
            b.append('\n');
        });
    }

    private static String describe(Parameter p) {
        if (p instanceof Parameter.Continuous c) {
            return "continuous from " + number(c.low()) + " to " + number(c.high()) + unit(c.unit());
        }
        if (p instanceof Parameter.Discrete d) {
            return "one of " + d.values().stream().map(Briefing::number).toList() + unit(d.unit());
        }
        return "one of " + ((Parameter.Categorical) p).levels();
    }

    private static String unit(String unit) {
        return unit.isEmpty() ? "" : " " + unit;
    }

    static String number(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v)
                : new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros().toPlainString();
    }
}
