package org.sciloop.cli;

import java.nio.file.Path;
import java.util.Optional;
import org.sciloop.core.ConfigDirectory;
import org.sciloop.core.InputException;
import org.sciloop.core.trace.PersonalKey;
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

    /**
     * {@code person}'s own key, made on first use under {@code people/<person>}: what they decide is signed by
     * them, not by the machine. (On a shared account each person's folder is theirs by convention only; the
     * lab service gives each a key of their own.)
     */
    static PersonalKey personalKey(String person) {
        return PersonalKey.of(person, directory().resolve("people").resolve(person));
    }

    /** A person's name as sciloop records it: 1-64 letters, digits and {@code . _ @ -}. */
    static String personName(String option, String name) {
        if (name == null || !name.matches("[\\p{L}\\p{N}._@-]{1,64}") || name.startsWith(".")) {
            throw new InputException(option + ": a person's name is 1-64 letters, digits and . _ @ - (not starting"
                    + " with '.'), got '" + name + "'");
        }
        return name;
    }

    /** This user's public key, if a key was ever made; makes none. */
    static Optional<String> ownPublicKey() {
        return TraceSigner.publicKeyIn(directory());
    }
}
