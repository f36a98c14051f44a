package org.sciloop.memory.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.sciloop.core.ServiceUnavailableException;

/**
 * The store's one connection, its queries and transactions, and a failure of either said in a person's words. Not
 * safe for two threads: its users hold the store's lock.
 */
final class Database {
    /** Reads one row of a result. */
    interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    /** Work on the connection, committed together. */
    interface Work<T> {
        T run() throws SQLException;
    }

    /** What H2 says of a write to its file that failed. */
    private static final Pattern H2_WRITE_FAILED = Pattern.compile("Writing to \\S+ failed; length (\\d+)");
    /** What H2 says of a page it could not read, without its advice (its recovery tool is not the way here). */
    private static final Pattern H2_DAMAGE = Pattern.compile("Unable to read the page at position \\w+"
            + "|File corrupted while reading record: [^\\[]*?(?=\\. Possible|\\[|$)");

    final Connection connection;
    final String description;
    /** Whether this process can only read the store: what mends it is then done on a copy. */
    private final boolean readOnly;
    /** Run before each transaction: an embedded store's holder says it writes ({@link StoreHold}). */
    Runnable beforeWriting = () -> { };
    /**
     * Run when the database fails a transaction: an embedded store's holder leaves what it said for the next one,
     * which mends the file as after a kill (a tester: a disk that filled during an add left a file H2 could read
     * only by writing, which every later command had called damaged).
     */
    Runnable writeFailed = () -> { };

    Database(Connection connection, String description, boolean readOnly) {
        this.connection = connection;
        this.description = description;
        this.readOnly = readOnly;
    }

    <T> List<T> query(String sql, List<?> arguments, Row<T> row) {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < arguments.size(); i++) {
                s.setObject(i + 1, arguments.get(i));
            }
            List<T> out = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    out.add(row.read(r));
                }
            }
            return out;
        } catch (SQLException e) {
            throw failed(e);
        }
    }

    <T> T inTransaction(Work<T> work) {
        beforeWriting.run();
        try {
            connection.setAutoCommit(false);
            try {
                T result = work.run();
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    connection.rollback();
                } catch (SQLException closed) {
                    e.addSuppressed(closed);  // H2 closes a store whose write failed: what failed first says why
                }
                throw e;
            } finally {
                try {
                    connection.setAutoCommit(true);
                } catch (SQLException closed) {
                    // closed after a failed write: said by what failed
                }
            }
        } catch (SQLException e) {
            writeFailed.run();
            throw failed(e);
        }
    }

    ServiceUnavailableException failed(SQLException e) {
        Matcher writing = writeFailure(e);
        if (writing != null) {
            // Not damage: the file is as it was before the write (a tester filled the disk during an add).
            return new ServiceUnavailableException("the campaign store (" + description + ") could not write to its"
                    + " file (H2 failed to write " + writing.group(1) + " bytes" + ioReason(e) + ": is the disk"
                    + " full?): what this command wrote was not kept, and the next command to open the store, once"
                    + " there is room, mends what the write left and indexes from their traces the campaigns this"
                    + " one was asked to", e);
        }
        if (damaged(e)) {
            // Damage H2 meets only on a page a query reads: the open found the file whole enough to start.
            Matcher said = H2_DAMAGE.matcher(e.getMessage());
            return new ServiceUnavailableException("the campaign store (" + description + ") is damaged: a part of"
                    + " its file cannot be read (H2: " + (said.find() ? said.group() : "error " + e.getErrorCode())
                    + "). The traces are the record: 'sciloop memory rebuild' makes the store again from them", e);
        }
        // Measured: a process killed while it committed can leave an embedded store's rows locked for good (the
        // next process to hold an embedded store that this process can write makes it again first).
        String locked = e.getErrorCode() == org.h2.api.ErrorCode.LOCK_TIMEOUT_1 ? "; unless another process is"
                + " writing to it now, one killed while it wrote left it locked, or that part of its file was"
                + " damaged: 'sciloop memory rebuild' makes it again from the traces" + (readOnly ? " (on a copy of"
                + " the store where this process can write: it can only read this one)" : "") : "";
        // H2 leaves its placeholder in one of its messages ("Timeout trying to lock table {0}").
        return new ServiceUnavailableException("the campaign store (" + description + ") failed: "
                + e.getMessage().replace(" {0}", "") + locked, e);
    }

    /**
     * H2's words on a write to its file that failed, wherever they are among {@code e}'s causes: once every commit is
     * written at once, a failed write closes the store, and the commit says only that it is closed.
     */
    private static Matcher writeFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            for (Throwable said : withSuppressed(t)) {
                Matcher writing = H2_WRITE_FAILED.matcher(String.valueOf(said.getMessage()));
                if (writing.find()) {
                    return writing;
                }
            }
        }
        return null;
    }

    private static List<Throwable> withSuppressed(Throwable t) {
        List<Throwable> all = new ArrayList<>(List.of(t));
        all.addAll(List.of(t.getSuppressed()));
        return all;
    }

    /** The operating system's reason for a failed write, when H2 gives it as a cause. */
    private static String ioReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.io.IOException io && io.getMessage() != null) {
                return ": " + io.getMessage();
            }
        }
        return "";
    }

    /** Whether H2 says the file is damaged where it read it (it names the page it could not read). */
    private static boolean damaged(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof org.h2.mvstore.MVStoreException || t instanceof SQLException q
                    && q.getErrorCode() == org.h2.api.ErrorCode.FILE_CORRUPTED_1) {
                return true;
            }
        }
        return e.getMessage() != null && e.getMessage().contains("MVStoreException");
    }
}
