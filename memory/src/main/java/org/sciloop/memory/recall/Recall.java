package org.sciloop.memory.recall;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.Embedder;

/**
 * Finds earlier campaigns' passages by what a question means. Candidates come from the store by embedding
 * (cosine, in the database where it has pgvector); with {@link Ranking#MEANING_AND_WORDS} they are then ranked
 * again by reciprocal rank fusion with a word-overlap ranking (BM25 over the candidates), the usual hybrid of
 * semantic and lexical search: an embedding blurs names and numbers ("LiPF6", "1 M") that the words keep.
 */
public final class Recall {
    /** Candidates taken by meaning before any second ranking. */
    static final int CANDIDATES = 50;
    /** Reciprocal rank fusion's constant (Cormack, Clarke and Buettcher 2009), not tuned here. */
    static final int FUSION_K = 60;

    public enum Ranking { MEANING, MEANING_AND_WORDS }

    private Recall() {
    }

    public static List<CampaignStore.PassageFound> passages(CampaignStore store, Embedder embedder, String question,
                                                            List<String> kinds, CampaignStore.Filter filter, int limit,
                                                            Ranking ranking) {
        store.embedPending(embedder);
        List<CampaignStore.PassageFound> byMeaning = store.nearest(embedder.model(), embedder.embed(question), kinds,
                filter, ranking == Ranking.MEANING ? limit : Math.max(limit, CANDIDATES));
        if (ranking == Ranking.MEANING) {
            return byMeaning;
        }
        List<List<String>> documents = byMeaning.stream().map(p -> words(p.passage().text())).toList();
        double[] lexical = bm25(words(question), documents);
        Integer[] byWords = new Integer[byMeaning.size()];
        for (int i = 0; i < byWords.length; i++) {
            byWords[i] = i;
        }
        java.util.Arrays.sort(byWords, Comparator.comparingDouble((Integer i) -> -lexical[i]));
        double[] fused = new double[byMeaning.size()];
        for (int rank = 0; rank < byWords.length; rank++) {
            fused[rank] += 1.0 / (FUSION_K + rank + 1);           // meaning: already in order
            fused[byWords[rank]] += 1.0 / (FUSION_K + rank + 1);  // words
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < fused.length; i++) {
            order.add(i);
        }
        // Ties (equal fused scores) keep the order by meaning.
        order.sort(Comparator.comparingDouble((Integer i) -> -fused[i]).thenComparingInt(i -> i));
        return order.stream().limit(limit).map(byMeaning::get).toList();
    }

    /** BM25 (k1 1.2, b 0.75) of each document for the query, with document frequencies over these documents. */
    static double[] bm25(List<String> query, List<List<String>> documents) {
        Map<String, Integer> frequency = new HashMap<>();
        double length = 0;
        for (List<String> d : documents) {
            new HashSet<>(d).forEach(w -> frequency.merge(w, 1, Integer::sum));
            length += d.size();
        }
        double average = documents.isEmpty() ? 1 : Math.max(1, length / documents.size());
        double[] score = new double[documents.size()];
        Set<String> asked = new HashSet<>(query);
        for (int i = 0; i < documents.size(); i++) {
            Map<String, Integer> counts = new HashMap<>();
            documents.get(i).forEach(w -> counts.merge(w, 1, Integer::sum));
            for (String w : asked) {
                int tf = counts.getOrDefault(w, 0);
                if (tf > 0) {
                    int n = frequency.get(w);
                    double idf = Math.log(1 + (documents.size() - n + 0.5) / (n + 0.5));
                    score[i] += idf * tf * 2.2 / (tf + 1.2 * (0.25 + 0.75 * documents.get(i).size() / average));
                }
            }
        }
        return score;
    }

    private static final Set<String> STOP = Set.of("a", "an", "the", "of", "in", "on", "at", "to", "for", "with",
            "by", "from", "and", "or", "is", "are", "was", "were", "be", "been", "that", "this", "it", "its", "as",
            "than", "when", "we", "did", "do", "does", "any", "there", "what", "which", "who", "have", "has", "had",
            "ever", "anyone", "someone", "about", "into", "would", "could", "should", "if", "i", "e", "g");

    /** Lower-case words and numbers, stop words out, plural and verb endings cut ("conducts" = "conduct"). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty() && !STOP.contains(w)) {
                words.add(stem(w));
            }
        }
        return words;
    }

    private static String stem(String w) {
        for (String ending : new String[] {"ities", "ity", "ing", "ies", "ed", "es", "s"}) {
            if (w.length() > ending.length() + 3 && w.endsWith(ending)) {
                return w.substring(0, w.length() - ending.length());
            }
        }
        return w;
    }
}
