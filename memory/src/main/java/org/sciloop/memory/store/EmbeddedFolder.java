package org.sciloop.memory.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import java.util.function.Supplier;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.ServiceUnavailableException;

/**
 * The folder an embedded (H2) store lives in: its file, the lock each process takes to open or close it, and putting
 * a store rebuilt beside it in its place.
 */
final class EmbeddedFolder {
    /** The store's file in its folder. */
    static final String FILE = "memory.mv.db";
    /** Serialises the processes of this machine that open or close the embedded store's file. */
    private static final Object OPENING = new Object();

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
     * The JDBC URL of the store in {@code folder}. AUTO_SERVER: a second process (campaigns that run side by side)
     * reaches the file through the first, and AUTO_RECONNECT lets it go on when the first one closes.
     */
    static String url(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("memory") + ";AUTO_SERVER=TRUE;AUTO_RECONNECT=TRUE";
    }

    /**
     * Whether this process can write the store in {@code folder} (its folder, and its file when there is one): on a
     * read-only mount, or a store of someone else's, it can only be read.
     */
    static boolean writable(Path folder) {
        return Files.isWritable(folder) && (!holdsStore(folder) || Files.isWritable(folder.resolve(FILE)));
    }

    /**
     * The JDBC URL that reads the store in {@code folder} without writing anything beside it: no lock file, no
     * automatic server (which needs one), nothing changed.
     */
    static String readOnlyUrl(Path folder) {
        return "jdbc:h2:file:" + folder.resolve("memory") + ";ACCESS_MODE_DATA=r;IFEXISTS=TRUE";
    }

    /**
     * Refuses a store file that holds no store, before it is opened to write: H2 takes a file whose every chunk is
     * damaged for an empty store and, opened to write, cuts it down to one (measured: 143 kB to 16 kB on open and
     * close), so the store would answer "no campaign" and the damaged file would be gone. Read first, without
     * writing; skipped while another process has the file open (it opened it, and holds H2's lock on it).
     */
    static void checkIntact(Path folder) {
        if (!holdsStore(folder) || Files.exists(folder.resolve("memory.lock.db"))) {
            return;
        }
        Path file = folder.resolve(FILE).toAbsolutePath().normalize();
        if (DAMAGED.contains(file)) {
            // A refused open can leave H2 holding the file in this process, so that looking again says only "in
            // use"; what was found stands (a run opens its store at its start and again at its end).
            throw damaged(folder, null);
        }
        try {
            if (Files.size(file) == 0) {
                throw remembered(file, damaged(folder, null));
            }
        } catch (IOException e) {
            return;  // the writing open says why it cannot read it
        }
        try (Connection c = DriverManager.getConnection(readOnlyUrl(folder), new Properties());
             java.sql.ResultSet r = c.createStatement().executeQuery("SELECT COUNT(*) FROM INFORMATION_SCHEMA.TABLES"
                     + " WHERE UPPER(TABLE_NAME) = 'CAMPAIGNS'")) {
            if (r.next() && r.getInt(1) == 0) {
                throw remembered(file, damaged(folder, null));
            }
        } catch (SQLException e) {
            // Only a process that opened the file meanwhile is no sign of damage. "Read only" among the rest: H2
            // would have to write to open it, which a whole store closed as it should never needs (a process
            // killed with it open leaves H2's lock file, and is not looked at here).
            if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                throw remembered(file, damaged(folder, e));
            }
        }
    }

    /** Store files this process found damaged. */
    private static final java.util.Set<Path> DAMAGED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static ServiceUnavailableException remembered(Path file, ServiceUnavailableException damaged) {
        DAMAGED.add(file);
        return damaged;
    }

    /** That the store's file is damaged, and how to make the store again: the traces are the record. */
    static ServiceUnavailableException damaged(Path folder, SQLException cause) {
        String said = cause == null ? "it holds no campaign store"
                : cause.getErrorCode() == org.h2.api.ErrorCode.DATABASE_IS_READ_ONLY
                ? "it cannot be read without being changed"
                : cause.getErrorCode() == org.h2.api.ErrorCode.IO_EXCEPTION_1 ? "it is no store file H2 can read"
                // H2's own advice (its recovery tool) is not the way here
                : cause.getMessage().lines().findFirst().orElse("").replaceAll("\\s*Possible solutions?:.*", "");
        return new ServiceUnavailableException("the embedded store's file " + folder.resolve(FILE) + " is damaged ("
                + said + "); it was left as it is. The traces are the record: move the file aside and add the runs"
                + " again into a new store ('sciloop memory add RUN_DIR... --store " + folder + "')", cause);
    }

    /**
     * Runs {@code work} holding the operating system's lock on the folder's {@code open.lock}, one process (and one
     * thread) at a time: H2 refuses an open that races another process's open or close of the same file ("Lock file
     * recently modified"), which five campaigns that start or end together do (measured: 4 of 5 concurrent opens
     * failed after 6.7 s).
     */
    static <T> T underOpenLock(Path folder, Supplier<T> work) {
        Path lock = folder.resolve("open.lock");
        synchronized (OPENING) {
            try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock held = channel.lock()) {
                return work.get();
            } catch (IOException e) {
                throw new ServiceUnavailableException("cannot lock " + lock + " to open the campaign store: "
                        + IoReason.of(e), e);
            }
        }
    }

    /**
     * Puts the store made afresh in {@code rebuilt} in place of the one in {@code folder}, in one rename, so a store
     * that a killed process left locked, or that grew with every re-index, is left behind whole. Refused, changing
     * nothing, while another process has the store open (a run, {@code sciloop serve}): its writes would go to the
     * file left behind.
     */
    static void replace(Path folder, Path rebuilt) {
        underOpenLock(folder, () -> {
            // Opened without the automatic server, the file is ours alone: another process's open refuses that.
            Connection alone = null;
            try {
                alone = DriverManager.getConnection("jdbc:h2:file:" + folder.resolve("memory")
                        + ";AUTO_SERVER=FALSE;IFEXISTS=TRUE", new Properties());
            } catch (SQLException e) {
                if (e.getErrorCode() == org.h2.api.ErrorCode.DATABASE_ALREADY_OPEN_1) {
                    throw new ServiceUnavailableException("the store in " + folder + " is open in another process"
                            + " (a run, 'sciloop serve'), so the store rebuilt in " + rebuilt + " was not put in its"
                            + " place; run 'sciloop memory rebuild' again when it is closed", e);
                }
                // A file no one can open is no one's: it is replaced all the same.
            }
            try {
                Files.move(rebuilt.resolve(FILE), folder.resolve(FILE), StandardCopyOption.REPLACE_EXISTING,
                        StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new ServiceUnavailableException("cannot put the store rebuilt in " + rebuilt + " in place of "
                        + folder.resolve(FILE) + ": " + IoReason.of(e), e);
            } finally {
                if (alone != null) {
                    try {
                        alone.close();
                    } catch (SQLException e) {
                        // it was the file left behind
                    }
                }
            }
            return null;
        });
    }
}
