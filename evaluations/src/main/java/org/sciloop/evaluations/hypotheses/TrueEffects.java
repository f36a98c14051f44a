package org.sciloop.evaluations.hypotheses;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.KnownResponse;

/**
 * The effects that really are in a tool's known response, and a judge of claims against them.
 *
 * <p>Effects are read the way a designed experiment reads them: a factor's effect from its marginal means
 * (the response averaged over every other factor), a pair's interaction from the two-way means minus both
 * marginals. An effect is present when it moves the outcome by at least {@code negligibleShare} of the
 * response's whole range (the hypothesis engine's own yardstick), absent otherwise. What a present factor's
 * effect is: the best level of a categorical factor; for a numeric one, an optimum where the goal's
 * extreme of its marginal lies inside the range, else a trend, whose direction is the least-squares slope
 * of the marginal means over the factor's levels.
 */
public final class TrueEffects {

    /** A factor's effect or a pair's interaction, with its size in the outcome's units. */
    public record Effect(String name, List<String> factors, boolean present, double size, String truth) {
    }

    /** How a claim stands against the truth. */
    public enum Judgement {
        /** It states the effect as it is: the trend, optimum, best level, interaction or absence. */
        FINDS,
        /** True, though not the effect's main finding (a trend in a factor with an optimum, the worst level). */
        TRUE,
        /** False about an effect that is there: wrong direction, level or region; "no effect" of one that has. */
        WRONG,
        /** It asserts an effect that is not there. */
        SPURIOUS
    }

    /** A claim's judgement and the effect it is about. */
    public record Verdict(Effect effect, Judgement judgement) {
    }

    private final String output;
    private final Claim.Extreme goal;
    private final double threshold;
    private final int points;
    private final boolean complete;
    private final Map<String, Marginal> marginals = new LinkedHashMap<>();
    private final List<Effect> effects = new ArrayList<>();

    private TrueEffects(KnownResponse response, Objective.Goal goal, double negligibleShare) {
        this.output = response.output();
        this.goal = goal == Objective.Goal.MAXIMIZE ? Claim.Extreme.HIGHEST : Claim.Extreme.LOWEST;
        double[] y = response.values();
        List<Settings> at = response.points();
        this.points = y.length;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        for (double v : y) {
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        double mean = sum / y.length;
        this.threshold = negligibleShare * (max - min);
        List<String> factors = List.copyOf(at.get(0).values().keySet());
        long combinations = 1;
        for (String f : factors) {
            Marginal m = Marginal.of(f, at, y);
            marginals.put(f, m);
            combinations *= m.levels.size();
        }
        this.complete = combinations == y.length;
        for (String f : factors) {
            effects.add(factorEffect(marginals.get(f)));
        }
        for (int i = 0; i < factors.size(); i++) {
            for (int j = i + 1; j < factors.size(); j++) {
                effects.add(interaction(marginals.get(factors.get(i)), marginals.get(factors.get(j)), at, y, mean));
            }
        }
    }

    /**
     * The effects of {@code response} for a campaign with {@code goal}.
     *
     * @param negligibleShare an effect below this share of the response's range counts as absent
     */
    public static TrueEffects of(KnownResponse response, Objective.Goal goal, double negligibleShare) {
        if (!(negligibleShare > 0 && negligibleShare < 1)) {
            throw new IllegalArgumentException("the negligible share must be above 0 and below 1, got " + negligibleShare);
        }
        return new TrueEffects(response, goal, negligibleShare);
    }

    /** Each factor's effect, then each pair's interaction. */
    public List<Effect> effects() {
        return List.copyOf(effects);
    }

    /** The smallest effect that counts, in the outcome's units. */
    public double threshold() {
        return threshold;
    }

    public int points() {
        return points;
    }

    /** Whether the points are every combination of the factors' levels, so marginal means are balanced. */
    public boolean complete() {
        return complete;
    }

    /** How {@code claim} stands, or empty when it is about another outcome or a factor the response lacks. */
    public Optional<Verdict> judge(Claim claim) {
        if (!claim.outcome().equals(output) || !marginals.keySet().containsAll(claim.factors())) {
            return Optional.empty();
        }
        Effect effect = effectOf(claim.factors());
        if (claim instanceof Claim.NoEffect) {
            return verdict(effect, effect.present() ? Judgement.WRONG : Judgement.FINDS);
        }
        if (!effect.present()) {
            return verdict(effect, Judgement.SPURIOUS);
        }
        if (claim instanceof Claim.Interaction) {
            return verdict(effect, Judgement.FINDS);
        }
        Marginal m = marginals.get(claim.factors().get(0));
        if (m.numeric == claim instanceof Claim.BestLevel) {
            return Optional.empty(); // a level of a numeric factor, a trend or region of a categorical one
        }
        if (claim instanceof Claim.MainEffect c) {
            double slope = m.trend();
            boolean right = Math.abs(slope) >= threshold
                    && (slope > 0) == (c.trend() == Claim.Trend.INCREASES);
            return verdict(effect, !right ? Judgement.WRONG
                    : effect.truth().equals(trendWord(slope)) ? Judgement.FINDS : Judgement.TRUE);
        }
        if (claim instanceof Claim.OptimumRegion c) {
            double x = (Double) m.extremeLevel(c.extreme());
            boolean inside = c.low() <= x && x <= c.high();
            boolean headline = c.extreme() == goal && effect.truth().startsWith("optimum");
            return verdict(effect, !inside ? Judgement.WRONG : headline ? Judgement.FINDS : Judgement.TRUE);
        }
        Claim.BestLevel c = (Claim.BestLevel) claim;
        boolean right = m.extremeLevel(c.extreme()).equals(c.level());
        return verdict(effect, !right ? Judgement.WRONG : c.extreme() == goal ? Judgement.FINDS : Judgement.TRUE);
    }

    private static Optional<Verdict> verdict(Effect effect, Judgement judgement) {
        return Optional.of(new Verdict(effect, judgement));
    }

    private Effect effectOf(List<String> factors) {
        return effects.stream().filter(e -> e.factors().size() == factors.size() && e.factors().containsAll(factors))
                .findFirst().orElseThrow();
    }

    private Effect factorEffect(Marginal m) {
        double size = m.range();
        if (size < threshold) {
            return new Effect(m.factor, List.of(m.factor), false, size, "no effect");
        }
        if (!m.numeric) {
            return new Effect(m.factor, List.of(m.factor), true, size, m.extremeLevel(goal) + " " + best());
        }
        Object x = m.extremeLevel(goal);
        boolean interior = !x.equals(m.levels.get(0)) && !x.equals(m.levels.get(m.levels.size() - 1));
        return new Effect(m.factor, List.of(m.factor), true, size,
                interior ? "optimum at " + format(x) : trendWord(m.trend()));
    }

    private Effect interaction(Marginal a, Marginal b, List<Settings> at, double[] y, double mean) {
        Map<List<Object>, double[]> cells = new LinkedHashMap<>();
        for (int i = 0; i < y.length; i++) {
            double[] cell = cells.computeIfAbsent(List.of(at.get(i).get(a.factor), at.get(i).get(b.factor)),
                    k -> new double[2]);
            cell[0] += y[i];
            cell[1]++;
        }
        double low = Double.POSITIVE_INFINITY;
        double high = Double.NEGATIVE_INFINITY;
        for (Map.Entry<List<Object>, double[]> e : cells.entrySet()) {
            double residual = e.getValue()[0] / e.getValue()[1] - a.mean(e.getKey().get(0)) - b.mean(e.getKey().get(1))
                    + mean;
            low = Math.min(low, residual);
            high = Math.max(high, residual);
        }
        double size = high - low;
        boolean present = size >= threshold;
        return new Effect(a.factor + " x " + b.factor, List.of(a.factor, b.factor), present, size,
                present ? "interact" : "no interaction");
    }

    private String best() {
        return goal == Claim.Extreme.HIGHEST ? "best" : "lowest";
    }

    private static String trendWord(double slope) {
        return slope > 0 ? "rises" : "falls";
    }

    private static String format(Object level) {
        return String.format(Locale.ROOT, "%.3g", (Double) level);
    }

    /** The mean response at each level of one factor, levels in ascending order if numeric. */
    private static final class Marginal {
        final String factor;
        final boolean numeric;
        final List<Object> levels;
        final Map<Object, double[]> sums;

        private Marginal(String factor, boolean numeric, Map<Object, double[]> sums) {
            this.factor = factor;
            this.numeric = numeric;
            this.sums = sums;
            List<Object> ordered = new ArrayList<>(sums.keySet());
            if (numeric) {
                ordered.sort(Comparator.comparingDouble(v -> (Double) v));
            }
            this.levels = List.copyOf(ordered);
        }

        static Marginal of(String factor, List<Settings> at, double[] y) {
            Map<Object, double[]> sums = new LinkedHashMap<>();
            boolean numeric = true;
            for (int i = 0; i < y.length; i++) {
                Object level = at.get(i).get(factor);
                numeric &= level instanceof Double;
                double[] s = sums.computeIfAbsent(level, k -> new double[2]);
                s[0] += y[i];
                s[1]++;
            }
            return new Marginal(factor, numeric, sums);
        }

        double mean(Object level) {
            double[] s = sums.get(level);
            return s[0] / s[1];
        }

        double range() {
            double low = Double.POSITIVE_INFINITY;
            double high = Double.NEGATIVE_INFINITY;
            for (Object level : levels) {
                low = Math.min(low, mean(level));
                high = Math.max(high, mean(level));
            }
            return high - low;
        }

        Object extremeLevel(Claim.Extreme extreme) {
            Comparator<Object> byMean = Comparator.comparingDouble(this::mean);
            return extreme == Claim.Extreme.HIGHEST ? levels.stream().max(byMean).orElseThrow()
                    : levels.stream().min(byMean).orElseThrow();
        }

        /** The least-squares slope of the marginal means times the factor's span: the change a trend makes. */
        double trend() {
            int n = levels.size();
            double mx = levels.stream().mapToDouble(v -> (Double) v).average().orElseThrow();
            double my = levels.stream().mapToDouble(this::mean).average().orElseThrow();
            double sxy = 0;
            double sxx = 0;
            for (Object level : levels) {
                double dx = (Double) level - mx;
                sxy += dx * (mean(level) - my);
                sxx += dx * dx;
            }
            double span = (Double) levels.get(n - 1) - (Double) levels.get(0);
            return sxx == 0 ? 0 : sxy / sxx * span;
        }
    }
}
