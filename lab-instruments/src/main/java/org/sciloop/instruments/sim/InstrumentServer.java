package org.sciloop.instruments.sim;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.eclipse.milo.opcua.sdk.server.EndpointConfig;
import org.eclipse.milo.opcua.sdk.server.OpcUaServer;
import org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig;
import org.eclipse.milo.opcua.sdk.server.identity.AnonymousIdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.CompositeValidator;
import org.eclipse.milo.opcua.sdk.server.identity.IdentityValidator;
import org.eclipse.milo.opcua.sdk.server.identity.UsernameIdentityValidator;
import org.eclipse.milo.opcua.stack.core.security.CertificateQuarantine;
import org.eclipse.milo.opcua.stack.core.security.DefaultApplicationGroup;
import org.eclipse.milo.opcua.stack.core.security.DefaultCertificateManager;
import org.eclipse.milo.opcua.stack.core.security.DefaultServerCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.MemoryCertificateStore;
import org.eclipse.milo.opcua.stack.core.security.RsaSha256CertificateFactory;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.transport.TransportProfile;
import org.eclipse.milo.opcua.stack.core.types.builtin.DateTime;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.structured.BuildInfo;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransport;
import org.eclipse.milo.opcua.stack.transport.server.tcp.OpcTcpServerTransportConfig;
import org.sciloop.core.InputException;
import org.sciloop.instruments.security.Pki;

import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_ANONYMOUS;
import static org.eclipse.milo.opcua.sdk.server.OpcUaServerConfig.USER_TOKEN_POLICY_USERNAME;

/**
 * A simulated instrument served over OPC UA with the Milo server SDK. Secure by default: the only
 * session endpoint is Basic256Sha256 / SignAndEncrypt, sessions need a user name and password, and
 * client certificates must be in the server's trust list ({@code <pki>/trusted/certs}; rejected ones
 * land in {@code <pki>/rejected/certs}). With {@link Access#insecure()} it also offers security None
 * and anonymous sessions, for a bench-top trial and nothing else. A discovery endpoint without
 * security is always there, because clients must be able to ask which endpoints exist.
 */
public final class InstrumentServer implements AutoCloseable {
    public static final String PATH = "/sciloop";

    /** Who may open a session: user names with their passwords, and whether anything goes. */
    public record Access(Map<String, String> users, boolean insecure) {
        public Access {
            users = Map.copyOf(users);
            if (users.isEmpty() && !insecure) {
                throw new IllegalArgumentException("a secure server needs at least one user");
            }
        }
    }

    private final OpcUaServer server;
    private final String endpointUrl;
    private final int port;
    private final Refusals refusals;

    private InstrumentServer(OpcUaServer server, String endpointUrl, int port, Refusals refusals) {
        this.server = server;
        this.endpointUrl = endpointUrl;
        this.port = port;
        this.refusals = refusals;
    }

    /**
     * Tells {@code operator} in one line each time the server turns a client away (an untrusted certificate,
     * once per certificate; a refused login): a client's operator asks, and the server's must be able to say.
     */
    public void reportRefusalsTo(Consumer<String> operator) {
        refusals.operator = operator;
    }

    /** The server's refusals, told to whoever listens; the validators exist before the server does. */
    private static final class Refusals {
        private final Set<String> certificatesTold = ConcurrentHashMap.newKeySet();
        private volatile Consumer<String> operator = line -> { };

        void certificate(X509Certificate c, Pki pki) {
            if (certificatesTold.add(c.getSerialNumber() + "/" + c.getSubjectX500Principal())) {
                operator.accept("turned away the certificate of " + c.getSubjectX500Principal().getName()
                        + ": it is not trusted. To let that client in, move it from " + pki.rejectedCerts()
                        + " to " + pki.trustedCerts());
            }
        }

        void login(String user) {
            operator.accept("refused the login of user '" + user + "': unknown user or wrong password");
        }
    }

    /**
     * Serves {@code reactor} on {@code host:port} (port 0: a free one) and returns once it accepts
     * connections.
     */
    public static InstrumentServer start(SimulatedReactor reactor, String host, int port, Pki pki, Access access) {
        int bound = port == 0 ? freePort() : port;
        X509Certificate certificate = pki.certificate();
        var trustList = pki.trustList();
        Refusals refusals = new Refusals();
        var quarantine = told(pki.quarantine(), refusals, pki);
        var factory = new RsaSha256CertificateFactory() {
            @Override
            protected KeyPair createRsaSha256KeyPair() {
                return pki.keyPair();
            }

            @Override
            protected X509Certificate[] createRsaSha256CertificateChain(KeyPair keyPair) {
                return new X509Certificate[] {certificate};
            }
        };
        OpcUaServer server = null;
        try {
            var group = DefaultApplicationGroup.createAndInitialize(trustList, new MemoryCertificateStore(), factory,
                    new DefaultServerCertificateValidator(trustList, quarantine));
            OpcUaServerConfig config = OpcUaServerConfig.builder()
                    .setApplicationUri(pki.applicationUri())
                    .setApplicationName(LocalizedText.english("sciloop simulated flow reactor"))
                    .setProductUri("urn:sciloop:simulated-instrument")
                    .setBuildInfo(new BuildInfo("urn:sciloop:simulated-instrument", "sciloop",
                            "sciloop simulated flow reactor", OpcUaServer.SDK_VERSION, "", DateTime.now()))
                    .setEndpoints(endpoints(host, bound, certificate, access.insecure()))
                    .setCertificateManager(new DefaultCertificateManager(quarantine, group))
                    .setIdentityValidator(identities(access, refusals))
                    .build();
            server = new OpcUaServer(config, profile -> new OpcTcpServerTransport(
                    OpcTcpServerTransportConfig.newBuilder().build()));
            new ReactorNamespace(server, reactor).startup();
            server.startup().get(30, TimeUnit.SECONDS);
            return new InstrumentServer(server, "opc.tcp://" + host + ":" + bound + PATH, bound, refusals);
        } catch (ExecutionException e) {
            shutDownQuietly(server);  // its threads would keep the process alive
            requireCanListen(host, bound);  // Milo says only "No endpoints bound": ask the OS why
            throw cannotListen(host, bound, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting the server", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the server did not start within 30 s", e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot set up the server's certificates: " + e.getMessage(), e);
        }
    }

    /**
     * Binds and releases {@code host:port} once, after the server could not, so that a port in use or a foreign
     * address is reported with the operating system's reason. Not before: a server restarted on its port may
     * find it still held for a moment, which Milo's own bind waits out.
     */
    private static void requireCanListen(String host, int port) {
        try (var probe = new ServerSocket()) {
            probe.setReuseAddress(true);  // as the server's own socket does, so a port in TIME_WAIT is no obstacle
            probe.bind(new InetSocketAddress(host, port));
        } catch (IOException e) {
            throw cannotListen(host, port, e);
        }
    }

    private static void shutDownQuietly(OpcUaServer server) {
        if (server != null) {
            try {
                server.shutdown().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // Already failing; the reason it could not start is the one worth reporting.
            }
        }
    }

    /**
     * Why the server cannot listen, in words an operator can act on: a port in use or an address that is not
     * this machine's is their choice to change, not a defect.
     */
    private static RuntimeException cannotListen(String host, int port, Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof BindException || t instanceof UnknownHostException
                    || t instanceof SocketException && t.getMessage() != null) {
                String reason = String.valueOf(t.getMessage());
                String advice = reason.contains("in use") ? "another server listens there; choose a port with --port"
                        : reason.contains("assign") || reason.contains("Unresolved") || t instanceof UnknownHostException
                        ? host + " is not an address of this machine; --bind takes one of its addresses (127.0.0.1,"
                        + " or 0.0.0.0 for all)" : "choose another --bind or --port";
                return new InputException("cannot serve on " + host + ":" + port + ": " + reason + "; " + advice);
            }
        }
        if (cause instanceof IOException) {
            return new InputException("cannot serve on " + host + ":" + port + ": " + cause.getMessage());
        }
        return new IllegalStateException("cannot serve on " + host + ":" + port + ": " + cause.getMessage(), cause);
    }

    private static Set<EndpointConfig> endpoints(String host, int port, X509Certificate certificate,
                                                 boolean insecure) {
        EndpointConfig.Builder base = EndpointConfig.newBuilder()
                .setTransportProfile(TransportProfile.TCP_UASC_UABINARY)
                .setBindAddress(host)
                .setHostname(host)
                .setBindPort(port)
                .setPath(PATH)
                .setCertificate(certificate);
        Set<EndpointConfig> endpoints = new LinkedHashSet<>();
        endpoints.add(base.copy()
                .setSecurityPolicy(SecurityPolicy.Basic256Sha256)
                .setSecurityMode(MessageSecurityMode.SignAndEncrypt)
                .addTokenPolicies(USER_TOKEN_POLICY_USERNAME)
                .build());
        if (insecure) {
            endpoints.add(base.copy()
                    .setSecurityPolicy(SecurityPolicy.None)
                    .setSecurityMode(MessageSecurityMode.None)
                    .addTokenPolicies(USER_TOKEN_POLICY_ANONYMOUS, USER_TOKEN_POLICY_USERNAME)
                    .build());
        }
        // OPC UA Part 6: a discovery endpoint at <path>/discovery, without security, so clients can find the rest.
        endpoints.add(base.copy()
                .setPath(PATH + "/discovery")
                .setSecurityPolicy(SecurityPolicy.None)
                .setSecurityMode(MessageSecurityMode.None)
                .build());
        return endpoints;
    }

    private static CertificateQuarantine told(CertificateQuarantine quarantine, Refusals refusals, Pki pki) {
        return new CertificateQuarantine() {
            @Override
            public List<X509Certificate> getRejectedCertificates() {
                return quarantine.getRejectedCertificates();
            }

            @Override
            public void addRejectedCertificate(X509Certificate certificate) {
                quarantine.addRejectedCertificate(certificate);
                refusals.certificate(certificate, pki);
            }

            @Override
            public void removeRejectedCertificate(X509Certificate certificate) {
                quarantine.removeRejectedCertificate(certificate);
            }
        };
    }

    private static IdentityValidator identities(Access access, Refusals refusals) {
        var users = new UsernameIdentityValidator(challenge -> {
            String expected = access.users().get(challenge.getUsername());
            boolean known = expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                    challenge.getPassword().getBytes(StandardCharsets.UTF_8));
            if (!known) {
                refusals.login(challenge.getUsername());
            }
            return known;
        });
        return access.insecure() ? new CompositeValidator(AnonymousIdentityValidator.INSTANCE, users) : users;
    }

    private static int freePort() {
        try (ServerSocket probe = new ServerSocket(0)) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("no free port: " + e.getMessage(), e);
        }
    }

    public String endpointUrl() {
        return endpointUrl;
    }

    public int port() {
        return port;
    }

    @Override
    public void close() {
        try {
            server.shutdown().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the server did not shut down cleanly: " + e, e);
        }
    }
}
