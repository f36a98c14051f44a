package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.CampaignReplay;
import org.sciloop.core.trace.TraceReader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", description = {
        "Re-run a trace's planner on its recorded observations and compare its decisions.",
        "Scenario, seed and options come from the trace, and no tool is called. Prints 'identical' (exit 0) or the",
        "first diverging decision (exit 1).",
        "With --planner: a counterfactual. Another planner goes on from the same first experiments against the",
        "same emulated experiment, in a campaign of its own (its own trace), and the two are compared."})
final class ReplayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    TraceArgument trace;

    @Option(names = "--planner", paramLabel = "NAME", description = {"run this planner instead (a counterfactual);"
            + " NAME:KEY=VALUE... sets its options on top of the scenario's, as in bench --planners"})
    String planner;

    @Option(names = "--initial", paramLabel = "N", description = {
            "with --planner: carry over the first N observed experiments (default: the first proposal's)"})
    Integer initial;

    @Option(names = "--out", paramLabel = "DIR", description = {
            "with --planner: the counterfactual's run folder (default: counterfactual-NAME beside the trace)"})
    Path out;

    @Option(names = "--accept-changed-data", description = {
            "Replay although a data file the campaign read (a table, a profile) changed since; the replay may"
                    + " then diverge for that reason alone."})
    boolean acceptChangedData;

    @Override
    public Integer call() {
        Path file = trace.file();
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(file));
        if (planner == null && (initial != null || out != null)) {
            throw new InputException("--initial and --out go with --planner (a counterfactual replay)");
        }
        CampaignReplay.Result result;
        try (Campaign recorded = CampaignLauncher.recorded(history, file)) {
            CampaignLauncher.requireSameData(history, recorded, acceptChangedData, file);
            if (planner != null) {
                return new Counterfactual(spec.commandLine().getOut()).run(file, history, recorded, planner, initial,
                        out);
            }
            result = CampaignReplay.replay(recorded, history);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (history.finished().isEmpty()) {
            // Paused, interrupted or cut off: what it holds replays, but it is not the whole campaign.
            spec.commandLine().getErr().printf("note: %s records no end of its campaign (paused, interrupted, or"
                    + " cut off); replaying the %d lines it holds%n", file, history.last().seq());
        }
        if (result.identical()) {
            out.printf("identical: %d proposals of planner %s replayed from %s%n", result.proposals(),
                    history.started().planner(), file);
            return ExitCode.OK;
        }
        CampaignReplay.Divergence d = result.divergence().get();
        out.printf("diverged at round %d (trace line %d), proposal %d of the replay%n  recorded: %s%n  replayed: %s%n",
                d.round(), d.seq(), result.proposals(), d.recorded(), d.replayed());
        return ExitCode.FAILED;
    }
}
