package org.sciloop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.ServiceUnavailableException;
import org.sciloop.core.campaign.AwaitingApprovalException;
import org.sciloop.core.campaign.AwaitingResultsException;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.campaign.PauseRequestedException;
import org.sciloop.core.campaign.PeopleInput;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.DataFiles;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.scenario.LearnFrom;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.trace.CommandLock;
import org.sciloop.core.trace.DamagedTraceException;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.PeopleSignatures;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceTail;
import org.sciloop.core.trace.TraceWriter;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.History;
import org.sciloop.memory.store.IndexedCampaign;
import org.sciloop.memory.store.TraceIndexer;

/** Starts and resumes campaigns in run folders; shared by {@code run} and {@code resume}. */
final class CampaignLauncher {
    private final Clock clock = Clock.systemUTC();
    private final PrintWriter out;
    private final PrintWriter err;
    /**
     * What a resume asks of the engine before it goes on: a stop or a pause, carried out at its first safe point,
     * once what was in flight is settled; or nothing.
     */
    private java.util.function.Consumer<CampaignEngine> atOnce = engine -> { };
    /** What a resume says it does: goes on, or (with a stop or pause at once) only settles what was in flight. */
    private String goingOn = "resuming";

    CampaignLauncher(PrintWriter out, PrintWriter err) {
        this.out = out;
        this.err = err;
    }

    /** Starts a campaign; {@code person} (or null) is recorded as who started it. */
    int start(Scenario scenario, long seed, Path requestedFolder, boolean dryRun, String person) {
        // Assemble and connect before creating anything on disk: a bad scenario leaves no half-made run folder.
        try (Campaign campaign = Campaign.assemble(scenario, seed, Registry.tools(), Registry.planners())) {
            if (dryRun) {
                // A dry run sends nothing, so it needs no device; what reads or runs nothing of the world (a lookup's
                // tables, a simulation's program) is checked as a live run checks it.
                campaign.planner().connect();
                if (!(campaign.tool() instanceof org.sciloop.core.tool.Actuator)) {
                    campaign.tool().connect();
                }
                campaign.lookups().values().forEach(org.sciloop.core.tool.Tool::connect);
            } else {
                campaign.connect();
            }
            TraceSigner signer = UserConfig.signer();
            History.Recalled history = history(campaign);  // before the run folder: a wrong id leaves nothing behind
            boolean folderWasThere = requestedFolder != null && Files.isDirectory(requestedFolder);
            Path folder = CampaignFiles.newRunFolder(requestedFolder, scenario.name(), clock.instant());
            boolean byHand = scenario.manual() && !scenario.tool().equals(Scenario.MANUAL_TOOL);
            out.printf("campaign %s: %s with planner %s, seed %d, budget %d in batches of %d -> %s%n",
                    scenario.name(), byHand ? "run by hand" : scenario.tool(), scenario.planner(), seed,
                    scenario.budget().experiments(), scenario.budget().batch(), folder);
            // What the tool answers from (a pool of rows, nearest measured points) decides what a result means;
            // run by hand, it only gives the space, and people give the results.
            out.printf(byHand ? "  the space of %s; its answers are not used: people tell the results%n" : "  %s: %s%n",
                    scenario.tool(), campaign.tool().descriptor().description());
            sayHistory(scenario, history);
            if (!campaign.lookups().isEmpty() && !Registry.planners().get(scenario.planner()).asksLookups()) {
                out.printf("  lookups %s: declared, but planner %s never asks them (a language-model planner does)%n",
                        String.join(", ", campaign.lookups().keySet()), scenario.planner());
            }
            // Constraints change what is proposed and what counts: said before anything runs.
            if (!campaign.space().constraints().isEmpty()) {
                out.printf("  proposes only: %s%n", String.join("; ", campaign.space().constraints().stream()
                        .map(org.sciloop.core.space.ParameterConstraint::text).toList()));
            }
            if (!scenario.outcomeConstraints().isEmpty()) {
                out.printf("  counts only experiments with: %s%n", String.join(", ", scenario.outcomeConstraints()
                        .stream().map(Object::toString).toList()));
            }
            out.flush();
            try {
                return startUnderSignalPause(scenario, campaign, folder, signer, history, dryRun, person);
            } catch (SignalPause.StoppedBeforeStart e) {
                return stoppedBeforeStart(folder, !folderWasThere);
            }
        }
    }

    /** A new campaign's engine on a new trace in {@code folder}, paused cleanly by a signal. */
    private int startUnderSignalPause(Scenario scenario, Campaign campaign, Path folder, TraceSigner signer,
                                      History.Recalled history, boolean dryRun, String person) {
        return underSignalPause(folder, campaign, !dryRun, signals -> {
            try (TraceWriter trace = TraceWriter.create(folder.resolve(CampaignFiles.TRACE),
                    UUID.randomUUID().toString(), clock, Durability.ACTUATIONS, signer)) {
                // A dry run calls nothing.
                Memoisation memo = dryRun ? Memoisation.NONE : Memoisation.of(campaign, err);
                CampaignEngine engine = (dryRun ? CampaignEngine.dryRun(campaign, trace, clock)
                        : new CampaignEngine(campaign, trace, clock)).answersFrom(memo.answers())
                        .learnFrom(history.campaigns());
                engine.requestedBy(person);
                signals.watch(engine, trace, campaign.tool());
                try (ProgressDisplay progress = new ProgressDisplay(scenario.name(),
                        scenario.budget().experiments(), 0, engine.state(), err);
                     RunControl control = RunControl.watch(folder, engine)) {
                    trace.subscribe(progress);
                    return engine.start(scenario.root().location().id());
                } finally {
                    memo.report(out);
                }
            }
        }, () -> {
            if (dryRun) {
                DryRunPrinter.print(folder.resolve(CampaignFiles.TRACE), out, scenario.manual());
            }
        });
    }

    /**
     * A signal came before the campaign's first line: nothing ran, so the run folder made for it goes again (one
     * left empty would only answer "no trace" to a resume); one the person named and made stays.
     */
    private int stoppedBeforeStart(Path folder, boolean madeForIt) {
        String left;
        try {
            Files.deleteIfExists(folder.resolve(CampaignFiles.TRACE));  // empty: its writer wrote nothing
            if (madeForIt) {
                Files.delete(folder);
                left = ", and its run folder " + folder + " was removed";
            } else {
                left = "; " + folder + " holds no trace of it";
            }
        } catch (IOException e) {
            left = "; " + folder + " is left as it is (" + IoReason.of(e) + ")";
        }
        err.printf("sciloop: stopped by a signal (Ctrl-C or SIGTERM) before the campaign began: nothing ran%s%n", left);
        err.flush();
        return ExitCode.FAILED;
    }

    /**
     * Refuses to go on from a trace whose data files changed since the campaign last read them (results of
     * two datasets would mix in one campaign), unless the person said to accept it: a resume then records the
     * new fingerprints in its {@code CampaignResumed} line.
     */
    static void requireSameData(CampaignHistory history, Campaign campaign, boolean accept, Path trace) {
        Map<String, String> now = campaign.scenario().root().dataFiles().fingerprints();
        List<String> changes = history.dataFiles().map(recorded -> DataFiles.changes(recorded, now)).orElse(List.of());
        if (!changes.isEmpty() && !accept) {
            throw new InputException(trace + ": the data this campaign read has changed since:\n  "
                    + String.join("\n  ", changes) + "\ngoing on would mix results from two versions of the data;"
                    + " restore the files, or pass --accept-changed-data to go on with them as they are now");
        }
    }

    /** Goes on with a paused or interrupted campaign; {@code person} (or null) is recorded as who resumed it. */
    int resume(Path folderOrTrace, boolean acceptChangedData, String person) {
        return resume(folderOrTrace, acceptChangedData, (history, campaign) -> PeopleInput.none(),
                "there is nothing to resume. Start a new campaign with 'sciloop run'.", person);
    }

    /**
     * Resumes a campaign with what people bring ({@code people}: results told, decisions on approvals), read
     * against its history and checked before anything is written; a mistake writes nothing. A finished campaign
     * is refused, saying {@code ifFinished}.
     */
    int resume(Path folderOrTrace, boolean acceptChangedData,
               java.util.function.BiFunction<CampaignHistory, Campaign, PeopleInput> people, String ifFinished) {
        return resume(folderOrTrace, acceptChangedData, people, ifFinished, null);
    }

    private int resume(Path folderOrTrace, boolean acceptChangedData,
                       java.util.function.BiFunction<CampaignHistory, Campaign, PeopleInput> people, String ifFinished,
                       String resumedBy) {
        Path trace = traceOf(folderOrTrace);
        try (CommandLock lock = CommandLock.take(trace, CommandLock.WAIT, this::note)) {
            return resumeHolding(trace, acceptChangedData, people, ifFinished, resumedBy);
        }
    }

    private void note(String line) {
        err.println("sciloop: " + line);
        err.flush();
    }

    private int resumeHolding(Path trace, boolean acceptChangedData,
                              java.util.function.BiFunction<CampaignHistory, Campaign, PeopleInput> people,
                              String ifFinished, String resumedBy) {
        Path folder = trace.toAbsolutePath().getParent();
        TraceWriter.requireNotInUse(trace);  // before any repair: a running campaign's last line is not torn
        if (CampaignFiles.neverStarted(trace)) {
            throw new InputException(trace + " is empty: its campaign was stopped before it wrote its first line,"
                    + " so nothing ran; start it again with 'sciloop run SCENARIO --out " + folder + "'");
        }
        Repaired repaired = setAsideUnfinishedTail(trace);
        Optional<Path> setAside = repaired.setAside();
        CampaignHistory history = repaired.history().requireUnfinished(ifFinished);
        if (history.dryRun()) {
            // Its experiments were traced, never sent: going on would send them for real, unasked.
            throw new InputException(trace + " is a dry run's (it sent nothing) and does not go on; run the campaign"
                    + " with 'sciloop run'");
        }
        try (Campaign campaign = recorded(history, trace)) {
            requireSameData(history, campaign, acceptChangedData, trace);
            PeopleInput input = people.apply(history, campaign);
            // Only for a resume that goes on: a refused tell signs nothing.
            warnOfUnsignedLines(trace, "this resume's signatures will cover them");
            try {
                campaign.connect();
            } catch (ServiceUnavailableException e) {
                throw paused(e, folder);  // still paused, nothing written: say how to go on once it is back
            }
            try {
                return resumeUnderSignalPause(trace, history, campaign, setAside, input, resumedBy);
            } catch (SignalPause.StoppedBeforeStart e) {
                err.printf("sciloop: stopped by a signal (Ctrl-C or SIGTERM) before the campaign went on: nothing"
                        + " was recorded, and it is as it was before this command%n");
                err.flush();
                return ExitCode.FAILED;
            }
        }
    }

    /** A campaign's engine going on after the last line of its {@code trace}, paused cleanly by a signal. */
    private int resumeUnderSignalPause(Path trace, CampaignHistory history, Campaign campaign,
                                       Optional<Path> setAside, PeopleInput input, String resumedBy) {
        Path folder = trace.toAbsolutePath().getParent();
        Scenario scenario = campaign.scenario();
        return underSignalPause(folder, campaign, true, signals -> {
            try (TraceWriter writer = TraceWriter.continueAfter(trace, history.last(),
                    history.started().formatVersion(), clock, Durability.ACTUATIONS, UserConfig.signer())) {
                Memoisation memo = Memoisation.of(campaign, err);
                // Said once the trace is ours to write: a trace that cannot be written is refused first.
                sayWhatGoesOnRecord(input, history, scenario, folder);
                CampaignEngine engine = new CampaignEngine(campaign, writer, clock).requestedBy(resumedBy)
                        .answersFrom(memo.answers());
                signals.watch(engine, writer, campaign.tool());
                try (ProgressDisplay progress = new ProgressDisplay(scenario.name(),
                        scenario.budget().experiments(), history.observations().size(), engine.state(), err);
                     RunControl control = RunControl.watch(folder, engine)) {
                    writer.subscribe(progress);
                    atOnce.accept(engine);
                    return engine.resume(history, setAside.map(p -> p.getFileName().toString()).orElse(null),
                            input);
                } finally {
                    memo.report(out);
                }
            }
        }, () -> { });
    }

    /** A campaign's engine run on its trace, which it opens and closes; a signal's pause watches the engine. */
    private interface EngineRun {
        CampaignResult run(SignalPause signals);
    }

    /**
     * Runs a campaign's engine, a signal pausing it cleanly (the handler outlives the trace's writer: a Ctrl-C's pause
     * ends only once the trace is sealed, and one after the campaign ended waits for its summary), and says how it
     * ended: handed out to people, waiting for approval, paused (indexed in the campaign store, and how to go on), or
     * ended ({@link #finish}, then {@code afterSummary}); the exit code.
     */
    private int underSignalPause(Path folder, Campaign campaign, boolean remember, EngineRun run,
                                 Runnable afterSummary) {
        Runnable index = remember ? () -> remember(folder, campaign.scenario()) : () -> { };
        try (SignalPause signals = SignalPause.install(folder, err, index)) {
            CampaignResult result;
            try {
                result = run.run(signals);
            } catch (AwaitingResultsException e) {
                return handedOut(folder, campaign);
            } catch (AwaitingApprovalException e) {
                return awaitingApproval(folder, campaign.scenario());
            } catch (ServiceUnavailableException | PauseRequestedException e) {
                remember(folder, campaign.scenario());
                throw paused(e, folder);
            }
            signals.ended();
            int exit = finish(folder, campaign, result, remember);
            afterSummary.run();
            return exit;
        }
    }

    /** What a resume is about to record (as whose), or where it goes on from. */
    private void sayWhatGoesOnRecord(PeopleInput input, CampaignHistory history, Scenario scenario, Path folder) {
        if (input.person().isPresent()) {
            // Say what is about to be recorded, as whose, before anything else is said.
            String person = input.person().get().person();
            input.told().forEach(t -> out.printf("recording %s as told by %s: %s%s%n", t.experimentId(), person,
                    t.failure().map(f -> "failed (" + f + ")").orElse(t.outcomes().toString()),
                    t.note().startsWith("run by hand as proposed") ? "" : " — " + t.note()));
            int onRecord = history.observations().size() + input.told().size();
            if (onRecord > scenario.budget().experiments()) {
                out.printf("note: with these, %d experiments are on record, past the budget of %d: no more will"
                        + " be proposed, and the campaign ends once nothing handed out is pending%n", onRecord,
                        scenario.budget().experiments());
            }
            input.decisions().forEach(d -> out.printf("recording %s as %s by %s%n", d.experimentId(),
                    d.approved() ? "approved" : "denied", person));
            out.printf("each signed with %s's key (%s)%n", person,
                    TraceSigner.fingerprint(input.person().get().publicKey()));
        } else {
            out.printf("%s %s (campaign %s) after %d of %d experiments -> %s%n", goingOn, scenario.name(),
                    history.campaignId(), history.observations().size(), scenario.budget().experiments(), folder);
        }
        out.flush();
    }

    /** Ends a paused campaign for good, as {@code person} asked; nothing is run. */
    int stopPaused(Path folderOrTrace, String why) {
        Path trace = traceOf(folderOrTrace);
        Path folder = trace.toAbsolutePath().getParent();
        try (CommandLock lock = CommandLock.take(trace, CommandLock.WAIT, this::note)) {
            TraceWriter.requireNotInUse(trace);
            CampaignHistory history = setAsideUnfinishedTail(trace).history()
                    .requireUnfinished("there is nothing to stop");  // another's stop came first
            if (!history.inFlight().isEmpty() && !recordedScenario(history, trace).manual()) {
                // A call in flight (interrupted, or a pause came before it ran again): the tool settles it first (an
                // instrument is asked what became of it), then the campaign stops at its first safe point.
                out.printf("an experiment of the campaign is in flight, its call never settled (its process ended,"
                        + " or a pause came before it ran again): going on only for the tool to settle it (an"
                        + " instrument is asked what became of its call; one that changed nothing is not run again),"
                        + " then stopping%n");
                atOnce = engine -> engine.requestStop(why);
                goingOn = "settling what was in flight in";
                return resumeHolding(trace, false, (h, c) -> PeopleInput.none(), "there is nothing to stop", null);
            }
            try (Campaign campaign = recorded(history, trace)) {
                CampaignResult result;
                try (TraceWriter writer = TraceWriter.continueAfter(trace, history.last(),
                        history.started().formatVersion(), clock, Durability.ACTUATIONS, UserConfig.signer())) {
                    result = new CampaignEngine(campaign, writer, clock).stop(history, why);
                }
                return finish(folder, campaign, result, true);
            }
        }
    }

    /**
     * Pauses a campaign whose process ended without pausing it (killed, or its machine went down), as {@code why}
     * says: the tool first settles what was in flight (an instrument is asked what became of its call), then the
     * campaign pauses at its first safe point, running nothing more, so its trace ends paused and sealed.
     */
    int pauseInterrupted(Path folderOrTrace, String why) {
        Path trace = traceOf(folderOrTrace);
        Path folder = trace.toAbsolutePath().getParent();
        try (CommandLock lock = CommandLock.take(trace, CommandLock.WAIT, this::note)) {
            TraceWriter.requireNotInUse(trace);
            if (!CampaignHistory.of(TraceReader.readIntact(trace)).interrupted()) {
                out.printf("campaign paused or ended meanwhile: nothing to do%n");  // another command came first
                return ExitCode.OK;
            }
            out.printf("its process ended without pausing it: going on only for the tool to settle what was in"
                    + " progress (an instrument is asked what became of its call; one that changed nothing is not"
                    + " run again), then pausing%n");
            out.flush();
            atOnce = engine -> engine.requestPause(why);
            goingOn = "settling what was in flight in";
            try {
                return resumeHolding(trace, false, (h, c) -> PeopleInput.none(), "there is nothing to pause", null);
            } catch (ServiceUnavailableException e) {
                if (!(e.getCause() instanceof PauseRequestedException)) {
                    throw e;  // its tool is out of reach: still interrupted, and said how to go on
                }
                out.printf("campaign paused: %s; 'sciloop resume %s' goes on%n", why, folder);
                return ExitCode.OK;
            }
        }
    }

    /**
     * Seals a paused campaign's trace whose process was killed after it wrote the pause and before its seal, so that
     * it verifies as paused; says so. Nothing else is written.
     */
    int sealPaused(Path folderOrTrace) {
        Path trace = traceOf(folderOrTrace);
        try (CommandLock lock = CommandLock.take(trace, CommandLock.WAIT, this::note)) {
            TraceWriter.requireNotInUse(trace);
            CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
            if (history.interrupted() || history.finished().isPresent()) {
                out.printf("campaign %s changed meanwhile: nothing to do%n", history.campaignId());
                return ExitCode.OK;
            }
            warnOfUnsignedLines(trace, "this seal covers them");
            try (TraceWriter writer = TraceWriter.continueAfter(trace, history.last(),
                    history.started().formatVersion(), clock, Durability.ACTUATIONS, UserConfig.signer())) {
                out.printf(writer.sealTail() ? "campaign %s is paused; its process was killed before it sealed the"
                        + " trace, which is sealed now%n" : "campaign %s is paused, and sealed%n", history.campaignId());
            }
            return ExitCode.OK;
        }
    }

    /**
     * Sets aside what an interrupted process left unfinished at the end of the trace, saying so: a last line
     * cut off mid-write, or the lines of a {@code tell} that stopped before all its results were on record (a
     * tell is recorded whole or not at all). The file that keeps them, if any.
     */
    private Repaired setAsideUnfinishedTail(Path trace) {
        Optional<Path> torn = TraceTail.setAsideTorn(trace);
        torn.ifPresent(aside -> out.printf("the last line of %s was cut off mid-write (never acted upon);"
                + " its bytes are kept in %s%n", trace, aside));
        List<TraceRecord> records = TraceReader.readIntact(trace);
        requirePeoplesSignatures(trace, records);
        CampaignHistory history = CampaignHistory.of(records);
        Optional<CampaignHistory.InterruptedTell> tell = history.interruptedTell();
        if (tell.isEmpty()) {
            return new Repaired(history, torn);
        }
        CampaignHistory.InterruptedTell t = tell.get();
        Path aside = TraceTail.setAsideFrom(trace, t.line(), "interrupted-tell-" + t.line());
        out.printf("a tell of %d results stopped after recording %d of them; a tell is on record whole or not at"
                + " all, so its lines (from line %d) are set aside in %s and none of it counts: tell those results"
                + " again%n", t.told(), t.recorded(), t.line(), aside);
        return new Repaired(CampaignHistory.of(records.subList(0, Math.toIntExact(t.line() - 1))), Optional.of(aside));
    }

    /**
     * Nothing goes on from a trace in which a person's signature no longer matches what it signs (a told result
     * changed, and the chain and checkpoints made again over it): what followed would seal the change in.
     */
    private static void requirePeoplesSignatures(Path trace, List<TraceRecord> records) {
        PeopleSignatures people = new PeopleSignatures(Optional.empty());
        records.forEach(people::accept);
        if (!people.problems().isEmpty()) {
            throw new DamagedTraceException(trace + ": " + people.problems().get(0) + (people.problems().size() > 1
                    ? " (and " + (people.problems().size() - 1) + " more)" : "") + "; what a person told or decided may"
                    + " have been changed, so nothing was written ('sciloop verify' says more)");
        }
    }

    /** The campaign as it stands once its unfinished tail is set aside, and the file that keeps the tail. */
    private record Repaired(CampaignHistory history, Optional<Path> setAside) {
    }

    /**
     * Lines after the last signed checkpoint were signed by no one: the interrupted process stopped first. The
     * resume's signatures will cover them as they are now, so the person resuming is told which they are.
     */
    private void warnOfUnsignedLines(Path trace, String whatSigns) {
        TraceReader.Report report = TraceReader.verify(trace);
        TraceReader.Signing signing = report.signing();
        if (!signing.keys().isEmpty() && report.lines() > signing.lastCheckpoint()) {
            out.printf("note: lines %d-%d follow the last signed checkpoint (line %d): the interrupted process never"
                    + " signed them, and %s as they are now; if the trace may have been handled since, check them"
                    + " first (verify will name them)%n", signing.lastCheckpoint() + 1, report.lines(),
                    signing.lastCheckpoint(), whatSigns);
        }
    }

    /**
     * The campaign a trace records: its scenario as recorded (not as the file reads now: a campaign goes on
     * under the rules it began with), its seed, its planner and tool rebuilt from their plugins.
     */
    static Campaign recorded(CampaignHistory history, Path trace) {
        return withTheTraceToBlame(history, trace, (scenario, seed) ->
                Campaign.assemble(scenario, seed, Registry.tools(), Registry.planners()));
    }

    /** The scenario recorded in a trace, read without building its tool or planner (their files may be gone). */
    static Scenario recordedScenario(CampaignHistory history, Path trace) {
        return withTheTraceToBlame(history, trace, (scenario, seed) -> scenario);
    }

    private static <T> T withTheTraceToBlame(CampaignHistory history, Path trace,
                                             java.util.function.BiFunction<Scenario, Long, T> use) {
        TraceEvent.CampaignStarted started = history.started();
        String where = trace + " line 1";  // the campaign's start is the trace's first line
        if (started.source() == null || started.document() == null || !started.document().isObject()) {
            throw new DamagedTraceException(where + ": the campaign's start records no scenario");
        }
        ScenarioLocation location;
        try {
            location = ScenarioLocation.parse(started.source());
        } catch (IllegalArgumentException e) {
            throw new DamagedTraceException(where + ": names no scenario source I understand: " + started.source());
        }
        try {
            return use.apply(Scenario.fromRecorded(started.document(), location), started.seed());
        } catch (ScenarioException e) {
            // Blame the trace, where the scenario is read from, not the file it was once copied from.
            String prefix = location.displayName() + ": ";
            String why = e.getMessage().startsWith(prefix) ? e.getMessage().substring(prefix.length()) : e.getMessage();
            throw new ScenarioException(where + ": the scenario recorded there (from " + location.displayName()
                    + ") cannot be used: " + why);
        }
    }

    /**
     * A batch waits for people: what is pending is written to {@code pending.csv} (from the sealed trace, so
     * the file and the record agree), with what to do next. Nothing failed and no process waits: exit 0.
     */
    private int handedOut(Path folder, Campaign campaign) {
        remember(folder, campaign.scenario());
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(folder.resolve(CampaignFiles.TRACE)));
        Path pending = ManualResults.writePending(folder, history, campaign);
        out.printf("%d experiment%s to run by hand: %s%n", history.inFlight().size(),
                history.inFlight().size() == 1 ? "" : "s", pending);
        out.printf("run them, fill in %s for each (or a reason in 'failed'), then record them with%n  sciloop tell %s"
                + " %s%nthe campaign is paused until then; 'sciloop status %s' shows where it stands%n",
                ManualResults.toFillIn(campaign), folder, pending, folder);
        return ExitCode.OK;
    }

    /** Experiments wait for approval: which, and how to decide. Nothing failed and no process waits: exit 0. */
    private int awaitingApproval(Path folder, Scenario scenario) {
        remember(folder, scenario);
        CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(folder.resolve(CampaignFiles.TRACE)));
        List<PlannedExperiment> waiting = history.awaitingApproval();
        out.printf("%d experiment%s for approval (the safety policy allowed %s; a person decides):%n", waiting.size(),
                waiting.size() == 1 ? " waits" : "s wait", waiting.size() == 1 ? "it" : "them");
        waiting.stream().limit(20).forEach(e -> out.printf("  %-8s %s%n", e.id(), e.settings()));
        if (waiting.size() > 20) {
            out.printf("  ... and %d more ('sciloop status %s' lists them all)%n", waiting.size() - 20, folder);
        }
        out.printf("decide with 'sciloop approve %s EXP... [--reason TEXT]' or 'sciloop deny %s EXP... --reason"
                + " TEXT'; each runs or is refused on its own, and the campaign is paused until then%n", folder, folder);
        return ExitCode.OK;
    }

    /**
     * The earlier campaigns the scenario says to learn from ({@code memory: {learn-from}}), read from the campaign
     * store; none when it says nothing. A store that cannot be read stops the start: the campaign would not be
     * the one asked for.
     */
    private static History.Recalled history(Campaign campaign) {
        Optional<LearnFrom> from = campaign.scenario().learnFrom();
        if (from.isEmpty()) {
            return new History.Recalled(List.of(), List.of());
        }
        try (CampaignStore store = CampaignStore.open(null)) {
            return History.recall(store, from.get(), campaign.space(), campaign.scenario().objectives());
        }
    }

    private void sayHistory(Scenario scenario, History.Recalled history) {
        if (scenario.learnFrom().isEmpty()) {
            return;
        }
        if (history.campaigns().isEmpty()) {
            out.printf("  learns from: nothing yet (no earlier campaign in the store fits memory: learn-from)%n");
        } else {
            Map<String, Long> byScenario = new java.util.TreeMap<>();
            history.campaigns().forEach(c -> byScenario.merge(c.scenario(), 1L, Long::sum));
            out.printf("  learns from: %d observations of %d earlier campaign%s (%s)%n", history.observations(),
                    history.campaigns().size(), history.campaigns().size() == 1 ? "" : "s",
                    String.join(", ", byScenario.entrySet().stream().map(e -> e.getKey() + " x" + e.getValue())
                            .toList()));
        }
        history.passedOver().forEach(why -> out.printf("  passed over: %s%n", why));
    }

    /**
     * Indexes the campaign (ended or paused) in the campaign store, unless its scenario keeps it out. The trace is
     * the record, so a store that cannot take it loses nothing: that is said, with how to add it later.
     */
    private void remember(Path folder, Scenario scenario) {
        if (!scenario.remembered()) {
            return;
        }
        try (CampaignStore store = CampaignStore.open(null)) {
            IndexedCampaign indexed = TraceIndexer.read(folder.resolve(CampaignFiles.TRACE));
            store.index(indexed);
            out.printf("memory       indexed as %s in %s%n", indexed.id(), store.description());
            out.flush();  // a signal's pause indexes as the process ends
        } catch (RuntimeException e) {
            out.flush();
            err.printf("sciloop: the campaign is not in the campaign store (%s); 'sciloop memory add %s' adds it"
                    + " later%n", e.getMessage(), folder);
        }
    }

    /** The campaign paused (something it needs is out of reach, or someone asked): say so, and how to go on. */
    private static ServiceUnavailableException paused(RuntimeException e, Path folder) {
        return new ServiceUnavailableException(e.getMessage() + "\nthe campaign is paused; "
                + (e instanceof PauseRequestedException ? "" : "when it is back, ") + "'sciloop resume " + folder
                + "' goes on from here", e);
    }

    /** The trace of a run folder, or the file itself. */
    static Path traceOf(Path folderOrTrace) {
        return Files.isDirectory(folderOrTrace) ? folderOrTrace.resolve(CampaignFiles.TRACE) : folderOrTrace;
    }

    /**
     * Writes the summary and prints the result; the exit code. The trace is complete by now, so a summary that
     * cannot be written loses nothing: it is said, with how to get it back, and the exit code is 3 (not the
     * input's fault).
     */
    private int finish(Path folder, Campaign campaign, CampaignResult result, boolean remember) {
        Scenario s = campaign.scenario();
        if (s.manual()) {
            try {
                Files.deleteIfExists(folder.resolve(ManualResults.PENDING));  // nothing waits any more
            } catch (IOException e) {
                err.printf("sciloop: the campaign has ended, but %s could not be removed (%s); nothing in it waits%n",
                        folder.resolve(ManualResults.PENDING), IoReason.of(e));
            }
        }
        // The summary first: it is the file a person looks for, and what is printed names it.
        UncheckedIOException unwritten = null;
        try {
            CampaignFiles.writeSummary(folder, result, s.name(), s.planner(), campaign.seed());
        } catch (UncheckedIOException e) {
            unwritten = e;
        }
        ResultPrinter.print(out, result, s.name(), s.planner(), campaign.seed(), folder);
        if (remember) {
            remember(folder, s);
        }
        if (unwritten != null) {
            out.flush();
            err.printf("sciloop: the campaign ended and its trace is complete (%s), but %s: %s. 'sciloop report %s'"
                    + " rebuilds what the summary says from the trace%n", folder.resolve(CampaignFiles.TRACE),
                    unwritten.getMessage(), IoReason.of(unwritten.getCause()), folder);
            return ExitCode.INTERNAL_ERROR;
        }
        return ExitCode.OK;
    }
}
