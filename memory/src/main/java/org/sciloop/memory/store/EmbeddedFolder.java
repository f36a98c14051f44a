package org.sciloop.memory.store;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.ServiceUnavailableException;

/**
 * The folder an embedded (H2) store lives in: its file, the hold a process keeps on it while it has the store open,
 * and putting a store rebuilt beside it in its place.
 */
final class EmbeddedFolder {
    /** The store's file in its folder. */
    static final String FILE = "memory.mv.db";

    private EmbeddedFolder() {
    }

    static boolean holdsStore(Path folder) {
        return Files.isRegularFile(folder.resolve(FILE));
    }

    /** {@code folder}, absolute, made if need be; refused when it is a file. */
    static Path prepare(Path folder) {
        Path absolute = folder.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !Files.isDirectory(absolute)) {
            throw new InputException("--store " + folder + ": a file, not a folder (the embedded store is a folder"
                    + " holding " + FILE + ")");
        }
        try {
            Files.createDirectories(absolute);
        } catch (IOException e) {
            throw new InputException("cannot make the store's folder " + absolute + ": " + IoReason.of(e));
        }
        return absolute;
    }

    /**
     * The JDBC URL of the store in {@code folder}, for a process that holds it ({@link Hold}). H2 does not close it
     * as the process exits: on Ctrl-C or SIGTERM its exit hook closed the store under a write still going on (a
     * tester: "Database is already closed" in 8 of 21 interrupted adds, once a file H2 then called read-only), and
     * the add, failing, let go of the store as if all were well. Cut off, the work is left as a kill leaves it, which
     * the next holder mends; a campaign paused by a signal still indexes itself before the process ends. Nor does
     * H2 keep a log of its errors beside the file ({@code memory.trace.db}, left after a mend): the command that
     * meets one says it.
     */
    static String url(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("memory") + ";DB_CLOSE_ON_EXIT=FALSE;TRACE_LEVEL_FILE=0;WRITE_DELAY=0";
    }

    /**
     * Whether this process can write the store in {@code folder} (its folder, and its file when there is one): on a
     * read-only mount, or a store of someone else's, it can only be read.
     */
    static boolean writable(Path folder) {
        return Files.isWritable(folder) && (!holdsStore(folder) || Files.isWritable(folder.resolve(FILE)));
    }

    /**
     * The JDBC URL that reads the store in {@code folder} without writing anything beside it: no lock file of H2's,
     * nothing changed.
     */
    static String readOnlyUrl(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("memory") + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE;TRACE_LEVEL_FILE=0";
    }

    /**
     * Refuses a store file that holds no store, before it is opened to write: H2 takes a file whose every chunk is
     * damaged for an empty store and, opened to write, cuts it down to one (measured: 143 kB to 16 kB on open and
     * close), so the store would answer "no campaign" and the damaged file would be gone. Read first, without
     * writing, by the first of this process's holders (the file is open while there are others). A store that a
     * process ended without closing ({@code leftOpenBy}: that process's line) may need H2 to write to read it at
     * all (measured: 2 of 4 {@code memory add} killed while they wrote): then it is opened to write, which recovers
     * it, with a copy of the file put back if what that opened holds no store.
     */
    static void checkIntact(Path folder, String leftOpenBy) {
        if (!holdsStore(folder)) {
            return;
        }
        boolean leftOpen = leftOpenBy != null;
        Path file = folder.resolve(FILE).toAbsolutePath().normalize();
        Damaged found = DAMAGED.get(file);
        if (found != null) {
            // A refused open can leave H2 holding the file in this process, so that looking again says only "in
            // use"; what was found stands (a run opens its store at its start and again at its end).
            throw found;
        }
        try {
            if (Files.size(file) == 0) {
                throw remembered(file, damaged(folder, null));
            }
        } catch (IOException e) {
            return;  // the writing open says why it cannot read it
        }
        try {
            if (!holdsCampaigns(readOnlyUrl(folder))) {
                throw remembered(file, damaged(folder, null));
            }
        } catch (SQLException e) {
            if (leftOpen) {
                System.err.println("sciloop: the campaign store in " + folder + " was left open by a process that"
                        + " ended while it held it, killed, stopped by a signal or failing to write (" + leftOpenBy
                        + "); H2 recovers it as it opens it");
                recover(folder, file, e);
            } else if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                // Only a process that has the file open (one that bypassed the hold) is no sign of damage.
                throw remembered(file, damaged(folder, e));
            }
        }
    }

    /** How many campaigns the store in {@code folder} holds, read without writing; 0 when it holds no store. */
    static long campaignsIn(Path folder) {
        try (Connection c = DriverManager.getConnection(readOnlyUrl(folder), new Properties());
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM campaigns")) {
            return r.next() ? r.getLong(1) : 0;
        } catch (SQLException e) {
            return 0;
        }
    }

    /**
     * The room on its disk that making the store in {@code folder} again takes, at most: a second file beside it,
     * which grows with every commit before it is compacted, and the first file's own growth as H2 opens it.
     */
    static long roomToMakeAgain(Path folder) {
        try {
            return 3 * Files.size(folder.resolve(FILE)) + (1L << 20);
        } catch (IOException e) {
            return 1L << 20;
        }
    }

    /** The room left on the disk of {@code folder} for this process, in bytes (unknown: as much as is asked). */
    static long roomLeft(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    /** How much room is left on the disk of {@code folder}, for people ("118 kB free on its disk"). */
    static String room(Path folder) {
        try {
            return Files.getFileStore(folder).getUsableSpace() / 1024 + " kB free on its disk";
        } catch (IOException e) {
            return "the room left on its disk unknown: " + IoReason.of(e);
        }
    }

    private static boolean holdsCampaigns(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url, new Properties());
             ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                     + " WHERE UPPER(TABLE_NAME) = 'CAMPAIGNS'")) {
            return r.next() && r.getInt(1) > 0;
        }
    }

    /** Lets H2 recover a store left open, keeping a copy to put back if what it opened holds no store. */
    private static void recover(Path folder, Path file, SQLException unreadable) {
        Path copy = folder.resolve(FILE + ".before-recovery");
        try {
            Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new ServiceUnavailableException("the embedded store in " + folder + " was left open by a process"
                    + " killed while it held it, and H2 must write to it to recover it; a copy to keep meanwhile"
                    + " could not be made (" + IoReason.of(e) + "), so it was left as it is", e);
        }
        boolean whole;
        try {
            whole = holdsCampaigns(url(folder));
        } catch (SQLException e) {
            whole = false;
        }
        try {
            if (whole) {
                Files.delete(copy);
                return;
            }
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot put back " + copy + " (the store as it was before H2"
                    + " recovered it) in place of " + file + ": " + IoReason.of(e), e);
        }
        throw remembered(file, damaged(folder, unreadable));
    }

    /** Store files this process found damaged, and what it found. */
    private static final Map<Path, Damaged> DAMAGED = new ConcurrentHashMap<>();

    private static Damaged remembered(Path file, Damaged damaged) {
        DAMAGED.put(file, damaged);
        return damaged;
    }

    /**
     * {@code e}, from opening the store in {@code folder}, in a person's words: that the file is damaged, when H2
     * says it cannot read it, or that another process has it open without holding the folder, when H2 says it is in
     * use (its advice, its server mode, is not the way here).
     */
    static ServiceUnavailableException openFailed(ServiceUnavailableException e, Path folder) {
        if (!(e.getCause() instanceof SQLException q)) {
            return e;
        }
        if (q.getErrorCode() == org.h2.api.ErrorCode.FILE_CORRUPTED_1
                || q.getErrorCode() == org.h2.api.ErrorCode.IO_EXCEPTION_1
                || q.getErrorCode() == org.h2.api.ErrorCode.DATABASE_IS_READ_ONLY && !writable(folder)) {
            return damaged(folder, q);
        }
        if (q.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
            return new ServiceUnavailableException("the embedded store in " + folder + " is open in another process"
                    + " that does not hold its folder (one that opened it by a jdbc: URL, or after open.lock was"
                    + " deleted), so this one cannot wait for it; try again once that process has closed it", q);
        }
        return e;
    }

    /** That the store's file is damaged, and how to make the store again: the traces are the record. */
    static Damaged damaged(Path folder, SQLException cause) {
        String said = cause == null ? "it holds no campaign store"
                : cause.getErrorCode() == org.h2.api.ErrorCode.DATABASE_IS_READ_ONLY
                ? "it cannot be read without being changed"
                : cause.getErrorCode() == org.h2.api.ErrorCode.IO_EXCEPTION_1 ? "it is no store file H2 can read"
                // H2's own advice (its recovery tool) is not the way here
                : cause.getMessage().lines().findFirst().orElse("").replaceAll("\\s*Possible solutions?:.*", "");
        // A process killed while it recovered a store leaves the file as it found it beside it.
        Path before = folder.resolve(FILE + ".before-recovery");
        TraceRegister register = TraceRegister.in(folder);
        boolean listed;
        try {
            listed = !register.campaigns().isEmpty();
        } catch (ServiceUnavailableException e) {
            listed = false;
        }
        String remake = !listed ? "move the file aside and add the runs again into a new store ('sciloop memory add"
                + " RUN_DIR... --store " + folder + "')"
                : writable(folder) ? "'sciloop memory rebuild --store " + folder + "' makes it again from the traces"
                + " listed in " + register.file() + ", keeping the damaged file aside"
                : "this process cannot write to " + folder + ": copy the folder where you can, and 'sciloop memory"
                + " rebuild --store COPY' makes it again there from the traces listed in " + TraceRegister.FILE;
        return new Damaged("the embedded store's file " + folder.resolve(FILE) + " is damaged (" + said + "); it was"
                + " left as it is" + (Files.exists(before) ? " (and " + before + " is the file as it was before a"
                + " recovery that was cut off)" : "") + ". The traces are the record: " + remake, cause);
    }

    /** A store file that is damaged: H2 cannot read it, or it holds no store. */
    static final class Damaged extends ServiceUnavailableException {
        Damaged(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Moves the damaged store file in {@code folder} aside ({@code memory.mv.db.damaged-T}), for a store made again
     * in its place; this process no longer takes the folder's file for damaged.
     */
    static Path setAside(Path folder) {
        Path file = folder.resolve(FILE);
        Path aside = folder.resolve(FILE + ".damaged-" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                .toString().replace(':', '-'));
        try {
            Files.move(file, aside, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot move the damaged store file " + file + " aside to make the"
                    + " store again: " + IoReason.of(e), e);
        }
        DAMAGED.remove(file.toAbsolutePath().normalize());
        return aside;
    }

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
    static final class Hold implements AutoCloseable {
        private static final Map<Path, Hold> HELD = new ConcurrentHashMap<>();
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

        private Hold(Path folder) {
            this.folder = folder;
            this.reading = !writable(folder);
        }

        /** Holds {@code folder} (absolute), waiting while another process holds it (to write, if this one reads). */
        static Hold take(Path folder) {
            Path key;
            try {
                key = folder.toRealPath();  // one hold for a folder reached by two paths (a symlink): one lock
            } catch (IOException e) {
                key = folder;
            }
            Hold hold = HELD.computeIfAbsent(key, k -> new Hold(folder));
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
                        sizeWhenTaken = holdsStore(folder) ? Files.size(folder.resolve(FILE)) : 0;
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

    /** Below this share of live data in the file's chunks, a store is compacted as it closes ... */
    private static final int COMPACT_BELOW_PERCENT = 50;
    /** ... once its file is this large: a small one is not worth the time. */
    private static final long COMPACT_FROM_BYTES = 8L << 20;

    /**
     * Compacts the store open on {@code c} as it closes it, when most of its file no longer holds live data, or the
     * file more than doubled since this process took it ({@code sizeWhenTaken}; H2's count of live data lags behind
     * the writes just made, so that alone missed one re-index in a few): H2 keeps what a write replaced, so
     * re-indexing a campaign grows the file by about its whole size (measured: a 25,000-experiment campaign added,
     * then replaced twice: 129, 488, 664 MB, of which 19 MB live), and compacts little of it as it closes. H2 writes
     * the compacted store to a file beside it and renames it into place, so a process killed meanwhile leaves the
     * store as it was. A store that cannot be compacted now stays as it is.
     */
    static void compactIfSparse(Connection c, long sizeWhenTaken) {
        try (ResultSet r = c.createStatement().executeQuery("SELECT SETTING_NAME, SETTING_VALUE FROM"
                + " INFORMATION_SCHEMA.SETTINGS WHERE SETTING_NAME IN ('info.CHUNKS_FILL_RATE', 'info.FILE_SIZE')")) {
            long size = 0;
            int fill = 100;
            while (r.next()) {
                if (r.getString(1).equals("info.FILE_SIZE")) {
                    size = Long.parseLong(r.getString(2));
                } else {
                    fill = Integer.parseInt(r.getString(2));
                }
            }
            if (size >= COMPACT_FROM_BYTES && (fill < COMPACT_BELOW_PERCENT || size > 2 * sizeWhenTaken)) {
                c.createStatement().execute("SHUTDOWN COMPACT");
            }
        } catch (SQLException | NumberFormatException e) {
            // compacted another time
        }
    }

    /**
     * Puts the store made afresh in {@code rebuilt} in place of the one in {@code folder}, in one rename, so a store
     * that a killed process left locked, or that grew with every re-index, is left behind whole. The caller holds the
     * folder and has closed its own connection to the store, so no one has the file open.
     */
    static void replace(Path folder, Path rebuilt) {
        try {
            Files.move(rebuilt.resolve(FILE), folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                    StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot put the store rebuilt in " + rebuilt + " in place of "
                    + folder.resolve(FILE) + ": " + IoReason.of(e), e);
        }
    }
}
