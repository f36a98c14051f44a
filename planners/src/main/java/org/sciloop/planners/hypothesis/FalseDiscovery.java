package org.sciloop.planners.hypothesis;

import java.util.Comparator;
import java.util.stream.IntStream;

/** Benjamini–Hochberg adjusted p-values (q-values): rejecting every q <= alpha keeps the false discovery rate at alpha. */
final class FalseDiscovery {
    private FalseDiscovery() {
    }

    static double[] adjust(double[] p) {
        int m = p.length;
        Integer[] order = IntStream.range(0, m).boxed().sorted(Comparator.comparingDouble(i -> p[i])).toArray(Integer[]::new);
        double[] q = new double[m];
        double running = 1;
        for (int rank = m; rank >= 1; rank--) {
            int i = order[rank - 1];
            running = Math.min(running, p[i] * m / rank);
            q[i] = Math.min(1, running);
        }
        return q;
    }
}
