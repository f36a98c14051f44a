package org.sciloop.evaluations.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.campaign.StopReason;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

/**
 * Compares planners on one scenario: for each planner, campaigns with N consecutive seeds, run in parallel, each
 * with its own trace under {@code DIR/traces/}. Stop rules other than the budget are switched off so every
 * campaign runs its whole budget and the curves are comparable; the scenario's target is still used to
 * count experiments to target.
 */
public final class PlannerBenchmark {

    /**
     * What to run: seeds {@code firstSeed} .. {@code firstSeed + seeds - 1} per planner. {@code initial} goes
     * only to planners that take an {@code initial} option.
     */
    public record Plan(Scenario scenario, List<String> planners, long firstSeed, int seeds, OptionalInt budget,
                       OptionalInt batch, OptionalInt initial, Path out, int threads) {
    }

    /**
     * One campaign's values in order (NaN for a failed experiment; with several objectives, the hypervolume so
     * far), its wall time and the final version of each hypothesis it stated.
     */
    public record Run(String planner, long seed, double[] values, double seconds, List<Hypothesis> hypotheses) {
        public Run {
            hypotheses = List.copyOf(hypotheses);
        }

        /** The same run with every value multiplied by {@code factor} (a hypervolume as a share of the true one). */
        public Run scaled(double factor) {
            return new Run(planner, seed, java.util.Arrays.stream(values).map(v -> v * factor).toArray(), seconds,
                    hypotheses);
        }
    }

    /**
     * What the curves of a scenario with several objectives measure: the hypervolume of the front so far (as
     * a share of the true front's, in %, where the tool knows its true response).
     */
    public static final Objective HYPERVOLUME = new Objective("hypervolume", Objective.Goal.MAXIMIZE,
            OptionalDouble.empty());

    /** The engines of the campaigns running now, so that {@link #stop} reaches them; guarded by itself. */
    private final Set<CampaignEngine> running = ConcurrentHashMap.newKeySet();
    private volatile String stopped;

    private final Registry<ToolFactory> tools;
    private final Registry<PlannerFactory> planners;
    private final TraceSigner signer;

    public PlannerBenchmark(Registry<ToolFactory> tools, Registry<PlannerFactory> planners, TraceSigner signer) {
        this.tools = tools;
        this.planners = planners;
        this.signer = signer;
    }

    /**
     * The scenario each planner's campaigns run (by label), each built and connected once: a planner that
     * cannot run (an option it does not take, no model named, no credentials) is refused, with an option set
     * by {@code --planners} or {@code --initial} blamed on it. Nothing is written.
     */
    public Map<String, Scenario> check(Plan plan) {
        Scenario scenario = plan.scenario();
        if (scenario.multiObjective() && ParetoFront.reference(scenario.objectives()).isEmpty()) {
            var listed = scenario.root().items("objectives");
            int k = scenario.objectives().stream().map(o -> o.reference().isPresent()).toList().indexOf(false);
            throw listed.get(k).errorHere("a benchmark compares the hypervolumes of Pareto fronts, measured from one"
                    + " reference point; give '" + scenario.objectives().get(k).name() + "' a 'reference' (the worst"
                    + " value still worth having)");
        }
        List<PlannerSpec> specs = plan.planners().stream().map(PlannerSpec::parse).toList();
        specs.forEach(spec -> planners.get(spec.name())); // unknown names fail before anything runs
        Map<String, Scenario> scenarios = new LinkedHashMap<>();
        for (PlannerSpec spec : specs) {
            Scenario s = spec.applyTo(plan.scenario().withOverrides(java.util.Optional.empty(), plan.budget(),
                    plan.batch()), "--planners");
            boolean takesInitial = planners.get(spec.name()).options().contains("initial");
            Map<String, String> origins = new LinkedHashMap<>();
            if (takesInitial) {
                plan.initial().ifPresent(i -> origins.put("/planner/options/initial", "--initial " + i));
            }
            scenarios.put(spec.label(), s.edited(doc -> {
                if (doc.has("objectives")) {
                    doc.withArray("objectives").forEach(o -> ((com.fasterxml.jackson.databind.node.ObjectNode) o)
                            .remove("target"));
                } else {
                    doc.withObjectProperty("objective").remove("target");
                }
                doc.withObjectProperty("budget").remove("patience");
                var options = doc.withObjectProperty("planner").withObjectProperty("options");
                if (takesInitial) {
                    plan.initial().ifPresent(i -> options.put("initial", i));
                }
            }, origins));
        }
        for (Scenario s : scenarios.values()) {
            try (Campaign campaign = Campaign.assemble(s, plan.firstSeed(), tools, planners)) {
                if (campaign.tool() instanceof Actuator) {
                    throw new InputException("tool '" + s.tool() + "' actuates an instrument, which one campaign"
                            + " drives at a time; a benchmark runs many at once. Compare planners on a simulator"
                            + " or a dataset, or run the instrument's campaigns one by one with 'sciloop run'");
                }
                campaign.connect();
            }
        }
        return scenarios;
    }

    /**
     * Ends the benchmark early ({@code why}, e.g. a signal): no campaign starts from now on, and each running one
     * ends at its next safe point, its trace sealed as stopped. {@link #run} then returns the campaigns that ran
     * their whole budget. Callable from any thread.
     */
    public void stop(String why) {
        synchronized (running) {
            stopped = why;
            running.forEach(engine -> engine.requestStop(why));
        }
    }

    /** Why the benchmark was ended early ({@link #stop}); empty while it runs its whole plan. */
    public Optional<String> stopped() {
        return Optional.ofNullable(stopped);
    }

    /**
     * Runs every campaign; {@code done} hears of each as it ends. Results are in planner, seed order, of the
     * campaigns that ran their whole budget: all of them unless {@link #stop} was called.
     */
    public List<Run> run(Plan plan, Consumer<Run> done) {
        Map<String, Scenario> scenarios = check(plan);
        Path traces = createFolder(plan.out().resolve("traces"));
        BenchManifest.of(plan).write(plan.out());
        ExecutorService pool = Executors.newFixedThreadPool(plan.threads());
        try {
            List<Future<Run>> futures = new ArrayList<>();
            for (Map.Entry<String, Scenario> e : scenarios.entrySet()) {
                for (long seed = plan.firstSeed(); seed < plan.firstSeed() + plan.seeds(); seed++) {
                    long runSeed = seed;
                    futures.add(pool.submit(() -> {
                        if (stopped != null) {
                            return null;  // never begun: no trace
                        }
                        Run run = campaign(e.getKey(), e.getValue(), runSeed,
                                BenchManifest.trace(plan.out(), e.getKey(), runSeed));
                        if (run != null) {
                            synchronized (done) {
                                done.accept(run);
                            }
                        }
                        return run;
                    }));
                }
            }
            List<Run> runs = new ArrayList<>();
            for (Future<Run> f : futures) {
                Run run = f.get();
                if (run != null) {
                    runs.add(run);
                }
            }
            return runs;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("benchmark interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } finally {
            pool.shutdownNow();
        }
    }

    private Run campaign(String label, Scenario scenario, long seed, Path trace) throws IOException {
        Files.deleteIfExists(trace);
        long start = System.nanoTime();
        CampaignResult result;
        double[] values;
        try (Campaign campaign = Campaign.assemble(scenario, seed, tools, planners);
             TraceWriter writer = TraceWriter.create(trace, label + "-" + seed, Clock.systemUTC(),
                     Durability.NONE, signer)) {
            campaign.connect();
            CampaignEngine engine = new CampaignEngine(campaign, writer, Clock.systemUTC());
            synchronized (running) {
                running.add(engine);
                if (stopped != null) {
                    engine.requestStop(stopped);  // it ends at its first safe point, its trace whole
                }
            }
            try {
                result = engine.start(scenario.root().location().id());
            } finally {
                running.remove(engine);
            }
            if (stopped != null && result.stopReason() == StopReason.STOPPED) {
                return null;  // stopped part way: not a whole run
            }
            if (scenario.multiObjective()) {
                values = TrueFront.hypervolumes(scenario.objectives(), scenario.outcomeConstraints(),
                        result.state().observations(), campaign.tool());
            } else {
                // An experiment that breaks an outcome constraint counts as one without a value.
                String name = scenario.objective().name();
                values = result.state().observations().stream().mapToDouble(o -> result.state().feasible(o)
                        ? o.outcome(name).orElse(Double.NaN) : Double.NaN).toArray();
            }
        }
        return new Run(label, seed, values, (System.nanoTime() - start) / 1e9,
                List.copyOf(result.state().hypotheses()));
    }

    /** Median of experiments-to-target over runs, counting runs that never got there as infinitely slow. */
    public static OptionalDouble medianToTarget(List<OptionalInt> perRun) {
        List<Integer> sorted = perRun.stream().map(o -> o.isPresent() ? o.getAsInt() : Integer.MAX_VALUE)
                .sorted(Comparator.naturalOrder()).toList();
        if (sorted.isEmpty()) {
            return OptionalDouble.empty();
        }
        int n = sorted.size();
        double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) / 2.0 + sorted.get(n / 2) / 2.0);
        return median >= Integer.MAX_VALUE / 2.0 ? OptionalDouble.empty() : OptionalDouble.of(median);
    }

    private static Path createFolder(Path folder) {
        try {
            return Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + folder, e);
        }
    }

}
