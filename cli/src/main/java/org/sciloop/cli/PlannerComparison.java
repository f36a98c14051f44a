package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.model.Objective;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.KnownResponse;
import org.sciloop.core.tool.Tool;
import org.sciloop.evaluations.bench.BenchManifest;
import org.sciloop.evaluations.bench.BenchmarkReport;
import org.sciloop.evaluations.bench.PlannerBenchmark;
import org.sciloop.evaluations.bench.PlannerSpec;
import org.sciloop.evaluations.bench.SuiteReport;
import org.sciloop.evaluations.bench.TrueFront;
import org.sciloop.evaluations.hypotheses.HypothesisScorecard;
import org.sciloop.evaluations.hypotheses.TrueEffects;

/** {@code sciloop bench SCENARIO ...}: checks the arguments, runs the benchmark, writes and prints the report. */
final class PlannerComparison {
    /** The exit status of a benchmark a signal ended part way, as a shell reports Ctrl-C. */
    static final int STOPPED_BY_SIGNAL = 130;

    private final PrintWriter out;
    private final PrintWriter err;
    /** Set once every campaign of the benchmark has run: a signal from then on lets the tables be written. */
    private boolean allRun;

    PlannerComparison(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /**
     * One scenario: its report in {@code folder}. Several: each in a folder of its own under {@code folder}, then
     * the suite's table ({@link SuiteReport}). Every argument and scenario is checked before anything runs.
     */
    int run(List<String> scenarioNames, List<String> planners, long firstSeed, int seeds, Integer budget,
            Integer batch, Integer initial, Integer threads, double negligible, List<Integer> at, Path folder) {
        Arguments.positive("--seeds", seeds);
        Arguments.positive("--budget", budget);
        Arguments.positive("--batch", batch);
        Arguments.positive("--threads", threads);
        if (initial != null && initial < 0) {
            throw new InputException("--initial must be 0 or more, got " + initial);
        }
        if (!(negligible > 0 && negligible < 1)) {
            throw new InputException("--negligible must be a share above 0 and below 1, got " + negligible);
        }
        if (planners.isEmpty()) {
            throw new InputException("--planners: no planner given (e.g. --planners bo,random,sobol)");
        }
        // an unknown planner or a malformed configuration fails before anything is created
        for (String p : planners) {
            PlannerSpec spec = PlannerSpec.parse(p);
            Registry.planners().get(spec.name());
            if (initial != null && spec.options().containsKey("initial")) {
                throw new InputException("--initial " + initial + " and --planners " + p + " both set the initial"
                        + " design's size; give one of them");
            }
        }
        List<Scenario> scenarios = scenarioNames.stream().map(n -> Scenario.read(ScenarioCatalog.locate(n))).toList();
        Map<String, Scenario> byName = new LinkedHashMap<>();
        for (Scenario scenario : scenarios) {
            int experiments = budget != null ? budget : scenario.budget().experiments();
            try {
                BenchmarkReport.checkpoints(experiments, at);
            } catch (InputException e) {
                throw new InputException(scenario.name() + ": " + e.getMessage());
            }
            if (byName.put(scenario.name(), scenario) != null) {
                throw new InputException("two scenarios are named '" + scenario.name() + "'; each needs a folder of"
                        + " its own in the benchmark");
            }
            // Its tool is built once now (its data read and checked), so a broken table stops the benchmark
            // before any scenario has run.
            try (Tool tool = Registry.tools().get(scenario.tool()).create(scenario.toolOptions())) {
                tool.descriptor();
            }
        }
        planners.stream().filter(p -> planners.indexOf(p) != planners.lastIndexOf(p)).findFirst().ifPresent(p -> {
            throw new InputException("--planners: '" + p + "' is named twice");
        });
        boolean suite = scenarios.size() > 1;
        if (folder != null) {
            // A benchmark stopped part way has its manifest (a suite's: in a scenario's folder) but no tables yet.
            List<Path> earlier = new ArrayList<>(List.of(folder.resolve(BenchManifest.FILE), folder.resolve(SUITE_FILE)));
            byName.keySet().forEach(name -> earlier.add(folder.resolve(name).resolve(BenchManifest.FILE)));
            earlier.stream().filter(Files::exists).findFirst().ifPresent(found -> {
                throw new InputException(folder + " already holds a benchmark (" + found + "), finished or stopped"
                        + " part way; choose another --out, or remove it to run it again");
            });
            requireNewOrEmpty(folder);
        }
        Path dir = folder != null ? folder : Path.of("bench", (suite ? "suite" : scenarios.get(0).name()) + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now()));
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        List<PlannerBenchmark.Plan> plans = scenarios.stream().map(scenario -> new PlannerBenchmark.Plan(scenario,
                planners, firstSeed, seeds, optional(budget), optional(batch), optional(initial),
                suite ? dir.resolve(scenario.name()) : dir, workers)).toList();
        // Every planner of every scenario is built once before the first campaign: a bad option stops the suite
        // now, not after the scenarios before it have run.
        PlannerBenchmark benchmark = new PlannerBenchmark(Registry.tools(), Registry.planners(), UserConfig.signer());
        plans.forEach(benchmark::check);
        try {
            Files.createDirectories(dir);  // before the report's first line: a folder that cannot be made says so alone
        } catch (java.io.IOException e) {
            throw new InputException("cannot make the --out folder " + dir + ": " + IoReason.of(e));
        }
        List<SuiteReport.Entry> entries = new ArrayList<>();
        // Ctrl-C or SIGTERM: no campaign starts after it, the running ones end at their next safe point, sealed as
        // stopped, and the tables are written for those that ran their whole budget (a tester lost every finished
        // run to a Ctrl-C). One that comes once every campaign has run lets the tables be written and the command
        // end as it would have.
        try (SignalPause.Hook signal = SignalPause.onSignal(() -> {
            synchronized (this) {
                if (allRun) {
                    return false;
                }
                benchmark.stop("stopped by a signal (Ctrl-C or SIGTERM)");
            }
            err.printf("%nsciloop: stopping the benchmark: each campaign running ends after its experiment in progress,"
                    + " and none starts; the tables are written for those that finished%n");
            err.flush();
            return true;
        })) {
            for (int i = 0; i < plans.size(); i++) {
                PlannerBenchmark.Plan plan = plans.get(i);
                SuiteReport.Entry entry = compare(benchmark, plan, negligible, at, i == plans.size() - 1);
                if (benchmark.stopped().isPresent()) {
                    if (suite) {
                        List<String> after = plans.subList(i + 1, plans.size()).stream()
                                .map(p -> p.scenario().name()).toList();
                        err.printf("sciloop: of the suite, %s, %s was stopped part way%s; no suite table is made%n",
                                entries.isEmpty() ? "no scenario ran whole" : String.join(", ", entries.stream().map(
                                        SuiteReport.Entry::scenario).toList()) + " ran whole (their tables are in"
                                + " their folders)", plan.scenario().name(), after.isEmpty() ? "" : ", and "
                                + String.join(", ", after) + " did not run");
                    }
                    err.flush();
                    return STOPPED_BY_SIGNAL;
                }
                entries.add(entry);
            }
        }
        if (suite) {
            SuiteReport.print(out, entries);  // says nothing with a single planner: nothing to compare
            SuiteReport.write(dir.resolve(SUITE_FILE), entries);
            out.printf("suite    %s%n", dir.resolve(SUITE_FILE));
        }
        return ExitCode.OK;
    }

    static final String SUITE_FILE = "suite.csv";

    /** A benchmark's files next to a campaign's (or anything else) would make both unreadable as either. */
    private static void requireNewOrEmpty(Path folder) {
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new InputException("--out " + folder + " is a file; a benchmark writes into a folder");
        }
        if (!Files.isDirectory(folder)) {
            return;
        }
        try (var entries = Files.list(folder)) {
            List<String> held = entries.map(p -> p.getFileName().toString()).sorted().limit(4).toList();
            if (!held.isEmpty()) {
                throw new InputException("--out " + folder + " is not empty (it holds " + String.join(", ", held)
                        + (held.size() == 4 ? ", ..." : "") + "); a benchmark writes into a new or empty folder");
            }
        } catch (java.io.IOException e) {
            throw new InputException("cannot read --out " + folder + ": " + IoReason.of(e));
        }
    }

    private SuiteReport.Entry compare(PlannerBenchmark benchmark, PlannerBenchmark.Plan plan, double negligible,
                                      List<Integer> at, boolean last) {
        Scenario scenario = plan.scenario();
        Path dir = plan.out();
        int experiments = plan.budget().orElse(scenario.budget().experiments());
        int[] checkpoints = BenchmarkReport.checkpoints(experiments, at);
        int total = plan.planners().size() * plan.seeds();
        out.printf("bench %s: planners %s, seeds %d..%d, budget %s, batch %s%s, %d at once -> %s%n", scenario.name(),
                String.join(",", plan.planners()), plan.firstSeed(), plan.firstSeed() + plan.seeds() - 1, experiments,
                plan.batch().orElse(scenario.budget().batch()),
                plan.initial().isPresent() ? ", initial " + plan.initial().getAsInt() : "", plan.threads(), dir);
        out.flush();
        int[] finished = {0};
        List<PlannerBenchmark.Run> runs = benchmark.run(plan, run -> {
            finished[0]++;
            if (System.console() != null) {
                out.printf("\r%d/%d campaigns done", finished[0], total);
                out.flush();
            }
        });
        if (last) {
            synchronized (this) {
                allRun = benchmark.stopped().isEmpty();
            }
        }
        if (benchmark.stopped().isPresent()) {
            long begun = BenchManifest.tracesIn(dir);
            List<String> others = new ArrayList<>();
            if (begun > runs.size()) {
                others.add((begun - runs.size()) + " stopped part way (their traces in " + dir.resolve("traces")
                        + " end stopped)");
            }
            if (total > begun) {
                others.add((total - begun) + " never began");
            }
            err.printf("sciloop: stopped part way: %d of %d campaigns ran their whole budget%s%s; %s cannot be run on:"
                    + " run the benchmark again into another --out%n", runs.size(), total, runs.isEmpty()
                    ? ", so there is nothing to tabulate" : " and are tabulated below", others.isEmpty() ? ""
                    : "; " + String.join(" and ", others), dir);
            err.flush();
            if (runs.isEmpty()) {
                return null;
            }
        }
        OptionalDouble best;
        long pool;
        Objective measured = scenario.multiObjective() ? PlannerBenchmark.HYPERVOLUME : scenario.objective();
        try (Tool tool = Registry.tools().get(scenario.tool()).create(scenario.toolOptions())) {
            pool = scenario.space().or(tool::impliedSpace).filter(ParameterSpace::isFinite).map(ParameterSpace::size)
                    .orElse(0L);
            if (scenario.multiObjective()) {
                OptionalDouble trueVolume = TrueFront.hypervolume(tool, scenario.objectives(),
                        scenario.outcomeConstraints());
                OptionalDouble standard = TrueFront.standard(tool, scenario.objectives(), scenario.outcomeConstraints());
                if (standard.isPresent()) {
                    out.printf("largest hypervolume of this standard problem: %s (the literature's); figures below are"
                            + " hypervolumes%n", ResultPrinter.number(standard.getAsDouble()));
                    best = standard;
                } else if (trueVolume.isPresent()) {
                    out.printf("hypervolume of the true front (all of %s's known responses): %s; figures below are"
                            + " shares of it, in %%%n", scenario.tool(), ResultPrinter.number(trueVolume.getAsDouble()));
                    runs = runs.stream().map(r -> r.scaled(100 / trueVolume.getAsDouble())).toList();
                    measured = TrueFront.SHARE;
                    best = OptionalDouble.of(100);
                } else {
                    best = OptionalDouble.empty();
                }
            } else {
                best = GroundTruth.bestPossible(tool, scenario.objective());
            }
        }
        var summary = BenchmarkReport.summarise(runs, measured, checkpoints, best);
        BenchmarkReport.writeResults(dir.resolve("results.csv"), scenario.name(), runs, measured.goal());
        BenchmarkReport.writeSummary(dir.resolve("summary.csv"), summary, measured);
        BenchmarkReport.writePaired(dir.resolve("paired.csv"), summary);
        BenchmarkReport.print(out, summary, measured);
        out.printf("results  %s%nsummary  %s%npaired   %s%n", dir.resolve("results.csv"), dir.resolve("summary.csv"),
                dir.resolve("paired.csv"));
        if (runs.stream().anyMatch(r -> !r.hypotheses().isEmpty())) {
            scoreHypotheses(scenario, runs, negligible, dir.resolve("hypotheses.csv"));
        }
        out.println();
        return new SuiteReport.Entry(scenario.name(), pool, experiments, measured, summary);
    }

    /** Judges the runs' final hypotheses against the tool's known response, when the tool knows it. */
    private void scoreHypotheses(Scenario scenario, List<PlannerBenchmark.Run> runs, double negligible, Path file) {
        String output = scenario.objective().name();
        Optional<KnownResponse> truth;
        try (Tool tool = Registry.tools().get(scenario.tool()).create(scenario.toolOptions())) {
            truth = GroundTruth.knownResponse(tool, output);
        }
        out.println();
        if (truth.isEmpty()) {
            out.printf("hypotheses not scored: tool '%s' does not know its true %s%n", scenario.tool(), output);
            return;
        }
        HypothesisScorecard card = HypothesisScorecard.score(
                TrueEffects.of(truth.get(), scenario.objective().goal(), negligible), runs);
        card.print(out, "tool '" + scenario.tool() + "'");
        card.writeCsv(file);
        out.printf("hypotheses  %s%n", file);
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

}
