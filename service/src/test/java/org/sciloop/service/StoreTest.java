package org.sciloop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The service's store, the same cases on the embedded H2 store and on a real PostgreSQL 15, which runs in a
 * container (Testcontainers) of the image that {@code .ci/postgres-image.sh} builds from Debian's packages. The
 * container uses the host's network and is removed by {@link #stopPostgres()}; each case gets a database of its
 * own. Without Docker or the image the PostgreSQL cases are skipped, loudly; with SCILOOP_REQUIRE_DOCKER=1 (CI)
 * they fail instead.
 */
class StoreTest {
    private static final String IMAGE = "sciloop-postgres:15";
    private static final String USER = "sciloop";
    private static final String PASSWORD = "sciloop-test";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static GenericContainer<?> postgres;
    private static String postgresBase; // jdbc:postgresql://127.0.0.1:PORT/
    private static String postgresMissing; // why there is no PostgreSQL here, once tried

    enum Kind { EMBEDDED_H2, POSTGRESQL }

    @TempDir
    Path dir;

    private final List<Store> opened = new ArrayList<>();

    @AfterEach
    void closeStores() {
        opened.forEach(Store::close);
    }

    @AfterAll
    static void stopPostgres() {
        if (postgres != null) {
            postgres.stop(); // stops and removes the container
            postgres = null;
        }
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void users_have_one_role_and_unique_names(Kind kind) {
        Store store = open(kind);
        assertThat(store.userCount()).isZero();

        store.addUser("bob", Role.SCIENTIST, "2026-01-02T10:00:00Z");
        store.addUser("alice", Role.ADMIN, "2026-01-01T10:00:00Z");

        assertThat(store.role("alice")).contains(Role.ADMIN);
        assertThat(store.role("bob")).contains(Role.SCIENTIST);
        assertThat(store.role("carol")).isEmpty();
        assertThat(store.userCount()).isEqualTo(2);
        assertThat(store.users()).containsExactly(new String[] {"alice", "admin", "2026-01-01T10:00:00Z"},
                new String[] {"bob", "scientist", "2026-01-02T10:00:00Z"});
        assertThatThrownBy(() -> store.addUser("alice", Role.OPERATOR, "2026-01-03T10:00:00Z"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("refused an update");
        assertThat(store.role("alice")).contains(Role.ADMIN);
        assertThat(store.userCount()).isEqualTo(2); // and the connection still works after the refusal
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void tokens_are_found_by_hash_and_revoked_one_by_one_or_per_user(Kind kind) {
        Store store = open(kind);
        store.addUser("alice", Role.OPERATOR, "2026-01-01T10:00:00Z");
        store.addUser("bob", Role.SCIENTIST, "2026-01-01T10:00:00Z");
        String a1 = sha256("alice-1");
        String a2 = sha256("alice-2");
        String b1 = sha256("bob-1");
        store.addToken(a1, "alice", "laptop", "2026-02-01T00:00:00Z", "2026-01-01T10:00:00Z");
        store.addToken(a2, "alice", "ci runner", "2026-03-01T00:00:00Z", "2026-01-01T11:00:00Z");
        store.addToken(b1, "bob", "lab pc", "2026-04-01T00:00:00Z", "2026-01-01T12:00:00Z");

        assertThat(store.token(a2)).hasValueSatisfying(t -> assertThat(t).containsExactly("alice",
                "2026-03-01T00:00:00Z"));
        assertThat(store.token(sha256("nobody's"))).isEmpty();
        assertThatThrownBy(() -> store.addToken(a1, "bob", "again", "2026-05-01T00:00:00Z", "2026-01-02T00:00:00Z"))
                .isInstanceOf(IllegalStateException.class);

        assertThat(store.revokeToken(a1)).isEqualTo(1);
        assertThat(store.token(a1)).isEmpty();
        assertThat(store.revokeToken(a1)).isZero();
        assertThat(store.token(a2)).isPresent();

        store.addToken(a1, "alice", "laptop again", "2026-02-01T00:00:00Z", "2026-01-03T10:00:00Z");
        assertThat(store.revokeTokens("alice")).isEqualTo(2);
        assertThat(store.token(a1)).isEmpty();
        assertThat(store.token(a2)).isEmpty();
        assertThat(store.token(b1)).hasValueSatisfying(t -> assertThat(t[0]).isEqualTo("bob"));
        assertThat(store.revokeTokens("alice")).isZero();
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void campaigns_keep_their_fields_and_queue_order(Kind kind) {
        Store store = open(kind);
        assertThat(store.nextPosition()).isEqualTo(1);
        assertThat(store.campaigns()).isEmpty();

        QueuedCampaign first = campaign("c-1", store.nextPosition(), null);
        store.addCampaign(first);
        QueuedCampaign second = campaign("c-2", store.nextPosition(), "opcua://127.0.0.1:4840/reactor");
        store.addCampaign(second);
        QueuedCampaign third = campaign("c-3", store.nextPosition(), null);
        store.addCampaign(third);
        assertThat(List.of(first.position(), second.position(), third.position())).containsExactly(1L, 2L, 3L);
        assertThat(store.nextPosition()).isEqualTo(4);

        // read back whole, arguments (with quotes, spaces and non-ASCII), no device and all
        assertThat(store.campaign("c-2")).contains(second);
        assertThat(store.campaign("c-1")).contains(first);
        assertThat(store.campaign("c-1").orElseThrow().device()).isNull();
        assertThat(store.campaign("c-9")).isEmpty();
        assertThat(ids(store.campaigns())).containsExactly("c-1", "c-2", "c-3");

        // a new state and detail; then the queue reordered, as CampaignQueue does with positions
        QueuedCampaign running = first.with(QueuedCampaign.State.RUNNING, "started by alice");
        store.saveCampaign(running);
        assertThat(store.campaign("c-1")).contains(running);
        store.saveCampaign(third.at(1));
        store.saveCampaign(second.at(2));
        assertThat(store.campaign("c-3").orElseThrow().position()).isEqualTo(1);
        assertThat(store.campaigns()).extracting(QueuedCampaign::id, QueuedCampaign::state).containsExactly(
                tuple("c-3", QueuedCampaign.State.QUEUED),
                tuple("c-2", QueuedCampaign.State.QUEUED),
                tuple("c-1", QueuedCampaign.State.RUNNING));
        assertThat(store.nextPosition()).isEqualTo(3); // one past the highest position in the table

        store.saveCampaign(third.at(1).with(QueuedCampaign.State.FINISHED, ""));
        assertThat(ids(store.campaigns()).subList(0, 1)).containsExactly("c-2"); // queued ones first
        assertThat(ids(store.campaigns()).subList(1, 3)).containsExactlyInAnyOrder("c-1", "c-3");
        assertThat(store.campaign("c-3").orElseThrow().detail()).isEmpty();
    }

    /** Two services sharing one database: each sees what the other wrote, at once. */
    @Test
    void two_stores_on_one_postgresql_see_each_others_writes() {
        String url = postgresDatabase();
        Store a = opened(Store.at(url));
        Store b = opened(Store.at(url)); // creates no table twice: IF NOT EXISTS

        a.addUser("alice", Role.ADMIN, "2026-01-01T10:00:00Z");
        assertThat(b.role("alice")).contains(Role.ADMIN);
        assertThatThrownBy(() -> b.addUser("alice", Role.SCIENTIST, "2026-01-01T11:00:00Z"))
                .isInstanceOf(IllegalStateException.class);

        String hash = sha256("alice-token");
        b.addToken(hash, "alice", "laptop", "2026-02-01T00:00:00Z", "2026-01-01T10:00:00Z");
        assertThat(a.token(hash)).isPresent();
        assertThat(a.revokeTokens("alice")).isEqualTo(1);
        assertThat(b.token(hash)).isEmpty();

        a.addCampaign(campaign("c-1", a.nextPosition(), null));
        assertThat(b.nextPosition()).isEqualTo(2);
        b.addCampaign(campaign("c-2", b.nextPosition(), null));
        b.saveCampaign(b.campaign("c-1").orElseThrow().with(QueuedCampaign.State.RUNNING, "started"));
        assertThat(a.campaigns()).extracting(QueuedCampaign::id, QueuedCampaign::state).containsExactly(
                tuple("c-2", QueuedCampaign.State.QUEUED),
                tuple("c-1", QueuedCampaign.State.RUNNING));
    }

    @ParameterizedTest
    @EnumSource(Kind.class)
    void a_campaign_and_its_instrument_are_taken_once_whichever_service_asks_first(Kind kind) throws Exception {
        String url = kind == Kind.POSTGRESQL ? postgresDatabase()
                : "jdbc:h2:mem:take-" + System.nanoTime() + ";DB_CLOSE_DELAY=-1";
        Store a = opened(Store.at(url));
        Store b = opened(Store.at(url));
        a.addCampaign(campaign("c-1", 1, "opc.tcp://reactor:4840"));
        a.addCampaign(campaign("c-2", 2, "opc.tcp://reactor:4840"));
        a.addCampaign(campaign("c-3", 3, null));
        QueuedCampaign one = a.campaign("c-1").orElseThrow();
        QueuedCampaign two = a.campaign("c-2").orElseThrow();

        // Two services race for two campaigns on one instrument, many times over: exactly one gets it each time.
        for (int round = 0; round < 20; round++) {
            java.util.concurrent.CompletableFuture<Boolean> byA = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> a.take(one, QueuedCampaign.State.QUEUED, "service-a", "started"));
            java.util.concurrent.CompletableFuture<Boolean> byB = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> b.take(two, QueuedCampaign.State.QUEUED, "service-b", "started"));
            assertThat(byA.get() ^ byB.get()).as("round " + round).isTrue();
            String holder = a.holder("opc.tcp://reactor:4840").orElseThrow();
            assertThat(holder).isEqualTo(byA.get() ? "c-1" : "c-2");
            assertThat(b.runner(holder)).contains(byA.get() ? "service-a" : "service-b");
            // Taken once: the same campaign cannot be taken again from the queue.
            assertThat(b.take(a.campaign(holder).orElseThrow(), QueuedCampaign.State.QUEUED, "service-b", "x"))
                    .isFalse();
            b.saveCampaign(a.campaign(holder).orElseThrow().with(QueuedCampaign.State.QUEUED, ""));
            a.release(holder);
            assertThat(b.holder("opc.tcp://reactor:4840")).isEmpty();
        }
        // A simulation holds nothing and is taken at once.
        assertThat(b.take(a.campaign("c-3").orElseThrow(), QueuedCampaign.State.QUEUED, "service-b", "started"))
                .isTrue();
        assertThat(a.campaign("c-3").orElseThrow().state()).isEqualTo(QueuedCampaign.State.RUNNING);
    }

    private Store open(Kind kind) {
        return opened(kind == Kind.EMBEDDED_H2 ? Store.embedded(dir) : Store.at(postgresDatabase()));
    }

    private Store opened(Store store) {
        opened.add(store);
        return store;
    }

    private static QueuedCampaign campaign(String id, long position, String device) {
        return new QueuedCampaign(id, "kinetics", "alice", "2026-01-0" + id.charAt(2) + "T09:00:00Z",
                QueuedCampaign.State.QUEUED, position, Path.of("/data/campaigns", id, "run"), List.of("run",
                        "kinetics", "--budget", "8", "--note", "it's \"quoted\", spaced and Größe µmol"), device, "");
    }

    private static List<String> ids(List<QueuedCampaign> campaigns) {
        return campaigns.stream().map(QueuedCampaign::id).toList();
    }

    private static String sha256(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(token.getBytes(
                    StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    // --- PostgreSQL in a container ---

    /** A new, empty database on the container's server (started on first use), as a JDBC URL with credentials. */
    private static synchronized String postgresDatabase() {
        if (postgres == null && postgresMissing == null) {
            startPostgres();
        }
        if (postgresMissing != null) {
            if ("1".equals(System.getenv("SCILOOP_REQUIRE_DOCKER"))) {
                fail("SCILOOP_REQUIRE_DOCKER=1 but " + postgresMissing);
            }
            assumeTrue(false, "PostgreSQL cases SKIPPED: " + postgresMissing);
        }
        String name = "store_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(postgresBase + "postgres", USER, PASSWORD);
             Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + name + ": " + e.getMessage(), e);
        }
        return postgresBase + name + "?user=" + USER + "&password=" + PASSWORD;
    }

    private static void startPostgres() {
        try {
            if (!DockerClientFactory.instance().isDockerAvailable()) {
                missing("no Docker engine answers (install docker.io and start dockerd; .ci/run does)");
                return;
            }
        } catch (RuntimeException e) {
            missing("Testcontainers cannot use the Docker engine: " + e);
            return;
        }
        if (!imagePresent() && !buildImage()) {
            return;
        }
        int port = freePort();
        StringBuffer log = new StringBuffer();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withEnv("PGPORT", Integer.toString(port))
                .withEnv("POSTGRES_USER", USER)
                .withEnv("POSTGRES_PASSWORD", PASSWORD)
                .withEnv("POSTGRES_DB", USER)
                .withLogConsumer(frame -> log.append(frame.getUtf8String()))
                // once for the server that creates the database, once for the one that serves
                .waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2)
                        .withStartupTimeout(Duration.ofSeconds(90)));
        try {
            container.start();
        } catch (RuntimeException e) {
            container.stop();
            missing(IMAGE + " did not start: " + e + "\n" + log);
            return;
        }
        postgres = container;
        postgresBase = "jdbc:postgresql://127.0.0.1:" + port + "/";
    }

    private static boolean imagePresent() {
        try {
            DockerClientFactory.instance().client().inspectImageCmd(IMAGE).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** Builds the image with the project's script (a few minutes, once per machine); false if it could not. */
    private static boolean buildImage() {
        Path script = Path.of("..", ".ci", "postgres-image.sh").toAbsolutePath().normalize();
        if (!Files.isRegularFile(script)) {
            missing("no image " + IMAGE + " and no " + script + " to build it");
            return false;
        }
        System.err.println("StoreTest: no image " + IMAGE + ", building it with " + script);
        try {
            Path out = Files.createTempFile("postgres-image", ".log");
            Process p = new ProcessBuilder("bash", script.toString()).redirectErrorStream(true)
                    .redirectOutput(out.toFile()).start();
            boolean ended = p.waitFor(15, TimeUnit.MINUTES);
            if (!ended) {
                p.destroyForcibly();
            }
            if (!ended || p.exitValue() != 0 || !imagePresent()) {
                missing("no image " + IMAGE + " and " + script + " could not build it:\n" + Files.readString(out));
                return false;
            }
            return true;
        } catch (IOException e) {
            missing("no image " + IMAGE + " and " + script + " did not run: " + e.getMessage());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            missing("interrupted while building " + IMAGE);
            return false;
        }
    }

    private static void missing(String why) {
        postgresMissing = why;
        if (!"1".equals(System.getenv("SCILOOP_REQUIRE_DOCKER"))) {
            System.err.println("""

                    ************************************************************************************
                    WARNING: StoreTest's PostgreSQL cases are SKIPPED: only the embedded H2 store is tested.
                    """ + why + """

                    Run .ci/postgres-image.sh with a running dockerd (as .ci/run does) to test PostgreSQL.
                    ************************************************************************************
                    """);
        }
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
