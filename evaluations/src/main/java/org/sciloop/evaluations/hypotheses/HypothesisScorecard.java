package org.sciloop.evaluations.hypotheses;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.evaluations.bench.PlannerBenchmark;
import org.sciloop.evaluations.hypotheses.TrueEffects.Effect;
import org.sciloop.evaluations.hypotheses.TrueEffects.Judgement;

/**
 * How right the hypotheses of benchmark campaigns ended up: each run's final {@code supported} hypotheses
 * judged against the {@link TrueEffects} of the tool's known response. For every run and effect it notes
 * whether a supported claim finds the effect or asserts it though it is absent, and whether each settled
 * claim (supported or refuted) agrees with the truth. Recall is the share of (run, present effect) found,
 * false support the share of (run, absent effect) asserted.
 */
public final class HypothesisScorecard {

    /**
     * One effect in one run: whether a supported claim finds it (present) or asserts it (absent), and how many
     * settled claims about it agree with the truth (supported and true, or refuted and false) or do not.
     */
    public record Row(String planner, long seed, Effect effect, boolean found, boolean asserted, int agree,
                      int disagree) {
    }

    /** One planner's totals over its runs. */
    public record Totals(int runs, int found, int present, int asserted, int absent, int noEffectFound,
                         int absentFactors, int agree, int settled, int unscored) {
    }

    /** Long names (a SMILES level) are cut in the printed table; the CSV has them whole. */
    private static final int LONGEST = 32;

    private final TrueEffects truth;
    private final List<Row> rows;
    private final Map<String, Integer> unscored;

    private HypothesisScorecard(TrueEffects truth, List<Row> rows, Map<String, Integer> unscored) {
        this.truth = truth;
        this.rows = rows;
        this.unscored = unscored;
    }

    public static HypothesisScorecard score(TrueEffects truth, List<PlannerBenchmark.Run> runs) {
        List<Row> rows = new ArrayList<>();
        Map<String, Integer> unscored = new LinkedHashMap<>();
        for (PlannerBenchmark.Run run : runs) {
            unscored.putIfAbsent(run.planner(), 0);
            List<Settled> settled = new ArrayList<>();
            for (Hypothesis h : run.hypotheses()) {
                boolean supported = h.status() == Hypothesis.Status.SUPPORTED;
                if (!supported && h.status() != Hypothesis.Status.REFUTED) {
                    continue;
                }
                Optional<TrueEffects.Verdict> v = Optional.ofNullable(h.formal()).flatMap(truth::judge);
                if (v.isPresent()) {
                    settled.add(new Settled(v.get(), supported));
                } else if (supported) {
                    unscored.merge(run.planner(), 1, Integer::sum);
                }
            }
            for (Effect e : truth.effects()) {
                List<Settled> about = settled.stream().filter(c -> c.verdict().effect().equals(e)).toList();
                int agree = (int) about.stream().filter(Settled::agrees).count();
                rows.add(new Row(run.planner(), run.seed(), e, about.stream().anyMatch(c -> c.is(Judgement.FINDS)),
                        about.stream().anyMatch(c -> c.is(Judgement.SPURIOUS)), agree, about.size() - agree));
            }
        }
        return new HypothesisScorecard(truth, rows, unscored);
    }

    /** A supported or refuted claim and how it stands against the truth. */
    private record Settled(TrueEffects.Verdict verdict, boolean supported) {
        boolean is(Judgement judgement) {
            return supported && verdict.judgement() == judgement;
        }

        boolean agrees() {
            boolean holds = verdict.judgement() == Judgement.FINDS || verdict.judgement() == Judgement.TRUE;
            return holds == supported;
        }
    }

    public List<Row> rows() {
        return List.copyOf(rows);
    }

    /**
     * {@code present} counts (run, present effect) pairs and {@code found} those a supported claim finds;
     * {@code absent} counts (run, absent effect) pairs and {@code asserted} those a supported claim asserts.
     * Absent factors found to have no effect ({@code noEffectFound} of {@code absentFactors}) are not in
     * {@code found}: recall is about effects that exist.
     */
    public Totals totals(String planner) {
        List<Row> mine = rows.stream().filter(r -> r.planner().equals(planner)).toList();
        int runs = (int) mine.stream().map(Row::seed).distinct().count();
        return new Totals(runs,
                count(mine, r -> r.effect().present() && r.found()),
                count(mine, r -> r.effect().present()),
                count(mine, r -> !r.effect().present() && r.asserted()),
                count(mine, r -> !r.effect().present()),
                count(mine, r -> absentFactor(r.effect()) && r.found()),
                count(mine, r -> absentFactor(r.effect())),
                mine.stream().mapToInt(Row::agree).sum(),
                mine.stream().mapToInt(r -> r.agree() + r.disagree()).sum(),
                unscored.getOrDefault(planner, 0));
    }

    private static int count(List<Row> rows, Predicate<Row> which) {
        return (int) rows.stream().filter(which).count();
    }

    private static boolean absentFactor(Effect e) {
        return !e.present() && e.factors().size() == 1;
    }

    /** {@code hypotheses.csv}: one row per planner, seed and effect. */
    public void writeCsv(Path file) {
        try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(file))) {
            out.println("planner,seed,effect,truth,present,size,found,asserted,settled_agree,settled_disagree");
            for (Row r : rows) {
                out.printf(Locale.ROOT, "%s,%d,%s,%s,%b,%.4g,%b,%b,%d,%d%n", r.planner(), r.seed(),
                        csv(r.effect().name()), csv(r.effect().truth()), r.effect().present(), r.effect().size(),
                        r.found(), r.asserted(), r.agree(), r.disagree());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The per-effect table and each planner's recall, false support and agreement. */
    public void print(PrintWriter out, String source) {
        List<String> planners = List.copyOf(new LinkedHashSet<>(rows.stream().map(Row::planner).toList()));
        out.printf(Locale.ROOT, "hypotheses against the known response of %s (%,d points%s); an effect counts from"
                + " %.3g%n", source, truth.points(), truth.complete() ? ", every combination" : ", not every combination:"
                + " marginal means are unbalanced", truth.threshold());
        out.println("cells: runs whose final supported hypotheses find the effect (present) or assert it (absent)");
        int name = width(truth.effects().stream().map(Effect::name).toList(), 6);
        int says = width(truth.effects().stream().map(Effect::truth).toList(), 5);
        String labels = "%-" + (name + says + 10) + "s";
        out.printf("%-" + name + "s %-" + says + "s %8s", "effect", "truth", "size");
        planners.forEach(p -> out.printf(" %14s", p));
        out.println();
        for (Effect e : truth.effects()) {
            out.printf(Locale.ROOT, "%-" + name + "s %-" + says + "s %8.2f", cut(e.name()), cut(e.truth()), e.size());
            for (String p : planners) {
                List<Row> mine = rows.stream().filter(r -> r.planner().equals(p) && r.effect().equals(e)).toList();
                long hits = mine.stream().filter(r -> e.present() ? r.found() : r.asserted()).count();
                out.printf(" %14s", hits + "/" + mine.size());
            }
            out.println();
        }
        row(out, labels, planners, "true effects found", t -> ratio(t.found(), t.present()));
        row(out, labels, planners, "absent effects asserted", t -> ratio(t.asserted(), t.absent()));
        row(out, labels, planners, "absent factors found to have no effect", t -> ratio(t.noEffectFound(), t.absentFactors()));
        row(out, labels, planners, "settled verdicts that agree with the truth", t -> ratio(t.agree(), t.settled()));
        row(out, labels, planners, "supported, not scored", t -> Integer.toString(t.unscored()));
        out.flush();
    }

    private void row(PrintWriter out, String format, List<String> planners, String label,
                     Function<Totals, String> cell) {
        out.printf(format, label);
        planners.forEach(p -> out.printf(" %14s", cell.apply(totals(p))));
        out.println();
    }

    private static int width(List<String> texts, int least) {
        return Math.max(least, texts.stream().mapToInt(t -> Math.min(LONGEST, t.length())).max().orElse(least));
    }

    private static String cut(String text) {
        return text.length() <= LONGEST ? text : text.substring(0, LONGEST - 12) + "..." + text.substring(text.length() - 9);
    }

    /** A CSV field, quoted when it holds a comma or a quote (SMILES levels can). */
    private static String csv(String field) {
        return field.contains(",") || field.contains("\"") ? "\"" + field.replace("\"", "\"\"") + "\"" : field;
    }

    private static String ratio(int part, int whole) {
        return whole == 0 ? "-" : String.format(Locale.ROOT, "%d/%d %.1f%%", part, whole, 100.0 * part / whole);
    }
}
