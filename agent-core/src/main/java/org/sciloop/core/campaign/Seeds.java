package org.sciloop.core.campaign;

import java.util.Random;

/**
 * Random sources derived from the campaign seed. Each use (a planning round, a tool call) gets its own
 * stream, named by purpose and index, so resuming or replaying one step draws exactly what the original
 * run drew, whatever came before it.
 */
public final class Seeds {
    private Seeds() {
    }

    public static long derive(long seed, String purpose, long index) {
        long h = mix(seed + 0x9E3779B97F4A7C15L);
        h = mix(h ^ purpose.hashCode());
        return mix(h ^ index);
    }

    public static Random random(long seed, String purpose, long index) {
        return new Random(derive(seed, purpose, index));
    }

    /** SplittableRandom's finaliser (Stafford variant 13): spreads every input bit over the output. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
