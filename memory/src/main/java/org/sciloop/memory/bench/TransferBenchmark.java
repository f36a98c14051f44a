package org.sciloop.memory.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.model.Settings;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/**
 * Does a campaign that learns from earlier ones need fewer experiments? On the Buchwald-Hartwig table, each aryl
 * halide is a task: first one completed campaign per halide (bo, {@code historyBudget} experiments), then for each
 * target halide campaigns that stop at its top 1 % yield, with no history, with the completed campaigns on the
 * other halides, and with the same campaigns' yields shuffled within each (history that says nothing about the
 * target), {@code seeds} seeds each. Prints the median experiments to the top 1 % and how many runs got there.
 */
public final class TransferBenchmark {
    static final String HALIDE = "Aryl_halide_SMILES";
    private final PrintWriter out;
    private final TraceSigner signer = TraceSigner.ephemeral();
    /** Every factor's levels in the whole table: a narrowed space names them all. */
    private final Map<String, List<String>> levels = new java.util.LinkedHashMap<>();

    public TransferBenchmark(PrintWriter out) {
        this.out = out;
    }

    /** One target's campaigns under one kind of history: experiments to the top 1 % per seed (0: never). */
    record Arm(String target, String history, int[] experiments) {
        double median() {
            int[] sorted = experiments.clone();
            for (int i = 0; i < sorted.length; i++) {
                sorted[i] = sorted[i] == 0 ? Integer.MAX_VALUE : sorted[i];
            }
            java.util.Arrays.sort(sorted);
            int n = sorted.length;
            double m = n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] / 2.0 + sorted[n / 2] / 2.0);
            return m >= Integer.MAX_VALUE / 2.0 ? Double.POSITIVE_INFINITY : m;
        }

        long reached() {
            return java.util.Arrays.stream(experiments).filter(e -> e > 0).count();
        }

        /** The mean experiments to the top 1 % and its standard error, a run that never got there counted as budget + 1. */
        double[] meanAndError(int budget) {
            double[] counted = java.util.Arrays.stream(experiments).mapToDouble(e -> e > 0 ? e : budget + 1).toArray();
            double mean = java.util.Arrays.stream(counted).average().orElse(Double.NaN);
            double variance = java.util.Arrays.stream(counted).map(e -> (e - mean) * (e - mean)).sum()
                    / Math.max(1, counted.length - 1);
            return new double[] {mean, Math.sqrt(variance / counted.length)};
        }
    }

    /** The kinds of history a target's campaigns run with. */
    public enum History { NONE, RELATED, SHUFFLED }

    public List<Arm> run(List<String> targets, List<History> kinds, int seeds, int budget, int batch,
                         int historyBudget, int threads, Path folder) {
        Scenario whole = Scenario.read(new ScenarioLocation.BuiltIn("buchwald-hartwig"));
        try (Campaign c = assemble(whole, 1)) {
            c.space().parameters().forEach(p -> levels.put(p.name(), ((Parameter.Categorical) p).levels()));
        }
        List<String> halides = levels.get(HALIDE);
        if (targets.equals(List.of("all"))) {
            targets = halides;
        }
        for (String t : targets) {
            if (!halides.contains(t)) {
                throw new IllegalArgumentException("no aryl halide " + t + " in the table; it has " + halides);
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            long start = System.nanoTime();
            Map<String, PriorCampaign> completed = new HashMap<>();
            List<Future<PriorCampaign>> earlier = new ArrayList<>();
            for (int i = 0; i < halides.size(); i++) {
                String halide = halides.get(i);
                long seed = 1000 + i;
                earlier.add(pool.submit(() -> {
                    Scenario s = forHalide(whole, halide, historyBudget, batch, Double.NaN);
                    CampaignResult r = campaign(s, seed, List.of(), folder.resolve("history-" + seed + ".jsonl"));
                    return new PriorCampaign(r.campaignId(), "buchwald-hartwig " + halide, "0".repeat(64),
                            r.state().observations());
                }));
            }
            for (int i = 0; i < halides.size(); i++) {
                completed.put(halides.get(i), earlier.get(i).get());
            }
            out.printf(Locale.ROOT, "history: %d completed campaigns of %d experiments (bo, batch %d), one per aryl"
                    + " halide, in %.0f s%n", halides.size(), historyBudget, batch, (System.nanoTime() - start) / 1e9);
            out.flush();
            List<Arm> arms = new ArrayList<>();
            for (String target : targets) {
                List<PriorCampaign> related = halides.stream().filter(h -> !h.equals(target)).map(completed::get).toList();
                Map<String, List<PriorCampaign>> histories = new java.util.LinkedHashMap<>();
                if (kinds.contains(History.NONE)) {
                    histories.put("none", List.of());
                }
                if (kinds.contains(History.RELATED)) {
                    histories.put("other halides", related);
                }
                if (kinds.contains(History.SHUFFLED)) {
                    histories.put("other halides, yields shuffled", related.stream().map(TransferBenchmark::shuffled)
                            .toList());
                }
                double top = topPercentYield(whole, target);
                Scenario s = forHalide(whole, target, budget, batch, top);
                for (Map.Entry<String, List<PriorCampaign>> h : histories.entrySet()) {
                    List<Future<Integer>> runs = new ArrayList<>();
                    for (int seed = 1; seed <= seeds; seed++) {
                        long runSeed = seed;
                        Path trace = folder.resolve("t" + targets.indexOf(target) + "-" + h.getKey().length() + "-"
                                + seed + ".jsonl");
                        runs.add(pool.submit(() -> experimentsTo(campaign(s, runSeed, h.getValue(), trace), top)));
                    }
                    int[] experiments = new int[seeds];
                    for (int i = 0; i < seeds; i++) {
                        experiments[i] = runs.get(i).get();
                    }
                    Arm arm = new Arm(target, h.getKey(), experiments);
                    arms.add(arm);
                    double[] mean = arm.meanAndError(budget);
                    out.printf(Locale.ROOT, "%-28s top 1 %% >= %5.1f  %-32s median %5s, mean %5.1f +- %4.1f experiments;"
                            + " %d of %d runs got there within %d%n", target, top, h.getKey(), format(arm.median()),
                            mean[0], mean[1], arm.reached(), seeds, budget);
                    out.flush();
                }
            }
            summarise(arms, budget);
            return arms;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Every target together, per kind of history (mean experiments over all runs, with its standard error), and on
     * how many targets the median fell by 40 % or more against no history.
     */
    private void summarise(List<Arm> arms, int budget) {
        Map<String, List<Integer>> pooled = new java.util.LinkedHashMap<>();
        arms.forEach(a -> pooled.computeIfAbsent(a.history(), k -> new ArrayList<>())
                .addAll(java.util.Arrays.stream(a.experiments()).boxed().toList()));
        out.println("all targets together:");
        pooled.forEach((history, runs) -> {
            double[] mean = new Arm("all", history, runs.stream().mapToInt(Integer::intValue).toArray())
                    .meanAndError(budget);
            out.printf(Locale.ROOT, "  %-32s mean %5.1f +- %4.1f experiments over %d runs%n", history, mean[0], mean[1],
                    runs.size());
        });
        Map<String, Double> without = new HashMap<>();
        arms.stream().filter(a -> a.history().equals("none")).forEach(a -> without.put(a.target(), a.median()));
        for (String history : pooled.keySet()) {
            if (history.equals("none")) {
                continue;
            }
            List<String> fewer = arms.stream().filter(a -> a.history().equals(history) && without.containsKey(a.target())
                    && a.median() <= 0.6 * without.get(a.target())).map(Arm::target).toList();
            out.printf(Locale.ROOT, "  %-32s median at least 40 %% below no history on %d of %d targets%s%n", history,
                    fewer.size(), without.size(), fewer.isEmpty() ? "" : ": " + String.join(", ", fewer));
        }
        out.flush();
    }

    static String format(double median) {
        return Double.isInfinite(median) ? "> budget" : String.format(Locale.ROOT, "%.1f", median);
    }

    /** The same campaign with its yields shuffled among its experiments: what it says no longer fits any halide. */
    private static PriorCampaign shuffled(PriorCampaign campaign) {
        List<Map<String, Double>> outcomes = new ArrayList<>(campaign.observations().stream()
                .map(Observation::outcomes).toList());
        Collections.shuffle(outcomes, new Random(campaign.campaign().hashCode()));
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            Observation o = campaign.observations().get(i);
            observations.add(new Observation(o.experimentId(), o.settings(), outcomes.get(i), o.status(), o.detail(),
                    o.tool()));
        }
        return new PriorCampaign(campaign.campaign(), campaign.scenario() + " (shuffled)", campaign.traceHead(),
                observations);
    }

    /** The first experiment (counting from 1) with a yield at the top 1 % of the halide's table; 0 if none. */
    private static int experimentsTo(CampaignResult result, double top) {
        List<Observation> observations = result.state().observations();
        for (int i = 0; i < observations.size(); i++) {
            if (observations.get(i).outcome("yield").orElse(Double.NEGATIVE_INFINITY) >= top) {
                return i + 1;
            }
        }
        return 0;
    }

    /** The yield a reaction of this halide must reach to be among its top 1 % (at least one reaction). */
    private double topPercentYield(Scenario whole, String halide) {
        try (Campaign c = assemble(forHalide(whole, halide, 1, 1, Double.NaN), 1)) {
            GroundTruth truth = (GroundTruth) c.tool();
            List<Double> yields = new ArrayList<>();
            for (Settings s : c.space().candidates()) {
                truth.noiseFree("yield", s).ifPresent(yields::add);
            }
            yields.sort(Collections.reverseOrder());
            return yields.get((int) Math.ceil(yields.size() / 100.0) - 1);
        }
    }

    private Scenario forHalide(Scenario whole, String halide, int budget, int batch, double target) {
        return whole.edited(copy -> {
            ObjectNode space = copy.putObject("space");
            levels.forEach((name, all) -> {
                var kept = space.putObject(name).put("type", "categorical").putArray("levels");
                (name.equals(HALIDE) ? List.of(halide) : all).forEach(kept::add);
            });
            copy.withObjectProperty("budget").put("experiments", budget).put("batch", batch);
            ObjectNode objective = copy.withObjectProperty("objective");
            if (Double.isNaN(target)) {
                objective.remove("target");
            } else {
                objective.put("target", target);
            }
            copy.putObject("memory").put("index", false).put("memoise", false);
        });
    }

    private Campaign assemble(Scenario scenario, long seed) {
        return Campaign.assemble(scenario, seed, Registry.tools(), Registry.planners());
    }

    private CampaignResult campaign(Scenario scenario, long seed, List<PriorCampaign> history, Path trace) {
        try {
            Files.deleteIfExists(trace);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (Campaign campaign = assemble(scenario, seed);
             TraceWriter writer = TraceWriter.create(trace, "transfer-" + seed, Clock.systemUTC(), Durability.NONE,
                     signer)) {
            return new CampaignEngine(campaign, writer, Clock.systemUTC()).learnFrom(history)
                    .start(scenario.root().location().id());
        }
    }
}
