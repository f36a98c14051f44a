package org.sciloop.memory.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.ServiceUnavailableException;

/**
 * The folder an embedded (H2) store lives in: its file (checked before anything writes to it, compacted, set aside
 * when damaged), and putting a store rebuilt beside it in its place. A process holds the folder by {@link StoreHold}.
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
     * The JDBC URL of the store in {@code folder}, for a process that holds it ({@link StoreHold}). H2 does not close it
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
                if (leftOpen && listsNoTrace(folder)) {
                    startAnew(folder, file);
                    return;
                }
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
            if (listsNoTrace(folder)) {
                startAnew(folder, copy);
                return;
            }
            Files.move(copy, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot put back " + copy + " (the store as it was before H2"
                    + " recovered it) in place of " + file + ": " + IoReason.of(e), e);
        }
        throw remembered(file, damaged(folder, unreadable));
    }

    /**
     * A store whose process was killed as it made it, before it held anything (no campaigns, no trace listed): made
     * anew, nothing lost, {@code begun} (the file as that process left it) kept beside it. A tester's service killed
     * once had left a store that every later campaign called damaged, and none was memoised or indexed again.
     */
    private static void startAnew(Path folder, Path begun) {
        Path kept = folder.resolve(FILE + ".unfinished");
        try {
            Files.move(begun, kept, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Files.deleteIfExists(folder.resolve(FILE));
        } catch (IOException e) {
            throw new ServiceUnavailableException("the campaign store in " + folder + " was being made when its"
                    + " process ended, and held nothing yet; it cannot be made anew: " + IoReason.of(e), e);
        }
        System.err.println("sciloop: the campaign store in " + folder + " was being made when its process ended, and"
                + " held nothing yet: it is made anew (the file begun is kept as " + kept + ")");
    }

    /** Whether the store in {@code folder} lists no trace it indexed: its list was never written. */
    private static boolean listsNoTrace(Path folder) {
        try {
            return !Files.exists(TraceRegister.in(folder).file());
        } catch (ServiceUnavailableException e) {
            return false;
        }
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
