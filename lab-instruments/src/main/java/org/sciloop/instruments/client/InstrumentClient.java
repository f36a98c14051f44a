package org.sciloop.instruments.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.milo.opcua.sdk.client.OpcUaClient;
import org.eclipse.milo.opcua.sdk.client.identity.AnonymousProvider;
import org.eclipse.milo.opcua.sdk.client.identity.IdentityProvider;
import org.eclipse.milo.opcua.sdk.client.identity.UsernameProvider;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.security.DefaultClientCertificateValidator;
import org.eclipse.milo.opcua.stack.core.security.SecurityPolicy;
import org.eclipse.milo.opcua.stack.core.types.builtin.ByteString;
import org.eclipse.milo.opcua.stack.core.types.builtin.DataValue;
import org.eclipse.milo.opcua.stack.core.types.builtin.ExpandedNodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.LocalizedText;
import org.eclipse.milo.opcua.stack.core.types.builtin.NodeId;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.eclipse.milo.opcua.stack.core.types.builtin.Variant;
import org.eclipse.milo.opcua.stack.core.types.builtin.unsigned.UInteger;
import org.eclipse.milo.opcua.stack.core.types.enumerated.MessageSecurityMode;
import org.eclipse.milo.opcua.stack.core.types.enumerated.TimestampsToReturn;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodRequest;
import org.eclipse.milo.opcua.stack.core.types.structured.CallMethodResult;
import org.eclipse.milo.opcua.stack.core.types.structured.EndpointDescription;
import org.sciloop.instruments.security.Pki;

/**
 * A session with one OPC UA server through Milo, with the few operations an instrument needs: read,
 * write, call. Node ids are written as in profiles ({@code ns=2;s=...} or, robust to the server's
 * namespace order, {@code nsu=urn:...;s=...}). Every failure is a {@link DeviceException} that says
 * whether the connection was lost (worth retrying once it is back) or the device said no.
 *
 * <p>Milo's client re-establishes a lost connection by itself; callers decide what to retry.
 */
public final class InstrumentClient implements AutoCloseable {
    /** How long one request may take before it counts as lost. */
    private static final UInteger REQUEST_TIMEOUT_MS = UInteger.valueOf(5_000);

    /** How the client connects. {@code password} is the password itself, read by the caller from the environment. */
    public record Login(String policy, String mode, Optional<String> username, Optional<String> password) {
        /** The security policies and message modes sciloop speaks, as profiles and the command line name them. */
        public static final List<String> POLICIES = List.of("None", "Basic256Sha256", "Aes128_Sha256_RsaOaep",
                "Aes256_Sha256_RsaPss");
        public static final List<String> MODES = List.of("None", "Sign", "SignAndEncrypt");

        public static Login anonymous(String policy, String mode) {
            return new Login(policy, mode, Optional.empty(), Optional.empty());
        }
    }

    private final OpcUaClient client;
    private final String endpoint;
    private final Map<String, NodeId> nodes = new ConcurrentHashMap<>();

    private InstrumentClient(OpcUaClient client, String endpoint) {
        this.client = client;
        this.endpoint = endpoint;
    }

    /** Connects and opens a session; throws {@link DeviceException} with the reason a person can act on. */
    public static InstrumentClient connect(String endpoint, Login login, Pki pki) {
        SecurityPolicy policy = SecurityPolicy.valueOf(login.policy());
        MessageSecurityMode mode = MessageSecurityMode.valueOf(login.mode());
        IdentityProvider identity = login.username().isPresent()
                ? new UsernameProvider(login.username().get(), login.password().orElse(""))
                : new AnonymousProvider();
        OpcUaClient client;
        try {
            client = OpcUaClient.create(endpoint,
                    offered -> pick(offered, policy, mode),
                    transport -> { },
                    config -> config
                            .setApplicationName(LocalizedText.english("sciloop"))
                            .setApplicationUri(pki.applicationUri())
                            .setKeyPair(pki.keyPair())
                            .setCertificate(pki.certificate())
                            .setCertificateChain(new java.security.cert.X509Certificate[] {pki.certificate()})
                            .setCertificateValidator(new DefaultClientCertificateValidator(pki.trustList(),
                                    pki.quarantine()))
                            .setIdentityProvider(identity)
                            .setRequestTimeout(REQUEST_TIMEOUT_MS));
        } catch (UaException e) {
            throw DeviceException.of("cannot reach " + endpoint, e);
        }
        try {
            client.connect();
        } catch (UaException e) {
            disconnectQuietly(client);
            throw DeviceException.of("cannot open a session on " + endpoint + " (" + policy + "/" + mode
                    + (login.username().isPresent() ? ", user " + login.username().get() : ", anonymous") + ")",
                    e, certificates(client, pki));
        }
        return new InstrumentClient(client, endpoint);
    }

    /**
     * What became of the certificates when a security check failed: the server's, if this side turned it
     * away (it is then in our rejected folder), and ours, which the server's operator must trust otherwise.
     */
    private static String certificates(OpcUaClient client, Pki pki) {
        Optional<Path> rejectedHere = Optional.ofNullable(client.getConfig().getEndpoint().getServerCertificate())
                .map(ByteString::bytesOrEmpty).flatMap(pki::rejectedFile);
        return rejectedHere.map(f -> "; this machine does not trust the server's certificate yet: it is in " + f
                        + " (move it to " + pki.trustedCerts() + " to trust it)").orElse("")
                + "; unless the server trusts sciloop's certificate (" + pki.folder().resolve("own")
                + "), its operator must: a sciloop-served instrument keeps the certificates it turned away in its"
                + " rejected/certs folder, to be moved to trusted/certs";
    }

    private static Optional<EndpointDescription> pick(List<EndpointDescription> offered, SecurityPolicy policy,
                                                      MessageSecurityMode mode) {
        return offered.stream()
                .filter(e -> e.getSecurityPolicyUri().equals(policy.getUri()) && e.getSecurityMode() == mode)
                .findFirst();
    }

    public String endpoint() {
        return endpoint;
    }

    /** The Milo client, for browsing and for benchmarks that compare against a bare call. */
    public OpcUaClient milo() {
        return client;
    }

    /** Resolves a node id as written in a profile, against this server's namespace table. */
    public NodeId node(String text) {
        return nodes.computeIfAbsent(text, t -> {
            ExpandedNodeId id;
            try {
                id = ExpandedNodeId.parse(t);
            } catch (RuntimeException e) {
                throw new DeviceException("'" + t + "' is not a node id (examples: ns=2;s=Reactor/Temp,"
                        + " nsu=urn:lab:reactor;i=1001)", false);
            }
            return id.toNodeId(client.getNamespaceTable()).orElseThrow(() -> new DeviceException(
                    "node " + t + ": the server has no namespace " + id.getNamespaceUri(), false));
        });
    }

    /** The current value of a variable (a Java value: Double, String, Boolean, ...). */
    public Object read(String node) {
        DataValue value;
        try {
            value = client.readValue(0, TimestampsToReturn.Neither, node(node));
        } catch (UaException e) {
            throw DeviceException.of("reading " + node, e);
        }
        if (value.statusCode() != null && value.statusCode().isBad()) {
            throw new DeviceException("reading " + node + ": " + statusName(value.statusCode()), false);
        }
        return value.value().value();
    }

    /** Writes a variable; {@code type} is the OPC UA built-in type the value is sent as. */
    public void write(String node, String type, Object value) {
        List<StatusCode> status;
        try {
            status = client.writeValues(List.of(node(node)), List.of(DataValue.valueOnly(variant(type, value))));
        } catch (UaException e) {
            throw DeviceException.of("writing " + node, e);
        }
        if (status.get(0).isBad()) {
            throw new DeviceException("writing " + value + " to " + node + ": the device said "
                    + statusName(status.get(0)), connectionLost(status.get(0)));
        }
    }

    /** Calls a method; returns its output arguments. */
    public Object[] call(String object, String method, List<Variant> arguments) {
        CallMethodResult result;
        try {
            result = client.call(List.of(new CallMethodRequest(node(object), node(method),
                    arguments.toArray(Variant[]::new)))).getResults()[0];
        } catch (UaException e) {
            throw DeviceException.of("calling " + method, e);
        }
        if (result.getStatusCode().isBad()) {
            throw new DeviceException("calling " + method + ": the device said " + statusName(result.getStatusCode()),
                    connectionLost(result.getStatusCode()));
        }
        Variant[] out = result.getOutputArguments() == null ? new Variant[0] : result.getOutputArguments();
        Object[] values = new Object[out.length];
        for (int i = 0; i < out.length; i++) {
            values[i] = out[i].value();
        }
        return values;
    }

    /** The OPC UA built-in types sciloop writes and passes to methods, as profiles and commands name them. */
    public static final List<String> TYPES = List.of("Double", "Float", "Int32", "Int16", "UInt32", "Boolean", "String");

    /** Whether {@code text} is a node id as profiles write them (not whether a server has it). */
    public static boolean isNodeId(String text) {
        try {
            ExpandedNodeId.parse(text);
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** A value as the OPC UA type a profile names. */
    public static Variant variant(String type, Object value) {
        switch (type) {
            case "Double":
                return Variant.ofDouble(number(value).doubleValue());
            case "Float":
                return Variant.ofFloat(number(value).floatValue());
            case "Int32":
                return Variant.ofInt32(number(value).intValue());
            case "Int16":
                return Variant.ofInt16(number(value).shortValue());
            case "UInt32":
                return Variant.ofUInt32(UInteger.valueOf(number(value).longValue()));
            case "Boolean":
                return Variant.ofBoolean((boolean) (value instanceof Boolean b ? b : Boolean.parseBoolean(value.toString())));
            case "String":
                return Variant.ofString(String.valueOf(value));
            default:
                throw new IllegalArgumentException("unsupported type " + type);
        }
    }

    private static Number number(Object value) {
        if (value instanceof Number n) {
            return n;
        }
        try {
            return Double.parseDouble(String.valueOf(value));
        } catch (NumberFormatException e) {
            throw new DeviceException("'" + value + "' is not a number", false);
        }
    }

    /** The symbolic name of a status code, e.g. Bad_InvalidState. */
    public static String statusName(StatusCode status) {
        return StatusCodes.lookup(status.value()).map(n -> n[0]).orElse(status.toString());
    }

    /** Whether a status says the link to the device was lost, rather than that the device said no. */
    static boolean connectionLost(StatusCode status) {
        long v = status.value();
        return v == StatusCodes.Bad_ConnectionClosed || v == StatusCodes.Bad_SessionClosed
                || v == StatusCodes.Bad_SessionIdInvalid || v == StatusCodes.Bad_SecureChannelClosed
                || v == StatusCodes.Bad_Timeout || v == StatusCodes.Bad_RequestTimeout
                || v == StatusCodes.Bad_NoCommunication || v == StatusCodes.Bad_ServerNotConnected
                || v == StatusCodes.Bad_CommunicationError || v == StatusCodes.Bad_Disconnect
                || v == StatusCodes.Bad_NotConnected || v == StatusCodes.Bad_TcpInternalError
                || v == StatusCodes.Bad_ServerHalted || v == StatusCodes.Bad_Shutdown
                || v == StatusCodes.Bad_SecureChannelIdInvalid || v == StatusCodes.Bad_SessionNotActivated
                || v == StatusCodes.Bad_ConnectionRejected;
    }

    private static void disconnectQuietly(OpcUaClient client) {
        try {
            client.disconnect();
        } catch (UaException | RuntimeException ignored) {
            // Already failing; the first error is the one worth reporting.
        }
    }

    @Override
    public void close() {
        disconnectQuietly(client);
    }
}
