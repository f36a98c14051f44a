package org.sciloop.instruments.client;

import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;

/**
 * A failed exchange with an instrument, in words an operator can act on. {@code connectionLost} tells a
 * lost link (retry once it is back; the device may or may not have acted) from a refusal by the device.
 */
public final class DeviceException extends RuntimeException {
    /** What of the client's own settings the device refused, so that the caller can point at where it is set. */
    public enum Refused { ENDPOINT_PATH, SECURITY_MODE, LOGIN }

    private final boolean connectionLost;
    private final Refused refused;

    public DeviceException(String message, boolean connectionLost) {
        this(message, connectionLost, null);
    }

    private DeviceException(String message, boolean connectionLost, Refused refused) {
        super(message);
        this.connectionLost = connectionLost;
        this.refused = refused;
    }

    public boolean connectionLost() {
        return connectionLost;
    }

    /** The setting of ours that the device refused, if that is what failed. */
    public Optional<Refused> refused() {
        return Optional.ofNullable(refused);
    }

    /** The failure of {@code doing}, with advice for the statuses a person can fix. */
    public static DeviceException of(String doing, UaException e) {
        return of(doing, e, "");
    }

    /**
     * The failure to open a session; {@code certificates} says what each side did with the other's
     * certificate, for a failed security check.
     */
    public static DeviceException of(String doing, UaException e, String certificates) {
        StatusCode status = e.getStatusCode();
        long v = status.value();
        String advice = "";
        Refused refused = null;
        String detail = detail(e, InstrumentClient.statusName(status));
        if (v == StatusCodes.Bad_SecurityChecksFailed || v == StatusCodes.Bad_CertificateUntrusted) {
            detail = "";  // the stack's words (an empty trust anchor set, ...) add nothing to the advice
            advice = certificates;
        } else if (v == StatusCodes.Bad_IdentityTokenRejected || v == StatusCodes.Bad_IdentityTokenInvalid
                || v == StatusCodes.Bad_UserAccessDenied) {
            advice = "; check the user name and password";
            refused = Refused.LOGIN;
        } else if (v == StatusCodes.Bad_ConfigurationError && doing.startsWith("cannot reach")) {
            // On connecting, Milo says this when no endpoint offers the profile's policy and mode.
            advice = "; the server may offer no endpoint with this security policy and mode ('sciloop instrument"
                    + " browse' lists the ones it offers)";
            refused = Refused.SECURITY_MODE;
        } else if (v == StatusCodes.Bad_TcpEndpointUrlInvalid) {
            // The server answered, so the address is right; Milo's detail names the URL it tried last.
            detail = "";
            advice = ": the server at this address answered, but has no endpoint at this path; use the endpoint"
                    + " URL the server publishes (a sciloop-served instrument prints it when it starts, e.g."
                    + " opc.tcp://HOST:PORT/sciloop)";
            refused = Refused.ENDPOINT_PATH;
        }
        boolean lost = InstrumentClient.connectionLost(status) || linkFailed(e);
        // Milo reports a channel closed under a request as an "unexpected error": it is the link.
        String what = lost && v == StatusCodes.Bad_UnexpectedError && detail.isEmpty() ? "the connection closed"
                : InstrumentClient.statusName(status);
        return new DeviceException(doing + ": " + what + (detail.isBlank() ? "" : " (" + detail + ")") + advice,
                lost, refused);
    }

    /**
     * The words of Milo's message without its wrapping: exception class names and the
     * {@code status=..., message=} frame go; a detail that only repeats the status goes too.
     */
    static String detail(Throwable e, String statusName) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnknownHostException) {
                return "no such host: " + t.getMessage();
            }
        }
        String m = Optional.ofNullable(e.getMessage()).orElse("").strip();
        String previous;
        do {
            previous = m;
            m = m.replaceFirst("^([\\w$]+\\.)*[\\w$]+(Exception|Error): ", "")
                    .replaceFirst("^status=\\w+, (message|description)=", "");
        } while (!m.equals(previous));
        // A bare class name (an exception without a message) says nothing to an operator.
        return m.equals(statusName) || m.equals("null") || m.matches("([\\w$]+\\.)*[\\w$]+(Exception|Error)") ? ""
                : m;
    }

    /**
     * Milo reports a channel closed under a request as Bad_UnexpectedError; whether it was the link shows in
     * the causes' types: a closed channel (Netty's is a {@link ClosedChannelException}), a socket that failed
     * or was refused ({@link SocketException}, {@link java.net.ConnectException} among them), a status of
     * the lost-link kind further down.
     */
    private static boolean linkFailed(Throwable e) {
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof ClosedChannelException || t instanceof SocketException
                    || t instanceof UaException ua && InstrumentClient.connectionLost(ua.getStatusCode())) {
                return true;
            }
        }
        return false;
    }
}
