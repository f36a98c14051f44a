package org.sciloop.core.planner;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.model.ModelUsage;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.model.Settings;
import org.sciloop.core.scenario.Budget;
import org.sciloop.core.space.ParameterSpace;

/**
 * Everything a planner may know: the objective, the space, the budget, the observations so far and the
 * current hypotheses, and what the result table counts (denials). Planners read it; only the holder of its
 * {@link Recorder} adds to it, which is the engine, folding the trace as it is written or read back.
 */
public final class CampaignState {
    private final List<Objective> objectives;
    private final List<OutcomeConstraint> outcomeConstraints;
    private final Objective objective;
    private final ParameterSpace space;
    private final Budget budget;
    private final List<Observation> observations = new ArrayList<>();
    private final Set<Settings> measured = new HashSet<>();
    private final Map<Settings, Observation> answeredElsewhere = new LinkedHashMap<>();
    private final Set<Settings> refused = new HashSet<>();
    private Predicate<Settings> allowed = settings -> true;
    private final Map<String, Hypothesis> hypotheses = new LinkedHashMap<>();
    private final List<PriorCampaign> history = new ArrayList<>();
    private ModelUsage modelUsage = ModelUsage.NONE;
    private Observation best;
    private int sinceImprovement;
    /** Whether any observation has counted yet (with outcome constraints, the first that keeps them). */
    private boolean improvedOnce;
    private int denied;

    private CampaignState(List<Objective> objectives, List<OutcomeConstraint> outcomeConstraints, ParameterSpace space,
                          Budget budget) {
        if (objectives.isEmpty()) {
            throw new IllegalArgumentException("a campaign optimises at least one objective");
        }
        this.objectives = List.copyOf(objectives);
        this.outcomeConstraints = List.copyOf(outcomeConstraints);
        this.objective = objectives.get(0);
        this.space = space;
        this.budget = budget;
    }

    /** An empty state and the one handle that adds to it. */
    public static Recorder open(Objective objective, ParameterSpace space, Budget budget) {
        return open(List.of(objective), space, budget);
    }

    /** An empty state of a campaign with these objectives (the first is {@link #objective()}). */
    public static Recorder open(List<Objective> objectives, ParameterSpace space, Budget budget) {
        return open(objectives, List.of(), space, budget);
    }

    /** As {@link #open(List, ParameterSpace, Budget)}, with bounds an outcome must keep for an experiment to count. */
    public static Recorder open(List<Objective> objectives, List<OutcomeConstraint> outcomeConstraints,
                                ParameterSpace space, Budget budget) {
        return new CampaignState(objectives, outcomeConstraints, space, budget).new Recorder();
    }

    /** A state holding {@code observations}, as a planner would see it after them (benchmarks, tests). */
    public static CampaignState of(Objective objective, ParameterSpace space, Budget budget,
                                   List<Observation> observations) {
        Recorder recorder = open(objective, space, budget);
        observations.forEach(recorder::record);
        return recorder.state();
    }

    /** As {@link #of(Objective, ParameterSpace, Budget, List)}, with hypotheses already stated. */
    public static CampaignState of(Objective objective, ParameterSpace space, Budget budget,
                                   List<Observation> observations, List<Hypothesis> hypotheses) {
        Recorder recorder = open(objective, space, budget);
        observations.forEach(recorder::record);
        hypotheses.forEach(recorder::record);
        return recorder.state();
    }

    /** The first objective (the only one, unless the campaign has several). */
    public Objective objective() {
        return objective;
    }

    /** Every objective, the first being {@link #objective()}. */
    public List<Objective> objectives() {
        return objectives;
    }

    /** The bounds an outcome must keep for an experiment to count (to be the best, or on the front). */
    public List<OutcomeConstraint> outcomeConstraints() {
        return outcomeConstraints;
    }

    /** Whether {@code o} keeps every outcome constraint (a failed run keeps none, unless there are none). */
    public boolean feasible(Observation o) {
        return OutcomeConstraint.allMetBy(outcomeConstraints, o);
    }

    /** The Pareto front of the feasible observations (with one objective, its best value's). */
    public ParetoFront front() {
        return ParetoFront.of(objectives, outcomeConstraints, observations);
    }

    public ParameterSpace space() {
        return space;
    }

    public Budget budget() {
        return budget;
    }

    public List<Observation> observations() {
        return Collections.unmodifiableList(observations);
    }

    public int experimentsRun() {
        return observations.size();
    }

    public int remainingBudget() {
        return Math.max(0, budget.experiments() - observations.size());
    }

    /** How many experiments the next round may propose: the batch, or what is left of the budget. */
    public int nextBatchSize() {
        return Math.min(budget.batch(), remainingBudget());
    }

    /**
     * The feasible observation with the best value of the (first) objective so far (the first such, on ties).
     */
    public Optional<Observation> best() {
        return Optional.ofNullable(best);
    }

    /**
     * Experiments since the last improvement: a better value of the objective or, with several objectives,
     * an observation no earlier one dominates (the front moved).
     */
    public int experimentsSinceImprovement() {
        return sinceImprovement;
    }

    /**
     * Whether these settings were run already (successfully or not), or asked for and answered at other
     * settings: asking again would get the same answer.
     */
    public boolean isMeasured(Settings settings) {
        return measured.contains(settings) || answeredElsewhere.containsKey(settings);
    }

    /**
     * Settings asked for that the tool answered with a measurement made at other settings (an emulator's
     * nearest measured point), with that observation: asking them again would get the same answer.
     */
    public Map<Settings, Observation> answeredElsewhere() {
        return Collections.unmodifiableMap(answeredElsewhere);
    }

    /**
     * The candidates of a finite space a planner may still propose, in the space's order: not yet run, not
     * refused by the safety policy before, and allowed by it. What the policy forbids is not part of what a
     * planner searches.
     */
    public List<Settings> unmeasuredCandidates() {
        return space.candidates().stream().filter(c -> !isMeasured(c) && !refused.contains(c)
                && allowed.test(c)).toList();
    }

    /**
     * Why a planner of a finite space stops when {@link #unmeasuredCandidates()} is empty: every candidate measured,
     * or, saying how many, some of them outside the safety limits or refused (by an interlock, or a person).
     */
    public String nothingLeftToPropose() {
        List<Settings> all = space.candidates();
        long measured = all.stream().filter(this::isMeasured).count();
        long outside = all.stream().filter(c -> !isMeasured(c) && !allowed.test(c)).count();
        long refusedHere = all.stream().filter(c -> !isMeasured(c) && allowed.test(c) && refused.contains(c)).count();
        if (outside == 0 && refusedHere == 0) {
            return space.allMeasured();
        }
        String of = space.constraints().isEmpty() ? "of the " + all.size() + " candidates of the space"
                : "of the " + all.size() + " candidates that keep the constraints";
        return "no candidate is left to propose: " + of + ", " + measured + " measured, " + (outside > 0
                ? outside + " outside the safety limits" : "") + (outside > 0 && refusedHere > 0 ? ", " : "")
                + (refusedHere > 0 ? refusedHere + " refused before" : "");
    }

    public Collection<Hypothesis> hypotheses() {
        return Collections.unmodifiableCollection(hypotheses.values());
    }

    /**
     * Earlier campaigns this one learns from (related tasks, brought in at its start); empty unless its scenario
     * says {@code memory: {learn-from: ...}}. Their observations are not this campaign's.
     */
    public List<PriorCampaign> history() {
        return Collections.unmodifiableList(history);
    }

    /** The language-model tokens and cost the planner has used so far. */
    public ModelUsage modelUsage() {
        return modelUsage;
    }

    /** Experiments the safety policy or an interlock refused (never run, so not in the observations). */
    public int denied() {
        return denied;
    }

    /** Adds to a state; whoever opened the state holds it, and nobody else can get one. */
    public final class Recorder {
        private Recorder() {
        }

        public CampaignState state() {
            return CampaignState.this;
        }

        public void record(Observation observation) {
            observations.add(observation);
            measured.add(observation.settings());
            var value = observation.outcome(objective.name());
            boolean better = value.isPresent() && feasible(observation) && (best == null
                    || objective.isBetter(value.getAsDouble(), best.outcome(objective.name()).getAsDouble()));
            if (better) {
                best = observation;
            }
            if (objectives.size() == 1 ? better : extendsFront(observation)) {
                sinceImprovement = 0;
                improvedOnce = true;
            } else if (improvedOnce) {
                sinceImprovement++;
            }
        }

        /**
         * Whether {@code added} (the newest observation) is feasible, has every objective and no earlier such one
         * dominates it.
         */
        private boolean extendsFront(Observation added) {
            if (!ParetoFront.counts(objectives, outcomeConstraints, added)) {
                return false;
            }
            double[] point = ParetoFront.point(objectives, added);
            return observations.subList(0, observations.size() - 1).stream()
                    .filter(o -> ParetoFront.counts(objectives, outcomeConstraints, o))
                    .noneMatch(o -> {
                        double[] earlier = ParetoFront.point(objectives, o);
                        return ParetoFront.dominates(earlier, point) || java.util.Arrays.equals(earlier, point);
                    });
        }

        /**
         * An observation the tool made at other settings than {@code asked}; asking again would get the same
         * answer, so those count as run too.
         */
        public void recordAnsweredElsewhere(Observation observation, Settings asked) {
            record(observation);
            answeredElsewhere.put(asked, observation);
        }

        public void record(ModelExchange exchange) {
            modelUsage = modelUsage.plus(exchange);
        }

        public void record(Hypothesis hypothesis) {
            hypotheses.put(hypothesis.id(), hypothesis);
        }

        public void recall(PriorCampaign prior) {
            history.add(prior);
        }

        /** An experiment the policy (or an interlock, {@code lasting} false) refused; a lasting refusal is final. */
        public void denied(Settings settings, boolean lasting) {
            denied++;
            if (lasting) {
                refused.add(settings);
            }
        }

        /** What the safety policy allows; {@link #unmeasuredCandidates()} offers nothing else. */
        public void allowOnly(Predicate<Settings> policy) {
            allowed = policy;
        }
    }
}
