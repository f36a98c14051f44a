package org.sciloop.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.sciloop.core.testing.TestPostgres;

/**
 * The service's store, the same cases on the embedded H2 store and on a real PostgreSQL 15 in a container
 * ({@link TestPostgres}: skipped loudly without Docker, failed instead in CI); each case gets a database of its own.
 */
class StoreTest {
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
        TestPostgres.stop();
    }

    /**
     * A file H2 reopened after a kill in the middle of a write (a tester's service folder, where a chunk runs past the
     * file's end): what a later session writes still survives the next kill -9 (it did not, until the file was
     * rewritten at the start).
     */
    @Test
    void what_is_written_after_a_kill_mid_write_survives_the_next_kill() throws Exception {
        Path folder = Files.createDirectories(dir.resolve("data"));
        try (InputStream fixture = StoreTest.class.getResourceAsStream("killed-mid-write.mv.db")) {
            Files.copy(fixture, folder.resolve("service.mv.db"));
        }
        Process writer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-cp",
                System.getProperty("java.class.path"), KilledWriter.class.getName(), folder.toString())
                .redirectErrorStream(true).start();
        try (BufferedReader said = new BufferedReader(new InputStreamReader(writer.getInputStream(),
                StandardCharsets.UTF_8))) {
            assertThat(said.readLine()).isEqualTo("written");
        } finally {
            writer.destroyForcibly().waitFor();  // SIGKILL: nothing is closed
        }
        Store store = Store.embedded(folder);
        opened.add(store);
        assertThat(store.role("zed")).contains(Role.SCIENTIST);
        assertThat(store.userCount()).as("the four users the file held, and zed").isEqualTo(5);
    }

    /** Adds a user to the embedded store in the folder it is given, says so, and waits to be killed. */
    static final class KilledWriter {
        public static void main(String[] args) throws InterruptedException {
            Store.embedded(Path.of(args[0])).addUser("zed", Role.SCIENTIST, "2026-12-08T00:00:00Z");
            System.out.println("written");
            System.out.flush();
            Thread.currentThread().join();  // until killed
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

    private static String postgresDatabase() {
        return TestPostgres.newDatabase();
    }
}
