package org.sciloop.core.trace;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;

/**
 * Appends events to a trace file, each line chained to the one before by its hash.
 *
 * <p>A line is written with one {@code write} call, so a process killed between lines leaves whole lines.
 * A line written with {@link #appendBeforeActing} (the request of an actuating call) is forced to the disk
 * (see {@link Durability}), so that after a power cut the trace still says the instrument may have been
 * touched.
 *
 * <p>Subscribers ({@link #subscribe}) get every line appended, checkpoints included, as it is written, in the
 * order they subscribed: the live twin of reading the trace back. A subscriber must not throw; if one does,
 * the append fails with its exception (the line is on disk), since a state folded from the trace must not
 * silently part from it.
 *
 * <p>A line that cannot be written ({@link TraceWriteException}) is cut back off the file where possible,
 * and the writer takes no further line: what is on disk stays a trace of whole lines for a resume.
 *
 * <p>Every {@value #CHECKPOINT_LINES} lines, or when a minute has passed since the last, the writer adds a
 * {@link TraceEvent.Checkpoint} signed with its {@link TraceSigner}; {@link #close()} adds a sealed one. So
 * a trace cut short after its last checkpoint says so, and a rewritten one fails its signatures.
 */
public final class TraceWriter implements Closeable {
    static final int CHECKPOINT_LINES = 1000;
    static final Duration CHECKPOINT_INTERVAL = Duration.ofMinutes(1);

    private final Path file;
    private final FileChannel channel;
    private final String campaign;
    private final Clock clock;
    private final Durability durability;
    private final TraceSigner signer;
    private final List<TraceVisitor> subscribers = new CopyOnWriteArrayList<>();
    private long seq;
    private String prev;
    private int linesSinceCheckpoint;
    private Instant lastCheckpoint;
    /** Whether this writer's last line is a seal, or it has written nothing (then there is nothing to seal). */
    private boolean sealed = true;
    /** Why the writer takes no more lines, once one could not be written. */
    private TraceWriteException failed;

    private TraceWriter(Path file, FileChannel channel, String campaign, Clock clock, Durability durability,
                        TraceSigner signer, TraceRecord last) {
        this.file = file;
        this.channel = channel;
        this.campaign = campaign;
        this.clock = clock;
        this.durability = durability;
        this.signer = signer;
        this.seq = last == null ? 0 : last.seq();
        this.prev = last == null ? TraceCodec.GENESIS : last.hash();
        this.lastCheckpoint = clock.instant();
    }

    /** A new trace; fails if the file exists, so a trace is never overwritten. */
    public static TraceWriter create(Path file, String campaign, Clock clock, Durability durability,
                                     TraceSigner signer) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new TraceWriter(file, ch, campaign, clock, durability, signer, null);
        } catch (IOException e) {
            throw new InputException("cannot create the trace " + file + ": " + IoReason.of(e));
        }
    }

    /**
     * Continues an intact trace after its last line. The caller's next line must declare this writer's
     * {@link #signingKey()} (a {@code CampaignResumed}): the checkpoints from here on are signed with it.
     */
    public static TraceWriter continueAfter(Path file, TraceRecord last, Clock clock, Durability durability,
                                            TraceSigner signer) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new TraceWriter(file, ch, last.campaign(), clock, durability, signer, last);
        } catch (IOException e) {
            throw new InputException("cannot append to the trace " + file + ": " + IoReason.of(e));
        }
    }

    public String campaign() {
        return campaign;
    }

    /** The public key that signs this writer's checkpoints, for the line that declares it. */
    public String signingKey() {
        return signer.publicKey();
    }

    /** Hands every line appended from now on to {@code subscriber}, in order, on the appending thread. */
    public void subscribe(TraceVisitor subscriber) {
        subscribers.add(subscriber);
    }

    public TraceRecord append(String actor, TraceEvent event) {
        return append(actor, event, durability == Durability.EVERY_LINE);
    }

    /**
     * Appends the line that must be on disk before the world is touched (an actuating call's request): forced
     * to the disk unless the writer's durability is {@link Durability#NONE}.
     */
    public TraceRecord appendBeforeActing(String actor, TraceEvent event) {
        return append(actor, event, durability != Durability.NONE);
    }

    private synchronized TraceRecord append(String actor, TraceEvent event, boolean force) {
        TraceRecord record = write(actor, event, force);
        linesSinceCheckpoint++;
        sealed = false;
        if (linesSinceCheckpoint >= CHECKPOINT_LINES
                || Duration.between(lastCheckpoint, record.time()).compareTo(CHECKPOINT_INTERVAL) >= 0) {
            checkpoint(false);
        }
        return record;
    }

    private void checkpoint(boolean seal) {
        write("engine", new TraceEvent.Checkpoint(seal, signer.sign(campaign, seq + 1, prev, seal)),
                durability == Durability.EVERY_LINE);
        linesSinceCheckpoint = 0;
        lastCheckpoint = clock.instant();
        sealed = seal;
    }

    private TraceRecord write(String actor, TraceEvent event, boolean force) {
        if (failed != null) {
            throw failed;
        }
        long next = seq + 1;
        var time = clock.instant();
        TraceCodec.Encoded encoded = TraceCodec.encode(next, time, campaign, actor, event, prev);
        long end = -1;
        try {
            end = channel.size();
            ByteBuffer buffer = ByteBuffer.wrap(encoded.line());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (force) {
                channel.force(false);
            }
        } catch (IOException e) {
            failed = new TraceWriteException(file, seq, e);
            cutBack(end);
            throw failed;
        }
        TraceRecord record = new TraceRecord(next, time, campaign, actor, event, prev, encoded.hash());
        seq = next;
        prev = encoded.hash();
        for (TraceVisitor subscriber : subscribers) {
            record.accept(subscriber);
        }
        return record;
    }

    /** Takes a partly written line back off the file, so that no later line lands after half of it. */
    private void cutBack(long end) {
        try {
            if (end >= 0 && channel.size() > end) {
                channel.truncate(end);
            }
        } catch (IOException e) {
            failed.addSuppressed(e);  // left as a torn last line, which a resume sets aside
        }
    }

    /** Seals the trace (unless nothing was written since it was last sealed) and closes the file. */
    @Override
    public synchronized void close() {
        try (channel) {
            if (!sealed && failed == null) {
                checkpoint(true);
            }
            if (durability != Durability.NONE) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new TraceWriteException(file, seq, e);
        }
    }
}
