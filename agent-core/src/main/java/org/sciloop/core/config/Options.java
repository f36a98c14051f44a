package org.sciloop.core.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeSet;
import org.sciloop.core.IoReason;

/**
 * One mapping of a scenario (the whole file, {@code experiment.with}, {@code planner.options}, ...) with
 * typed accessors whose complaints name the file, the line and the key. Plugins read their options
 * through it, so their errors look like the core's.
 */
public final class Options {
    private final YamlDocument document;
    private final ScenarioLocation location;
    private final String pointer;
    private final JsonNode node;
    /** Shared by every mapping of one document: the files any of them opened. */
    private final DataFiles dataFiles;

    private Options(YamlDocument document, ScenarioLocation location, String pointer, JsonNode node,
                    DataFiles dataFiles) {
        this.document = document;
        this.location = location;
        this.pointer = pointer;
        this.node = node;
        this.dataFiles = dataFiles;
    }

    /**
     * The root mapping of a document; anything else at the top is an error that says what the file should
     * hold, e.g. {@code "a scenario is a mapping of keys (name, objective, experiment, ...)"}.
     */
    public static Options root(YamlDocument document, ScenarioLocation location, String expected) {
        Options root = new Options(document, location, "", document.root(), new DataFiles());
        if (!document.root().isObject()) {
            throw root.errorHere(expected + ", got " + kind(document.root()));
        }
        return root;
    }

    /** Options with no keys, as if {@code with: {}} had been written. */
    public static Options empty(ScenarioLocation location) {
        return root(YamlDocument.of(com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(),
                location.displayName()), location, "options are a mapping of keys");
    }

    public YamlDocument document() {
        return document;
    }

    /** The top of the file these options are part of (a planner that briefs a model reads the scenario's name). */
    public Options top() {
        return new Options(document, location, "", document.root(), dataFiles);
    }

    public ScenarioLocation location() {
        return location;
    }

    /** The dotted path of this mapping, e.g. {@code experiment.with}. */
    public String path() {
        return pointer.isEmpty() ? "(top level)" : pointer.substring(1).replace('/', '.');
    }

    public JsonNode json() {
        return node;
    }

    public boolean has(String key) {
        return node.has(key) && !node.get(key).isNull();
    }

    public Set<String> keys() {
        Set<String> keys = new TreeSet<>();
        node.fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** Rejects keys outside {@code allowed}, which are almost always typing mistakes. */
    public void allowOnly(String... allowed) {
        Set<String> known = Set.of(allowed);
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!known.contains(key)) {
                throw error(key, "unknown key '" + key + "'; " + (known.isEmpty() ? "it takes no options"
                        : "expected one of " + new TreeSet<>(known)));
            }
        }
    }

    /** A nested mapping; an absent key gives an empty mapping. */
    public Options child(String key) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return new Options(document, location, pointer + "/" + key,
                    com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode(), dataFiles);
        }
        if (!value.isObject()) {
            throw error(key, "must be a mapping of keys");
        }
        return new Options(document, location, pointer + "/" + key, value, dataFiles);
    }

    /** A list of mappings, in their order (a method's arguments, say); an absent key gives an empty list. */
    public List<Options> items(String key) {
        JsonNode value = node.path(key);
        if (value.isMissingNode() || value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw error(key, "must be a list, got " + kind(value));
        }
        List<Options> out = new ArrayList<>();
        for (int i = 0; i < value.size(); i++) {
            if (!value.get(i).isObject()) {
                throw error(key + "/" + i, "must be a mapping of keys, got " + kind(value.get(i)));
            }
            out.add(new Options(document, location, pointer + "/" + key + "/" + i, value.get(i), dataFiles));
        }
        return out;
    }

    public String string(String key) {
        return optionalString(key).orElseThrow(() -> missing(key, "a text"));
    }

    public String string(String key, String fallback) {
        return optionalString(key).orElse(fallback);
    }

    public Optional<String> optionalString(String key) {
        if (!has(key)) {
            return Optional.empty();
        }
        JsonNode v = node.get(key);
        if (!v.isValueNode()) {
            throw error(key, "must be a text, got " + kind(v));
        }
        return Optional.of(v.asText());
    }

    public boolean bool(String key, boolean fallback) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.isBoolean()) {
            throw error(key, "must be true or false, got " + kind(v));
        }
        return v.asBoolean();
    }

    public double number(String key) {
        return optionalNumber(key).orElseThrow(() -> missing(key, "a number"));
    }

    public double number(String key, double fallback) {
        return optionalNumber(key).orElse(fallback);
    }

    public OptionalDouble optionalNumber(String key) {
        if (!has(key)) {
            return OptionalDouble.empty();
        }
        JsonNode v = node.get(key);
        if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
            throw error(key, "must be a finite number, got " + kind(v));
        }
        return OptionalDouble.of(v.asDouble());
    }

    /** A whole number of at least 0 (a count that may be none, such as retries), or {@code fallback}. */
    public int nonNegativeInt(String key, int fallback) {
        return wholeNumber(key, fallback, 0, "a whole number of at least 0");
    }

    public int positiveInt(String key, int fallback) {
        return wholeNumber(key, fallback, 1, "a positive whole number");
    }

    private int wholeNumber(String key, int fallback, int least, String what) {
        if (!has(key)) {
            return fallback;
        }
        JsonNode v = node.get(key);
        if (!v.canConvertToInt() || !v.isIntegralNumber() || v.asInt() < least) {
            throw error(key, "must be " + what + ", got " + kind(v));
        }
        return v.asInt();
    }

    /** A positive ISO-8601 duration such as {@code PT30S} or {@code PT2M}. */
    public Duration positiveDuration(String key, String fallback) {
        Duration d = duration(key, fallback);
        if (d.isZero()) {
            throw error(key, "must be positive, got " + d);
        }
        return d;
    }

    /** An ISO-8601 duration of zero or more, such as {@code PT0.05S} or {@code PT2M}. */
    public Duration duration(String key, String fallback) {
        try {
            return parseDuration(string(key, fallback));
        } catch (IllegalArgumentException e) {
            throw error(key, e.getMessage());
        }
    }

    /**
     * An ISO-8601 duration of zero or more, wherever a person writes one (a scenario, a command-line option);
     * what is wrong with it, said for them, as the exception's message.
     */
    public static Duration parseDuration(String text) {
        Duration d;
        try {
            d = Duration.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'" + text + "' is not an ISO-8601 duration such as PT30S or PT2M");
        }
        if (d.isNegative()) {
            throw new IllegalArgumentException("cannot be negative, got " + text);
        }
        return d;
    }

    /**
     * One of the constants of {@code E}, written as its name in lower case with '-' for '_' ({@code KRIGING_BELIEVER}
     * is {@code kriging-believer}); anything else is an error listing the choices.
     */
    public <E extends Enum<E>> E choice(String key, E fallback) {
        return optionalChoice(key, fallback.getDeclaringClass()).orElse(fallback);
    }

    /** As {@link #choice}, empty when the key is absent (the caller decides from the data). */
    public <E extends Enum<E>> Optional<E> optionalChoice(String key, Class<E> choices) {
        return optionalString(key).map(text -> {
            for (E e : choices.getEnumConstants()) {
                if (choiceName(e).equals(text)) {
                    return e;
                }
            }
            List<String> names = new ArrayList<>();
            for (E e : choices.getEnumConstants()) {
                names.add("'" + choiceName(e) + "'");
            }
            throw error(key, "must be " + (names.size() == 2 ? names.get(0) + " or " + names.get(1)
                    : String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1))
                    + ", got '" + text + "'");
        });
    }

    /** How a choice is written in a scenario: {@code KRIGING_BELIEVER} as {@code kriging-believer}. */
    public static String choiceName(Enum<?> choice) {
        return choice.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public List<String> strings(String key) {
        JsonNode v = node.path(key);
        if (!v.isArray() || v.isEmpty()) {
            throw has(key) ? error(key, "must be a non-empty list, got " + kind(v)) : missing(key, "a list");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isValueNode() || v.get(i).isNull()) {
                throw error(key + "/" + i, "must be a text, got " + kind(v.get(i)));
            }
            out.add(v.get(i).asText());
        }
        return out;
    }

    /**
     * A list of texts that must be written as texts: an item YAML reads as a number or a truth value is refused, since
     * the text it was written as is gone ({@code 1e3} reads as 1000.0, {@code 0x1f} as 31, {@code no} as false).
     * For identifiers, which may look like numbers.
     */
    public List<String> texts(String key) {
        List<String> out = strings(key);
        JsonNode v = node.path(key);
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isTextual()) {
                throw error(key + "/" + i, "must be a text, got " + kind(v.get(i)) + " (YAML read what was written as a"
                        + " number or true/false: put it in quotes)");
            }
        }
        return out;
    }

    public List<Double> numbers(String key) {
        JsonNode v = node.path(key);
        if (!v.isArray() || v.isEmpty()) {
            throw has(key) ? error(key, "must be a non-empty list, got " + kind(v)) : missing(key, "a list");
        }
        List<Double> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            if (!v.get(i).isNumber()) {
                throw error(key + "/" + i, "must be a number, got " + kind(v.get(i)));
            }
            out.add(v.get(i).asDouble());
        }
        return out;
    }

    /**
     * Opens the file named by {@code key}, relative to the scenario file. Its content is read here once and
     * fingerprinted ({@link #dataFiles()}), so the trace can tell later whether it changed.
     */
    public InputStream open(String key) {
        String relative = fileName(key);
        if (location instanceof ScenarioLocation.File f) {
            requireReadableData(key, relative, f.path().resolveSibling(relative));
        }
        try (InputStream in = location.open(relative)) {
            byte[] content = in.readAllBytes();
            dataFiles.read(relative, sha256(content));
            return new ByteArrayInputStream(content);
        } catch (java.nio.file.NoSuchFileException e) {
            throw error(key, "cannot open '" + relative + "' (relative to " + location.displayName()
                    + "): no such file");
        } catch (IOException e) {
            throw error(key, "cannot open '" + relative + "' (relative to " + location.displayName() + "): "
                    + IoReason.of(e));
        }
    }

    /** The file name at {@code key}: one the operating system can hold (no NUL character, say). */
    private String fileName(String key) {
        String name = string(key);
        try {
            Path.of(name);
        } catch (java.nio.file.InvalidPathException e) {
            throw error(key, "'" + name.replace("\0", "\\0") + "' is not a file name: " + e.getReason());
        }
        return name;
    }

    /** The largest data file sciloop reads whole (a table of millions of rows is well below it). */
    public static final long MAX_DATA_FILE_BYTES = 256L << 20;

    /**
     * Refuses, before reading a byte, what cannot be read whole in bounded time and memory: a device or a pipe
     * (/dev/zero never ends, a FIFO waits for a writer) and a file over {@link #MAX_DATA_FILE_BYTES}.
     */
    private void requireReadableData(String key, String relative, Path path) {
        if (!Files.exists(path)) {
            return;  // the reader says it is missing, in its own words
        }
        if (!Files.isRegularFile(path)) {
            throw error(key, "'" + relative + "' (" + path + ") is not a regular file"
                    + (Files.isDirectory(path) ? " but a folder" : " (a device or a pipe)"));
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw error(key, "cannot read '" + relative + "' (" + path + "): " + IoReason.of(e));
        }
        if (size > MAX_DATA_FILE_BYTES) {
            throw error(key, "'" + relative + "' is " + (size >> 20) + " MB; sciloop reads data files of up to "
                    + (MAX_DATA_FILE_BYTES >> 20) + " MB");
        }
    }

    /**
     * Fingerprints {@code name} as a data file ({@link #dataFiles()}) when it names a regular file: absolute, next
     * to the scenario, or (a bare name) a program on the PATH. A program a runner starts, or the script it is
     * given, then shows as changed data once it is edited, as a table would. Anything else is left alone: a run
     * that cannot start fails with its own reason.
     */
    public void fingerprintIfFile(String name) {
        if (name.contains("${")) {
            return;  // filled in per experiment
        }
        try {
            Path path = Path.of(name);
            if (!path.isAbsolute() && location instanceof ScenarioLocation.File f) {
                path = f.path().toAbsolutePath().resolveSibling(name);
            }
            if (!Files.isRegularFile(path) && !name.contains("/")) {
                path = onThePath(name);
            }
            if (path != null && Files.isRegularFile(path)) {
                dataFiles.read(name, sha256(Files.readAllBytes(path)));
            }
        } catch (java.nio.file.InvalidPathException | IOException | SecurityException e) {
            // not a file this process can read: nothing to fingerprint
        }
    }

    private static Path onThePath(String program) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path candidate = Path.of(dir, program);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        return null;
    }

    /** The files these options, and every other mapping of their document, opened so far. */
    public DataFiles dataFiles() {
        return dataFiles;
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /**
     * The file named by {@code key} (relative to the scenario) as a path on this machine, for libraries that
     * read files themselves. A built-in scenario's file is copied out of the class path first.
     */
    public Path localFile(String key) {
        String relative = fileName(key);
        if (location instanceof ScenarioLocation.File f) {
            Path path = f.path().resolveSibling(relative).normalize();
            requireReadableData(key, relative, path);
            if (!Files.isRegularFile(path)) {
                throw error(key, "no file '" + relative + "' (looked for " + path + ")");
            }
            try {
                dataFiles.read(relative, sha256(Files.readAllBytes(path)));
            } catch (IOException e) {
                throw error(key, "cannot read '" + relative + "' (" + path + "): " + IoReason.of(e));
            }
            return path;
        }
        try (InputStream in = open(key)) {
            Path copy = Files.createTempDirectory("sciloop-builtin")
                    .resolve(Path.of(relative).getFileName());
            Files.copy(in, copy);
            copy.toFile().deleteOnExit();
            copy.getParent().toFile().deleteOnExit();
            return copy;
        } catch (IOException e) {
            throw error(key, "cannot copy '" + relative + "' out of the class path: " + e.getMessage());
        }
    }

    /** An error about {@code key} of this mapping (or a deeper pointer such as {@code values/2}). */
    public ScenarioException error(String key, String message) {
        return new ScenarioException(placeOf(key) + ": " + message);
    }

    /** Where {@code key} of this mapping is, for a person: "FILE:LINE: dotted.path". */
    public String placeOf(String key) {
        String child = pointer + "/" + key;
        return document.where(child) + ": " + dotted(child);
    }

    /** An error about this mapping as a whole. */
    public ScenarioException errorHere(String message) {
        return new ScenarioException(document.where(pointer) + ": "
                + (pointer.isEmpty() ? "" : dotted(pointer) + ": ") + message);
    }

    private ScenarioException missing(String key, String what) {
        return errorHere("missing '" + key + "' (" + what + ")");
    }

    private static String dotted(String pointer) {
        return pointer.substring(1).replace('/', '.');
    }

    private static String kind(JsonNode v) {
        if (v == null || v instanceof MissingNode || v.isNull()) {
            return "nothing";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return v.isEmpty() ? "an empty list" : "a list";
        }
        return v.isTextual() ? "'" + v.asText() + "'" : v.asText();
    }
}
