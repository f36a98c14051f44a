package org.sciloop.memory.recall;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.jni.CharSpan;
import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.sciloop.memory.store.Embedder;

/**
 * all-MiniLM-L6-v2 (384 dimensions), run in this process by ONNX Runtime through LangChain4j: no network, no
 * service. The model is loaded once per process, when first used (about 1 to 3 s). It reads at most
 * {@link WordPieces#SENTENCE} word pieces at once (about 90 words), and LangChain4j drops the rest of a longer text
 * unseen; so a longer one is cut between words into parts it reads whole, and its embedding is their mean, each
 * part weighed by its word pieces (as LangChain4j itself averages the parts of a text past 510).
 */
public final class MiniLmEmbedder implements Embedder {
    /** The one instance: the model weighs 90 MB in memory and is safe to share. */
    public static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder();

    private volatile EmbeddingModel model;

    private MiniLmEmbedder() {
    }

    @Override
    public String model() {
        // Not the bare model's name: embeddings kept under that read only a long text's first 126 word pieces.
        return "all-minilm-l6-v2/parts";
    }

    @Override
    public float[] embed(String text) {
        Encoding encoding = WordPieces.encode(text);
        int last = encoding.getIds().length - 2;
        if (last <= WordPieces.SENTENCE) {
            return loaded().embed(text).content().vector();
        }
        long[] words = encoding.getWordIds();
        CharSpan[] spans = encoding.getCharTokenSpans();
        float[] sum = null;
        for (int first = 1; first <= last; ) {
            int end = Math.min(first + WordPieces.SENTENCE - 1, last);
            // Back to the end of a word, unless the part is one word longer than the model reads.
            int cut = end;
            while (cut < last && cut > first && words[cut + 1] == words[cut]) {
                cut--;
            }
            if (cut > first) {
                end = cut;
            }
            String part = text.substring(text.offsetByCodePoints(0, spans[first].getStart()),
                    text.offsetByCodePoints(0, spans[end].getEnd()));
            float[] v = loaded().embed(part).content().vector();
            int weight = end - first + 1;
            if (sum == null) {
                sum = new float[v.length];
            }
            for (int i = 0; i < v.length; i++) {
                sum[i] += weight * v[i];
            }
            first = end + 1;
        }
        double norm = 0;
        for (float x : sum) {
            norm += x * x;
        }
        norm = Math.sqrt(norm);
        for (int i = 0; i < sum.length; i++) {
            sum[i] /= norm;
        }
        return sum;
    }

    private EmbeddingModel loaded() {
        EmbeddingModel m = model;
        if (m == null) {
            synchronized (this) {
                if (model == null) {
                    model = new AllMiniLmL6V2EmbeddingModel();
                }
                m = model;
            }
        }
        return m;
    }
}
