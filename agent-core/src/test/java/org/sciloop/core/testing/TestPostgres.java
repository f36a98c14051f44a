package org.sciloop.core.testing;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.dockerjava.api.exception.NotFoundException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * A real PostgreSQL 15 for the tests of the stores, in a container (Testcontainers) of the image that
 * {@code .ci/postgres-image.sh} builds from Debian's packages (no image registry is reachable here). The container
 * uses the host's network, starts on first use and is removed by {@link #stop()}; each caller gets a database of
 * its own. Without Docker or the image a case is skipped, loudly; with SCILOOP_REQUIRE_DOCKER=1 (CI) it fails.
 */
public final class TestPostgres {
    private static final String IMAGE = "sciloop-postgres:15-pgvector";
    private static final String USER = "sciloop";
    private static final String PASSWORD = "sciloop-test";
    private static final AtomicInteger DATABASES = new AtomicInteger();

    private static GenericContainer<?> postgres;
    private static int port;
    private static String missing; // why there is no PostgreSQL here, once tried

    private TestPostgres() {
    }

    /** A new, empty database (the server starts on first use), as a JDBC URL with credentials. */
    public static synchronized String newDatabase() {
        String name = create();
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + name + "?user=" + USER + "&password=" + PASSWORD;
    }

    /** A new, empty database as a {@code postgres://user:password@host:port/database} URL. */
    public static synchronized String newDatabaseUrl() {
        String name = create();
        return "postgres://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + name;
    }

    private static String create() {
        if (postgres == null && missing == null) {
            start();
        }
        if (missing != null) {
            if ("1".equals(System.getenv("SCILOOP_REQUIRE_DOCKER"))) {
                fail("SCILOOP_REQUIRE_DOCKER=1 but " + missing);
            }
            assumeTrue(false, "PostgreSQL cases SKIPPED: " + missing);
        }
        String name = "test_" + ProcessHandle.current().pid() + "_" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + port + "/postgres", USER,
                PASSWORD); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("creating database " + name + ": " + e.getMessage(), e);
        }
        return name;
    }

    /** Stops and removes the container, if one was started. */
    public static synchronized void stop() {
        if (postgres != null) {
            postgres.stop();
            postgres = null;
        }
    }

    private static void start() {
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
        int chosen = freePort();
        StringBuffer log = new StringBuffer();
        GenericContainer<?> container = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode("host")
                .withEnv("PGPORT", Integer.toString(chosen))
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
        port = chosen;
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
        System.err.println("TestPostgres: no image " + IMAGE + ", building it with " + script);
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
        missing = why;
        if (!"1".equals(System.getenv("SCILOOP_REQUIRE_DOCKER"))) {
            System.err.println("""

                    ************************************************************************************
                    WARNING: the PostgreSQL cases are SKIPPED: only the embedded H2 stores are tested.
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
