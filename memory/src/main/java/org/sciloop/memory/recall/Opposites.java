package org.sciloop.memory.recall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sciloop.memory.store.Passages.Found;

/**
 * Puts a statement before its opposite when the question says which way it goes. A sentence embedding hardly tells
 * "higher temperature narrows dispersity" from "higher temperature broadens dispersity" (measured: the right one of
 * such twins came second by less than 0.01 of cosine), yet a hypothesis store holds claims and their opposites. So
 * among the first {@link #WINDOW} passages, two that differ in a few words of opposite direction (increases /
 * decreases, larger / smaller, narrows / broadens) are ordered by the direction of the question's own words, less
 * the direction the two share ("doubling LiPF6 ... conduct less well" against "increasing LiPF6 ... decreases
 * conductivity": down once the shared "increasing" is set against "doubling"). Nothing else is reordered.
 */
final class Opposites {
    /** How far down the ranking by meaning a twin is looked for. */
    static final int WINDOW = 5;
    /** At most this many words of each twin differ from the other's. */
    private static final int FEW_WORDS = 4;

    private static final Set<String> UP = Set.of("increase", "increases", "increased", "increasing", "raise", "raises",
            "raised", "raising", "higher", "high", "more", "greater", "larger", "bigger", "faster", "quicker", "improve",
            "improves", "improved", "improving", "enhance", "enhances", "enhanced", "boost", "boosts", "accelerate",
            "accelerates", "elevated", "hotter", "warmer", "heating", "longer", "broaden", "broadens", "broader",
            "wider", "widen", "widens", "rise", "rises", "grow", "grows", "promote", "promotes", "better", "red",
            "above", "exceed", "exceeds", "excess", "double", "doubles", "doubling", "up");
    private static final Set<String> DOWN = Set.of("decrease", "decreases", "decreased", "decreasing", "lower",
            "lowers", "lowered", "lowering", "reduce", "reduces", "reduced", "reducing", "less", "fewer", "smaller",
            "slower", "worse", "worsen", "worsens", "hurt", "hurts", "harm", "harms", "impair", "impairs", "suppress",
            "suppresses", "inhibit", "inhibits", "diminish", "diminishes", "drop", "drops", "decline", "declines",
            "cooler", "colder", "cooling", "shorter", "narrow", "narrows", "narrower", "tighter", "tight", "down",
            "below", "blue", "erode", "erodes", "lose", "loses", "halving");

    private Opposites() {
    }

    static List<Found> reorder(String question, List<Found> ranked) {
        List<Found> order = new ArrayList<>(ranked);
        int window = Math.min(WINDOW, order.size());
        List<String> asked = words(question);
        // Bubble each twin ahead of its opposite when the question points its way; a few passes settle a window of 5.
        for (int pass = 0; pass < window; pass++) {
            boolean moved = false;
            for (int i = 0; i < window; i++) {
                for (int j = i + 1; j < window; j++) {
                    if (preferSecond(asked, order.get(i), order.get(j))) {
                        Found first = order.get(i);
                        order.set(i, order.get(j));
                        order.set(j, first);
                        moved = true;
                    }
                }
            }
            if (!moved) {
                break;
            }
        }
        return order;
    }

    /** Whether {@code b} states the opposite of {@code a} and the question points {@code b}'s way. */
    private static boolean preferSecond(List<String> asked, Found a, Found b) {
        List<String> wordsA = words(a.passage().text());
        List<String> wordsB = words(b.passage().text());
        List<String> onlyA = new ArrayList<>(wordsA);
        wordsB.forEach(onlyA::remove);
        List<String> onlyB = new ArrayList<>(wordsB);
        wordsA.forEach(onlyB::remove);
        int directionA = direction(onlyA);
        int directionB = direction(onlyB);
        if (onlyA.size() > FEW_WORDS || onlyB.size() > FEW_WORDS || directionA == 0 || directionB == 0
                || Integer.signum(directionA) == Integer.signum(directionB)) {
            return false;
        }
        List<String> shared = new ArrayList<>(wordsA);
        shared.retainAll(wordsB);
        int wanted = direction(asked) - direction(shared);
        return wanted != 0 && Integer.signum(wanted) == Integer.signum(directionB);
    }

    private static int direction(List<String> words) {
        int direction = 0;
        for (String w : words) {
            direction += UP.contains(w) ? 1 : DOWN.contains(w) ? -1 : 0;
        }
        return direction;
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        for (String w : text.toLowerCase(Locale.ROOT).split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                words.add(w);
            }
        }
        return words;
    }
}
