package org.sciloop.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The service's own state: users, their tokens (hashed), and the campaign registry with its queue. Embedded
 * (H2, one file under the data folder) by default; PostgreSQL when given a {@code jdbc:postgresql:} URL, with
 * the same tables and queries. Traces are not in here: they stay files, the system of record.
 */
public final class Store implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS users (name VARCHAR(64) PRIMARY KEY, role VARCHAR(16) NOT NULL,"
                + " created VARCHAR(40) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS tokens (hash CHAR(64) PRIMARY KEY, user_name VARCHAR(64) NOT NULL,"
                + " label VARCHAR(200) NOT NULL, expires VARCHAR(40) NOT NULL, created VARCHAR(40) NOT NULL)",
        "CREATE TABLE IF NOT EXISTS campaigns (id VARCHAR(40) PRIMARY KEY, scenario VARCHAR(200) NOT NULL,"
                + " submitted_by VARCHAR(64) NOT NULL, submitted VARCHAR(40) NOT NULL, state VARCHAR(16) NOT NULL,"
                + " position BIGINT NOT NULL, run_dir VARCHAR(2000) NOT NULL, run_arguments VARCHAR(20000) NOT NULL,"
                + " device VARCHAR(500), detail VARCHAR(4000) NOT NULL)",
        // The service whose process works on a campaign: with several services on one database, each goes on
        // only with its own campaigns after a restart.
        "ALTER TABLE campaigns ADD COLUMN IF NOT EXISTS runner VARCHAR(200)",
        // A person's pause, stop or resume that the service has answered but the campaign not yet carried out: kept
        // so that a service killed meanwhile carries it out after its restart instead of forgetting it.
        "ALTER TABLE campaigns ADD COLUMN IF NOT EXISTS request VARCHAR(4000)",
        // An instrument held by the campaign that runs on it, or by an operator (maintenance): one row per
        // instrument, so two services that start campaigns at the same moment cannot both take it.
        "CREATE TABLE IF NOT EXISTS instrument_holds (device VARCHAR(500) PRIMARY KEY,"
                + " campaign VARCHAR(4000) NOT NULL)"
    };
    /** SQLSTATE of a unique-key violation, in H2 and PostgreSQL alike. */
    private static final String DUPLICATE_KEY = "23505";
    private static final String CAMPAIGN_COLUMNS = "id, scenario, submitted_by, submitted, state, position, run_dir,"
            + " run_arguments, device, detail";

    private final Connection connection;
    /** An embedded database, which each change is forced into its file after (a server keeps its own log). */
    private final boolean embedded;

    private Store(Connection connection, boolean embedded) throws SQLException {
        this.connection = connection;
        this.embedded = embedded;
        try (Statement s = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
        }
    }

    /**
     * The embedded store in {@code folder}; refused while another service holds it. Each change is written to the
     * file before it is answered ({@code WRITE_DELAY=0}, and a {@code CHECKPOINT} after it, as H2 may skip the
     * write of a commit while it writes another): by default H2 writes it up to half a second later, and a service
     * killed then had answered 201 for campaigns its next start no longer knew.
     *
     * <p>The file is first rewritten whole ({@code SHUTDOWN COMPACT}): H2 can reopen a file cut off by a kill in the
     * middle of a write (a chunk that runs past the file's end) into a state where no commit of the session survives
     * the next kill, every CHECKPOINT notwithstanding (a tester's service lost, after its second kill -9, a user and
     * two campaigns it had answered 201 for, and went on losing them until it was shut down cleanly).
     */
    public static Store embedded(Path folder) {
        String url = "jdbc:h2:file:" + folder.toAbsolutePath().resolve("service") + ";DB_CLOSE_ON_EXIT=FALSE"
                + ";WRITE_DELAY=0";
        try (Connection c = connect(url, folder); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot rewrite the service's database in " + folder + ": "
                    + e.getMessage(), e);
        }
        return open(url, folder);
    }

    /** The store at a JDBC URL ({@code jdbc:postgresql://host/db?user=...}, or {@code jdbc:h2:...}). */
    public static Store at(String url) {
        return open(url, null);
    }

    private static Store open(String url, Path folder) {
        try {
            return new Store(connect(url, folder), url.startsWith("jdbc:h2:file:"));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot set up the service's database " + where(url, folder) + ": "
                    + e.getMessage(), e);
        }
    }

    private static Connection connect(String url, Path folder) {
        try {
            return DriverManager.getConnection(url);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open the service's database " + where(url, folder) + ": "
                    + e.getMessage() + (e.getMessage() != null && e.getMessage().contains("locked")
                    ? " (is another sciloop serve using this --data folder?)" : ""), e);
        }
    }

    private static String where(String url, Path folder) {
        return folder != null ? "in " + folder : url.replaceAll("password=[^&;]*", "password=***");
    }

    // --- users and tokens ---

    public synchronized void addUser(String name, Role role, String now) {
        update("INSERT INTO users (name, role, created) VALUES (?, ?, ?)", name, role.name(), now);
    }

    public synchronized Optional<Role> role(String user) {
        return one("SELECT role FROM users WHERE name = ?", r -> Role.valueOf(r.getString(1)), user);
    }

    public synchronized List<String[]> users() {
        return all("SELECT name, role, created FROM users ORDER BY name", r -> new String[] {r.getString(1),
                r.getString(2).toLowerCase(), r.getString(3)});
    }

    public synchronized int userCount() {
        return one("SELECT COUNT(*) FROM users", r -> r.getInt(1)).orElse(0);
    }

    public synchronized void addToken(String hash, String user, String label, String expires, String now) {
        update("INSERT INTO tokens (hash, user_name, label, expires, created) VALUES (?, ?, ?, ?, ?)", hash, user,
                label, expires, now);
    }

    /** The user and expiry of a token's hash. */
    public synchronized Optional<String[]> token(String hash) {
        return one("SELECT user_name, expires FROM tokens WHERE hash = ?", r -> new String[] {r.getString(1),
                r.getString(2)}, hash);
    }

    public synchronized int revokeToken(String hash) {
        return update("DELETE FROM tokens WHERE hash = ?", hash);
    }

    public synchronized int revokeTokens(String user) {
        return update("DELETE FROM tokens WHERE user_name = ?", user);
    }

    // --- campaigns ---

    public synchronized void addCampaign(QueuedCampaign c) {
        update("INSERT INTO campaigns (" + CAMPAIGN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", c.id(),
                c.scenario(), c.submittedBy(), c.submitted(), c.state().name(), c.position(), c.runDir().toString(),
                json(c.runArguments()), c.device(), c.detail());
    }

    public synchronized void saveCampaign(QueuedCampaign c) {
        update("UPDATE campaigns SET state = ?, position = ?, detail = ? WHERE id = ?", c.state().name(),
                c.position(), c.detail(), c.id());
    }

    /**
     * Marks a campaign in state {@code from} as worked on by {@code runner} (RUNNING, with {@code detail}) and
     * holds its instrument, both or neither: false if it is no longer in {@code from} or its instrument is held.
     */
    public synchronized boolean take(QueuedCampaign c, QueuedCampaign.State from, String runner, String detail) {
        try {
            connection.setAutoCommit(false);
            try {
                if (c.device() != null && !holdsInstrument(c)) {
                    try (PreparedStatement hold = prepared("INSERT INTO instrument_holds (device, campaign)"
                            + " VALUES (?, ?)", c.device(), c.id())) {
                        hold.executeUpdate();
                    }
                }
                int taken;
                try (PreparedStatement update = prepared("UPDATE campaigns SET state = 'RUNNING', runner = ?,"
                        + " detail = ? WHERE id = ? AND state = ?", runner, detail, c.id(), from.name())) {
                    taken = update.executeUpdate();
                }
                if (taken == 1) {
                    connection.commit();
                    written();
                    return true;
                }
                connection.rollback();
                return false;
            } catch (SQLException e) {
                connection.rollback();
                if (DUPLICATE_KEY.equals(e.getSQLState())) {
                    return false;  // another campaign holds the instrument
                }
                throw e;
            } finally {
                connection.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the service's database refused an update: " + e.getMessage(), e);
        }
    }

    private boolean holdsInstrument(QueuedCampaign c) throws SQLException {
        try (PreparedStatement s = prepared("SELECT 1 FROM instrument_holds WHERE device = ? AND campaign = ?",
                c.device(), c.id()); ResultSet r = s.executeQuery()) {
            return r.next();
        }
    }

    /** Holds an instrument for {@code holder} (an operator's "held by ..."); false if something holds it. */
    public synchronized boolean hold(String device, String holder) {
        try (PreparedStatement s = prepared("INSERT INTO instrument_holds (device, campaign) VALUES (?, ?)", device,
                holder)) {
            s.executeUpdate();
            written();
            return true;
        } catch (SQLException e) {
            if (DUPLICATE_KEY.equals(e.getSQLState())) {
                return false;
            }
            throw new IllegalStateException("the service's database refused an update: " + e.getMessage(), e);
        }
    }

    /** Every held instrument and what holds it (a campaign's id, or an operator's "held by ..."). */
    public synchronized java.util.Map<String, String> holds() {
        java.util.Map<String, String> holds = new java.util.TreeMap<>();
        all("SELECT device, campaign FROM instrument_holds", r -> holds.put(r.getString(1), r.getString(2)));
        return holds;
    }

    /** Ends an operator's hold on an instrument; false if none was there. */
    public synchronized boolean releaseHold(String device, String holder) {
        return update("DELETE FROM instrument_holds WHERE device = ? AND campaign = ?", device, holder) == 1;
    }

    /** Lets go of what a campaign holds once no process works on it. */
    public synchronized void release(String campaignId) {
        update("DELETE FROM instrument_holds WHERE campaign = ?", campaignId);
    }

    /** The campaign that holds an instrument, if one does. */
    public synchronized Optional<String> holder(String device) {
        return one("SELECT campaign FROM instrument_holds WHERE device = ?", r -> r.getString(1), device);
    }

    /** How many campaigns {@code runner} works on now. */
    public synchronized long running(String runner) {
        return one("SELECT COUNT(*) FROM campaigns WHERE state = 'RUNNING' AND runner = ?", r -> r.getLong(1), runner)
                .orElse(0L);
    }

    /** Keeps a person's request to a campaign until it is carried out ({@code null}: carried out, or void). */
    public synchronized void request(String campaignId, String request) {
        if (request == null) {
            update("UPDATE campaigns SET request = NULL WHERE id = ?", campaignId);
        } else {
            update("UPDATE campaigns SET request = ? WHERE id = ?", request, campaignId);
        }
    }

    /** A person's request to a campaign that the service answered and the campaign has not carried out yet. */
    public synchronized Optional<String> request(String campaignId) {
        return one("SELECT request FROM campaigns WHERE id = ? AND request IS NOT NULL", r -> r.getString(1),
                campaignId);
    }

    /** The service that last worked on a campaign, if any did. */
    public synchronized Optional<String> runner(String campaignId) {
        return one("SELECT runner FROM campaigns WHERE id = ? AND runner IS NOT NULL", r -> r.getString(1),
                campaignId);
    }

    public synchronized Optional<QueuedCampaign> campaign(String id) {
        return one("SELECT " + CAMPAIGN_COLUMNS + " FROM campaigns WHERE id = ?", Store::campaign, id);
    }

    /** Every campaign, queued ones in queue order first, then the others in the order they were submitted. */
    public synchronized List<QueuedCampaign> campaigns() {
        return all("SELECT " + CAMPAIGN_COLUMNS + " FROM campaigns ORDER BY CASE WHEN state = 'QUEUED' THEN 0 ELSE 1"
                + " END, position, submitted DESC, id", Store::campaign);
    }

    public synchronized long nextPosition() {
        return one("SELECT COALESCE(MAX(position), 0) + 1 FROM campaigns", r -> r.getLong(1)).orElse(1L);
    }

    @Override
    public synchronized void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            throw new IllegalStateException("closing the service's database: " + e.getMessage(), e);
        }
    }

    private static QueuedCampaign campaign(ResultSet r) throws SQLException {
        try {
            return new QueuedCampaign(r.getString(1), r.getString(2), r.getString(3), r.getString(4),
                    QueuedCampaign.State.valueOf(r.getString(5)), r.getLong(6), Path.of(r.getString(7)),
                    Arrays.asList(JSON.readValue(r.getString(8), String[].class)), r.getString(9), r.getString(10));
        } catch (JsonProcessingException e) {
            throw new SQLException("campaign " + r.getString(1) + ": unreadable run arguments", e);
        }
    }

    private static String json(List<String> values) {
        try {
            return JSON.writeValueAsString(values);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** Forces what was just committed into an embedded database's file: a kill -9 then loses none of it. */
    private void written() throws SQLException {
        if (embedded) {
            try (Statement s = connection.createStatement()) {
                s.execute("CHECKPOINT");
            }
        }
    }

    private interface Row<T> {
        T read(ResultSet r) throws SQLException;
    }

    private int update(String sql, Object... args) {
        try (PreparedStatement s = prepared(sql, args)) {
            int changed = s.executeUpdate();
            written();
            return changed;
        } catch (SQLException e) {
            throw new IllegalStateException("the service's database refused an update: " + e.getMessage(), e);
        }
    }

    private <T> Optional<T> one(String sql, Row<T> row, Object... args) {
        List<T> rows = all(sql, row, args);
        return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
    }

    private <T> List<T> all(String sql, Row<T> row, Object... args) {
        try (PreparedStatement s = prepared(sql, args); ResultSet r = s.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (r.next()) {
                out.add(row.read(r));
            }
            return out;
        } catch (SQLException e) {
            throw new IllegalStateException("the service's database refused a query: " + e.getMessage(), e);
        }
    }

    private PreparedStatement prepared(String sql, Object... args) throws SQLException {
        PreparedStatement s = connection.prepareStatement(sql);
        for (int i = 0; i < args.length; i++) {
            s.setObject(i + 1, args[i]);
        }
        return s;
    }
}
