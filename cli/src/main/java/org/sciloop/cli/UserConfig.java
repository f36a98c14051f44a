package org.sciloop.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.sciloop.core.ConfigDirectory;
import org.sciloop.core.trace.TraceSigner;

/** The user's sciloop configuration directory ({@link ConfigDirectory}) and the signing key it holds. */
final class UserConfig {
    private UserConfig() {
    }

    static Path directory() {
        return ConfigDirectory.path();
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
