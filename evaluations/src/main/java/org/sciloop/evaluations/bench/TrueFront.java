package org.sciloop.evaluations.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.core.tool.Tool;

/**
 * The Pareto front a tool would give if every experiment were run: from its known response for every objective
 * (a table's measured rows, a test function's grid), at the settings known for all of them.
 */
public final class TrueFront {
    /** What a benchmark's curves measure when the true front is known: the hypervolume as a share of its own. */
    public static final Objective SHARE = new Objective("hypervolume %", Objective.Goal.MAXIMIZE,
            OptionalDouble.empty());

    private TrueFront() {
    }

    /** The true front's hypervolume from the objectives' references, or empty when the tool does not know it. */
    public static OptionalDouble hypervolume(Tool tool, List<Objective> objectives) {
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
        List<double[]> all = new ArrayList<>(points.values());
        return all.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(ParetoFront.hypervolume(all, ParetoFront.maximised(objectives, reference.get())));
    }
}
