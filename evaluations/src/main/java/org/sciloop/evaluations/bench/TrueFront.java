package org.sciloop.evaluations.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.core.tool.Tool;

/**
 * How a benchmark scores a campaign with several objectives: the hypervolume of its front after each
 * experiment, on the values its experiments truly give where the tool knows them; and the front the tool
 * would give if every experiment were run, from its known response for every objective (a table's rows).
 */
public final class TrueFront {
    /** What a benchmark's curves measure when the true front is known: the hypervolume as a share of its own. */
    public static final Objective SHARE = new Objective("hypervolume %", Objective.Goal.MAXIMIZE,
            OptionalDouble.empty());

    private TrueFront() {
    }

    /**
     * The hypervolume after each experiment, from the objectives' references, on noise-free values where the
     * tool knows them: a noisy measurement that came out well does not count as a better front (BoTorch's
     * tutorials score the same way).
     */
    public static double[] hypervolumes(List<Objective> objectives, List<OutcomeConstraint> constraints,
                                        List<Observation> observations, Tool tool) {
        List<String> outputs = new ArrayList<>(objectives.stream().map(Objective::name).toList());
        constraints.forEach(c -> outputs.add(c.outcome()));
        List<Observation> scored = observations.stream().map(o -> noiseFree(o, tool, outputs)).toList();
        double[] reference = ParetoFront.reference(objectives).orElseThrow(
                () -> new IllegalArgumentException("a front is scored from every objective's reference"));
        return ParetoFront.hypervolumeSoFar(objectives, constraints, scored, reference);
    }

    private static Observation noiseFree(Observation o, Tool tool, List<String> outputs) {
        if (o.status() != Observation.Status.OK || !(tool instanceof GroundTruth truth)) {
            return o;
        }
        Map<String, Double> outcomes = new java.util.LinkedHashMap<>(o.outcomes());
        for (String output : outputs) {
            truth.noiseFree(output, o.settings()).ifPresent(v -> outcomes.put(output, v));
        }
        return new Observation(o.experimentId(), o.settings(), outcomes, o.status(), o.detail(), o.tool());
    }

    /**
     * The largest hypervolume a standard test problem's literature gives, when the campaign asks it as the
     * literature does ({@link GroundTruth#largestHypervolume}); its campaigns are then measured in hypervolume,
     * as that literature reports them, against it.
     */
    public static OptionalDouble standard(Tool tool, List<Objective> objectives, List<OutcomeConstraint> constraints) {
        return tool instanceof GroundTruth truth ? truth.largestHypervolume(objectives, constraints)
                : OptionalDouble.empty();
    }

    /**
     * The true (feasible) front's hypervolume from the objectives' references, or empty when the tool does not know
     * it.
     */
    public static OptionalDouble hypervolume(Tool tool, List<Objective> objectives,
                                             List<OutcomeConstraint> constraints) {
        Optional<double[]> reference = ParetoFront.reference(objectives);
        if (reference.isEmpty()) {
            return OptionalDouble.empty();
        }
        Map<Settings, double[]> points = null;
        for (int k = 0; k < objectives.size(); k++) {
            Optional<KnownResponse> known = GroundTruth.knownResponse(tool, objectives.get(k).name());
            if (known.isEmpty()) {
                return OptionalDouble.empty();
            }
            Map<Settings, double[]> next = new HashMap<>();
            for (int i = 0; i < known.get().points().size(); i++) {
                Settings s = known.get().points().get(i);
                double[] earlier = k == 0 ? new double[0] : points.get(s);
                if (earlier != null) {
                    double[] p = java.util.Arrays.copyOf(earlier, k + 1);
                    p[k] = objectives.get(k).maximised(known.get().values()[i]);
                    next.put(s, p);
                }
            }
            points = next;
        }
        for (OutcomeConstraint c : constraints) {
            Optional<KnownResponse> known = GroundTruth.knownResponse(tool, c.outcome());
            if (known.isEmpty()) {
                return OptionalDouble.empty();
            }
            java.util.Set<Settings> feasible = new java.util.HashSet<>();
            for (int i = 0; i < known.get().points().size(); i++) {
                if (c.metBy(known.get().values()[i])) {
                    feasible.add(known.get().points().get(i));
                }
            }
            points.keySet().retainAll(feasible);
        }
        List<double[]> all = new ArrayList<>(points.values());
        return all.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(ParetoFront.hypervolume(all, ParetoFront.maximised(objectives, reference.get())));
    }
}
