package org.sciloop.instruments;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.sciloop.core.tool.DeviceStep;
import org.sciloop.instruments.client.DeviceException;
import org.sciloop.instruments.client.InstrumentClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one session with an instrument and runs operations on it, waiting out a lost connection: an
 * operation that fails because the link is down is tried again with exponential backoff (50 ms doubling
 * to 2 s) until its deadline. A refusal by the device is never retried. The session is opened on first
 * use, so a campaign may start while the instrument is still booting.
 *
 * <p>While a call {@linkplain #watch watches} it, the keeper reports the link's loss and its return as
 * {@link DeviceStep}s ({@link DeviceStep#LINK_LOST}, {@link DeviceStep#LINK_RESTORED}): the trace keeps
 * every outage, and the operator sees one line for each.
 */
public final class SessionKeeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SessionKeeper.class);
    private static final long FIRST_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 2_000;

    /** One exchange with the device. */
    public interface Operation<T> {
        T on(InstrumentClient client);
    }

    private final Supplier<InstrumentClient> connect;
    private InstrumentClient client;
    private volatile String watchedTarget;
    private volatile Consumer<DeviceStep> watcher = step -> { };
    /** When the link was lost, while it is; survives from one call to the next. */
    private volatile Instant lostSince;

    public SessionKeeper(Supplier<InstrumentClient> connect) {
        this.connect = connect;
    }

    /** Reports the link's loss and return on {@code target} to {@code steps} until {@link #unwatch}. */
    void watch(String target, Consumer<DeviceStep> steps) {
        watchedTarget = target;
        watcher = steps;
    }

    void unwatch() {
        watcher = step -> { };
    }

    /** Runs {@code op}, retrying while the connection is lost and the deadline allows. */
    <T> T attempt(OpcUaInstrumentTool.Deadline deadline, Operation<T> op) {
        long backoff = FIRST_BACKOFF_MS;
        while (true) {
            try {
                T result = op.on(client());
                Instant since = lostSince;
                if (since != null) {
                    lostSince = null;
                    watcher.accept(new DeviceStep(DeviceStep.LINK_RESTORED, watchedTarget, null,
                            "after " + seconds(Duration.between(since, Instant.now()))));
                }
                return result;
            } catch (DeviceException e) {
                if (e.connectionLost() && lostSince == null) {
                    lostSince = Instant.now();
                    watcher.accept(new DeviceStep(DeviceStep.LINK_LOST, watchedTarget, null, e.getMessage()));
                }
                if (!e.connectionLost() || deadline.passed()) {
                    throw e;
                }
                LOG.warn("instrument connection lost ({}); trying again in {} ms", e.getMessage(), backoff);
                sleep(Math.min(backoff, deadline.remainingMillis()));
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        }
    }

    /** The session, opened if there is none; a server that cannot be reached counts as a lost connection. */
    public synchronized InstrumentClient client() {
        if (client == null) {
            // A refused connection is retried by attempt(); a refused login or certificate is not.
            client = connect.get();
        }
        return client;
    }

    private static String seconds(Duration d) {
        return String.format(java.util.Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException("interrupted while waiting for the instrument", false);
        }
    }

    @Override
    public synchronized void close() {
        if (client != null) {
            client.close();
            client = null;
        }
    }
}
