package org.sciloop.core.tool;

import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.Settings;

/**
 * A tool that knows its true response: an emulated table of measurements, a test function, a simulator
 * with a known formula. Evaluators read it (regret, hypothesis scores); the engine never does.
 */
public interface GroundTruth extends Tool {

    /**
     * The best value this tool can ever return for {@code objective}, when it is known: the best row of an
     * emulated table, a test function's optimum.
     */
    OptionalDouble bestPossible(Objective objective);

    /**
     * The noise-free value of {@code output} over the whole space, when the tool knows it (a complete table
     * of measurements, a simulator with a known formula).
     */
    Optional<KnownResponse> knownResponse(String output);

    /**
     * The noise-free value of {@code output} at {@code settings}, when the tool knows it: what a benchmark
     * scores a noisy run by (a table's measurement, a function's value; not an emulator's neighbour).
     */
    OptionalDouble noiseFree(String output, Settings settings);

    /**
     * The largest (feasible) hypervolume any front can have for these objectives, from their references, under
     * these outcome constraints, when the tool knows it without a table of its values (a standard test problem
     * asked as the literature asks it); empty otherwise.
     */
    default OptionalDouble largestHypervolume(List<Objective> objectives, List<OutcomeConstraint> constraints) {
        return OptionalDouble.empty();
    }

    /** The best value {@code tool} can give for {@code objective}, if it is a ground truth that knows it. */
    static OptionalDouble bestPossible(Tool tool, Objective objective) {
        return tool instanceof GroundTruth truth ? truth.bestPossible(objective) : OptionalDouble.empty();
    }

    /** The noise-free response of {@code tool} for {@code output}, if it is a ground truth that knows it. */
    static Optional<KnownResponse> knownResponse(Tool tool, String output) {
        return tool instanceof GroundTruth truth ? truth.knownResponse(output) : Optional.empty();
    }
}
