package org.sciloop.memory.recall;

import dev.langchain4j.model.embedding.EmbeddingModel;
import dev.langchain4j.model.embedding.onnx.allminilml6v2.AllMiniLmL6V2EmbeddingModel;
import org.sciloop.memory.store.Embedder;

/**
 * all-MiniLM-L6-v2 (384 dimensions), run in this process by ONNX Runtime through LangChain4j: no network, no
 * service. The model is loaded once per process, when first used (about 1 to 3 s).
 */
public final class MiniLmEmbedder implements Embedder {
    /** The one instance: the model weighs 90 MB in memory and is safe to share. */
    public static final MiniLmEmbedder INSTANCE = new MiniLmEmbedder();

    private volatile EmbeddingModel model;

    private MiniLmEmbedder() {
    }

    @Override
    public String model() {
        return "all-minilm-l6-v2";
    }

    @Override
    public float[] embed(String text) {
        return loaded().embed(text).content().vector();
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
