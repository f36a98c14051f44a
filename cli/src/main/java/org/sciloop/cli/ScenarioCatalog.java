package org.sciloop.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.sciloop.core.InputException;
import org.sciloop.core.config.ScenarioLocation;

/** Finds scenarios: a built-in name, or a path to a YAML file. */
final class ScenarioCatalog {
    private static final String ANCHOR = ScenarioLocation.BuiltIn.FOLDER + "data/README.md";

    private ScenarioCatalog() {
    }

    /** A path when the argument names an existing file or looks like one; else a built-in name. */
    static ScenarioLocation locate(String nameOrPath) {
        Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) {
            return new ScenarioLocation.File(path);
        }
        if (Files.isDirectory(path)) {
            throw new InputException(path.toAbsolutePath() + " is a folder; give a scenario file (YAML) or a"
                    + " built-in scenario's name");
        }
        if (Files.exists(path)) {
            throw new InputException(path.toAbsolutePath() + " is not a regular file (a device or a pipe); give a"
                    + " scenario file (YAML)");
        }
        if (nameOrPath.endsWith(".yaml") || nameOrPath.endsWith(".yml") || nameOrPath.contains("/")) {
            throw new InputException("no scenario file at " + path.toAbsolutePath());
        }
        if (!builtIns().contains(nameOrPath)) {
            throw new InputException("unknown scenario '" + nameOrPath + "': neither a file nor a built-in scenario;"
                    + " built-in scenarios: " + String.join(", ", builtIns()));
        }
        return new ScenarioLocation.BuiltIn(nameOrPath);
    }

    /** Names of the scenarios packaged with sciloop, sorted. */
    static List<String> builtIns() {
        URL anchor = ScenarioCatalog.class.getClassLoader().getResource(ANCHOR);
        if (anchor == null) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        try {
            if ("jar".equals(anchor.getProtocol())) {
                var jar = ((JarURLConnection) anchor.openConnection()).getJarFile();
                jar.stream().map(e -> e.getName())
                        .filter(n -> n.startsWith(ScenarioLocation.BuiltIn.FOLDER) && n.endsWith(".yaml")
                                && n.indexOf('/', ScenarioLocation.BuiltIn.FOLDER.length()) < 0)
                        .forEach(n -> names.add(n.substring(ScenarioLocation.BuiltIn.FOLDER.length(), n.length() - 5)));
            } else {
                Path folder = Path.of(anchor.toURI()).getParent().getParent();
                try (Stream<Path> files = Files.list(folder)) {
                    files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml"))
                            .forEach(n -> names.add(n.substring(0, n.length() - 5)));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the built-in scenarios", e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        names.sort(null);
        return names;
    }
}
