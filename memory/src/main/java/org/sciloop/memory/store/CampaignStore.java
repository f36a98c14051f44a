package org.sciloop.memory.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.InputException;
import org.sciloop.core.ServiceUnavailableException;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.Canonical;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.memory.store.IndexedCampaign.StoredObservation;

/**
 * Every indexed campaign, across runs: an index of their traces, which stay the system of record (the store can
 * be rebuilt from them, and says when one no longer verifies). Embedded by default (H2, one file under the user's
 * data folder, no server to start); a lab that shares one gives a PostgreSQL ({@code postgres://user:password@host
 * :port/db}). The same tables and queries on both.
 */
public final class CampaignStore implements AutoCloseable {
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS campaigns (id VARCHAR(200) PRIMARY KEY, scenario VARCHAR(500) NOT NULL,"
                + " source VARCHAR NOT NULL, document VARCHAR NOT NULL, seed BIGINT NOT NULL, tool VARCHAR(200) NOT NULL,"
                + " planner VARCHAR(200) NOT NULL, objectives VARCHAR NOT NULL, parameters VARCHAR NOT NULL,"
                + " started_ms BIGINT NOT NULL, ended_ms BIGINT, state VARCHAR(20) NOT NULL, experiments INT NOT NULL,"
                + " trace VARCHAR NOT NULL, lines BIGINT NOT NULL, head CHAR(64) NOT NULL,"
                + " trace_state VARCHAR NOT NULL, indexed_ms BIGINT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS campaign_people (campaign VARCHAR(200) NOT NULL, person VARCHAR(200) NOT NULL,"
                + " PRIMARY KEY (campaign, person))",
        "CREATE TABLE IF NOT EXISTS observations (campaign VARCHAR(200) NOT NULL, line BIGINT NOT NULL,"
                + " recorded_ms BIGINT NOT NULL, recorded_by VARCHAR(200) NOT NULL, experiment VARCHAR(200) NOT NULL,"
                + " status VARCHAR(10) NOT NULL, detail VARCHAR NOT NULL, tool VARCHAR(200), settings VARCHAR NOT NULL,"
                + " outcomes VARCHAR NOT NULL, PRIMARY KEY (campaign, line))",
        // Each setting and outcome of an observation on a row of its own, so that a condition on any of them is an
        // indexed lookup however many campaigns there are.
        "CREATE TABLE IF NOT EXISTS observation_values (campaign VARCHAR(200) NOT NULL, line BIGINT NOT NULL,"
                + " name VARCHAR(200) NOT NULL, number DOUBLE PRECISION, text VARCHAR)",
        "CREATE INDEX IF NOT EXISTS observation_values_number ON observation_values (name, number)",
        "CREATE INDEX IF NOT EXISTS observation_values_text ON observation_values (name, text)",
        "CREATE INDEX IF NOT EXISTS observation_values_of ON observation_values (campaign, line)",
        "CREATE TABLE IF NOT EXISTS hypotheses (campaign VARCHAR(200) NOT NULL, id VARCHAR(200) NOT NULL,"
                + " version INT NOT NULL, status VARCHAR(20) NOT NULL, statement VARCHAR NOT NULL,"
                + " hypothesis VARCHAR NOT NULL, PRIMARY KEY (campaign, id))",
        "CREATE INDEX IF NOT EXISTS campaigns_scenario ON campaigns (scenario)",
        // A deterministic tool's answers by the key of their call (tool fingerprint and settings): memoisation.
        "CREATE TABLE IF NOT EXISTS answers (campaign VARCHAR(200) NOT NULL, line BIGINT NOT NULL,"
                + " line_hash CHAR(64) NOT NULL, tool_fingerprint CHAR(64) NOT NULL, answer_key CHAR(64) NOT NULL,"
                + " outputs VARCHAR NOT NULL, ran_at VARCHAR, PRIMARY KEY (campaign, line))",
        "CREATE INDEX IF NOT EXISTS answers_by_tool ON answers (tool_fingerprint)",
        // Prose for recall by meaning. Its embeddings are computed when recall first needs them, once per distinct
        // text and model, and kept apart: indexing stays fast, and a text said a thousand times is embedded once.
        "CREATE TABLE IF NOT EXISTS passages (campaign VARCHAR(200) NOT NULL, line BIGINT NOT NULL,"
                + " kind VARCHAR(20) NOT NULL, subject VARCHAR(200) NOT NULL, text VARCHAR NOT NULL,"
                + " text_hash CHAR(64) NOT NULL, PRIMARY KEY (campaign, line, subject))",
        "CREATE INDEX IF NOT EXISTS passages_by_text ON passages (text_hash)"
    };
    private static final String[] PER_CAMPAIGN = {"campaign_people", "observations", "observation_values",
        "hypotheses", "answers", "passages"};

    private final Database database;
    private final boolean readOnly;
    private final Connection connection;
    private final Passages passages;
    /** An embedded store's folder; null for a server's. */
    private Path folder;
    /** This process's hold on an embedded store's folder while the store is open; null when nothing is held. */
    private StoreHold hold;
    /** The traces an embedded store that this process can write indexed; null for any other. */
    private TraceRegister register;
    /** What making the store again as it opened came to, until {@link #rebuild()} says it; else null. */
    private Rebuilt madeOnOpening;
    /**
     * Why a store that could be written is read only, and when to try again (its disk had no room left as it
     * opened, or mending it failed); else null.
     */
    private String readOnlyBecause;

    CampaignStore(Connection connection, String description) throws SQLException {
        this.connection = connection;
        this.readOnly = connection.isReadOnly();
        this.database = new Database(connection, description, readOnly);
        try (Statement s = connection.createStatement()) {
            for (String ddl : SCHEMA) {
                s.execute(ddl);
            }
        }
        this.passages = new Passages(this, database, EmbeddingColumn.create(connection));
    }

    /**
     * The store at {@code location}: a folder for an embedded one there; {@code postgres://user:password@host:port
     * /database} (or a {@code jdbc:} URL) for a shared one; null for {@code $SCILOOP_STORE}, else the embedded
     * one in {@link #defaultFolder()}. An embedded store a process left open is mended first ({@link StoreOpening}).
     */
    public static CampaignStore open(String location) {
        return StoreOpening.open(location);
    }

    /**
     * The store at {@code location}, as {@link #open} finds it, to read from: a folder given that holds no store is
     * refused, not made one (a mistyped folder would otherwise answer "nothing found" from a new, empty store). The
     * default store is opened as usual: it is the user's own, and empty until a run.
     */
    public static CampaignStore openExisting(String location) {
        return StoreOpening.openExisting(location);
    }

    /**
     * The store at {@code location}, as {@link #openExisting} finds it, to {@link #rebuild()}: an embedded one whose
     * file is damaged, or gone, is made again as it opens from the traces listed beside it ({@link TraceRegister}),
     * the damaged file kept aside; {@link #rebuild()} then says what came of that.
     */
    public static CampaignStore openToRebuild(String location) {
        return StoreOpening.openToRebuild(location);
    }

    /**
     * Where the embedded store lives: {@code $SCILOOP_DATA_HOME}, else {@code $XDG_DATA_HOME/sciloop}, else
     * {@code ~/.local/share/sciloop}.
     */
    public static Path defaultFolder() {
        return StoreOpening.defaultFolder();
    }

    /** Makes this an embedded store in {@code folder}, which this process holds by {@code hold}. */
    void heldIn(Path folder, StoreHold hold) {
        this.folder = folder;
        this.hold = hold;
        this.register = readOnly ? null : TraceRegister.in(folder);
        database.beforeWriting = hold::writing;
        database.writeFailed = hold::leaveForNext;
    }

    /**
     * Each campaign held, as the register lists it: its id, its trace, and the line of the trace it was indexed up
     * to, with that line's hash (oldest first).
     */
    synchronized List<TraceRegister.Entry> held() {
        return query("SELECT id, trace, lines, head FROM campaigns ORDER BY started_ms, id", List.of(),
                r -> new TraceRegister.Entry(r.getString(1), Path.of(r.getString(2)), r.getLong(3), r.getString(4)));
    }

    /** That opening this store made it again: {@link #rebuild()} says what came of it instead of doing it twice. */
    void madeOnOpening(Rebuilt rebuilt) {
        this.madeOnOpening = rebuilt;
    }

    /** An embedded store's folder; empty for a server's. */
    public Optional<Path> folder() {
        return Optional.ofNullable(folder);
    }

    /**
     * Closes this embedded store and puts the one made afresh in {@code rebuilt} in its file's place, in one rename,
     * holding its folder from the first read to the rename: a campaign that ends meanwhile waits, then indexes into
     * the new file. Refused while another thread of this process has the store open.
     */
    synchronized void replaceBy(Path rebuilt) {
        if (folder == null || readOnly) {
            throw new IllegalStateException("only an embedded store that this process can write is replaced");
        }
        if (hold.shared()) {
            throw new IllegalStateException("the store in " + folder + " is open elsewhere in this process, so the"
                    + " store rebuilt in " + rebuilt + " was not put in its place");
        }
        closeConnection();
        EmbeddedFolder.replace(folder, rebuilt);
    }

    /**
     * Makes this store again from the traces it indexed: each campaign whose trace still verifies is indexed afresh
     * from it, and a record whose trace no longer vouches for it is kept, marked why. An embedded store is made in a
     * new file put in its place, which frees rows a killed process left locked and gives back the space re-indexing
     * took, and is closed by it (open it again to go on); its folder is held throughout, so a campaign that ends
     * meanwhile waits, then indexes into the new file. A server's is re-indexed where it is.
     */
    public Rebuilt rebuild() {
        if (madeOnOpening != null) {
            Rebuilt made = madeOnOpening;
            madeOnOpening = null;
            closeConnection();  // as a rebuild leaves it
            return made;
        }
        checkWritable("rebuild the index");
        if (hold != null) {
            hold.writing();  // it replaces the file: one cut off is done again by the next process to open it
        }
        return Rebuilt.make(this);
    }

    /**
     * Whether this store can only be read (its folder or file cannot be written, or the server says so): queries
     * answer as usual, what was found of a trace is said but not kept, and anything that would write is refused.
     */
    public boolean readOnly() {
        return readOnly;
    }

    /** Refuses to {@code what} in a read-only store, saying how to go on. */
    public void checkWritable(String what) {
        if (readOnly && readOnlyBecause != null) {
            throw new ServiceUnavailableException("cannot " + what + " in " + description() + ": "
                    + readOnlyBecause, null);
        }
        if (readOnly) {
            throw new InputException("cannot " + what + " in " + description() + ": this process can only read it"
                    + " (a read-only disk or file, or a read-only server); copy the store to where it can write, and"
                    + " use the copy");
        }
    }

    /** Says why this embedded store, which could be written, was opened to read only, and when to try again. */
    void readOnlyBecause(String why) {
        this.readOnlyBecause = why;
    }

    /** Which store this is, for people: a folder, or a server and database (never a password). */
    public String description() {
        return database.description;
    }

    /** Recall by meaning over the hypotheses, rationales and notes this store indexed. */
    public Passages passages() {
        return passages;
    }

    // --- writing ---

    /**
     * Indexes {@code campaign}, replacing what the store held of it (a resumed campaign's trace grows): in one
     * transaction, so a reader sees the old index or the new, never half. True when it was not indexed before.
     * A campaign indexed before is replaced only from a trace that extends the one it was indexed from.
     */
    public synchronized boolean index(IndexedCampaign campaign) {
        return index(campaign, false);
    }

    /**
     * As {@link #index(IndexedCampaign)}; with {@code replace}, also from a trace that does not extend the one the
     * campaign was indexed from (a person's knowing choice: otherwise a trace cut short, or rewritten and chained
     * again before its first signed checkpoint, would quietly replace a longer, signed record).
     */
    public synchronized boolean index(IndexedCampaign campaign, boolean replace) {
        checkWritable("index campaign " + campaign.id());
        if (!replace) {
            checkExtends(campaign);
        }
        if (register != null) {
            register.indexed(campaign);
        }
        return inTransaction(() -> {
            boolean known = remove(campaign.id());
            try (PreparedStatement c = connection.prepareStatement("INSERT INTO campaigns (id, scenario, source,"
                    + " document, seed, tool, planner, objectives, parameters, started_ms, ended_ms, state,"
                    + " experiments, trace, lines, head, trace_state, indexed_ms)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                c.setString(1, campaign.id());
                c.setString(2, campaign.scenario());
                c.setString(3, campaign.source());
                c.setString(4, json(campaign.document()));
                c.setLong(5, campaign.seed());
                c.setString(6, campaign.tool());
                c.setString(7, campaign.planner());
                c.setString(8, json(campaign.objectives()));
                c.setString(9, json(campaign.parameters()));
                c.setLong(10, campaign.started().toEpochMilli());
                c.setObject(11, campaign.ended().map(Instant::toEpochMilli).orElse(null), java.sql.Types.BIGINT);
                c.setString(12, campaign.state());
                c.setInt(13, campaign.experiments());
                c.setString(14, campaign.trace().toString());
                c.setLong(15, campaign.lines());
                c.setString(16, campaign.head());
                c.setString(17, VERIFIES);
                c.setLong(18, System.currentTimeMillis());
                c.executeUpdate();
            }
            try (PreparedStatement p = connection.prepareStatement(
                    "INSERT INTO campaign_people (campaign, person) VALUES (?, ?)")) {
                for (String person : campaign.people()) {
                    p.setString(1, campaign.id());
                    p.setString(2, person);
                    p.addBatch();
                }
                p.executeBatch();
            }
            insertObservations(campaign);
            try (PreparedStatement h = connection.prepareStatement("INSERT INTO hypotheses (campaign, id, version,"
                    + " status, statement, hypothesis) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (Hypothesis hypothesis : campaign.hypotheses()) {
                    h.setString(1, campaign.id());
                    h.setString(2, hypothesis.id());
                    h.setInt(3, hypothesis.version());
                    h.setString(4, hypothesis.status().name());
                    h.setString(5, hypothesis.statement());
                    h.setString(6, json(hypothesis));
                    h.addBatch();
                }
                h.executeBatch();
            }
            try (PreparedStatement a = connection.prepareStatement("INSERT INTO answers (campaign, line, line_hash,"
                    + " tool_fingerprint, answer_key, outputs, ran_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                for (IndexedCampaign.StoredAnswer answer : campaign.answers()) {
                    a.setString(1, campaign.id());
                    a.setLong(2, answer.line());
                    a.setString(3, answer.lineHash());
                    a.setString(4, answer.toolFingerprint());
                    a.setString(5, answer.key());
                    a.setString(6, json(answer.outputs()));
                    a.setString(7, answer.ranAt() == null ? null : json(answer.ranAt()));
                    a.addBatch();
                }
                a.executeBatch();
            }
            try (PreparedStatement p = connection.prepareStatement("INSERT INTO passages (campaign, line, kind,"
                    + " subject, text, text_hash) VALUES (?, ?, ?, ?, ?, ?)")) {
                for (IndexedCampaign.Passage passage : campaign.passages()) {
                    p.setString(1, campaign.id());
                    p.setLong(2, passage.line());
                    p.setString(3, passage.kind());
                    p.setString(4, passage.subject());
                    p.setString(5, passage.text());
                    p.setString(6, Canonical.sha256(passage.text()));
                    p.addBatch();
                }
                p.executeBatch();
            }
            return !known;
        });
    }

    /**
     * Refuses (an {@link InputException}) a trace of a campaign the store holds that does not extend the trace its
     * record was indexed from.
     */
    public synchronized void checkExtends(IndexedCampaign campaign) {
        Optional<Listed> before = listed(campaign.id());
        if (before.isPresent()) {
            IndexedCampaign was = before.get().campaign();
            Optional<String> differs = howItDiffers(campaign, was);
            if (differs.isPresent()) {
                throw new InputException(campaign.trace() + ": campaign " + campaign.id() + " is indexed from "
                        + was.trace() + ", and this trace does not extend that one (" + differs.get() + "), so it"
                        + " does not replace the record; 'sciloop memory add --replace' replaces it knowingly");
            }
        }
    }

    /** Where {@code campaign}'s trace parts from the lines {@code was} was indexed from, if it does. */
    private static Optional<String> howItDiffers(IndexedCampaign campaign, IndexedCampaign was) {
        if (campaign.lines() < was.lines()) {
            return Optional.of("it has " + campaign.lines() + " lines, the record " + was.lines());
        }
        String atRecordsEnd = campaign.lines() == was.lines() ? campaign.head()
                : TraceIndexer.read(campaign.trace(), was.lines()).hashAtLine().orElse("");
        return atRecordsEnd.equals(was.head()) ? Optional.empty()
                : Optional.of("its line " + was.lines() + " is not the record's last line");
    }

    private void insertObservations(IndexedCampaign campaign) throws SQLException {
        try (PreparedStatement o = connection.prepareStatement("INSERT INTO observations (campaign, line,"
                + " recorded_ms, recorded_by, experiment, status, detail, tool, settings, outcomes)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement v = connection.prepareStatement("INSERT INTO observation_values (campaign, line, name,"
                     + " number, text) VALUES (?, ?, ?, ?, ?)")) {
            int pending = 0;
            for (StoredObservation stored : campaign.observations()) {
                Observation observation = stored.observation();
                o.setString(1, campaign.id());
                o.setLong(2, stored.line());
                o.setLong(3, stored.recorded().toEpochMilli());
                o.setString(4, stored.recordedBy());
                o.setString(5, observation.experimentId());
                o.setString(6, observation.status().name());
                o.setString(7, observation.detail());
                o.setString(8, observation.tool());
                o.setString(9, json(observation.settings().values()));
                o.setString(10, json(observation.outcomes()));
                o.addBatch();
                for (Map.Entry<String, Object> s : observation.settings().values().entrySet()) {
                    value(v, campaign.id(), stored.line(), s.getKey(), s.getValue());
                }
                for (Map.Entry<String, Double> outcome : observation.outcomes().entrySet()) {
                    value(v, campaign.id(), stored.line(), outcome.getKey(), outcome.getValue());
                }
                if (++pending % 1000 == 0) {
                    o.executeBatch();
                    v.executeBatch();
                }
            }
            o.executeBatch();
            v.executeBatch();
        }
    }

    private static void value(PreparedStatement v, String campaign, long line, String name, Object value)
            throws SQLException {
        v.setString(1, campaign);
        v.setLong(2, line);
        v.setString(3, name);
        if (value instanceof Number n && Double.isFinite(n.doubleValue())) {
            v.setDouble(4, n.doubleValue());
            v.setNull(5, java.sql.Types.VARCHAR);
        } else {
            v.setNull(4, java.sql.Types.DOUBLE);
            v.setString(5, String.valueOf(value));
        }
        v.addBatch();
    }

    private boolean remove(String id) throws SQLException {
        for (String table : PER_CAMPAIGN) {
            try (PreparedStatement d = connection.prepareStatement("DELETE FROM " + table + " WHERE campaign = ?")) {
                d.setString(1, id);
                d.executeUpdate();
            }
        }
        try (PreparedStatement d = connection.prepareStatement("DELETE FROM campaigns WHERE id = ?")) {
            d.setString(1, id);
            return d.executeUpdate() > 0;
        }
    }

    /** Takes a campaign's record out of the store (its trace, the record, is not touched); false if it held none. */
    public synchronized boolean forget(String id) {
        checkWritable("remove campaign " + id);
        if (register != null) {
            register.removed(id);
        }
        return inTransaction(() -> remove(id));
    }

    /** What the store last found of a campaign's trace: {@link #VERIFIES}, or why it no longer does. */
    public synchronized void traceState(String id, String state) {
        if (readOnly) {
            return;  // found now and said by the caller; kept when the store can be written
        }
        inTransaction(() -> {
            try (PreparedStatement u = connection.prepareStatement(
                    "UPDATE campaigns SET trace_state = ? WHERE id = ?")) {
                u.setString(1, state);
                u.setString(2, id);
                return u.executeUpdate();
            }
        });
    }

    /** A trace that was intact, and unchanged, when last looked at. */
    public static final String VERIFIES = "verifies";

    // --- reading ---

    /**
     * Which campaigns a query looks at; an empty field selects all. {@code parameters}: campaigns whose space has
     * every one of these parameters.
     */
    public record Filter(Optional<String> scenario, Optional<String> tool, Optional<String> planner,
                         Optional<String> person, Optional<Instant> since, Optional<Instant> until,
                         List<String> parameters) {
        public Filter {
            parameters = List.copyOf(parameters);
        }

        public static Filter all() {
            return new Filter(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                    Optional.empty(), Optional.empty(), List.of());
        }

        public Filter scenario(String name) {
            return new Filter(Optional.of(name), tool, planner, person, since, until, parameters);
        }

        /** The SQL condition on {@code c} (the campaigns table) and its arguments, in order. */
        String where(List<Object> arguments) {
            StringBuilder sql = new StringBuilder("1 = 1");
            scenario.ifPresent(s -> {
                sql.append(" AND c.scenario = ?");
                arguments.add(s);
            });
            tool.ifPresent(s -> {
                sql.append(" AND c.tool = ?");
                arguments.add(s);
            });
            planner.ifPresent(s -> {
                sql.append(" AND c.planner = ?");
                arguments.add(s);
            });
            person.ifPresent(s -> {
                sql.append(" AND EXISTS (SELECT 1 FROM campaign_people p WHERE p.campaign = c.id AND p.person = ?)");
                arguments.add(s);
            });
            since.ifPresent(t -> {
                sql.append(" AND c.started_ms >= ?");
                arguments.add(t.toEpochMilli());
            });
            until.ifPresent(t -> {
                sql.append(" AND c.started_ms < ?");
                arguments.add(t.toEpochMilli());
            });
            for (String parameter : parameters) {
                // The parameters column is a JSON list of names: the name as JSON writes it, quotes included, is in it.
                sql.append(" AND c.parameters LIKE ? ESCAPE '!'");
                arguments.add("%" + json(parameter).replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%");
            }
            return sql.toString();
        }
    }

    /** A campaign as listed: what the store holds of it, without its observations and hypotheses. */
    public record Listed(IndexedCampaign campaign, int experiments, String traceState, Instant indexed) {
    }

    /** What {@link #names} lists: a column of the campaigns that a {@link Filter} matches exactly. */
    public enum Named { SCENARIO, TOOL, PLANNER }

    /** The distinct scenarios, tools or planners of the store's campaigns, each once. */
    public synchronized List<String> names(Named what) {
        return query("SELECT DISTINCT " + what.name().toLowerCase(Locale.ROOT) + " FROM campaigns", List.of(),
                r -> r.getString(1));
    }

    /** The campaigns {@code filter} selects, oldest first. */
    public synchronized List<Listed> campaigns(Filter filter) {
        List<Object> arguments = new ArrayList<>();
        String sql = "SELECT c.* FROM campaigns c WHERE " + filter.where(arguments) + " ORDER BY c.started_ms, c.id";
        return query(sql, arguments, this::listed);
    }

    /**
     * The campaign whose id is or starts with {@code id} (a prefix of at least 4 characters), with its
     * observations and hypotheses; an {@link InputException} when the prefix fits more than one.
     */
    public synchronized Optional<IndexedCampaign> campaign(String id) {
        List<Listed> found = query("SELECT c.* FROM campaigns c WHERE c.id = ? OR (? AND c.id LIKE ?) ORDER BY c.id",
                List.of(id, id.length() >= 4, id.replace("%", "").replace("_", "\\_") + "%"), this::listed);
        List<Listed> exact = found.stream().filter(l -> l.campaign().id().equals(id)).toList();
        if (exact.isEmpty() && found.size() > 1) {
            throw new InputException("'" + id + "' starts the ids of " + found.size() + " campaigns ("
                    + String.join(", ", found.stream().map(l -> l.campaign().id()).limit(5).toList())
                    + (found.size() > 5 ? ", ..." : "") + "); give more of it");
        }
        Optional<Listed> one = (exact.isEmpty() ? found : exact).stream().findFirst();
        return one.map(l -> {
            String campaign = l.campaign().id();
            return l.campaign().with(people(campaign), query("SELECT o.* FROM observations o WHERE o.campaign = ?"
                    + " ORDER BY o.line", List.of(campaign), this::observation), hypotheses(campaign),
                    query("SELECT a.* FROM answers a WHERE a.campaign = ? ORDER BY a.line", List.of(campaign),
                            this::answer));
        });
    }

    /**
     * Every answer the deterministic tool with this fingerprint gave in an indexed campaign whose trace verified when
     * the store last looked, by call key, each call's answers earliest campaign first (so every later campaign links
     * to the same origin): read once, so a campaign holds no connection while it runs.
     */
    public synchronized Map<String, List<RecordedAnswers.RecordedAnswer>> answers(String toolFingerprint) {
        Map<String, List<RecordedAnswers.RecordedAnswer>> byKey = new java.util.HashMap<>();
        query("SELECT a.* FROM answers a JOIN campaigns c ON c.id = a.campaign WHERE a.tool_fingerprint = ?"
                + " AND c.trace_state = ? ORDER BY c.started_ms, c.id, a.line", List.of(toolFingerprint, VERIFIES), r -> {
                    IndexedCampaign.StoredAnswer a = answer(r);
                    return Map.entry(a.key(), new RecordedAnswers.RecordedAnswer(r.getString("campaign"), a.line(),
                            a.lineHash(), a.outputs(), a.ranAt()));
                }).forEach(e -> byKey.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return byKey;
    }

    /** The campaign's row and how the store last found its trace. */
    public synchronized Optional<Listed> listed(String id) {
        return query("SELECT c.* FROM campaigns c WHERE c.id = ?", List.of(id), this::listed).stream().findFirst();
    }

    /** An observation found by a search, with its campaign's scenario. */
    public record Found(String scenario, StoredObservation stored) {
    }

    /**
     * Every observation, across the campaigns {@code filter} selects whose trace verified when the store last looked,
     * that meets all {@code conditions} (each on a setting or an outcome of that name), oldest campaign first; at
     * most {@code limit}.
     */
    public synchronized List<Found> search(List<Condition> conditions, Filter filter, int limit) {
        List<Object> arguments = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT c.scenario, o.* FROM observations o JOIN campaigns c"
                + " ON c.id = o.campaign WHERE " + filter.where(arguments) + " AND c.trace_state = ?");
        arguments.add(VERIFIES);
        for (Condition condition : conditions) {
            sql.append(" AND EXISTS (SELECT 1 FROM observation_values v WHERE v.campaign = o.campaign"
                    + " AND v.line = o.line AND v.name = ? AND ").append(condition.numeric() ? "v.number " : "v.text ")
                    .append(condition.op().sql()).append(" ?)");
            arguments.add(condition.name());
            arguments.add(condition.numeric() ? condition.number() : condition.level());
        }
        sql.append(" ORDER BY c.started_ms, c.id, o.line LIMIT ?");
        arguments.add(limit);
        return query(sql.toString(), arguments, r -> new Found(r.getString("scenario"), observation(r)));
    }

    /** Whether any stored observation has a setting or an outcome called {@code name}. */
    public synchronized boolean knows(String name) {
        return !query("SELECT 1 FROM observation_values WHERE name = ? LIMIT 1", List.of(name), r -> 1).isEmpty();
    }

    /** A campaign's hypothesis's status as last written (supported, refuted, ...), if the store holds it. */
    public synchronized Optional<String> hypothesisStatus(String campaign, String id) {
        return query("SELECT status FROM hypotheses WHERE campaign = ? AND id = ?", List.of(campaign, id),
                r -> r.getString(1).toLowerCase(java.util.Locale.ROOT)).stream().findFirst();
    }

    /** Whether some observation has {@code name} as a level (a text), not a number. */
    public synchronized boolean hasLevels(String name) {
        return !query("SELECT 1 FROM observation_values WHERE name = ? AND text IS NOT NULL LIMIT 1", List.of(name),
                r -> 1).isEmpty();
    }

    /** The levels of {@code name} that are {@code level} but for case (at most 5). */
    public synchronized List<String> levelsButForCase(String name, String level) {
        return query("SELECT DISTINCT text FROM observation_values WHERE name = ? AND LOWER(text) = LOWER(?)"
                + " AND text <> ? ORDER BY text LIMIT 5", List.of(name, level, level), r -> r.getString(1));
    }

    /** A campaign's hypothesis (its last version) and the campaign's scenario. */
    public record StoredHypothesis(String campaign, String scenario, Hypothesis hypothesis) {
    }

    /**
     * The latest version of every hypothesis of the campaigns {@code filter} selects whose trace verified when the
     * store last looked, oldest campaign first.
     */
    public synchronized List<StoredHypothesis> hypotheses(Filter filter) {
        List<Object> arguments = new ArrayList<>();
        String where = filter.where(arguments);
        arguments.add(VERIFIES);
        // In each campaign in the order they were stated: H2 before H10.
        return query("SELECT c.scenario, h.* FROM hypotheses h JOIN campaigns c ON c.id = h.campaign WHERE " + where
                + " AND c.trace_state = ? ORDER BY c.started_ms, c.id, LENGTH(h.id), h.id", arguments,
                r -> new StoredHypothesis(r.getString("campaign"), r.getString("scenario"),
                        read(r.getString("hypothesis"), Hypothesis.class)));
    }

    private List<Hypothesis> hypotheses(String campaign) {
        return query("SELECT h.hypothesis FROM hypotheses h WHERE h.campaign = ? ORDER BY h.id", List.of(campaign),
                r -> read(r.getString("hypothesis"), Hypothesis.class));
    }

    private Listed listed(ResultSet r) throws SQLException {
        long ended = r.getLong("ended_ms");
        Optional<Instant> end = r.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(ended));
        String id = r.getString("id");
        IndexedCampaign c = new IndexedCampaign(id, Path.of(r.getString("trace")), r.getString("scenario"),
                r.getString("source"), read(r.getString("document"), com.fasterxml.jackson.databind.JsonNode.class),
                r.getLong("seed"), r.getString("tool"), r.getString("planner"),
                read(r.getString("objectives"), new TypeReference<List<String>>() { }),
                read(r.getString("parameters"), new TypeReference<List<String>>() { }),
                Instant.ofEpochMilli(r.getLong("started_ms")), end, r.getString("state"), List.of(),
                r.getLong("lines"), r.getString("head"), List.of(), List.of(), List.of(), List.of());
        return new Listed(c, r.getInt("experiments"), r.getString("trace_state"),
                Instant.ofEpochMilli(r.getLong("indexed_ms")));
    }

    private StoredObservation observation(ResultSet r) throws SQLException {
        Observation o = new Observation(r.getString("experiment"),
                Settings.of(read(r.getString("settings"), new TypeReference<Map<String, Object>>() { })),
                read(r.getString("outcomes"), new TypeReference<Map<String, Double>>() { }),
                Observation.Status.valueOf(r.getString("status")), r.getString("detail"), r.getString("tool"));
        return new StoredObservation(r.getString("campaign"), r.getLong("line"),
                Instant.ofEpochMilli(r.getLong("recorded_ms")), r.getString("recorded_by"), o);
    }

    private IndexedCampaign.StoredAnswer answer(ResultSet r) throws SQLException {
        String ranAt = r.getString("ran_at");
        return new IndexedCampaign.StoredAnswer(r.getString("tool_fingerprint"), r.getString("answer_key"),
                r.getLong("line"), r.getString("line_hash"),
                read(r.getString("outputs"), new TypeReference<Map<String, Object>>() { }),
                ranAt == null ? null : read(ranAt, new TypeReference<Map<String, Object>>() { }));
    }

    private List<String> people(String campaign) {
        return query("SELECT person FROM campaign_people WHERE campaign = ? ORDER BY person", List.of(campaign),
                r -> r.getString(1));
    }

    // --- plumbing ---

    private <T> List<T> query(String sql, List<?> arguments, Database.Row<T> row) {
        return database.query(sql, arguments, row);
    }

    private <T> T inTransaction(Database.Work<T> work) {
        return database.inTransaction(work);
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    private <T> T read(String json, Class<T> type) {
        return read(json, JSON.constructType(type));
    }

    private <T> T read(String json, TypeReference<T> type) {
        return read(json, JSON.constructType(type));
    }

    /** {@code json} as {@code type}; what only a damaged file would hold is said as damage, with how to mend it. */
    private <T> T read(String json, com.fasterxml.jackson.databind.JavaType type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new ServiceUnavailableException("the campaign store (" + description() + ") is damaged: a record"
                    + " in it cannot be read (" + e.getOriginalMessage() + "). The traces are the record: 'sciloop"
                    + " memory rebuild' makes the store again from them", e);
        }
    }

    @Override
    public synchronized void close() {
        if (hold != null && !hold.shared() && hold.wroteWhole() && !closed()) {
            // the last to close in this process, and it wrote
            EmbeddedFolder.compactIfSparse(connection, hold.sizeWhenTaken());
        }
        closeConnection();
        if (hold != null) {
            hold.close();  // after the connection: the next process opens a file that H2 closed
            hold = null;
        }
    }

    /** Whether this store's connection is closed (a rebuild closes it as it puts the new file in place). */
    private boolean closed() {
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    void closeConnection() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing: nothing is left to lose
        }
    }
}
