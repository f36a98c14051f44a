package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.sciloop.core.campaign.CampaignEngine;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceWriter;

/**
 * Ctrl-C or SIGTERM during a campaign pauses it cleanly instead of cutting it off: the engine stops at its
 * next safe point (the experiment in progress finishes), writes {@code CampaignPaused} and the trace is
 * sealed; the process says how to resume and exits with the signal's status (130, 143). An experiment
 * that is not done within {@link #GRACE} stays in flight (its request is on disk): the trace is paused and
 * sealed from here, the campaign is indexed in the campaign store as any paused one is, and {@code sciloop resume}
 * settles it with the tool.
 */
final class SignalPause implements AutoCloseable {
    static final long GRACE_SECONDS = 30;
    /** Counted down by {@code main} once the command has returned and said what it had to. */
    private static final CountDownLatch EXITING = new CountDownLatch(1);
    /** Set once a signal's pause has sealed the trace itself: what the campaign's thread meets after is its echo. */
    private static volatile boolean tookOver;

    private final Thread hook;
    /** Null until {@link #watch}; set under this object's lock, as {@link #stoppedBeforeStart} is read. */
    private volatile CampaignEngine engine;
    /** A signal came before the engine was watched: it must not start. Guarded by this object's lock. */
    private boolean stoppedBeforeStart;
    private volatile TraceWriter trace;
    private volatile Tool tool;
    /** Indexes the paused campaign in the campaign store (the command would have, had it not been cut off). */
    private final Runnable remember;
    private volatile boolean ended;

    private SignalPause(Path folder, PrintWriter err, Runnable remember) {
        this.remember = remember;
        hook = new Thread(() -> pause(folder, err), "sciloop-signal-pause");
        try {
            Runtime.getRuntime().addShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            throw new StoppedBeforeStart();  // a signal came first: the JVM is already ending
        }
    }

    /**
     * Pauses the campaign run from here until {@link #close} on a signal; {@link #watch} names it. {@code remember}
     * indexes it once the pause has sealed its trace itself.
     */
    static SignalPause install(Path folder, PrintWriter err, Runnable remember) {
        return new SignalPause(folder, err, remember);
    }

    /**
     * Names the campaign a signal pauses from now on; throws {@link StoppedBeforeStart} if a signal came before (its
     * engine has not written a line, so it never starts).
     */
    synchronized void watch(CampaignEngine engine, TraceWriter trace, Tool tool) {
        if (stoppedBeforeStart) {
            throw new StoppedBeforeStart();
        }
        this.trace = trace;
        this.tool = tool;
        this.engine = engine;
    }

    /**
     * The campaign has ended and its trace is sealed: a signal from now on only waits for the command to write the
     * summary and say what it has to, instead of cutting it off.
     */
    void ended() {
        ended = true;
    }

    /**
     * Whether a signal's pause sealed the trace while an experiment was in flight: the campaign's thread then fails
     * on the closed trace or tool, and that is no error to report (the pause has said what happened).
     */
    static boolean tookOver() {
        return tookOver;
    }

    /** Set once a signal has come: what fails from then on may be the JVM ending under it, no fault of its own. */
    private static volatile boolean signalled;

    /** Whether a signal has come, and the process is ending. */
    static boolean signalled() {
        return signalled;
    }

    /** The command's exit code, once it is done. */
    private static volatile int exitCode;

    /** The command is done, with {@code exit}: a signal's pause, if one is under way, may let the process end now. */
    static void exiting(int exit) {
        exitCode = exit;
        EXITING.countDown();
    }

    private void pause(Path folder, PrintWriter err) {
        signalled = true;
        CampaignEngine running;
        synchronized (this) {
            running = engine;
            stoppedBeforeStart = running == null;
        }
        if (running == null) {
            // Nothing is written yet: the command stops at watch() and says so, instead of being cut off with an
            // empty run folder. What it is doing meanwhile (opening the campaign store, say) it finishes first.
            err.printf("%nsciloop: stopping: the campaign has not begun, so nothing will run%n");
            err.flush();
            commandEnded();
            return;
        }
        if (ended) {
            // The campaign ended before the signal: once the command has said so (the summary, the campaign store's
            // index), the process ends with its exit code, not the signal's, which would read as a pause.
            if (commandEnded()) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(exitCode);
            }
            return;
        }
        running.requestPause("stopped by a signal (Ctrl-C or SIGTERM)");
        err.printf("%nsciloop: pausing: the experiment in progress finishes first (up to %d s)...%n", GRACE_SECONDS);
        err.flush();
        if (commandEnded()) {
            return;  // the engine paused at a safe point and the command said so
        }
        // Still in a call: it stays in flight. The line goes through the writer's lock, between the engine's; a
        // trace its writer has closed meanwhile is a campaign that paused at the last moment, whose command is
        // still saying so (indexing it, say): that is waited for instead (a tester: an experiment of 29.7 s).
        tookOver = true;  // first: the campaign's thread may fail on the closed trace at once
        try {
            if (!trace.appendAndCloseUnlessClosed("user", new TraceEvent.CampaignPaused("stopped by a signal while"
                    + " an experiment was in flight; 'sciloop resume' settles it with the tool"))) {
                tookOver = false;
                commandEnded();
                return;
            }
            // Then the tool, so that nothing runs on unread: a simulation's run is killed (or its Slurm job
            // cancelled), as a resume would do before running it again.
            tool.close();
            err.printf("sciloop: paused with an experiment in flight, and the tool closed (a simulation still running"
                    + " is stopped); 'sciloop resume %s' asks the tool what became of it and goes on%n", folder);
        } catch (RuntimeException e) {
            err.printf("sciloop: could not write the pause (%s); 'sciloop resume %s' goes on from the last whole"
                    + " line%n", e.getMessage(), folder);
            err.flush();
            return;
        }
        err.flush();
        remember.run();
    }

    /**
     * Runs {@code stop} on Ctrl-C or SIGTERM until the hook is closed, then lets the process end once the command has
     * said what it had to (up to the grace): for a command that runs many campaigns of its own, as a benchmark does,
     * rather than one. {@code stop} says whether it stopped anything: if so the process ends with the signal's
     * status, else (all had run; the command was writing its tables) with the command's own.
     */
    static Hook onSignal(java.util.function.BooleanSupplier stop) {
        Thread thread = new Thread(() -> {
            signalled = true;
            boolean stopped = stop.getAsBoolean();
            if (commandEnded() && !stopped) {
                System.out.flush();
                System.err.flush();
                Runtime.getRuntime().halt(exitCode);
            }
        }, "sciloop-signal-stop");
        try {
            Runtime.getRuntime().addShutdownHook(thread);
        } catch (IllegalStateException shuttingDown) {
            stop.getAsBoolean();  // a signal came first: nothing more starts
        }
        return new Hook(thread);
    }

    /** A hook of {@link #onSignal}; closing it, the signal ends the process as it would without it. */
    record Hook(Thread thread) implements AutoCloseable {
        @Override
        public void close() {
            try {
                Runtime.getRuntime().removeShutdownHook(thread);
            } catch (IllegalStateException shuttingDown) {
                // The hook is running: it ends once the command has returned.
            }
        }
    }

    /** Waits up to the grace for the command to have said what it had to; whether it did. */
    private static boolean commandEnded() {
        try {
            return EXITING.await(GRACE_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** A signal came before the campaign's engine ran: nothing was written, and nothing ran. */
    static final class StoppedBeforeStart extends RuntimeException {
        StoppedBeforeStart() {
            super("stopped by a signal (Ctrl-C or SIGTERM) before the campaign began", null, false, false);
        }
    }

    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running: it ends once the command has returned.
        }
    }
}
