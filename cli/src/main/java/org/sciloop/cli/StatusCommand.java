package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "status", description = {"Where a campaign stands: running, paused or finished; what waits to be run"
        + " by hand; who told what; the best so far.", "Reads the trace only; changes nothing."})
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "the run folder")
    Path runDir;

    @Override
    public Integer call() {
        Path trace = CampaignLauncher.traceOf(runDir);
        if (!Files.exists(trace)) {
            throw new InputException(runDir + " holds no trace (" + CampaignFiles.TRACE + "): not a run folder");
        }
        if (CampaignFiles.neverStarted(trace)) {
            throw new InputException(trace + " is empty: its campaign was stopped before its first line");
        }
        List<TraceRecord> records = TraceReader.readIntact(trace);
        CampaignHistory history = CampaignHistory.of(records);
        PrintWriter out = spec.commandLine().getOut();
        Optional<CampaignHistory.InterruptedTell> cut = history.interruptedTell();
        if (cut.isPresent()) {
            // Shown as it will stand: a tell is on record whole or not at all.
            history = CampaignHistory.of(records.subList(0, Math.toIntExact(cut.get().line() - 1)));
            out.printf("a tell of %d results stopped after recording %d of them (from line %d); none of it counts,"
                    + " and the next 'sciloop tell' sets it aside: tell those results again%n%n", cut.get().told(),
                    cut.get().recorded(), cut.get().line());
        }
        Scenario scenario = CampaignLauncher.recordedScenario(history, trace);
        Objective objective = scenario.objective();
        List<Observation> observations = history.observations();
        boolean interrupted = history.interrupted();
        String state = history.finished().map(f -> "finished (" + f.stopReason() + ")")
                .orElseGet(() -> TraceWriter.writer(trace).map(w -> "running (" + w + ")")
                        .orElse(!interrupted
                                ? "paused ('sciloop " + (scenario.manual() ? "tell" : "resume") + " " + runDir
                                + "' goes on)"
                                : "interrupted: its process ended without pausing it ('sciloop resume " + runDir
                                + "' settles it and goes on)"));
        out.printf("campaign %s: %s, %s; %d of %d experiments recorded%s%n", history.campaignId(), scenario.name(),
                state, observations.size(), scenario.budget().experiments(),
                scenario.manual() ? ", run by hand" : "");
        List<PlannedExperiment> pending = history.inFlight();
        if (scenario.manual()) {
            boolean ended = history.finished().isPresent();
            out.printf("%n%s (%d)%s%n", ended ? "handed out and never told (the campaign has ended)" : "pending",
                    pending.size(), pending.isEmpty() || ended ? "" : ": in " + runDir.resolve(ManualResults.PENDING));
            pending.forEach(e -> out.printf("  %-8s %s%n", e.id(), e.settings()));
            List<Observation> told = observations.stream().filter(o -> o.tool() != null
                    && o.tool().startsWith("person:")).toList();
            out.printf("%ntold (%d)%n", told.size());
            // One line per experiment: a reason told over several lines (a quoted cell) is joined.
            told.forEach(o -> out.printf("  %-8s by %-12s %s %s%s%n", o.experimentId(), o.tool().substring(7),
                    o.status() == Observation.Status.OK ? outcomes(scenario, o) : "FAILED",
                    o.settings(), o.detail().isEmpty() ? "" : " — " + o.detail().replaceAll("\\s*\\R\\s*", " / ")));
        }
        List<PlannedExperiment> waiting = history.awaitingApproval();
        boolean ended = history.finished().isPresent();
        if (!waiting.isEmpty() || (!ended && scenario.approval() != Scenario.Approval.NONE)) {
            // An ended campaign's are no longer to decide: approve and deny refuse them.
            out.printf("%n%s (%d)%s%n", ended ? "never decided (the campaign has ended)" : "waiting for approval",
                    waiting.size(), waiting.isEmpty() || ended ? "" : ": 'sciloop approve " + runDir + " EXP...' or"
                            + " 'sciloop deny " + runDir + " EXP... --reason TEXT'");
            waiting.forEach(e -> out.printf("  %-8s %s%n", e.id(), e.settings()));
        }
        out.println();
        if (!scenario.outcomeConstraints().isEmpty()) {
            out.printf("feasible: %d of %d experiments keep %s%n", observations.stream().filter(o -> o.status()
                    == Observation.Status.OK && feasible(scenario, o)).count(), observations.size(),
                    String.join(" and ", scenario.outcomeConstraints().stream().map(Object::toString).toList()));
        }
        String none = scenario.outcomeConstraints().isEmpty() ? "no result yet" : "no feasible result yet";
        if (scenario.multiObjective()) {
            ParetoFront front = ParetoFront.of(scenario.objectives(), scenario.outcomeConstraints(), observations);
            double[] reference = front.referenceOrInferred(observations);
            out.printf(front.members().isEmpty() ? none + "%n" : "Pareto front" + (history.finished().isPresent()
                    ? "" : " so far") + ": %d of %d experiments (%s), hypervolume %s%n", front.members().size(),
                    observations.size(), String.join(", ",
                    front.members().stream().map(Observation::experimentId).toList()),
                    ResultPrinter.number(front.hypervolume(reference)));
            return ExitCode.OK;
        }
        observations.stream().filter(o -> o.status() == Observation.Status.OK
                        && o.outcome(objective.name()).isPresent()
                        && feasible(scenario, o))
                .reduce((a, b) -> objective.isBetter(b.outcome(objective.name()).getAsDouble(),
                        a.outcome(objective.name()).getAsDouble()) ? b : a)
                .ifPresentOrElse(best -> out.printf("best %s so far: %s in %s %s%n", objective.name(),
                        ResultPrinter.number(best.outcome(objective.name()).getAsDouble()), best.experimentId(),
                        best.settings()), () -> out.println(none));
        return ExitCode.OK;
    }

    private static boolean feasible(Scenario scenario, Observation o) {
        return OutcomeConstraint.allMetBy(scenario.outcomeConstraints(), o);
    }

    /** A told result's objectives and constrained outcomes, marked when it breaks a bound. */
    private static String outcomes(Scenario scenario, Observation o) {
        List<String> names = new java.util.ArrayList<>(scenario.objectives().stream().map(g -> g.name()).toList());
        scenario.outcomeConstraints().stream().map(c -> c.outcome()).filter(n -> !names.contains(n))
                .forEach(names::add);
        String values = String.join(", ", names.stream().filter(n -> o.outcome(n).isPresent())
                .map(n -> n + " " + ResultPrinter.number(o.outcome(n).getAsDouble())).toList());
        return feasible(scenario, o) ? values : values + " (INFEASIBLE: breaks " + String.join(" and ",
                OutcomeConstraint.brokenBy(scenario.outcomeConstraints(), o).stream().map(Object::toString).toList()) + ")";
    }
}
