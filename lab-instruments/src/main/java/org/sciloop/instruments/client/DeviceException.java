package org.sciloop.instruments.client;

import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Optional;
import org.eclipse.milo.opcua.stack.core.StatusCodes;
import org.eclipse.milo.opcua.stack.core.UaException;
import org.eclipse.milo.opcua.stack.core.types.builtin.StatusCode;
import org.sciloop.instruments.security.Pki;

/**
 * A failed exchange with an instrument, in words an operator can act on. {@code connectionLost} tells a
 * lost link (retry once it is back; the device may or may not have acted) from a refusal by the device.
 */
public final class DeviceException extends RuntimeException {
    private final boolean connectionLost;

    public DeviceException(String message, boolean connectionLost) {
        super(message);
        this.connectionLost = connectionLost;
    }

    public boolean connectionLost() {
        return connectionLost;
    }

    /** The failure of {@code doing}, with advice for the statuses a person can fix ({@code pki} may be null). */
    public static DeviceException of(String doing, UaException e, Pki pki) {
        StatusCode status = e.getStatusCode();
        long v = status.value();
        String advice = "";
        if (v == StatusCodes.Bad_SecurityChecksFailed || v == StatusCodes.Bad_CertificateUntrusted) {
            advice = pki == null ? "" : "; on first contact each side turns the other's certificate away: the"
                    + " server's is now in " + pki.rejectedCerts() + " (move it to " + pki.trustedCerts()
                    + " to trust it), and the server's operator finds ours in its rejected folder";
        } else if (v == StatusCodes.Bad_IdentityTokenRejected || v == StatusCodes.Bad_IdentityTokenInvalid
                || v == StatusCodes.Bad_UserAccessDenied) {
            advice = "; check the user name and password";
        } else if (v == StatusCodes.Bad_ConfigurationError && pki != null) {
            // On connecting, Milo says this when no endpoint offers the profile's policy and mode.
            advice = "; the server may offer no endpoint with this security policy and mode ('sciloop instrument"
                    + " browse' lists the ones it offers)";
        }
        String detail = Optional.ofNullable(e.getMessage()).orElse("");
        return new DeviceException(doing + ": " + InstrumentClient.statusName(status)
                + (detail.isBlank() ? "" : " (" + detail + ")") + advice,
                InstrumentClient.connectionLost(status) || linkFailed(e));
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
