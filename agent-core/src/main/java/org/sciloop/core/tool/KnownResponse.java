package org.sciloop.core.tool;

import java.util.Arrays;
import java.util.List;
import org.sciloop.core.model.Settings;

/**
 * What a tool would answer for one output, without noise, at points that cover its whole space as a full
 * factorial: every row of a complete table, or a grid over a simulator. It is the truth a campaign tries
 * to learn, so an evaluator can score what the campaign concluded against it.
 *
 * @param values {@code values[i]} is the output at {@code points.get(i)}
 */
public record KnownResponse(String output, List<Settings> points, double[] values) {

    public KnownResponse {
        points = List.copyOf(points);
        values = values.clone();
        if (points.size() != values.length || points.isEmpty()) {
            throw new IllegalArgumentException("a known response needs one value per point and at least one point, got "
                    + points.size() + " points and " + values.length + " values");
        }
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KnownResponse k && output.equals(k.output) && points.equals(k.points)
                && Arrays.equals(values, k.values);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * output.hashCode() + points.hashCode()) + Arrays.hashCode(values);
    }
}
