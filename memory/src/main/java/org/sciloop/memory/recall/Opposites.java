package org.sciloop.memory.recall;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.sciloop.memory.store.Passages.Found;

/**
 * Puts a statement before its opposite when the question says which of them it asks about. A sentence embedding
 * hardly tells "higher temperature narrows dispersity" from "... broadens dispersity" (measured: the right one of such
 * twins came second by less than 0.01 of cosine), yet a hypothesis store holds claims beside their opposites. So among
 * the first {@link #WINDOW} passages, two twins are put in the order the question's own words point, and nothing
 * else is reordered. Twins are of four kinds:
 * <ul>
 * <li>opposite directions: a few words apart, of opposite direction (increases / decreases, coarser / finer, less
 * smooth / rougher), ordered by the question's direction less the direction the two share ("doubling LiPF6 ... conduct
 * less well" against "increasing LiPF6 ... decreases conductivity": down once the shared "increasing" is set against
 * "doubling");</li>
 * <li>an effect and no effect ("increases" against "does not change"): the no-effect one first when the question
 * says no change ("unchanged", "insensitive", "no"), the other when the question points its way;</li>
 * <li>the same claim about two things ("... hosted in Ketjen black" against "... in reduced graphene oxide"):
 * the one the question names first, by its words or a short form on either side ("rGO", "MoDTC");</li>
 * <li>a comparison and its mirror ("A gives a higher yield than B" against "B ... than A": the same words in another
 * order): the one whose sides share more words with the question's sides (before and after its "than", "over",
 * "instead of", "outperforms"), the sides swapped when the question points the other way ("is B worse than A").</li>
 * </ul>
 */
final class Opposites {
    /** How far down the ranking by meaning a twin is looked for. */
    static final int WINDOW = 5;
    /** At most this many words of one twin differ from the other's, and twice as many of the other's. */
    private static final int FEW_WORDS = 4;

    /** One end of each axis (more, faster, larger, smoother, ...); {@link #DOWN} holds the other ends. */
    private static final Set<String> UP = Set.of("increase", "increases", "increased", "increasing", "raise", "raises",
            "raised", "raising", "higher", "high", "more", "greater", "larger", "bigger", "faster", "quicker",
            "quickly", "speed", "speeds", "improve", "improves", "improved", "improving", "enhance", "enhances",
            "enhanced", "boost", "boosts", "accelerate", "accelerates", "elevated", "elevates", "hotter", "warmer",
            "heating", "longer", "lengthens", "prolongs", "broaden", "broadens", "broader", "wider", "widen", "widens",
            "rise", "rises", "grow", "grows", "promote", "promotes", "stimulate", "stimulates", "activates", "better",
            "red", "above", "exceed", "exceeds", "excess", "double", "doubles", "doubling", "up", "coarser", "coarsens",
            "thicker", "thickens", "smoother", "smooth", "stronger", "strengthens", "stabilises", "stabilizes",
            "stabilise", "stabilize", "denser", "lifts", "superior");
    private static final Set<String> DOWN = Set.of("decrease", "decreases", "decreased", "decreasing", "lower",
            "lowers", "lowered", "lowering", "reduce", "reduces", "reduced", "reducing", "less", "fewer", "smaller",
            "slower", "slowly", "slow", "slows", "slowed", "retards", "worse", "worsen", "worsens", "degrades", "hurt",
            "hurts", "harm", "harms", "impair", "impairs", "suppress", "suppresses", "inhibit", "inhibits", "diminish",
            "diminishes", "drop", "drops", "decline", "declines", "cooler", "colder", "cooling", "shorter", "shortens",
            "narrow", "narrows", "narrower", "tighter", "tight", "down", "below", "blue", "erode", "erodes", "lose",
            "loses", "halving", "halves", "finer", "thinner", "thins", "rougher", "rough", "weaker", "weakens",
            "destabilises", "destabilizes", "destabilise", "destabilize", "cut", "cuts", "cutting", "inferior");
    /** Words that say a thing does not change ("stays the same" is read as "unchanged"). */
    private static final Set<String> NONE = Set.of("no", "not", "unchanged", "constant", "intact", "unaltered",
            "comparable", "unaffected", "independent", "negligible", "insensitive", "nothing", "neither", "doesn",
            "don", "didn", "isn", "aren", "won", "cannot", "irrelevant", "useless");
    /** Words that set what stands before them against what stands after ("out-" is read as "outdo"). */
    private static final Set<String> COMPARED = Set.of("than", "versus", "vs", "instead", "over", "outdo",
            "outperforms", "outperform", "outcompetes", "outcompete", "beats", "beat", "superior", "inferior",
            "preferable");
    /** Words of direction that, before these, are part of a name ("layered double hydroxide", "reduced graphene"). */
    private static final Set<String> NAMES = Set.of("double hydroxide", "double hydroxides", "double bond",
            "double bonds", "double layer", "double layers", "double perovskite", "double perovskites",
            "double helix", "double strand", "double stranded", "reduced graphene", "high entropy", "high density",
            "high throughput", "lower critical");
    /** Numbers in words, read as digits ("pH nine" is "pH 9"). */
    private static final List<String> NUMBERS = List.of("zero", "one", "two", "three", "four", "five", "six", "seven",
            "eight", "nine", "ten", "eleven", "twelve");
    /** Words that tell nothing about which side is which. */
    private static final Set<String> FILLER = Set.of("a", "an", "the", "of", "at", "in", "on", "for", "with", "to",
            "and", "or", "is", "are", "does", "do", "it", "we", "by", "from", "when", "if", "will", "would", "be");

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
                    if (preferSecond(asked, words(order.get(i).passage().text()),
                            words(order.get(j).passage().text()))) {
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

    /** Whether {@code b} and {@code a} are twins and the question asks about {@code b}. */
    private static boolean preferSecond(List<String> asked, List<String> a, List<String> b) {
        List<String> onlyA = less(a, b);
        List<String> onlyB = less(b, a);
        if (onlyA.isEmpty() && onlyB.isEmpty()) {
            return !a.equals(b) && mirrorPreferred(asked, a, b);
        }
        // One twin may add a reason ("... raises the overpotential by blocking active Fe sites").
        if (Math.min(onlyA.size(), onlyB.size()) > FEW_WORDS
                || Math.max(onlyA.size(), onlyB.size()) > 2 * FEW_WORDS) {
            return false;
        }
        List<String> shared = new ArrayList<>(a);
        shared.retainAll(b);
        int wanted = direction(asked) - direction(shared);
        boolean noneA = onlyA.stream().anyMatch(NONE::contains);
        boolean noneB = onlyB.stream().anyMatch(NONE::contains);
        if (noneA != noneB) {
            // An effect against no effect: the question's "unchanged" asks for the latter, its direction the former.
            int effect = direction(noneA ? onlyB : onlyA);
            boolean askedNone = asked.stream().anyMatch(NONE::contains);
            boolean wantsEffect = !askedNone && effect != 0 && wanted != 0
                    && Integer.signum(wanted) == Integer.signum(effect);
            return noneB ? askedNone : wantsEffect;
        }
        int directionA = direction(onlyA);
        int directionB = direction(onlyB);
        if (directionA * directionB < 0) {
            // Opposite claims that also differ in a thing ("maximal at pH 4 ... above pH 6" against "at pH 9 ...
            // below pH 7"): the thing the question names tells them apart better than its words of direction.
            int namedA = named(asked, withoutDirection(onlyA));
            int namedB = named(asked, withoutDirection(onlyB));
            if (namedA != namedB) {
                return namedB > namedA;
            }
            return wanted != 0 && Integer.signum(wanted) == Integer.signum(directionB);
        }
        // The same claim about another thing ("reduced" graphene oxide is a name, not a direction): the one the
        // question names, in full or by its initials, first.
        return named(asked, onlyB) > named(asked, onlyA);
    }

    /**
     * For a comparison and its mirror (the same words, the sides swapped): whether the question's sides fit
     * {@code b}'s better, taken the other way round when the question points against the statements. A question with
     * no word that compares ("does switching to L-Selectride from NaBH4 ...") is read as naming the side put first.
     */
    private static boolean mirrorPreferred(List<String> asked, List<String> a, List<String> b) {
        int ia = compared(a);
        int ib = compared(b);
        if (ia < 0 || ib < 0) {
            return false;
        }
        List<String> aFirst = less(a.subList(0, ia), b.subList(0, ib));
        List<String> bFirst = less(b.subList(0, ib), a.subList(0, ia));
        List<String> aSecond = less(a.subList(ia + 1, a.size()), b.subList(ib + 1, b.size()));
        List<String> bSecond = less(b.subList(ib + 1, b.size()), a.subList(ia + 1, a.size()));
        int q = compared(asked);
        int fitsA;
        int fitsB;
        if (q < 0) {
            fitsA = named(asked, aFirst) - named(asked, aSecond);
            fitsB = named(asked, bFirst) - named(asked, bSecond);
        } else {
            List<String> askedFirst = asked.subList(0, q);
            List<String> askedSecond = asked.subList(q + 1, asked.size());
            fitsA = named(askedFirst, aFirst) + named(askedSecond, aSecond);
            fitsB = named(askedFirst, bFirst) + named(askedSecond, bSecond);
        }
        // A question that points no way ("more ethanol when cooler, at 20 rather than 30") is read the statements' way.
        int pointed = direction(asked) + (q < 0 ? 0 : polarity(asked.get(q)));
        int stated = direction(a) + polarity(a.get(ia));
        boolean sameWay = (pointed < 0) == (stated < 0);
        return sameWay ? fitsB > fitsA : fitsA > fitsB;
    }

    /**
     * How many of {@code thing}'s telling words the question has, a short form on one side of consecutive words on
     * the other ("rGO" for "reduced graphene oxide", "MoDTC" for "molybdenum dithiocarbamate") counting for them all.
     */
    private static int named(List<String> asked, List<String> thing) {
        List<String> telling = thing.stream().filter(w -> !FILLER.contains(w)).toList();
        List<String> askedTelling = asked.stream().filter(w -> !FILLER.contains(w)).toList();
        return Math.max(shared(asked, telling),
                Math.max(spelledOut(askedTelling, telling), spelledOut(telling, askedTelling)));
    }

    /** The most consecutive words of {@code phrases} that a word of {@code shortForms} stands for. */
    private static int spelledOut(List<String> shortForms, List<String> phrases) {
        int most = 0;
        for (String shortForm : shortForms) {
            for (int from = 0; from < phrases.size(); from++) {
                for (int to = from + 1; to < Math.min(phrases.size(), from + shortForm.length()); to++) {
                    if (abbreviates(shortForm, phrases.subList(from, to + 1), 0, 0, 0)) {
                        most = Math.max(most, to - from + 1);
                    }
                }
            }
        }
        return most;
    }

    /**
     * Whether {@code shortForm} from its letter {@code at} on spells {@code words} from word {@code word}, letter
     * {@code letter}: each word gives its first letter and then any of its later ones, in order, and every word and
     * letter is used.
     */
    private static boolean abbreviates(String shortForm, List<String> words, int at, int word, int letter) {
        if (at == shortForm.length()) {
            return word == words.size() - 1;
        }
        char wanted = shortForm.charAt(at);
        String current = words.get(word);
        if (at == 0) {
            return current.charAt(0) == wanted && abbreviates(shortForm, words, 1, 0, 1);
        }
        for (int i = letter; i < current.length(); i++) {
            if (current.charAt(i) == wanted && abbreviates(shortForm, words, at + 1, word, i + 1)) {
                return true;
            }
        }
        return word + 1 < words.size() && words.get(word + 1).charAt(0) == wanted
                && abbreviates(shortForm, words, at + 1, word + 1, 1);
    }

    private static List<String> withoutDirection(List<String> words) {
        return words.stream().filter(w -> !UP.contains(w) && !DOWN.contains(w)).toList();
    }

    /** Where the first word that sets two sides against each other stands, or -1. */
    private static int compared(List<String> words) {
        for (int i = 0; i < words.size(); i++) {
            if (COMPARED.contains(words.get(i))) {
                return i;
            }
        }
        return -1;
    }

    /** Up for "outperforms", "over" and their kin, down for "inferior", nothing for "than". */
    private static int polarity(String comparing) {
        return comparing.startsWith("out") || comparing.startsWith("beat") || comparing.equals("superior")
                || comparing.equals("preferable") || comparing.equals("over") ? 1
                : comparing.equals("inferior") ? -1 : 0;
    }

    /** How many of {@code side}'s telling words are among {@code words}. */
    private static int shared(List<String> words, List<String> side) {
        return (int) side.stream().filter(w -> !FILLER.contains(w)).distinct().filter(words::contains).count();
    }

    /** {@code words} less one of each of {@code others}. */
    private static List<String> less(List<String> words, List<String> others) {
        List<String> rest = new ArrayList<>(words);
        others.forEach(rest::remove);
        return rest;
    }

    /**
     * Up words less down words; "less" and "more" before a word of direction turn it ("less smooth" is down), and
     * say how much, not which way, in "a fifth or more" and "more than 90 %".
     */
    private static int direction(List<String> words) {
        int direction = 0;
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (i + 1 < words.size() && NAMES.contains(w + " " + words.get(i + 1))) {
                continue;
            }
            if ((w.equals("less") || w.equals("more")) && (i > 0 && words.get(i - 1).equals("or")
                    || i + 2 < words.size() && words.get(i + 1).equals("than") && isNumber(words.get(i + 2)))) {
                continue;
            }
            int sign = UP.contains(w) ? 1 : DOWN.contains(w) ? -1 : 0;
            if ((w.equals("less") || w.equals("more")) && i + 1 < words.size()) {
                String next = words.get(i + 1);
                int turned = UP.contains(next) ? 1 : DOWN.contains(next) ? -1 : 0;
                if (turned != 0) {
                    direction += sign * turned;
                    i++;
                    continue;
                }
            }
            direction += sign;
        }
        return direction;
    }

    private static boolean isNumber(String word) {
        return Character.isDigit(word.charAt(0));
    }

    private static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        // "non-cyclic" names nothing cyclic: one word.
        String read = text.toLowerCase(Locale.ROOT).replaceAll("\\bout-", "outdo ").replaceAll("\\bnon-", "non")
                .replaceAll("\\b(stays?|remains?|keeps?) the same\\b", "unchanged");
        for (String w : read.split("[^a-z0-9]+")) {
            if (!w.isEmpty()) {
                int number = NUMBERS.indexOf(w);
                words.add(number < 0 ? w : Integer.toString(number));
            }
        }
        return words;
    }
}
