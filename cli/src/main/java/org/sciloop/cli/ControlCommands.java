package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sciloop pause} and {@code sciloop stop}: a person's request to a campaign, on record with their name. */
final class ControlCommands {
    /** How long the command waits for the running process to reach its safe point before it leaves it to it. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private ControlCommands() {
    }

    abstract static class Request implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "RUN_DIR", description = "the run folder")
        Path runDir;

        @Option(names = "--reason", paramLabel = "TEXT", description = "why, for the record")
        String reason = "";

        @Option(names = "--as", paramLabel = "NAME", description = "who asks (default: the login name, ${sys:user.name})")
        String person = System.getProperty("user.name");

        abstract RunControl.Verb verb();

        @Override
        public Integer call() throws InterruptedException {
            UserConfig.knownPerson("--as", person);
            Path trace = CampaignLauncher.traceOf(runDir);
            if (!Files.isRegularFile(trace) || CampaignFiles.neverStarted(trace)) {
                throw new InputException(runDir + " holds no campaign (" + CampaignFiles.TRACE + ")");
            }
            PrintWriter out = spec.commandLine().getOut();
            String verbText = verb() == RunControl.Verb.PAUSE ? "pause" : "stop";
            Optional<String> writer = TraceWriter.writer(trace);
            if (writer.isEmpty()) {
                CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
                if (history.finished().isPresent()) {
                    throw new InputException("campaign " + history.campaignId() + " already finished ("
                            + history.finished().get().stopReason() + "); there is nothing to " + verbText);
                }
                CampaignLauncher launcher = new CampaignLauncher(out, spec.commandLine().getErr());
                if (verb() == RunControl.Verb.STOP) {
                    return launcher.stopPaused(runDir, verb().asked(person, reason));
                }
                if (history.interrupted()) {
                    // Killed or crashed: paused on record, and sealed, as if it had taken the pause itself.
                    return launcher.pauseInterrupted(runDir, verb().asked(person, reason));
                }
                if (!(history.last().event() instanceof TraceEvent.Checkpoint c && c.sealed())) {
                    return launcher.sealPaused(runDir);  // killed between its pause and its seal
                }
                boolean manual = CampaignLauncher.recordedScenario(history, trace).manual();
                out.printf("campaign %s is not running: it is already paused ('sciloop " + (manual ? "tell" : "resume")
                        + " %s' goes on)%n", history.campaignId(), runDir);
                return ExitCode.OK;
            }
            Path request = RunControl.request(trace.toAbsolutePath().getParent(), verb(), person, reason);
            out.printf("asked %s to %s; the experiment in progress finishes first%n", writer.get(), verbText);
            out.flush();
            Instant deadline = Instant.now().plus(WAIT);
            while (TraceWriter.writer(trace).isPresent()) {
                if (Instant.now().isAfter(deadline)) {
                    out.printf("still running after %d s: it will %s once its experiment in progress ends%n",
                            WAIT.toSeconds(), verbText);
                    return ExitCode.OK;
                }
                Thread.sleep(RunControl.POLL_MS);
            }
            boolean taken = !RunControl.withdraw(request);  // one the process ended without taking is void
            CampaignHistory after = CampaignHistory.of(TraceReader.readIntact(trace));
            if (after.finished().isEmpty() && verb() == RunControl.Verb.STOP) {
                // Paused meanwhile (someone's pause, a signal) before this stop was acted on: a stop ends a paused
                // campaign where it stands, as it would have had it asked a moment later.
                out.printf("campaign %s paused before it %s this stop; ending it where it stands%n",
                        after.campaignId(), taken ? "acted on" : "took");
                out.flush();
                return new CampaignLauncher(out, spec.commandLine().getErr()).stopPaused(runDir,
                        verb().asked(person, reason));
            }
            out.printf("campaign %s %s%n", after.campaignId(), after.finished().map(f -> "stopped: " + f.detail())
                    .orElse("paused; 'sciloop resume " + runDir + "' goes on"));
            return ExitCode.OK;
        }
    }

    @Command(name = "pause", description = {"Pause a running campaign at its next safe point (the experiment in"
            + " progress finishes); on record with who asked.", "'sciloop resume' goes on from there."})
    static final class Pause extends Request {
        @Override
        RunControl.Verb verb() {
            return RunControl.Verb.PAUSE;
        }
    }

    @Command(name = "stop", description = {"End a campaign for good after the experiment in progress (never cutting"
            + " one); on record with who asked.", "A paused campaign is ended where it stands."})
    static final class Stop extends Request {
        @Override
        RunControl.Verb verb() {
            return RunControl.Verb.STOP;
        }
    }
}
