package org.sciloop.memory.recall;

import java.util.List;
import java.util.function.IntConsumer;
import org.sciloop.core.InputException;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.Passages;

/** Recall by meaning, as the {@code recall} tool, {@code sciloop memory recall} and {@code bench recall} do it. */
public final class Recall {
    /**
     * The longest question taken, in characters as typed: a question is a few sentences, and a longer text dilutes
     * what it asks in one embedding.
     */
    public static final int LONGEST_QUESTION = 1000;
    /** How many passages one question returns unless told: a planner's prompt has room for a few. */
    public static final int DEFAULT_LIMIT = 5;
    /** The most passages one question returns: beyond it the similarities are noise. */
    public static final int MOST = 50;

    private Recall() {
    }

    /**
     * An {@link InputException} saying why {@code question} cannot be asked: blank, longer than {@link
     * #LONGEST_QUESTION} characters, or than the word pieces the model reads of it.
     */
    public static void check(String question) {
        if (question == null || question.isBlank()) {
            throw new InputException("the question is empty: ask in a few words what to find");
        }
        int characters = question.codePointCount(0, question.length());
        if (characters > LONGEST_QUESTION) {
            throw new InputException("the question has " + characters + " characters; ask in at most "
                    + LONGEST_QUESTION);
        }
        if (WordPieces.noneKnown(question)) {
            // Its embedding would be the model's guess at nothing, and a passage would still come first.
            throw new InputException("the model knows none of the question's words (signs outside its vocabulary,"
                    + " such as emoji): ask in words");
        }
        int pieces = WordPieces.count(question);
        if (pieces > TokenMatch.LONGEST - 2) {
            // Characters the model splits finely (Chinese, punctuation) can make a short question too long for it.
            throw new InputException("the question is " + pieces + " word pieces, the units the model reads (a"
                    + " word is one to a few, a Chinese character or a punctuation mark one), and the model reads at most "
                    + (TokenMatch.LONGEST - 2) + " of a question without dropping the rest: ask in fewer words");
        }
    }

    /**
     * The {@code limit} passages of these kinds, of the campaigns {@code filter} selects, closest in meaning to
     * {@code question} (all-MiniLM-L6-v2), with a statement and its opposite in the order the question points
     * ({@link Opposites}).
     */
    public static List<Passages.Found> passages(CampaignStore store, String question, List<String> kinds,
                                                CampaignStore.Filter filter, int limit) {
        return passages(store, question, kinds, filter, limit, n -> { });
    }

    /**
     * As {@link #passages(CampaignStore, String, List, CampaignStore.Filter, int)}; {@code embedding} first hears how
     * many passages are embedded for the first time (about 15 ms each), when there are any, so a person can be told.
     */
    public static List<Passages.Found> passages(CampaignStore store, String question, List<String> kinds,
                                                CampaignStore.Filter filter, int limit, IntConsumer embedding) {
        check(question);
        List<Passages.Found> byMeaning = store.passages().recall(MiniLmEmbedder.INSTANCE, question, kinds, filter,
                Math.max(limit, TokenMatch.WINDOW), embedding);
        List<Passages.Found> ranked = Opposites.reorder(question, TokenMatch.reorder(question, byMeaning));
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }
}
