package org.sciloop.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Where a scenario came from, so that files it names (a data table) are found next to it, and so that a
 * resumed campaign finds them again. Built-in scenarios live on the class path under {@code scenarios/}.
 */
public sealed interface ScenarioLocation permits ScenarioLocation.File, ScenarioLocation.BuiltIn {

    /** A stable text form, recorded in the trace: {@code file:/abs/path.yaml} or {@code builtin:name}. */
    String id();

    /** How to name the scenario file in a message. */
    String displayName();

    /** Opens the scenario file itself. */
    InputStream openScenario() throws IOException;

    /** Opens a file named relative to the scenario. */
    InputStream open(String relative) throws IOException;

    static ScenarioLocation parse(String id) {
        if (id.startsWith("file:")) {
            return new File(Path.of(id.substring("file:".length())));
        }
        if (id.startsWith("builtin:")) {
            return new BuiltIn(id.substring("builtin:".length()));
        }
        throw new IllegalArgumentException("not a scenario location: " + id);
    }

    record File(Path path) implements ScenarioLocation {
        public File {
            path = path.toAbsolutePath().normalize();
        }

        @Override
        public String id() {
            return "file:" + path;
        }

        @Override
        public String displayName() {
            return path.toString();
        }

        @Override
        public InputStream openScenario() throws IOException {
            return Files.newInputStream(path);
        }

        @Override
        public InputStream open(String relative) throws IOException {
            return Files.newInputStream(path.resolveSibling(relative));
        }
    }

    record BuiltIn(String name) implements ScenarioLocation {
        public static final String FOLDER = "scenarios/";

        @Override
        public String id() {
            return "builtin:" + name;
        }

        @Override
        public String displayName() {
            return FOLDER + name + ".yaml";
        }

        @Override
        public InputStream openScenario() throws IOException {
            return open(name + ".yaml");
        }

        @Override
        public InputStream open(String relative) throws IOException {
            String resource = Path.of(FOLDER).resolve(relative).normalize().toString().replace('\\', '/');
            InputStream in = BuiltIn.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new NoSuchFileException(resource);
            }
            return in;
        }
    }
}
