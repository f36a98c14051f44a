package org.sciloop.evaluations.bench;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.sciloop.core.model.Objective;

/**
 * The same comparison over several scenarios: for each, how the first planner fares against each other one in
 * the middle of the budget and at its end (the paired gain in standard errors, seed by seed), and every
 * planner's median experiments to 99 % of the best known value. One line per scenario, so a default that
 * wins on a few datasets and loses on the rest shows at a glance.
 */
public final class SuiteReport {
    /** A gain this many standard errors from none counts as a win (or a loss). */
    public static final double DECISIVE = 2.0;

    /** One scenario's comparison; {@code pool} is the number of candidates (0 for a continuous space). */
    public record Entry(String scenario, long pool, int budget, Objective objective, BenchmarkReport.Summary summary) {
        /** The checkpoint nearest the middle of the budget. */
        int middle() {
            int best = summary.checkpoints()[0];
            for (int c : summary.checkpoints()) {
                if (Math.abs(c - budget / 2.0) < Math.abs(best - budget / 2.0)) {
                    best = c;
                }
            }
            return best;
        }

        /** The first planner's gain over {@code other} at {@code at} (the report holds other minus first). */
        BenchmarkReport.Paired against(String other, int at) {
            BenchmarkReport.Paired p = summary.paired().stream().filter(x -> x.planner().equals(other) && x.at() == at)
                    .findFirst().orElseThrow();
            return new BenchmarkReport.Paired(p.versus(), p.planner(), at, p.seeds(), -p.meanGain(), p.standardError());
        }
    }

    private SuiteReport() {
    }

    /**
     * Wins (+), losses (-) and draws (=) of the first planner against each other one, at the middle and the end; ?
     * from fewer seeds than {@link BenchmarkReport#FEW_SEEDS}, whose standard error is too rough to judge by.
     */
    static String verdict(BenchmarkReport.Paired p) {
        if (p.seeds() < BenchmarkReport.FEW_SEEDS) {
            return "?";
        }
        if (p.standardError() == 0 || Double.isNaN(p.standardError())) {
            return p.meanGain() > 0 ? "+" : p.meanGain() < 0 ? "-" : "=";
        }
        double z = p.standardErrors();
        return z > DECISIVE ? "+" : z < -DECISIVE ? "-" : "=";
    }

    public static void write(Path file, List<Entry> entries) {
        BenchmarkReport.writeWhole(file, out -> {
            out.println("scenario,pool,budget,planner,versus,experiments,paired_seeds,mean_gain,se_gain,standard_errors,verdict");
            for (Entry e : entries) {
                for (String other : others(e)) {
                    for (int at : new int[] {e.middle(), e.budget()}) {
                        BenchmarkReport.Paired p = e.against(other, at);
                        out.printf(Locale.ROOT, "%s,%d,%d,%s,%s,%d,%d,%s,%s,%s,%s%n", e.scenario(), e.pool(), e.budget(),
                                p.planner(), p.versus(), at, p.seeds(), num(p.meanGain()), num(p.standardError()),
                                num(p.standardErrors()), verdict(p));
                    }
                }
            }
        });
    }

    public static void print(PrintWriter out, List<Entry> entries) {
        if (entries.isEmpty() || entries.get(0).summary().lines().size() < 2) {
            return;
        }
        List<String> others = others(entries.get(0));
        String first = entries.get(0).summary().lines().get(0).planner();
        out.printf("%n%s against %s, paired by seed: gain in standard errors at the middle | end of the budget"
                + " (+ ahead by more than %.0f, - behind by more than %.0f, = neither, ? fewer than %d seeds: too few"
                + " to judge by);%nthen the median experiments to 99 %% of the best known value, with the runs that"
                + " got there%n", first, String.join(", ", others), DECISIVE, DECISIVE, BenchmarkReport.FEW_SEEDS);
        out.printf("%-18s %6s %6s", "scenario", "pool", "budget");
        for (String o : others) {
            out.printf(" %23s", "vs " + o);
        }
        for (BenchmarkReport.Line l : entries.get(0).summary().lines()) {
            out.printf(" %13s", l.planner() + " 99 %");
        }
        out.println();
        int[] wins = new int[others.size()];
        for (Entry e : entries) {
            out.printf("%-18s %6s %6d", e.scenario(), e.pool() == 0 ? "-" : String.valueOf(e.pool()), e.budget());
            for (int o = 0; o < others.size(); o++) {
                BenchmarkReport.Paired mid = e.against(others.get(o), e.middle());
                BenchmarkReport.Paired end = e.against(others.get(o), e.budget());
                out.printf(" %23s", z(mid) + verdict(mid) + " | " + z(end) + verdict(end));
                if (verdict(mid).equals("+") && verdict(end).equals("+")) {
                    wins[o]++;
                }
            }
            for (BenchmarkReport.Line l : e.summary().lines()) {
                BenchmarkReport.Reach r = l.reach()[l.reach().length - 1];
                out.printf(" %13s", (r.median().isPresent() ? fmt(r.median().getAsDouble()) : "never")
                        + " (" + r.runsThere() + "/" + l.runs() + ")");
            }
            out.println();
        }
        for (int o = 0; o < others.size(); o++) {
            out.printf("%s ahead of %s at both the middle and the end: %d of %d scenarios%n", first, others.get(o),
                    wins[o], entries.size());
        }
        out.flush();
    }

    private static List<String> others(Entry e) {
        List<String> names = new ArrayList<>();
        e.summary().lines().stream().skip(1).forEach(l -> names.add(l.planner()));
        return names;
    }

    private static String z(BenchmarkReport.Paired p) {
        double z = p.standardErrors();
        return Double.isNaN(z) || Double.isInfinite(z) ? (p.meanGain() == 0 ? "0" : "inf") : String.format(Locale.ROOT, "%+.2f", z);
    }

    private static String num(double v) {
        return Double.isNaN(v) || Double.isInfinite(v) ? "" : String.format(Locale.ROOT, "%.6g", v == 0 ? 0.0 : v);
    }

    private static String fmt(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.format(Locale.ROOT, "%.1f", v);
    }
}
