package org.sciloop.memory.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sciloop.core.IoReason;
import org.sciloop.core.ServiceUnavailableException;

/**
 * This process's hold on a store folder: while it is held, no other process opens the store, and one that asks
 * waits, saying what holds it. H2's own way to share a file between processes (AUTO_SERVER: the first to open it
 * serves it to the rest) lost work here: a process that served a store exited while another's session was open
 * on it (measured: 12 {@code memory add} beside 12 {@code memory list}: every add failed, "Database is already
 * closed"; once one list never ended, H2 spinning in its exit hook). A store's opens are short (a command, a
 * run's start and end, a lookup), so waiting for the one before costs little. Counted within the process, whose
 * threads share H2's one open file. A process that can only read the store (a read-only mount of a folder
 * another path writes) holds it shared: readers together, but never beside a writer, which H2 refuses. A holder
 * says in {@code open.lock} who it is and, once it writes, since when, and takes that back as it lets go: what
 * is left there names a process that ended holding the store, and whether it had begun to write.
 */
final class StoreHold implements AutoCloseable {
    private static final Map<Path, StoreHold> HELD = new ConcurrentHashMap<>();
    /** Who waits says so, on the console, once it has waited this long. */
    private static final long SAY_AFTER_MILLIS = 1_000;
    private static final Pattern PID = Pattern.compile("^pid (\\d+)");
    /** A holder's line, as {@link #who()} writes it. */
    private static final Pattern HOLDER = Pattern.compile("pid \\d+, .*, since \\S+");
    /** How the second line of a holder that writes to the store begins. */
    private static final String WRITING = "writing since ";

    private final Path folder;
    private final boolean reading;
    /** The line of the process that held the store last, if it was killed while it had it open; else null. */
    private String leftOpenBy;
    /** Whether that process had begun to write to the store: its transactions may be cut off in the file. */
    private boolean leftWriting;
    /** Whether this process has said, in {@code open.lock}, that it writes to the store. */
    private boolean writing;
    /** Whether what this process said stays as it lets go, for the next holder to mend what it could not. */
    private boolean leftForNext;
    /** The store file's size when this process took the hold. */
    private long sizeWhenTaken;
    /** Why this process could not say it holds the store, its disk being full (then it only reads); else null. */
    private String noRoom;
    private int holders;
    private FileChannel channel;
    private FileLock lock;

    private StoreHold(Path folder) {
        this.folder = folder;
        this.reading = !EmbeddedFolder.writable(folder);
    }

    /** Holds {@code folder} (absolute), waiting while another process holds it (to write, if this one reads). */
    static StoreHold take(Path folder) {
        Path key;
        try {
            key = folder.toRealPath();  // one hold for a folder reached by two paths (a symlink): one lock
        } catch (IOException e) {
            key = folder;
        }
        StoreHold hold = HELD.computeIfAbsent(key, k -> new StoreHold(folder));
        hold.acquire();
        return hold;
    }

    private synchronized void acquire() {
        Path file = folder.resolve("open.lock");
        if (holders == 0 && !(reading && !Files.exists(file))) {  // a store no writer ever held needs none
            try {
                channel = reading ? FileChannel.open(file, StandardOpenOption.READ)
                        : FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
                lock = channel.tryLock(0, Long.MAX_VALUE, reading);
                if (lock == null) {
                    lock = waitFor(file);
                }
                if (!reading) {
                    // A holder says who it is, and takes that back as it lets go: anything left names one that
                    // ended without letting go (killed, or stopped by a signal: H2 does not close the store as
                    // the process exits, so work cut off is left as a kill leaves it). Its pid says nothing: the
                    // lock, taken, shows it holds nothing now, and pids are reused. Read through the locked
                    // channel: closing any other descriptor of the file would let go of this process's lock on
                    // it (POSIX), and another process would open the store beside it.
                    ByteBuffer before = ByteBuffer.allocate((int) Math.min(channel.size(), 65_536));
                    channel.read(before, 0);
                    String left = new String(before.array(), 0, before.position(), StandardCharsets.UTF_8).strip();
                    leftOpenBy = left.isEmpty() ? null : said(left);
                    // Only a holder's own line alone says it never wrote; a write said, or anything else, may
                    // hide a write cut off.
                    leftWriting = leftOpenBy != null
                            && !(left.lines().count() == 1 && HOLDER.matcher(left).matches());
                    sizeWhenTaken = EmbeddedFolder.holdsStore(folder)
                            ? Files.size(folder.resolve(EmbeddedFolder.FILE)) : 0;
                    try {
                        // Over what is there, then cut to length: on a full disk a line left in place stays
                        // whole (writing into its own block needs no room), and an empty file stays empty.
                        byte[] me = who().getBytes(StandardCharsets.UTF_8);
                        channel.write(ByteBuffer.wrap(me), 0);
                        channel.truncate(me.length);
                        if (leftWriting) {
                            sayWriting();  // this holder mends it: killed before it is done, the next one does
                        }
                    } catch (IOException e) {
                        if (!noRoom(e)) {
                            throw e;
                        }
                        noRoom = IoReason.of(e);
                        leftForNext = true;  // what is there is left as it is
                    }
                }
            } catch (IOException e) {
                closeChannel();
                throw new ServiceUnavailableException("cannot lock " + file + " to open the campaign store: "
                        + IoReason.of(e), e);
            }
        }
        holders++;
    }

    /** The lock, once the process that holds it lets go; said if that takes a while. */
    private FileLock waitFor(Path file) throws IOException {
        long sayAt = System.nanoTime() + SAY_AFTER_MILLIS * 1_000_000;
        while (true) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for another process to close the store", e);
            }
            FileLock taken = channel.tryLock(0, Long.MAX_VALUE, reading);
            if (taken != null) {
                return taken;
            }
            if (sayAt != 0 && System.nanoTime() - sayAt > 0) {
                String holder = said(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                if (holderGone(holder)) {
                    holder = "";  // written by a writer killed while it held the store, before a reader came
                }
                System.err.println("sciloop: waiting for the campaign store in " + folder + ": another process"
                        + " has it open (" + (holder.isEmpty() ? "one that can only read it, and says nothing of"
                        + " itself" : holder) + ")");
                sayAt = 0;
            }
        }
    }

    /** Whether {@code line} names a process that is gone. */
    private static boolean holderGone(String line) {
        Matcher pid = PID.matcher(line.strip());
        return pid.find() && ProcessHandle.of(Long.parseLong(pid.group(1))).isEmpty();
    }

    /** The line of the process that held the store before this one, if it was killed while it had it open. */
    synchronized String leftOpenBy() {
        return leftOpenBy;
    }

    /** Whether the process that {@link #leftOpenBy()} names had begun to write to the store. */
    synchronized boolean leftWriting() {
        return leftWriting;
    }

    /**
     * Says in {@code open.lock}, before this process first writes to the store, that it does, until it lets go:
     * a process killed with that said may have left a transaction cut off in the file, which H2 can keep locked
     * (measured: {@code memory add} of a 25,000-experiment trace killed 18 s into its 21 s), while one killed as
     * it only read left nothing to mend.
     */
    synchronized void writing() {
        if (writing || channel == null || reading) {
            return;
        }
        try {
            sayWriting();
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot write to " + folder.resolve("open.lock") + " before"
                    + " writing to the campaign store: " + IoReason.of(e), e);
        }
    }

    /**
     * Leaves what this process said in {@code open.lock} as it lets go, as a killed one would: work on the store
     * that failed is mended by the next holder.
     */
    synchronized void leaveForNext() {
        leftForNext = true;
    }

    private void sayWriting() throws IOException {
        channel.write(ByteBuffer.wrap((WRITING + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n")
                .getBytes(StandardCharsets.UTF_8)), channel.size());
        writing = true;
    }

    /** A holder's lines, for people: "pid N, command, since T; writing since T" (what else is there, cut short). */
    private static String said(String lines) {
        String said = String.join("; ", lines.strip().lines().map(String::strip).toList());
        return said.length() > 400 ? said.substring(0, 397) + "..." : said;
    }

    /**
     * This process, for one that waits for it: its pid, its command (as the command line gave it, where it says:
     * {@code sciloop.command}), since when.
     */
    private static String who() {
        String command = System.getProperty("sciloop.command", System.getProperty("sun.java.command", ""));
        if (command.length() > 160) {
            command = command.substring(0, 157) + "...";
        }
        return "pid " + ProcessHandle.current().pid() + ", " + command + ", since "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS) + "\n";
    }

    /**
     * Why this process could not say in {@code open.lock} that it holds the store, when the disk has no room
     * left: it then reads the store as it is, writing nothing (so nothing is left to mend), until there is room.
     */
    synchronized String noRoom() {
        return noRoom;
    }

    private static boolean noRoom(IOException e) {
        String said = String.valueOf(e.getMessage());
        return said.contains("No space left") || said.contains("quota");
    }

    /** The store file's size when this process took the hold (0 when there was none). */
    synchronized long sizeWhenTaken() {
        return sizeWhenTaken;
    }

    /** Whether this process has written to the store since it took the hold, and nothing is left to mend. */
    synchronized boolean wroteWhole() {
        return writing && !leftForNext;
    }

    /** Whether another holder in this process shares the hold. */
    synchronized boolean shared() {
        return holders > 1;
    }

    @Override
    public synchronized void close() {
        if (holders == 0) {
            return;
        }
        if (--holders == 0) {
            closeChannel();  // closing the channel lets the lock go
        }
    }

    private void closeChannel() {
        try {
            if (channel != null) {
                if (!reading && !leftForNext) {
                    channel.truncate(0);
                }
                channel.close();
            }
        } catch (IOException e) {
            // the lock goes with the channel, or with the process
        }
        channel = null;
        lock = null;
        writing = false;
        leftForNext = false;
        noRoom = null;
    }
}
