package org.sciloop.memory.recall;

import java.util.List;
import org.sciloop.memory.store.CampaignStore;

/** Recall by meaning, as the {@code recall} tool, {@code sciloop memory recall} and {@code bench recall} do it. */
public final class Recall {
    private Recall() {
    }

    /**
     * The {@code limit} passages of these kinds, of the campaigns {@code filter} selects, closest in meaning to
     * {@code question} (all-MiniLM-L6-v2), with a statement and its opposite in the order the question points
     * ({@link Opposites}).
     */
    public static List<CampaignStore.PassageFound> passages(CampaignStore store, String question, List<String> kinds,
                                                            CampaignStore.Filter filter, int limit) {
        List<CampaignStore.PassageFound> ranked = Opposites.reorder(question, store.recall(MiniLmEmbedder.INSTANCE,
                question, kinds, filter, Math.max(limit, Opposites.WINDOW)));
        return ranked.subList(0, Math.min(limit, ranked.size()));
    }
}
