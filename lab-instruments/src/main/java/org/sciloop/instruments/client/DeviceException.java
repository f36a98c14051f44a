package org.sciloop.instruments.client;

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

    static DeviceException of(String doing, UaException e, Pki pki) {
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
        } else if (v == StatusCodes.Bad_ConfigurationError && String.valueOf(e.getMessage()).contains("endpoint")) {
            advice = "; the server offers no endpoint with this security policy and mode";
        }
        String detail = Optional.ofNullable(e.getMessage()).orElse("");
        return new DeviceException(doing + ": " + InstrumentClient.name(status)
                + (detail.isBlank() ? "" : " (" + detail + ")") + advice,
                InstrumentClient.connectionLost(status) || closedChannel(e));
    }

    /** Milo reports a channel closed under a request as Bad_UnexpectedError; the cause says it was the link. */
    private static boolean closedChannel(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.ClosedChannelException || t instanceof java.net.SocketException
                    || t.getClass().getSimpleName().contains("ClosedChannel")) {
                return true;
            }
        }
        String message = String.valueOf(e.getMessage());
        return message.contains("ClosedChannelException") || message.contains("Connection refused");
    }
}
