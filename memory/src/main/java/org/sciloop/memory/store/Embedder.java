package org.sciloop.memory.store;

/** Turns a text into a vector whose direction carries its meaning: close texts, close vectors. */
public interface Embedder {

    /** Names the model: embeddings of different models are never compared. */
    String model();

    float[] embed(String text);

    /** The cosine of the angle between two embeddings of one model: 1 for the same direction. */
    static double cosine(float[] a, float[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException("embeddings of " + a.length + " and " + b.length + " dimensions");
        }
        double dot = 0;
        double aa = 0;
        double bb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            aa += a[i] * a[i];
            bb += b[i] * b[i];
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.sqrt(aa * bb);
    }
}
