package org.sciloop.core;

import java.nio.file.Path;

/**
 * The user's sciloop configuration directory: {@code $SCILOOP_CONFIG_HOME}, else
 * {@code $XDG_CONFIG_HOME/sciloop}, else {@code ~/.config/sciloop}. It holds the key that signs this
 * user's traces and the certificates sciloop shows OPC UA instruments.
 */
public final class ConfigDirectory {
    private ConfigDirectory() {
    }

    public static Path path() {
        String own = System.getenv("SCILOOP_CONFIG_HOME");
        if (own != null && !own.isBlank()) {
            return Path.of(own);
        }
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".config");
        return base.resolve("sciloop");
    }
}
