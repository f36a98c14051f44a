package org.sciloop.memory.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.function.IntConsumer;

/**
 * Recall by meaning over the prose the store indexed (hypotheses, rationales, people's notes): each distinct text
 * embedded once per model, when a question first needs it, and ranked by cosine, in PostgreSQL where pgvector is
 * there, else here. Indexing the passages is the store's ({@link CampaignStore#index}); this is their search.
 */
public final class Passages {
    /** The store: its lock keeps one thread at a time on its connection. */
    private final CampaignStore store;
    private final Database database;
    /** How this database holds an embedding: pgvector's {@code vector} where PostgreSQL has it, else bytes. */
    private final EmbeddingColumn embeddings;

    Passages(CampaignStore store, Database database, EmbeddingColumn embeddings) {
        this.store = store;
        this.database = database;
        this.embeddings = embeddings;
    }

    /**
     * Embeds, with {@code embedder}, every passage text that has no embedding of its model yet, and keeps them:
     * committed a hundred at a time, so work done survives an interruption. Returns how many were embedded.
     */
    public int embedPending(Embedder embedder) {
        synchronized (store) {
            return embedPending(embedder, IndexedCampaign.Passage.KINDS, CampaignStore.Filter.all(), n -> { });
        }
    }

    /**
     * As {@link #embedPending(Embedder)}, for the passages of these kinds of the campaigns {@code filter} selects;
     * {@code embedding} hears how many there are first, when there are any.
     */
    private int embedPending(Embedder embedder, List<String> kinds, CampaignStore.Filter filter,
                             IntConsumer embedding) {
        List<Object> arguments = new ArrayList<>();
        arguments.add(embedder.model());
        String where = filter.where(arguments) + " AND p.kind IN (" + String.join(", ",
                Collections.nCopies(kinds.size(), "?")) + ")";
        arguments.addAll(kinds);
        List<String[]> pending = database.query("SELECT DISTINCT p.text_hash, p.text FROM passages p JOIN campaigns c"
                + " ON c.id = p.campaign WHERE NOT EXISTS (SELECT 1 FROM passage_embeddings e WHERE e.model = ?"
                + " AND e.text_hash = p.text_hash) AND " + where, arguments,
                r -> new String[] {r.getString(1), r.getString(2)});
        if (!pending.isEmpty()) {
            // Ranking the rest would leave these out without a word.
            store.checkWritable("rank " + pending.size() + " passage" + (pending.size() == 1 ? "" : "s")
                    + " by meaning that " + (pending.size() == 1 ? "has" : "have") + " no embedding yet (asking about"
                    + " fewer kinds of passage may need none)");
            embedding.accept(pending.size());
        }
        for (int from = 0; from < pending.size(); from += 100) {
            List<String[]> chunk = pending.subList(from, Math.min(pending.size(), from + 100));
            database.inTransaction(() -> {
                try (PreparedStatement e = database.connection.prepareStatement("INSERT INTO passage_embeddings (model,"
                        + " text_hash, embedding) SELECT ?, ?, " + embeddings.parameter() + " WHERE NOT EXISTS"
                        + " (SELECT 1 FROM passage_embeddings WHERE model = ? AND text_hash = ?)")) {
                    for (String[] passage : chunk) {
                        e.setString(1, embedder.model());
                        e.setString(2, passage[0]);
                        embeddings.bind(e, 3, embedder.embed(passage[1]));
                        e.setString(4, embedder.model());
                        e.setString(5, passage[0]);
                        e.addBatch();
                    }
                    return e.executeBatch();
                }
            });
        }
        return pending.size();
    }

    /**
     * Copies every embedding kept here into {@code other} (a store made again from the traces keeps what recall
     * computed, instead of embedding it all again, about 15 ms a passage, the next time a question asks), a
     * thousand at a time. Returns how many were copied.
     */
    public int copyEmbeddingsTo(Passages other) {
        synchronized (store) {
            synchronized (other.store) {
                int copied = 0;
                String[] after = {"", ""};
                while (true) {
                    List<Object[]> page = database.query("SELECT model, text_hash, embedding FROM passage_embeddings"
                            + " WHERE model > ? OR (model = ? AND text_hash > ?) ORDER BY model, text_hash LIMIT 1000",
                            List.of(after[0], after[0], after[1]),
                            r -> new Object[] {r.getString(1), r.getString(2), embeddings.read(r, "embedding")});
                    if (page.isEmpty()) {
                        return copied;
                    }
                    other.database.inTransaction(() -> {
                        try (PreparedStatement e = other.database.connection.prepareStatement("INSERT INTO"
                                + " passage_embeddings (model, text_hash, embedding) SELECT ?, ?, "
                                + other.embeddings.parameter() + " WHERE NOT EXISTS (SELECT 1 FROM passage_embeddings"
                                + " WHERE model = ? AND text_hash = ?)")) {
                            for (Object[] row : page) {
                                e.setString(1, (String) row[0]);
                                e.setString(2, (String) row[1]);
                                other.embeddings.bind(e, 3, (float[]) row[2]);
                                e.setString(4, (String) row[0]);
                                e.setString(5, (String) row[1]);
                                e.addBatch();
                            }
                            return e.executeBatch();
                        }
                    });
                    copied += page.size();
                    Object[] last = page.get(page.size() - 1);
                    after[0] = (String) last[0];
                    after[1] = (String) last[1];
                }
            }
        }
    }

    /** A passage found by meaning: its campaign's scenario, the passage, and its cosine similarity to the question. */
    public record Found(String campaign, String scenario, IndexedCampaign.Passage passage, double similarity) {
    }

    /**
     * The {@code limit} passages of the campaigns {@code filter} selects (whose trace verified when the store last
     * looked), of these {@code kinds}, closest in meaning
     * to {@code question} (the cosine of their embeddings), closest first: those of them not yet embedded by
     * {@code embedder}'s model are embedded first (only those: a question about hypotheses does not wait for every
     * rationale of the store). Measured (bench recall): ranking again by reciprocal rank fusion
     * with BM25 on the words changed no figure (15 and 18 of 20 first either way); recall ranks the first of these
     * again word piece by word piece.
     */
    public List<Found> recall(Embedder embedder, String question, List<String> kinds, CampaignStore.Filter filter,
                              int limit, IntConsumer embedding) {
        synchronized (store) {
            embedPending(embedder, kinds, filter, embedding);
            return nearest(embedder.model(), embedder.embed(question), kinds, filter, limit);
        }
    }

    private List<Found> nearest(String model, float[] question, List<String> kinds, CampaignStore.Filter filter,
                                int limit) {
        List<Object> arguments = new ArrayList<>();
        String where = filter.where(arguments) + " AND c.trace_state = ? AND p.kind IN (" + String.join(", ",
                Collections.nCopies(kinds.size(), "?")) + ")";
        arguments.add(CampaignStore.VERIFIES);
        arguments.addAll(kinds);
        String from = " FROM passages p JOIN campaigns c ON c.id = p.campaign JOIN passage_embeddings e"
                + " ON e.model = ? AND e.text_hash = p.text_hash WHERE ";
        if (embeddings.ranksInDatabase()) {
            List<Object> all = new ArrayList<>();
            all.add(embeddings.literal(question));
            all.add(model);
            all.addAll(arguments);
            all.add(embeddings.literal(question));
            all.add(limit);
            return database.query("SELECT c.scenario, p.*, 1 - (e.embedding <=> CAST(? AS vector)) AS similarity" + from + where
                    + " ORDER BY e.embedding <=> CAST(? AS vector), c.started_ms, p.campaign, p.line, p.subject LIMIT ?",
                    all, r -> recalled(r, r.getDouble("similarity")));
        }
        List<Object> all = new ArrayList<>();
        all.add(model);
        all.addAll(arguments);
        // Exact search: every candidate's cosine, the best kept (a store holds thousands of passages, not billions).
        PriorityQueue<Found> best = new PriorityQueue<>(
                Comparator.comparingDouble(Found::similarity));
        database.query("SELECT c.scenario, p.*, e.embedding" + from + where + " ORDER BY c.started_ms, p.campaign, p.line,"
                + " p.subject", all, r -> {
                    best.add(recalled(r, Embedder.cosine(question, embeddings.read(r, "embedding"))));
                    if (best.size() > limit) {
                        best.poll();
                    }
                    return null;
                });
        List<Found> ranked = new ArrayList<>(best);
        ranked.sort(Comparator.comparingDouble(Found::similarity).reversed());
        return ranked;
    }

    private Found recalled(ResultSet r, double similarity) throws SQLException {
        return new Found(r.getString("campaign"), r.getString("scenario"), new IndexedCampaign.Passage(
                r.getLong("line"), r.getString("kind"), r.getString("subject"), r.getString("text")), similarity);
    }

    /** How embeddings are kept here, for people: pgvector, or bytes ranked in this process. */
    public String storage() {
        return embeddings.ranksInDatabase() ? "pgvector (ranked in PostgreSQL)" : "bytes (ranked in this process)";
    }
}
