package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.GroundTruth;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.trace.DamagedTraceException;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVerification;
import org.sciloop.evaluations.bench.BenchManifest;
import org.sciloop.evaluations.bench.PlannerBenchmark;
import org.sciloop.evaluations.bench.TrueFront;
import org.sciloop.evaluations.report.BenchReport;
import org.sciloop.evaluations.report.Document;
import org.sciloop.evaluations.report.ReportFiles;
import org.sciloop.evaluations.report.RunReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "report", description = {
        "Write report.html and report.md for a run folder or a benchmark folder.",
        "Self-contained, plots inline: convergence, outcome against each parameter, metrics, hypotheses,",
        "experiments, and the traces' integrity."})
final class ReportCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR|BENCH_DIR", description = "a folder made by 'sciloop run' or 'sciloop bench'")
    Path folder;

    @Option(names = "--out", paramLabel = "DIR", description = "where to write the report (default: the folder itself)")
    Path out;

    @Override
    public Integer call() {
        if (Files.isRegularFile(folder)) {
            Path parent = folder.toAbsolutePath().getParent();
            throw new InputException(folder + " is a file; give the run folder that holds it"
                    + (folder.getFileName().toString().equals(CampaignFiles.TRACE) ? " (" + parent + ")" : "")
                    + ", or a benchmark folder");
        }
        if (!Files.isDirectory(folder)) {
            throw new InputException("no folder at " + folder + " (give a run folder or a benchmark folder)");
        }
        List<String> trusted = UserConfig.ownPublicKey().stream().toList();
        Document document;
        List<TraceVerification.Result> checks = new ArrayList<>();
        if (Files.exists(folder.resolve(BenchManifest.FILE))) {
            document = bench(trusted, checks);
        } else if (Files.exists(folder.resolve(PlannerComparison.SUITE_FILE)) || !suiteMembers().isEmpty()) {
            // A suite stopped part way has its scenarios' folders but no table yet.
            throw new InputException(folder + " holds a benchmark of several scenarios (" + PlannerComparison.SUITE_FILE
                    + " is their table, once all have run); report one of them: " + suiteMembers().stream()
                    .map(n -> "sciloop report " + folder.resolve(n)).collect(java.util.stream.Collectors.joining(", ")));
        } else {
            Path trace = CampaignLauncher.traceOf(folder);
            if (!Files.exists(trace)) {
                throw new InputException(folder + " holds neither a trace (" + CampaignFiles.TRACE + ") nor a "
                        + BenchManifest.FILE + ": it is not a run or benchmark folder");
            }
            Loaded run = load(trace, trusted);
            checks.add(run.verification());
            run.note().ifPresent(n -> spec.commandLine().getErr().println("note: " + n));
            document = RunReport.build(new RunReport.Input(run.history(), run.verification(), run.objectives(),
                    run.outcomeConstraints(), run.space(), run.optimum()));
        }
        Path html = ReportFiles.write(document, out != null ? out : folder);
        PrintWriter o = spec.commandLine().getOut();
        o.printf("report  %s%n        %s%n", html, html.resolveSibling(ReportFiles.MARKDOWN));
        // A campaign paused (waiting for results told by hand, say) vouches for itself up to its pause: no alarm.
        long paused = checks.stream().filter(c -> c.verdict() == TraceVerification.Verdict.PAUSED).count();
        if (paused > 0) {
            spec.commandLine().getErr().printf("note: %d of %d traces %s sealed while paused, intact up to the pause"
                    + " (verify --accept-paused accepts them)%n", paused, checks.size(), paused == 1 ? "is" : "are");
        }
        long unverified = checks.stream().filter(c -> !c.verified()
                && (c.verdict() != TraceVerification.Verdict.PAUSED || !c.people().isEmpty())).count();
        if (unverified > 0) {
            spec.commandLine().getErr().printf("warning: %d of %d traces did not verify; the report says how"
                    + " (run 'sciloop verify' on them for details)%n", unverified, checks.size());
        }
        // The report is written either way; a trace that may have been altered (damaged, signed by no key this
        // machine trusts, not signed, or with a person's signature that fails) still fails the command, as verify
        // would. One cut off (a campaign still
        // running, or interrupted) is only what has happened so far.
        boolean suspect = checks.stream().anyMatch(c -> !c.people().isEmpty() || switch (c.verdict()) {
            case DAMAGED, UNTRUSTED, UNSIGNED -> true;
            case UNSEALED, PAUSED, VERIFIED -> false;
        });
        return suspect ? ExitCode.FAILED : ExitCode.OK;
    }

    private Document bench(List<String> trusted, List<TraceVerification.Result> checks) {
        BenchManifest manifest = BenchManifest.read(folder);
        List<BenchReport.Campaign> campaigns = new ArrayList<>();
        OptionalDouble optimum = OptionalDouble.empty();
        Optional<BenchReport.FrontMeasure> front = Optional.empty();
        for (String planner : manifest.planners()) {
            for (long seed = manifest.firstSeed(); seed < manifest.firstSeed() + manifest.seeds(); seed++) {
                Path trace = BenchManifest.trace(folder, planner, seed);
                if (!Files.exists(trace)) {
                    continue;  // the report counts what is missing
                }
                Loaded run = load(trace, trusted);
                checks.add(run.verification());
                if (campaigns.isEmpty()) {
                    optimum = run.optimum();
                    // Every trace of a benchmark records the same scenario: its note holds for all.
                    run.note().ifPresent(n -> spec.commandLine().getErr().println("note: " + n));
                }
                if (campaigns.isEmpty() && run.front().isPresent()) {
                    front = Optional.of(run.front().get().measure());
                }
                campaigns.add(new BenchReport.Campaign(planner, seed, run.records(), run.verification(),
                        run.front().map(FrontScores::scores)));
            }
        }
        if (campaigns.isEmpty()) {
            throw new InputException(folder + " has a " + BenchManifest.FILE + " but none of its traces");
        }
        // An interrupted benchmark may have no campaign of a planner yet: the report shows the planners it has.
        List<String> present = manifest.planners().stream()
                .filter(p -> campaigns.stream().anyMatch(c -> c.planner().equals(p))).toList();
        if (present.size() < manifest.planners().size()) {
            List<String> absent = manifest.planners().stream().filter(p -> !present.contains(p)).toList();
            spec.commandLine().getErr().println("note: no campaign of " + String.join(", ", absent) + " in " + folder
                    + " (an interrupted benchmark?); the report shows the others' whole runs");
            manifest = manifest.with(present);
        }
        return BenchReport.build(manifest, campaigns, optimum, front);
    }

    /** The scenario folders of a benchmark of several scenarios. */
    private List<String> suiteMembers() {
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        try (var entries = Files.list(folder)) {
            return entries.filter(p -> Files.exists(p.resolve(BenchManifest.FILE)))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (java.io.IOException e) {
            throw new InputException("cannot list " + folder + ": " + e.getMessage());
        }
    }

    /**
     * A trace read for its report; {@code note} says what could not be read with it; with several objectives
     * and their references, how a benchmark scores its front.
     */
    private record Loaded(List<TraceRecord> records, CampaignHistory history, List<Objective> objectives,
                          List<OutcomeConstraint> outcomeConstraints, ParameterSpace space, OptionalDouble optimum,
                          TraceVerification.Result verification, Optional<String> note,
                          Optional<FrontScores> front) {
    }

    /** A campaign's front scored after each experiment, as {@code sciloop bench} scores it, and what that measures. */
    private record FrontScores(double[] scores, BenchReport.FrontMeasure measure) {

        /** The hypervolume after each experiment, as a share of the true front's where the tool knows it. */
        static Optional<FrontScores> of(Scenario scenario, List<Observation> observations, Tool tool) {
            if (!scenario.multiObjective() || ParetoFront.reference(scenario.objectives()).isEmpty()) {
                return Optional.empty();
            }
            double[] volumes = TrueFront.hypervolumes(scenario.objectives(), scenario.outcomeConstraints(),
                    observations, tool);
            OptionalDouble whole = tool == null ? OptionalDouble.empty()
                    : TrueFront.hypervolume(tool, scenario.objectives(), scenario.outcomeConstraints());
            String goals = String.join(", ", scenario.objectives().stream().map(o -> (o.goal()
                    == Objective.Goal.MAXIMIZE ? "maximise " : "minimise ") + o.name()).toList());
            OptionalDouble standard = tool == null ? OptionalDouble.empty()
                    : TrueFront.standard(tool, scenario.objectives(), scenario.outcomeConstraints());
            if (whole.isEmpty() || standard.isPresent()) {
                return Optional.of(new FrontScores(volumes, new BenchReport.FrontMeasure(PlannerBenchmark.HYPERVOLUME,
                        standard, goals)));
            }
            double[] shares = java.util.Arrays.stream(volumes).map(v -> 100 * v / whole.getAsDouble()).toArray();
            return Optional.of(new FrontScores(shares, new BenchReport.FrontMeasure(TrueFront.SHARE,
                    OptionalDouble.of(100), goals)));
        }
    }

    /** The intact lines of a trace (all of them, unless it is damaged) and the campaign they record. */
    private static Loaded load(Path trace, List<String> trusted) {
        List<TraceRecord> records = new ArrayList<>();
        TraceVerification.Result verification = TraceVerification.check(trace, trusted, records::add);
        if (records.isEmpty()) {
            throw new DamagedTraceException(trace + " has no intact first line ("
                    + verification.report().problem().map(Object::toString).orElse("empty") + "); nothing to report");
        }
        CampaignHistory history = CampaignHistory.of(records);
        Campaign campaign;
        try {
            campaign = CampaignLauncher.recorded(history, trace);
        } catch (ScenarioException e) {
            return fromTheTraceAlone(records, history, verification, trace, e);
        }
        try (campaign) {
            Objective objective = campaign.scenario().objective();
            return new Loaded(records, history, campaign.scenario().objectives(),
                    campaign.scenario().outcomeConstraints(), campaign.space(),
                    // Run by hand, its results are a laboratory's: the tool's best (an emulator's) is no yardstick.
                    campaign.scenario().manual() ? OptionalDouble.empty()
                            : GroundTruth.bestPossible(campaign.tool(), objective), verification, Optional.empty(),
                    FrontScores.of(campaign.scenario(), history.observations(), campaign.tool()));
        }
    }

    /**
     * A campaign whose tool cannot be rebuilt (its data file moved or changed) is still reported: the trace
     * holds every observation. What only the tool knows is left out and said so: the best possible value, and
     * the space beyond the settings that were run.
     */
    private static Loaded fromTheTraceAlone(List<TraceRecord> records, CampaignHistory history,
                                            TraceVerification.Result verification, Path trace, ScenarioException why) {
        Scenario scenario = CampaignLauncher.recordedScenario(history, trace);
        ParameterSpace space = scenario.space().or(() -> ParameterSpace.spanning(history.observations().stream()
                .map(Observation::settings).toList())).orElseThrow(() -> why);
        return new Loaded(records, history, scenario.objectives(), scenario.outcomeConstraints(), space,
                OptionalDouble.empty(), verification,
                Optional.of(why.getMessage() + "\nnote: reported from the trace alone: no best possible value, and"
                        + (scenario.space().isPresent() ? "" : " parameter ranges as far as they were run and")
                        + " nothing else the tool would have said"),
                FrontScores.of(scenario, history.observations(), null));
    }
}
