package org.sciloop.instruments.sim;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import org.sciloop.instruments.client.InstrumentClient;
import org.sciloop.instruments.security.Pki;

/**
 * A simulated reactor served for this process alone: on a free loopback port, secured as a real instrument
 * (Basic256Sha256 / SignAndEncrypt, a one-time password), with a server and a client identity made for it
 * in a temporary folder and trusting each other. The server starts on the first {@link #connect()}; closing
 * stops it, deletes the folder and stops the reactor.
 */
public final class LoopbackInstrument implements AutoCloseable {
    private static final String USER = "sciloop";

    private final SimulatedReactor reactor;
    private final String name;
    private Path dir;
    private InstrumentServer server;
    private Pki clientPki;
    private String password;

    public LoopbackInstrument(SimulatedReactor reactor, String name) {
        this.reactor = reactor;
        this.name = name;
    }

    /** Serves the reactor if it is not served yet, and opens a new session as its one user. */
    public synchronized InstrumentClient connect() {
        serve();
        return InstrumentClient.connect(server.endpointUrl(), new InstrumentClient.Login("Basic256Sha256",
                "SignAndEncrypt", Optional.of(USER), Optional.of(password)), clientPki);
    }

    private void serve() {
        if (server != null) {
            return;
        }
        try {
            dir = Files.createTempDirectory("sciloop-simulated-instrument");
        } catch (IOException e) {
            throw new IllegalStateException("cannot make a folder for the simulated instrument's certificates", e);
        }
        Pki serverPki = Pki.open(dir.resolve("server"), "urn:sciloop:simulated-instrument:" + dir.getFileName(),
                "sciloop simulated " + name);
        clientPki = Pki.open(dir.resolve("client"), "urn:sciloop:client:" + dir.getFileName(), "sciloop");
        serverPki.trust(clientPki.certificate());
        clientPki.trust(serverPki.certificate());
        byte[] secret = new byte[18];
        new SecureRandom().nextBytes(secret);
        password = Base64.getEncoder().encodeToString(secret);
        server = InstrumentServer.start(reactor, "127.0.0.1", 0, serverPki,
                new InstrumentServer.Access(Map.of(USER, password), false));
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close();
            server = null;
            try (var files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // A temporary folder; the system clears it eventually.
            }
        }
        reactor.close();
    }
}
