package org.sciloop.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.sciloop.core.trace.TraceSigner;

/**
 * The user's sciloop configuration directory: {@code $SCILOOP_CONFIG_HOME}, else
 * {@code $XDG_CONFIG_HOME/sciloop}, else {@code ~/.config/sciloop}. It holds the key that signs this
 * user's traces.
 */
final class UserConfig {
    private UserConfig() {
    }

    static Path directory() {
        String own = System.getenv("SCILOOP_CONFIG_HOME");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("sciloop");
    }

    /** The key that signs this user's traces, made on first use. */
    static TraceSigner signer() {
        return TraceSigner.inDirectory(directory());
    }

    /** This user's public key, if a key was ever made; makes none. */
    static Optional<String> ownPublicKey() {
        return TraceSigner.publicKeyIn(directory());
    }
}
