package org.sciloop.service;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The campaigns of the service and the processes that work on them. Submitted campaigns wait in a queue;
 * up to {@code parallel} run at once, each as a {@code sciloop} process of its own, and two campaigns that
 * drive one instrument never run at once. What a person does to a campaign (tell, approve, deny, resume, stop)
 * runs as the same sciloop command, as that person, so the trace records it as it would from a terminal.
 *
 * <p>Where a campaign stands is read from its trace whenever its process ends. A service killed while campaigns
 * run finds them again on its next start: a process still at work (it outlived the service) is followed until it
 * ends; a campaign whose process is gone is resumed from its trace.
 */
public final class CampaignQueue implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(CampaignQueue.class);
    private static final long TICK_MS = 200;
    /** How long an accepted action is waited for before it is answered as still at work (202). */
    private static final Duration ACCEPTED_WAIT = Duration.ofSeconds(3);

    private final Store store;
    private final SciloopCommands commands;
    private final CampaignProcesses processes;
    private final Path campaignsFolder;
    private final int parallel;
    private final Clock clock;
    /** This service's name among those that share one database: it goes on only with its own campaigns. */
    private final String name;
    /** The tools a scenario sent as YAML may use: not those that run programs a scenario names, by default. */
    private final Set<String> yamlTools;
    /** The process at work on each running campaign that this service started. */
    private final Map<String, Process> runners = new HashMap<>();
    /** The campaigns whose process is a person's action (an approval running what it approved, a tell ...): its verb. */
    private final Map<String, String> acting = new HashMap<>();
    /** Pauses and stops answered while their campaign's process had no trace yet: passed on once it has. */
    private final Map<String, List<String>> untilStarted = new HashMap<>();
    /** The campaigns followed since a restart (their process outlived the service) whose kept request was looked at. */
    private final Set<String> passedOn = new HashSet<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sciloop-queue");
        t.setDaemon(true);
        return t;
    });

    public CampaignQueue(Store store, SciloopCommands commands, Path dataFolder, Path configDirectory, int parallel,
                         Clock clock, Executor executor, String name, Set<String> yamlTools) {
        this.store = store;
        this.commands = commands;
        this.processes = new CampaignProcesses(commands, dataFolder, configDirectory, clock, executor);
        this.campaignsFolder = dataFolder.resolve("campaigns");
        this.parallel = parallel;
        this.clock = clock;
        this.name = name;
        this.yamlTools = Set.copyOf(yamlTools);
    }

    /** Starts the queue: from now on, queued campaigns start as their turn and their instrument come. */
    public void start() {
        ticker.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.error("the campaign queue could not move on", e);
            }
        }, 0, TICK_MS, TimeUnit.MILLISECONDS);
    }

    /** Queues a campaign: its scenario (a built-in name, or YAML kept with the campaign), checked first. */
    public synchronized QueuedCampaign submit(Caller caller, String builtin, String yaml,
                                              SciloopCommands.Overrides overrides) {
        if ((builtin == null) == (yaml == null)) {
            throw new Problem(400, "give 'scenario' (a built-in name) or 'yaml' (a scenario), one of the two");
        }
        if (builtin != null && !commands.scenarios().contains(builtin)) {
            // Only names: a path would let a request read the service's files.
            throw new Problem(400, "'scenario': no built-in scenario '" + builtin + "'; built-in: "
                    + String.join(", ", commands.scenarios()) + " (send your own as 'yaml')");
        }
        String id = "c" + Long.toString(clock.millis(), 36) + Integer.toString((int) (Math.random() * 1296), 36);
        Path folder = campaignsFolder.resolve(id);
        String scenarioArgument = builtin;
        try {
            Files.createDirectories(folder);
            if (yaml != null) {
                Path file = folder.resolve("scenario.yaml");
                Files.writeString(file, yaml);
                scenarioArgument = file.toString();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot keep the campaign in " + folder + ": " + e.getMessage(), e);
        }
        SciloopCommands.Submission checked;
        try {
            checked = commands.check(scenarioArgument, overrides);
        } catch (org.sciloop.core.InputException e) {
            deleteQuietly(folder);
            throw new Problem(400, forClient(e.getMessage(), folder));
        }
        if (yaml != null && !yamlTools.contains(checked.tool())) {
            deleteQuietly(folder);
            throw new Problem(403, "tool '" + checked.tool() + "' is not allowed in a scenario sent as YAML here: it"
                    + " would run what the scenario names as the service's user. Allowed: " + String.join(", ",
                    new java.util.TreeSet<>(yamlTools)) + " (an admin starts the service with --allow-tools to"
                    + " change that; built-in scenarios may use any tool)");
        }
        List<String> run = new ArrayList<>(List.of("run", scenarioArgument, "--out", folder.resolve("run").toString(),
                "--as", caller.name()));
        run.addAll(overrides.arguments());
        QueuedCampaign c = new QueuedCampaign(id, checked.name(), caller.name(), clock.instant().toString(),
                QueuedCampaign.State.QUEUED, store.nextPosition(), folder.resolve("run"), run, checked.device(), "");
        store.addCampaign(c);
        LOG.info("{} queued {} ({}) as {}", caller.name(), checked.name(), scenarioArgument, id);
        return c;
    }

    public QueuedCampaign get(String id) {
        return store.campaign(id).orElseThrow(() -> new Problem(404, "no campaign " + id));
    }

    public List<QueuedCampaign> all() {
        return store.campaigns();
    }

    /**
     * The instruments the service knows (those its campaigns use, and those held), each with what holds it (a
     * campaign's id, or "held by NAME: reason") and the queued campaigns that wait for it.
     */
    public synchronized Map<String, Instrument> instruments() {
        Map<String, String> holds = store.holds();
        Map<String, Instrument> known = new java.util.TreeMap<>();
        holds.forEach((device, holder) -> known.put(device, new Instrument(device, holder, new ArrayList<>())));
        for (QueuedCampaign c : store.campaigns()) {
            if (c.device() != null) {
                Instrument i = known.computeIfAbsent(c.device(), d -> new Instrument(d, null, new ArrayList<>()));
                if (c.state() == QueuedCampaign.State.QUEUED) {
                    i.waiting().add(c.id());
                }
            }
        }
        return known;
    }

    /** An instrument: what holds it (null if free), and the queued campaigns that need it. */
    public record Instrument(String device, String heldBy, List<String> waiting) {
        /** Held by an operator (not by a campaign that runs on it). */
        public boolean onHold() {
            return heldBy != null && heldBy.startsWith(HELD_BY);
        }
    }

    private static final String HELD_BY = "held by ";

    /** An operator takes an instrument out of use (maintenance, calibration): no campaign starts on it. */
    public synchronized Instrument hold(String named, Caller caller, String reason) {
        String device = instrument(named);
        String holder = HELD_BY + caller.name() + (reason == null || reason.isBlank() ? "" : ": " + reason);
        if (!store.hold(device, holder)) {
            String by = store.holder(device).orElse("?");
            throw new Problem(409, device + " is already held, " + (by.startsWith(HELD_BY) ? by
                    : "by campaign " + by + ", which runs on it; stop or pause it first, or hold it once it ends"));
        }
        LOG.info("{} holds {}: {}", caller.name(), device, reason);
        return instruments().get(device);
    }

    /** Ends an operator's hold: queued campaigns that need the instrument may start again. */
    public synchronized Instrument release(String named, Caller caller) {
        String device = instrument(named);
        String holder = store.holder(device).orElseThrow(() -> new Problem(404, "nothing holds " + device));
        if (!holder.startsWith(HELD_BY)) {
            throw new Problem(409, device + " is held by campaign " + holder + ", which runs on it; it is released"
                    + " when that campaign stops running");
        }
        store.releaseHold(device, holder);
        LOG.info("{} released {} ({})", caller.name(), device, holder);
        // A device no campaign drives is listed only while it is held.
        return instruments().getOrDefault(device, new Instrument(device, null, List.of()));
    }

    /**
     * The instrument an operator names, as campaigns name it: a hold of {@code opc.tcp://localhost:4840} must keep a
     * campaign on {@code opc.tcp://127.0.0.1:4840} from starting. One the service lists is taken as listed.
     */
    private String instrument(String named) {
        if (named == null || named.isBlank()) {
            throw new Problem(400, "'device' is missing: name the instrument as GET /api/instruments lists it");
        }
        if (instruments().containsKey(named)) {
            return named;
        }
        try {
            return commands.instrument(named);
        } catch (org.sciloop.core.InputException e) {
            throw new Problem(400, e.getMessage());
        }
    }

    /** Takes a queued campaign out of the queue. */
    public synchronized QueuedCampaign cancel(String id, Caller caller) {
        return cancel(id, caller, "");
    }

    private synchronized QueuedCampaign cancel(String id, Caller caller, String reason) {
        QueuedCampaign c = get(id);
        if (c.state() != QueuedCampaign.State.QUEUED) {
            throw new Problem(409, id + " is " + c.state().name().toLowerCase() + ", not queued; only queued work is"
                    + " cancelled (stop ends a started campaign)");
        }
        QueuedCampaign cancelled = c.with(QueuedCampaign.State.CANCELLED, "cancelled by " + caller.name()
                + (reason.isBlank() ? "" : ": " + reason));
        store.saveCampaign(cancelled);
        return cancelled;
    }

    /** Moves a queued campaign to {@code position} (1 = next to run) among the queued ones. */
    public synchronized QueuedCampaign moveTo(String id, int position) {
        QueuedCampaign c = get(id);
        if (c.state() != QueuedCampaign.State.QUEUED) {
            throw new Problem(409, id + " is " + c.state().name().toLowerCase() + ", not queued");
        }
        List<QueuedCampaign> queued = new ArrayList<>(store.campaigns().stream()
                .filter(q -> q.state() == QueuedCampaign.State.QUEUED && !q.id().equals(id)).toList());
        if (position < 1 || position > queued.size() + 1) {
            throw new Problem(400, "position " + position + " is outside the queue (1-" + (queued.size() + 1) + ")");
        }
        queued.add(position - 1, c);
        for (int i = 0; i < queued.size(); i++) {
            store.saveCampaign(queued.get(i).at(i + 1));
        }
        return get(id);
    }

    /**
     * Runs a sciloop command on a campaign that is not running ({@code tell}, {@code approve}, {@code deny},
     * {@code resume}, {@code stop}), as {@code caller}: the answer once the command has exited, or once it has
     * written to the trace (accepted, and still at work: the campaign goes on running).
     */
    public Answer act(String id, Caller caller, List<String> subcommand, Duration wait) {
        awaitEarlierAction(id, wait);
        QueuedCampaign c;
        CampaignProcesses.Started started;
        long traceBefore;
        synchronized (this) {
            c = get(id);
            if (c.state() == QueuedCampaign.State.QUEUED) {
                throw new Problem(409, id + " has not started yet (queued)");
            }
            if (c.state().ended()) {
                throw new Problem(409, id + " has ended (" + c.state().name().toLowerCase() + (c.detail().isEmpty()
                        ? "" : ": " + c.detail()) + ")");
            }
            if (c.state() == QueuedCampaign.State.RUNNING) {
                throw new Problem(409, id + " is running; pause it first, or wait until it waits for people");
            }
            List<String> args = new ArrayList<>(subcommand);
            args.add(1, c.runDir().toString());
            args.addAll(List.of("--as", caller.name()));
            traceBefore = size(c.trace());
            if (!store.take(c, c.state(), name, subcommand.get(0) + " by " + caller.name())) {
                Optional<String> holder = c.device() == null ? Optional.empty() : store.holder(c.device());
                throw new Problem(409, holder.isEmpty() ? id + " changed meanwhile; look again"
                        : "its instrument, " + c.device() + ", is " + (holder.get().startsWith(HELD_BY) ? holder.get()
                        : "in use by campaign " + holder.get()) + "; try again once it is free");
            }
            if (subcommand.get(0).equals("resume") || subcommand.get(0).equals("stop")) {
                int why = subcommand.indexOf("--reason");  // kept until carried out, as a running one's are
                store.request(id, Asked.of(subcommand.get(0), caller.name(), why < 0 ? "" : subcommand.get(why + 1)));
            }
            started = processes.start(c, subcommand.get(0), args);
            runners.put(id, started.process());
            acting.put(id, subcommand.get(0));
        }
        // A command writes to the trace only once its input passed every check: from then on it is accepted,
        // and what it goes on to run (approved experiments, a resumed campaign) may take long.
        Process p = started.process();
        Instant deadline = clock.instant().plus(wait);
        boolean accepted = false;
        try {
            while (p.isAlive() && clock.instant().isBefore(deadline)) {
                if (!accepted && size(c.trace()) > traceBefore) {
                    accepted = true;
                    deadline = clock.instant().plus(ACCEPTED_WAIT);
                }
                Thread.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (p.isAlive()) {
            return new Answer(202, forClient(started.output(), c.runDir().getParent()));
        }
        int exit = p.exitValue();
        settle(id, p);
        String output = forClient(started.output(), c.runDir().getParent());
        // What the command said of the request, without the prefix it puts before its errors on a terminal.
        String problem = output.strip().replaceAll("(?m)^sciloop: ", "");
        if (exit == 2) {
            throw new Problem(400, problem);
        }
        if (exit != 0) {
            throw new Problem(409, problem);
        }
        return new Answer(200, output);
    }

    /**
     * Waits while a person's earlier action on the campaign is still at work (the experiment an approval let run,
     * say), so that two people's decisions in a row both count instead of the second being refused as "running".
     */
    private void awaitEarlierAction(String id, Duration wait) {
        Instant deadline = clock.instant().plus(wait);
        while (clock.instant().isBefore(deadline)) {
            synchronized (this) {
                Process p = runners.get(id);
                if (!acting.containsKey(id) || p == null || acting.get(id).equals("resume")) {
                    return;  // a resume runs the campaign on: nothing to wait for
                }
                if (!p.isAlive()) {
                    settle(id, p);
                    return;
                }
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Asks a running campaign to pause or stop at its next safe point, as {@code caller}; answers at once. */
    public Answer request(String id, Caller caller, String verb, String reason) {
        QueuedCampaign c = get(id);
        if (c.state() == QueuedCampaign.State.QUEUED && verb.equals("stop")) {
            return new Answer(200, "cancelled: " + cancel(id, caller, reason).detail());
        }
        if (c.state() != QueuedCampaign.State.RUNNING) {
            if (verb.equals("stop")) {
                return act(id, caller, List.of("stop", "--reason", reason), Duration.ofSeconds(60));
            }
            throw new Problem(409, id + " is not running (" + c.state().name().toLowerCase() + ")");
        }
        List<String> args = List.of(verb, c.runDir().toString(), "--reason", reason, "--as", caller.name());
        if (verb.equals("stop")) {
            processes.cancelPending(c);  // a job still waiting for a node never starts
        }
        store.request(id, Asked.of(verb, caller.name(), reason));  // carried out after a restart, if need be
        synchronized (this) {
            if (size(c.trace()) == 0) {
                // Its process is still starting and has no trace to ask through yet (a tester's pause was lost so):
                // passed on once the campaign has written its first line.
                untilStarted.put(id, args);
            } else {
                processes.start(c, verb, args);  // it asks and waits for the campaign; the queue sees it stop
            }
        }
        return new Answer(202, "asked " + id + " to " + verb + " at its next safe point");
    }

    /**
     * Runs a command that only reads a campaign's run folder ({@code verify}, {@code report}) and waits for it:
     * 200 if it exited 0, else 409 (for verify: not verified); what it said either way.
     */
    public Answer read(String id, Caller caller, List<String> subcommand) {
        QueuedCampaign c = get(id);
        if (size(c.trace()) == 0) {
            throw new Problem(409, id + " has no trace yet (" + c.state().name().toLowerCase() + ")");
        }
        List<String> args = new ArrayList<>(subcommand);
        args.add(1, c.runDir().toString());
        CampaignProcesses.Started started = processes.start(c, subcommand.get(0), args);
        Process p = started.process();
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new Problem(504, subcommand.get(0) + " of " + id + " took more than 5 minutes");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Problem(503, "the service is stopping");
        }
        LOG.info("{} ran {} on {}", caller.name(), subcommand.get(0), id);
        return new Answer(p.exitValue() == 0 ? 200 : 409, forClient(started.output(), c.runDir().getParent()));
    }

    /** The answer to an action: 200 when done, 202 when accepted and still at work; what the command said. */
    public record Answer(int status, String output) {
    }

    /** One pass: settle campaigns whose process ended, then start what the queue allows. */
    synchronized void tick() {
        List<QueuedCampaign> campaigns = store.campaigns();
        for (java.util.Iterator<Map.Entry<String, List<String>>> i = untilStarted.entrySet().iterator(); i.hasNext(); ) {
            Map.Entry<String, List<String>> asked = i.next();
            QueuedCampaign c = get(asked.getKey());
            if (c.state() != QueuedCampaign.State.RUNNING) {
                i.remove();  // it ended first; what it ended as says the rest
            } else if (size(c.trace()) > 0) {
                processes.start(c, asked.getValue().get(0), asked.getValue());
                i.remove();
            }
        }
        for (QueuedCampaign c : campaigns) {
            if (c.state() != QueuedCampaign.State.RUNNING) {
                continue;
            }
            Process p = runners.get(c.id());
            if (p != null && !p.isAlive()) {
                settle(c.id(), p);
            } else if (p == null && store.runner(c.id()).map(name::equals).orElse(true)) {
                if (TraceWriter.writer(c.trace()).isEmpty()) {
                    recover(c);  // its process (of this service, before a restart) is gone
                } else {
                    passOnAsked(c);  // its process outlived the service, and is followed until it ends
                }
            }
        }
        campaigns = store.campaigns();
        long running = store.running(name);  // this service's own: each runs up to its own --parallel
        Set<String> busy = new HashSet<>();
        campaigns.stream().filter(c -> c.state() == QueuedCampaign.State.RUNNING && c.device() != null)
                .forEach(c -> busy.add(c.device()));
        for (QueuedCampaign c : campaigns) {
            if (running >= parallel) {
                break;
            }
            if (c.state() != QueuedCampaign.State.QUEUED || (c.device() != null && busy.contains(c.device()))) {
                continue;  // its instrument is another campaign's until that one ends or waits
            }
            if (!store.take(c, QueuedCampaign.State.QUEUED, name, "started")) {
                continue;  // another service sharing the database took it, or its instrument, first
            }
            if (c.device() != null) {
                busy.add(c.device());
            }
            running++;
            if (size(c.trace()) > 0) {
                // Queued, yet it has a trace: its start was lost with the service (killed before its database had
                // the change). Followed while a process of it still writes, then gone on from its trace.
                if (TraceWriter.writer(c.trace()).isEmpty()) {
                    recover(c);
                }
                continue;
            }
            runners.put(c.id(), processes.start(c, "run", c.runArguments()).process());
            LOG.info("started {} ({})", c.id(), c.scenario());
        }
    }

    /** A campaign that was running when the service went down, and whose process is gone: go on from its trace. */
    private void recover(QueuedCampaign c) {
        if (size(c.trace()) == 0) {
            if (startingBeforeRestart(c)) {
                return;  // followed: once it has written its trace, the trace says the rest
            }
            deleteQuietly(c.runDir());  // it never wrote its first line: nothing ran, start it again
            runners.put(c.id(), processes.start(c, "run", c.runArguments()).process());
            return;
        }
        QueuedCampaign settled = settled(c, "");
        Optional<Asked> asked = store.request(c.id()).map(Asked::parse);
        boolean interrupted = settled.state() == QueuedCampaign.State.PAUSED
                && settled.detail().startsWith("interrupted");
        if (asked.filter(a -> a.verb().equals("stop") && !settled.state().ended()
                || a.verb().equals("pause") && interrupted).isPresent()) {
            // Asked to stop or pause, and answered: the campaign stops or pauses where it stands, on record and
            // sealed, once what was in flight is settled.
            Asked a = asked.get();
            runners.put(c.id(), processes.start(c, a.verb(), List.of(a.verb(), c.runDir().toString(), "--reason",
                    a.reason(), "--as", a.person())).process());
            store.saveCampaign(c.with(QueuedCampaign.State.RUNNING, (a.verb().equals("stop") ? "stopping" : "pausing")
                    + " as " + a.person() + " asked"));
            return;
        }
        // Interrupted, it goes on from its trace; so does a paused one whose resume a person asked for and was
        // answered, but that the service was killed before it began.
        if (interrupted || settled.state() == QueuedCampaign.State.PAUSED
                && asked.filter(a -> a.verb().equals("resume")).isPresent()) {
            LOG.info("resuming {} from its trace", c.id());
            runners.put(c.id(), processes.start(c, "resume", List.of("resume", c.runDir().toString())).process());
            store.saveCampaign(c.with(QueuedCampaign.State.RUNNING, "resumed after the service restarted"));
        } else {
            store.saveCampaign(settled);
            store.request(c.id(), null);
            store.release(c.id());
        }
    }

    /**
     * Asks a campaign whose process outlived a restart of this service for the pause or stop the service had answered
     * (once): the service may have been killed before it passed the request on (a tester: once in ten kills, a stop
     * answered 202 was lost, and the campaign ran to its budget). A request passed on twice is taken once.
     */
    private void passOnAsked(QueuedCampaign c) {
        if (!passedOn.add(c.id())) {
            return;  // looked at once after the restart; what is asked since is passed on as it is answered
        }
        Optional<Asked> asked = store.request(c.id()).map(Asked::parse)
                .filter(a -> a.verb().equals("stop") || a.verb().equals("pause"));
        if (asked.isPresent()) {
            Asked a = asked.get();
            LOG.info("asking {} again to {}, as {} asked before the service restarted", c.id(), a.verb(), a.person());
            processes.start(c, a.verb(), List.of(a.verb(), c.runDir().toString(), "--reason", a.reason(), "--as",
                    a.person()));
        }
    }

    /**
     * Whether a process this service started before a restart still runs the campaign, not yet at its first line
     * (a tester: a service killed then started it anew beside the old one, whose trace won, and called it failed
     * while it ran on): a process on this machine with the campaign's run folder among its arguments.
     */
    private static boolean startingBeforeRestart(QueuedCampaign c) {
        String runDir = c.runDir().toString();
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses().anyMatch(p -> p.pid() != self && p.info().arguments()
                .map(a -> List.of(a).contains(runDir)).orElse(false));
    }

    /** A person's pause, stop or resume, as the service keeps it until it is carried out. */
    record Asked(String verb, String person, String reason) {
        static String of(String verb, String person, String reason) {
            return verb + "\n" + person + "\n" + reason;
        }

        static Asked parse(String kept) {
            String[] parts = kept.split("\n", 3);
            return new Asked(parts[0], parts.length > 1 ? parts[1] : "", parts.length > 2 ? parts[2] : "");
        }
    }

    private synchronized void settle(String id, Process p) {
        if (runners.get(id) != p) {
            return;  // settled already, or another process works on it now
        }
        runners.remove(id);
        acting.remove(id);
        QueuedCampaign c = get(id);
        store.saveCampaign(settled(c, "exit " + p.exitValue()));
        store.request(id, null);  // carried out, or the campaign ended first: either way nothing is left to do
        store.release(id);
    }

    /** Where a campaign stands, as its trace says once no process works on it. */
    private QueuedCampaign settled(QueuedCampaign c, String exit) {
        if (size(c.trace()) == 0) {
            return c.with(QueuedCampaign.State.FAILED, processes.lastOutput(c) + (exit.isEmpty() ? "" : " (" + exit
                    + ")"));
        }
        CampaignHistory history;
        try {
            history = CampaignHistory.of(TraceReader.readIntact(c.trace()));
        } catch (RuntimeException e) {
            return c.with(QueuedCampaign.State.FAILED, "its trace cannot be read: " + e.getMessage());
        }
        if (history.finished().isPresent()) {
            sealCutOff(c, history);
            TraceEvent.CampaignFinished f = history.finished().get();
            return c.with(QueuedCampaign.State.FINISHED, f.stopReason() + ": " + f.detail());
        }
        Optional<TraceEvent.CampaignPaused> paused = history.pause();
        if (paused.isEmpty()) {
            return c.with(QueuedCampaign.State.PAUSED, "interrupted: its process ended without pausing it; resume"
                    + " goes on");
        }
        boolean forPeople = !history.awaitingApproval().isEmpty() || paused.get().reason().startsWith("waiting for");
        return c.with(forPeople ? QueuedCampaign.State.WAITING : QueuedCampaign.State.PAUSED, paused.get().reason());
    }

    /**
     * Seals the trace of a finished campaign whose process was killed between its last line and its seal (a tester:
     * such a trace never verified again, since only its writer could have sealed it), with the key its commands sign
     * with; nothing else is written.
     */
    private void sealCutOff(QueuedCampaign c, CampaignHistory history) {
        if (history.last().event() instanceof TraceEvent.Checkpoint cp && cp.sealed()) {
            return;
        }
        try (TraceWriter writer = TraceWriter.continueAfter(c.trace(), history.last(),
                history.started().formatVersion(), clock, org.sciloop.core.trace.Durability.ACTUATIONS,
                processes.signer())) {
            if (writer.sealTail()) {
                LOG.info("sealed the trace of {}: its process ended after the campaign finished, before it sealed it",
                        c.id());
            }
        } catch (RuntimeException e) {
            LOG.warn("could not seal the trace of {}: {}", c.id(), e.getMessage());
        }
    }

    /** The command line's options that a request gives as fields of its JSON body, as its messages name them. */
    private static final java.util.regex.Pattern OPTION = java.util.regex.Pattern.compile(
            "--(planner|budget|batch|seed|approval|manual|reason|all)\\b");

    /**
     * A command's message as a client of the service reads it: without the service's folders ({@code
     * scenario.yaml:3}, not a path on the server; {@code memory}, not the data folder's) and naming the request's
     * fields ({@code 'planner'}) where the command line's options ({@code --planner}) stand.
     */
    String forClient(String message, Path campaignFolder) {
        String said = message;
        for (Path folder : List.of(campaignFolder, campaignsFolder.getParent())) {
            said = said.replace(folder.toAbsolutePath() + java.io.File.separator, "")
                    .replace(folder + java.io.File.separator, "");
        }
        return OPTION.matcher(said).replaceAll("'$1'");
    }

    private static long size(Path file) {
        try {
            return Files.exists(file) ? Files.size(file) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    private static void deleteQuietly(Path folder) {
        try (var paths = Files.walk(folder)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            LOG.warn("could not remove {}: {}", folder, e.getMessage());
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
    }
}
