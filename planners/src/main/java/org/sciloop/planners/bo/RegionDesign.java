package org.sciloop.planners.bo;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Predicate;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.ParameterSpace;

/**
 * A space-filling start confined to a region: random candidates inside it, or uniform draws kept if inside (and
 * if they keep the space's constraints).
 */
final class RegionDesign {
    /** Draws per experiment before a continuous region is taken to be too thin to hit by chance. */
    private static final int TRIES = 10_000;

    private RegionDesign() {
    }

    /** @param unmeasured a finite space's unmeasured candidates inside the region; unused for a continuous one */
    static List<Experiment> draw(ParameterSpace space, List<Settings> unmeasured, Predicate<Settings> region, int count,
                                 Random random) {
        List<Experiment> drawn = new ArrayList<>();
        if (space.isFinite()) {
            List<Settings> shuffled = new ArrayList<>(unmeasured);
            Collections.shuffle(shuffled, random);
            shuffled.stream().limit(count).forEach(s -> drawn.add(Experiment.of(s, "random inside the guided region")));
            return drawn;
        }
        double[] u = new double[space.dimensions()];
        for (int tries = 0; drawn.size() < count && tries < TRIES * count; tries++) {
            for (int j = 0; j < u.length; j++) {
                u[j] = random.nextDouble();
            }
            space.constrainedFromUnit(u).filter(region).ifPresent(s -> drawn.add(Experiment.of(s,
                    "random inside the guided region")));
        }
        return drawn;
    }
}
