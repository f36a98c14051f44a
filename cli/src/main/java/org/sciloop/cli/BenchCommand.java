package org.sciloop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.evaluations.bench.EngineBenchmarks;
import org.sciloop.evaluations.bench.TraceThroughput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bench", description = {
        "Compare planners on a scenario or a suite of them, or measure sciloop itself (subcommands).",
        "N seeded campaigns per planner, in parallel; writes DIR/results.csv, DIR/summary.csv, DIR/paired.csv and",
        "DIR/traces/, and prints the summary; hypotheses the campaigns state are scored against the tool's known",
        "response into DIR/hypotheses.csv. Several scenarios: each in DIR/<name>/, then DIR/suite.csv and a table",
        "of the first planner against the others on every scenario."},
        subcommands = {BenchCommand.Engine.class, BenchCommand.Trace.class, BenchCommand.Speed.class, BenchCommand.Store.class,
                BenchCommand.Recall.class, BenchCommand.Transfer.class, BenchCommand.Instrument.class, BenchCommand.Service.class})
final class BenchCommand implements java.util.concurrent.Callable<Integer> {
    @Spec
    CommandSpec spec;

    @picocli.CommandLine.Parameters(paramLabel = "SCENARIO", arity = "0..*",
            description = "built-in names or YAML files (each with its own budget unless --budget is given)")
    List<String> scenarios;

    @Option(names = "--planners", paramLabel = "LIST", split = ",", defaultValue = "bo,random,sobol",
            description = {"planners to compare (default: ${DEFAULT-VALUE}); a configuration of one is NAME:KEY=VALUE...,",
                    "e.g. bo:output-warp=none:initial=10, its options set on top of the scenario's"})
    java.util.List<String> planners;

    @Option(names = "--seeds", paramLabel = "N", defaultValue = "10", description = "campaigns per planner, seeds 1..N (default: ${DEFAULT-VALUE})")
    int seeds;

    @Option(names = "--first-seed", paramLabel = "S", defaultValue = "1",
            description = "seeds S..S+N-1 (default: ${DEFAULT-VALUE}); another range checks figures tuned on the first")
    long firstSeed;

    @Option(names = "--budget", paramLabel = "B", description = "experiments per campaign (default: the scenario's)")
    Integer budget;

    @Option(names = "--batch", paramLabel = "Q", description = "experiments per round (default: the scenario's)")
    Integer batch;

    @Option(names = "--initial", paramLabel = "I", description = "initial design size, for planners that take one")
    Integer initial;

    @Option(names = "--threads", paramLabel = "T", description = "campaigns at once (default: the number of cores)")
    Integer threads;

    @Option(names = "--negligible", paramLabel = "SHARE", defaultValue = "0.05", description = {
            "when campaigns state hypotheses and the tool knows its true response: an effect smaller than this",
            "share of the response's range counts as absent in DIR/hypotheses.csv (default: ${DEFAULT-VALUE})"})
    double negligible;

    @Option(names = "--at", paramLabel = "LIST", split = ",", description = "checkpoints: experiment counts at which"
            + " the best so far is compared (default: the quarters of the budget)")
    java.util.List<Integer> at;

    @Option(names = "--out", paramLabel = "DIR", description = "output folder (default: bench/<scenario>-<UTC time>)")
    Path out;

    @Override
    public Integer call() {
        if (scenarios == null || scenarios.isEmpty()) {
            throw new org.sciloop.core.InputException("bench needs a SCENARIO (e.g. 'sciloop bench arylation') or a"
                    + " subcommand: engine, verify, speed, instrument, service, store, recall, transfer");
        }
        return new PlannerComparison(spec.commandLine().getOut(), spec.commandLine().getErr()).run(scenarios, planners, firstSeed, seeds, budget,
                batch, initial, threads, negligible, at, out);
    }

    @Command(name = "instrument", description = {"What OpcUaInstrumentTool adds to an OPC UA method call.",
            "The same call (Ping of the simulated reactor, Basic256Sha256/SignAndEncrypt on loopback) with a bare",
            "Milo client and through a profile action, interleaved."})
    static final class Instrument implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--calls", defaultValue = "5000", description = "timed calls of each kind (default: ${DEFAULT-VALUE})")
        int calls;

        @Option(names = "--warmup", defaultValue = "2000", description = "untimed calls first (default: ${DEFAULT-VALUE})")
        int warmup;

        @Override
        public Integer call() throws Exception {
            Arguments.positive("--calls", calls);
            PrintWriter out = spec.commandLine().getOut();
            out.printf("OPC UA method call, %d timed after %d warm-up, bare Milo vs OpcUaInstrumentTool%n", calls, warmup);
            out.flush();
            var r = org.sciloop.instruments.bench.CallOverhead.measure(calls, warmup);
            out.printf("%-22s %12s %12s%n", "", "median us", "p90 us");
            out.printf("%-22s %12.1f %12.1f%n", "bare Milo call", r.bareMedian(), r.bareP90());
            out.printf("%-22s %12.1f %12.1f%n", "OpcUaInstrumentTool", r.toolMedian(), r.toolP90());
            out.printf("overhead of the tool: %+.1f %% of the bare median%n", r.overheadPercent());
            return ExitCode.OK;
        }
    }

    @Command(name = "store", description = {"The campaign store: indexing a long trace, and a question across many"
            + " campaigns.", "Writes a made-up trace of --trace-lines lines and indexes it, then indexes --campaigns"
            + " campaigns of", "--experiments experiments and times a search across them all (use an empty store:"
            + " the campaigns stay)."})
    static final class Store implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        MemoryCommand.StoreOption store;

        @Option(names = "--trace-lines", defaultValue = "100000", description = "(default: ${DEFAULT-VALUE})")
        int traceLines;

        @Option(names = "--campaigns", defaultValue = "1000", description = "(default: ${DEFAULT-VALUE})")
        int campaigns;

        @Option(names = "--experiments", defaultValue = "50", description = "(default: ${DEFAULT-VALUE})")
        int experiments;

        @Option(names = "--repetitions", defaultValue = "20", description = "searches timed (default:"
                + " ${DEFAULT-VALUE})")
        int repetitions;

        @Option(names = "--dir", description = "where the long trace is written (default: the temporary folder)")
        Path dir;

        @Override
        public Integer call() {
            Arguments.positive("--trace-lines", traceLines);
            Arguments.positive("--campaigns", campaigns);
            Arguments.positive("--experiments", experiments);
            Arguments.positive("--repetitions", repetitions);
            new org.sciloop.memory.bench.StoreBenchmark(spec.commandLine().getOut()).run(store.location,
                    dir != null ? dir
                    : Path.of(System.getProperty("java.io.tmpdir")), traceLines, campaigns, experiments, repetitions);
            return ExitCode.OK;
        }
    }

    @Command(name = "recall", description = {"How often recall by meaning finds the right hypothesis first.",
            "For each fixture, 200 hypotheses in the store and 20 questions that paraphrase 20 of them; prints where the"
            + " right one ranks for each.", "Runs in a temporary store unless --store names one (which then keeps 20"
            + " made-up campaigns per fixture)."})
    static final class Recall implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--store", paramLabel = "STORE", description = {"the campaign store: a folder (embedded), or"
                + " postgres://user:password@host:port/db (default: a new embedded store in a temporary folder)"})
        String store;

        @Option(names = "--fixture", paramLabel = "DIR", description = {"a fixture of your own: DIR/hypotheses.tsv (ID,"
                + " tab, statement) and DIR/questions.tsv", "(the ID that answers it, tab, question); default: each"
                + " built-in one"})
        Path fixture;

        @Override
        public Integer call() throws java.io.IOException {
            Path folder = java.nio.file.Files.createTempDirectory("sciloop-recall");
            try {
                new org.sciloop.memory.bench.RecallBenchmark(spec.commandLine().getOut()).run(
                        store != null ? store : folder.resolve("store").toString(), folder, fixture);
            } finally {
                if (store == null) {
                    try (var paths = java.nio.file.Files.walk(folder)) {
                        for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                            java.nio.file.Files.deleteIfExists(p);
                        }
                    }
                }
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "transfer", description = {"What learning from earlier campaigns saves, on Buchwald-Hartwig.",
            "Each aryl halide is a task: a completed bo campaign per halide, then campaigns on each --targets halide"
            + " until", "its top 1 % yield, without history, with the other halides' campaigns, and with those"
            + " campaigns' yields shuffled."})
    static final class Transfer implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--targets", split = ",", paramLabel = "SMILES", defaultValue = "FC(F)(F)c1ccc(Cl)cc1,"
                + "FC(F)(F)c1ccc(Br)cc1,FC(F)(F)c1ccc(I)cc1", description = "target aryl halides (default: the"
                + " 4-trifluoromethylphenyl chloride, bromide and iodide; 'all': each of the 15)")
        List<String> targets;

        @Option(names = "--history", split = ",", defaultValue = "none,related,shuffled", description = {"the kinds"
                + " of history each target runs with (default: ${DEFAULT-VALUE}): none, the other halides' campaigns,",
                "or those campaigns with their yields shuffled (history that says nothing)"})
        List<String> history;

        @Option(names = "--seeds", defaultValue = "20", description = "(default: ${DEFAULT-VALUE})")
        int seeds;

        @Option(names = "--budget", defaultValue = "100", description = "most experiments per campaign (default:"
                + " ${DEFAULT-VALUE})")
        int budget;

        @Option(names = "--batch", defaultValue = "5", description = "(default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--history-budget", defaultValue = "30", description = "experiments of each completed"
                + " campaign (default: ${DEFAULT-VALUE})")
        int historyBudget;

        @Option(names = "--threads", defaultValue = "2", description = "(default: ${DEFAULT-VALUE})")
        int threads;

        @Override
        public Integer call() throws java.io.IOException {
            Arguments.positive("--seeds", seeds);
            Arguments.positive("--budget", budget);
            Arguments.positive("--batch", batch);
            Arguments.positive("--history-budget", historyBudget);
            Arguments.positive("--threads", threads);
            Path folder = java.nio.file.Files.createTempDirectory("sciloop-transfer");
            List<org.sciloop.memory.bench.TransferBenchmark.History> kinds = new java.util.ArrayList<>();
            for (String kind : history) {
                try {
                    kinds.add(org.sciloop.memory.bench.TransferBenchmark.History.valueOf(kind.toUpperCase(
                            java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw new org.sciloop.core.InputException("--history " + kind + ": not a kind of history; give"
                            + " none, related or shuffled");
                }
            }
            new org.sciloop.memory.bench.TransferBenchmark(spec.commandLine().getOut()).run(targets, kinds, seeds,
                    budget, batch, historyBudget, threads, folder);
            return ExitCode.OK;
        }
    }

    @Command(name = "service", description = {"The lab service as its clients meet it: 'sciloop serve' in a process"
            + " of its own, over HTTP.",
            "Trace-stream latency with --campaigns simulation campaigns running; memory with --finished campaigns on"
                    + " its books; requests per second on the status endpoints."})
    static final class Service implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--campaigns", defaultValue = "20", description = "campaigns running at once while the"
                + " streams are timed (default: ${DEFAULT-VALUE})")
        int campaigns;

        @Option(names = "--budget", defaultValue = "40", description = "experiments of each (default: ${DEFAULT-VALUE})")
        int budget;

        @Option(names = "--finished", defaultValue = "100", description = "finished campaigns when memory and"
                + " requests are measured (default: ${DEFAULT-VALUE})")
        int finished;

        @Option(names = "--clients", defaultValue = "4", description = "client threads for requests per second"
                + " (default: ${DEFAULT-VALUE})")
        int clients;

        @Option(names = "--seconds", defaultValue = "10", description = "per endpoint (default: ${DEFAULT-VALUE})")
        int seconds;

        @Option(names = "--dir", description = "where the service's data goes (default: the temporary folder)")
        Path dir;

        @Override
        public Integer call() throws Exception {
            Arguments.positive("--campaigns", campaigns);
            Arguments.positive("--budget", budget);
            Arguments.positive("--finished", finished);
            Arguments.positive("--clients", clients);
            Arguments.positive("--seconds", seconds);
            new org.sciloop.service.bench.ServiceBenchmark(new ServeCommand.Commands().command(),
                    spec.commandLine().getOut()).run(dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir")),
                    campaigns, budget, Math.max(finished, campaigns), clients, java.time.Duration.ofSeconds(seconds));
            return ExitCode.OK;
        }
    }

    @Command(name = "engine", description = "Engine overhead per experiment with a no-op actuating tool, "
            + "without fsync, with fsync before each actuation (the default), and with fsync after every line.")
    static final class Engine implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--experiments", defaultValue = "5000", description = "per repetition (default: ${DEFAULT-VALUE})")
        int experiments;

        @Option(names = "--repetitions", defaultValue = "5", description = "timed repetitions (default: ${DEFAULT-VALUE})")
        int repetitions;

        @Option(names = "--dir", description = "where the scratch traces go (default: the temporary folder); "
                + "fsync cost depends on the disk")
        Path dir;

        @Override
        public Integer call() throws IOException {
            Path scratch = Files.createDirectories(dir != null ? dir : Path.of(System.getProperty("java.io.tmpdir")));
            PrintWriter out = spec.commandLine().getOut();
            out.printf("engine overhead, no-op tool, %d experiments x %d repetitions, traces in %s%n",
                    experiments, repetitions, scratch);
            out.printf("%-12s %18s %18s%n", "durability", "median us/exp", "best us/exp");
            for (Durability d : Durability.values()) {
                EngineBenchmarks.Overhead o = EngineBenchmarks.overhead(d, experiments, repetitions, scratch);
                out.printf("%-12s %18.1f %18.1f%n", d, o.medianMicrosPerExperiment(), o.minMicrosPerExperiment());
                out.flush();
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "trace", aliases = "verify", description = {
            "Verify and replay throughput over a real recorded campaign.",
            "About --events lines (branin, planner random, batches of 10): what 'sciloop verify' and 'sciloop",
            "replay' do, JVM start aside."})
    static final class Trace implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--events", defaultValue = "100000", description = "lines in the trace (default: ${DEFAULT-VALUE})")
        long events;

        @Option(names = "--repetitions", defaultValue = "5", description = "timed repetitions (default: ${DEFAULT-VALUE})")
        int repetitions;

        @Override
        public Integer call() throws IOException {
            Arguments.positive("--repetitions", repetitions);
            if (events < 100) {
                throw new InputException("--events must be at least 100, got " + events);
            }
            Path folder = Files.createTempDirectory("sciloop-bench-trace");
            Path file = folder.resolve("trace.jsonl");
            TraceSigner signer = TraceSigner.ephemeral();
            try {
                long start = System.nanoTime();
                TraceThroughput.record(Scenario.read(ScenarioCatalog.locate("branin")), "random", events, file,
                        Registry.tools(), Registry.planners(), signer);
                double recordSeconds = (System.nanoTime() - start) / 1e9;
                TraceThroughput.Figures f = TraceThroughput.measure(file, List.of(signer.publicKey()), repetitions,
                        history -> CampaignLauncher.recorded(history, file));
                PrintWriter out = spec.commandLine().getOut();
                out.printf("trace: %d events (%.1f MB), recorded in %.1f s%n", f.events(), f.bytes() / 1e6, recordSeconds);
                out.printf("verify (chain + signatures), median of %d: %.0f events/s, %.1f MB/s%n", repetitions,
                        f.verifyEventsPerSecond(), f.verifyMegabytesPerSecond());
                out.printf("replay (read, rebuild, %d proposals asked again), median of %d: %.0f events/s; %s%n",
                        f.proposals(), repetitions, f.replayEventsPerSecond(), f.identical() ? "identical" : "DIVERGED");
                return f.identical() ? ExitCode.OK : ExitCode.FAILED;
            } finally {
                Files.deleteIfExists(file);
                Files.deleteIfExists(folder);
            }
        }
    }

    @Command(name = "speed", description = "Time of one proposal of a planner as the observations grow: a "
            + "continuous scenario at n = 100, 250, 500, 1000, and a finite one scored in full.")
    static final class Speed implements java.util.concurrent.Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--planner", defaultValue = "bo", description = "planner (default: ${DEFAULT-VALUE})")
        String planner;

        @Option(names = "--continuous", defaultValue = "hartmann6", description = "continuous scenario (default: ${DEFAULT-VALUE})")
        String continuous;

        @Option(names = "--finite", defaultValue = "buchwald-hartwig", description = "finite scenario (default: ${DEFAULT-VALUE})")
        String finite;

        @Option(names = "--sizes", split = ",", defaultValue = "100,250,500,1000", description = "observation counts")
        java.util.List<Integer> sizes;

        @Option(names = "--repetitions", defaultValue = "3", description = "timed proposals per size (default: ${DEFAULT-VALUE})")
        int repetitions;

        @Option(names = "--batch", defaultValue = "1", description = "experiments per proposal (default: ${DEFAULT-VALUE})")
        int batch;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            var speed = new org.sciloop.evaluations.bench.ProposalSpeed(org.sciloop.core.campaign.Registry.tools(),
                    org.sciloop.core.campaign.Registry.planners());
            if (batch < 1) {
                throw new InputException("--batch must be at least 1, got " + batch);
            }
            out.printf("one proposal (batch %d) of planner %s, median of %d, model fit included%n", batch, planner,
                    repetitions);
            out.printf("%-18s %13s %12s %12s%n", "scenario", "observations", "median s", "best s");
            for (int n : sizes) {
                print(out, speed.time(ScenarioCatalog.locate(continuous), planner, n, batch, repetitions));
            }
            print(out, speed.time(ScenarioCatalog.locate(finite), planner, 100, batch, repetitions));
            return ExitCode.OK;
        }

        private static void print(PrintWriter out, org.sciloop.evaluations.bench.ProposalSpeed.Timing t) {
            out.printf("%-18s %13d %12.3f %12.3f%n", t.scenario(), t.observations(), t.medianSeconds(), t.minSeconds());
            out.flush();
        }
    }
}
