package org.sciloop.core.trace;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.sciloop.core.InUseException;
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

    /** The byte a writer holds locked (see {@link #claimed}); no line ever reaches it. */
    private static final long WRITER_LOCK = Long.MAX_VALUE - 1;
    /** Far longer than a reader's probe of the writer's byte, far shorter than a person notices. */
    private static final Duration PROBE_GRACE = Duration.ofMillis(250);

    private final Path file;
    /** The trace's format, as its header states: it decides what a checkpoint signs. */
    private final int formatVersion;
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
                        TraceSigner signer, TraceRecord last, int formatVersion) {
        this.file = file;
        this.formatVersion = formatVersion;
        this.channel = channel;
        this.campaign = campaign;
        this.clock = clock;
        this.durability = durability;
        this.signer = signer;
        this.seq = last == null ? 0 : last.seq();
        this.prev = last == null ? TraceCodec.GENESIS : last.hash();
        this.lastCheckpoint = clock.instant();
        this.tailSealed = last == null || last.event() instanceof TraceEvent.Checkpoint c && c.sealed();
    }

    /** Whether the trace this writer went on with ended in a seal (a new one has nothing to seal). */
    private final boolean tailSealed;

    /**
     * Seals the lines a process wrote after its last signed checkpoint and then lost (killed between its last line and
     * its seal), as they are now; false if the trace was sealed already. Call it before writing anything else.
     */
    public synchronized boolean sealTail() {
        if (tailSealed) {
            return false;
        }
        checkpoint(true);
        return true;
    }

    /** A new trace; fails if the file exists, so a trace is never overwritten. */
    public static TraceWriter create(Path file, String campaign, Clock clock, Durability durability,
                                     TraceSigner signer) {
        try {
            FileChannel ch = claimed(file, FileChannel.open(file, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE));
            return new TraceWriter(file, ch, campaign, clock, durability, signer, null,
                    TraceEvent.CampaignStarted.FORMAT_VERSION);
        } catch (IOException e) {
            throw new InputException("cannot create the trace " + file + ": " + IoReason.of(e));
        }
    }

    /**
     * Continues an intact trace after its last line, in the format its header states ({@code formatVersion}).
     * The caller's next line must declare this writer's {@link #signingKey()} (a {@code CampaignResumed}):
     * the checkpoints from here on are signed with it.
     */
    public static TraceWriter continueAfter(Path file, TraceRecord last, int formatVersion, Clock clock,
                                            Durability durability, TraceSigner signer) {
        try {
            // Read and write on one channel: a second one on the same file, once closed, would drop our lock.
            FileChannel ch = claimed(file, FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE));
            if (Files.isRegularFile(file) && !endsWith(ch, last)) {
                // Another process went on between our reading the trace and taking it: our lines would fork it.
                ch.close();
                throw new InUseException(file + " changed while it was being read: another sciloop command went on"
                        + " with this campaign at the same moment. Nothing was written; look at it again"
                        + " ('sciloop status') and try again");
            }
            ch.position(ch.size());
            return new TraceWriter(file, ch, last.campaign(), clock, durability, signer, last, formatVersion);
        } catch (IOException e) {
            throw new InputException("cannot append to the trace " + file + ": " + IoReason.of(e));
        }
    }

    /** Whether the file's last line is {@code last} (its hash), read backwards from the end in blocks. */
    private static boolean endsWith(FileChannel ch, TraceRecord last) throws IOException {
        long size = ch.size();
        String wanted = "\"hash\":\"" + last.hash() + "\"";
        StringBuilder tail = new StringBuilder();
        long position = size;
        int block = 1 << 16;
        while (position > 0) {
            int n = (int) Math.min(block, position);
            position -= n;
            ByteBuffer buffer = ByteBuffer.allocate(n);
            while (buffer.hasRemaining() && ch.read(buffer, position + buffer.position()) > 0) {
                // read the whole block
            }
            tail.insert(0, new String(buffer.array(), 0, buffer.position(), java.nio.charset.StandardCharsets.UTF_8));
            String text = tail.toString().stripTrailing();
            int newline = text.lastIndexOf('\n');
            if (newline >= 0 || position == 0) {
                return text.substring(newline + 1).contains(wanted);
            }
        }
        return false;
    }

    /**
     * Refuses a trace that a writer in another process (or this one) holds: its campaign is running, and
     * resuming or repairing it now would write over its lines.
     */
    public static void requireNotInUse(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            claimed(file, ch).close();
        } catch (IOException e) {
            // Not writable or not there: whoever writes it next says why.
        }
    }

    /**
     * Who writes {@code file} now ("process 1234", or "another sciloop process" where the operating system
     * does not say), or empty when no writer holds it: a reader tells a running campaign from a crashed one.
     * Reading needs no write permission: the probe is a shared lock on a read-only channel.
     */
    public static Optional<String> writer(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            FileLock probe = ch.tryLock(WRITER_LOCK, 1, true);
            if (probe != null) {
                probe.release();
                return Optional.empty();
            }
        } catch (OverlappingFileLockException e) {
            return Optional.of("this process");
        } catch (IOException e) {
            return Optional.empty();  // unreadable: the reader that follows says why
        }
        return Optional.of(lockHolder(file, WRITER_LOCK).map(pid -> "process " + pid)
                .orElse("another sciloop process"));
    }

    /** The pid holding the byte at {@code position} of {@code file}, from Linux's {@code /proc/locks}, if known. */
    static Optional<Long> lockHolder(Path file, long position) {
        try {
            Object inode = Files.getAttribute(file, "unix:ino");
            String suffix = ":" + inode;
            for (String line : Files.readAllLines(Path.of("/proc/locks"))) {
                // "1: POSIX  ADVISORY  WRITE 4242 08:01:123456 9223372036854775806 9223372036854775806"
                String[] f = line.trim().split("\\s+");
                if (f.length >= 8 && !line.contains("->") && f[5].endsWith(suffix)
                        && f[6].equals(Long.toString(position))) {
                    return Optional.of(Long.parseLong(f[4]));
                }
            }
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            // Not Linux, or /proc not mounted: the holder stays unnamed.
        }
        return Optional.empty();
    }

    /**
     * A writer holds one byte far past its lines locked for as long as it is open; the operating system
     * frees it when the process ends, however it ends.
     */
    private static FileChannel claimed(Path file, FileChannel ch) throws IOException {
        FileLock lock = tryClaim(ch);
        // A reader's probe (status, stop, the service) holds the byte for a moment: look again before refusing.
        long deadline = System.nanoTime() + PROBE_GRACE.toNanos();
        while (lock == null && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            lock = tryClaim(ch);
        }
        if (lock == null) {
            ch.close();
            String holder = lockHolder(file, WRITER_LOCK).map(pid -> "sciloop process " + pid)
                    .orElse("another sciloop process");
            throw new InUseException(file + " is being written by " + holder + ": its campaign is"
                    + " running. Let it end, or stop it (Ctrl-C pauses it), then try again");
        }
        return ch;
    }

    private static FileLock tryClaim(FileChannel ch) throws IOException {
        try {
            return ch.tryLock(WRITER_LOCK, 1, false);
        } catch (OverlappingFileLockException e) {
            return null;
        }
    }

    /** The file written. */
    public Path file() {
        return file;
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
        TraceRecord record = write(actor, event, clock.instant(), force);
        linesSinceCheckpoint++;
        sealed = false;
        if (linesSinceCheckpoint >= CHECKPOINT_LINES
                || Duration.between(lastCheckpoint, record.time()).compareTo(CHECKPOINT_INTERVAL) >= 0) {
            checkpoint(false);
        }
        return record;
    }

    private void checkpoint(boolean seal) {
        Instant time = clock.instant();
        byte[] message;
        if (formatVersion >= 3) {
            // The signature covers the line itself: it is signed as written, with its signature left empty.
            byte[] unsigned = TraceCodec.encode(seq + 1, time, campaign, "engine", new TraceEvent.Checkpoint(seal, ""),
                    prev).line();
            message = TraceSigner.message(TraceCodec.signedContent(unsigned, unsigned.length - 1, ""));
        } else {
            message = TraceSigner.message(campaign, seq + 1, prev, seal);
        }
        write("engine", new TraceEvent.Checkpoint(seal, signer.sign(message)), time,
                durability == Durability.EVERY_LINE);
        linesSinceCheckpoint = 0;
        lastCheckpoint = clock.instant();
        sealed = seal;
    }

    private TraceRecord write(String actor, TraceEvent event, Instant time, boolean force) {
        if (failed != null) {
            throw failed;
        }
        long next = seq + 1;
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

    /**
     * Appends {@code event}, then seals and closes the trace, unless its writer was closed already: then nothing is
     * written and the answer is false. For a thread that must end a trace another one writes (a signal's pause),
     * which either ends it itself or finds it ended, never a line after its seal.
     */
    public synchronized boolean appendAndCloseUnlessClosed(String actor, TraceEvent event) {
        if (!channel.isOpen()) {
            return false;
        }
        append(actor, event);
        close();
        return true;
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
