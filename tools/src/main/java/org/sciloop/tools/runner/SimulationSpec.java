package org.sciloop.tools.runner;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import java.util.stream.Collectors;
import org.sciloop.core.IoReason;
import org.sciloop.core.config.Options;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;

/**
 * How to run an external simulation code for one experiment, shared by the {@code process} and {@code slurm}
 * runners: the command line, the input files rendered from templates, where the results are read, the time
 * limit, the environment. Every experiment runs in a folder of its own,
 * {@code <workdir>/<campaign id>/<request id>}, which keeps its inputs, {@code stdout.txt} and
 * {@code stderr.txt} for a person to look at afterwards.
 */
record SimulationSpec(List<String> command, List<InputTemplate> inputs, OutputReader output, Duration timeout,
                      Path workRoot, Map<String, String> environment, boolean deterministic) {
    /**
     * sciloop's own class path, every entry made absolute: a run starts in its own folder, where a path
     * relative to where sciloop was started ({@code java -jar ../sciloop.jar}) would not resolve.
     */
    private static final String CLASS_PATH = Arrays.stream(System.getProperty("java.class.path")
            .split(java.io.File.pathSeparator)).map(p -> Path.of(p).toAbsolutePath().toString())
            .collect(Collectors.joining(java.io.File.pathSeparator));


    /** Option keys this spec reads; a runner adds its own. */
    static final List<String> OPTIONS = List.of("command", "inputs", "output", "timeout", "workdir", "environment",
            "deterministic");

    private static final int STDERR_TAIL = 600;

    /** A file written into the run's folder before the run, from a template with placeholders. */
    record InputTemplate(String file, String template) {
    }

    /**
     * An experiment's folder, ready to run, and its command line with every placeholder filled. {@code earlier}:
     * what became of an earlier attempt still running in the folder, or empty.
     */
    record PreparedRun(ToolCall call, Path workdir, List<String> command, String earlier) {
    }

    static SimulationSpec from(Options options) {
        // A run starts in its own folder: a program given by a relative path, and any word written ./x or ../x, is
        // the scenario's, made absolute (other words, such as an input file's name, stay the run folder's).
        List<String> words = options.strings("command");
        List<String> command = new ArrayList<>();
        for (int i = 0; i < words.size(); i++) {
            String word = words.get(i);
            boolean relativeProgram = i == 0 && word.contains("/") && !word.contains("${") && !Path.of(word).isAbsolute();
            command.add(relativeProgram || word.startsWith("./") || word.startsWith("../") ? fromScenario(word, options)
                    : word);
        }
        List<InputTemplate> inputs = new ArrayList<>();
        for (Options input : options.items("inputs")) {
            input.allowOnly("file", "template", "from");
            String file = input.string("file");
            if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                throw input.error("file", "must be a plain file name inside the run's folder, got '" + file + "'");
            }
            if (input.has("template") == input.has("from")) {
                throw input.errorHere("give the file's text either inline ('template') or as a file next to the"
                        + " scenario ('from')");
            }
            String template;
            if (input.has("template")) {
                template = input.string("template");
            } else {
                try (var in = input.open("from")) {
                    template = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw input.error("from", "cannot read: " + IoReason.of(e));
                }
            }
            inputs.add(new InputTemplate(file, template));
        }
        Map<String, String> environment = new LinkedHashMap<>();
        if (options.has("environment")) {
            Options env = options.child("environment");
            for (String key : env.keys()) {
                environment.put(key, env.string(key));
            }
        }
        if (options.has("workdir") && options.string("workdir").isBlank()) {
            throw options.error("workdir", "is empty; name the folder the runs' folders go in, or leave it out for "
                    + Path.of(System.getProperty("java.io.tmpdir"), "sciloop-runs"));
        }
        Path workRoot = options.has("workdir") ? Path.of(fromScenario(options.string("workdir"), options))
                : Path.of(System.getProperty("java.io.tmpdir"), "sciloop-runs").toAbsolutePath();
        // Only the scenario's author knows whether the code gives the same results for the same inputs.
        boolean deterministic = options.bool("deterministic", false);
        if (deterministic) {
            // Its answers are handed out again by the code's fingerprint: a program or script edited in place is
            // another code, whose answers its older self must not give.
            command.forEach(options::fingerprintIfFile);
        }
        return new SimulationSpec(command, inputs, output(options.child("output")),
                options.positiveDuration("timeout", "PT10M"), workRoot, environment, deterministic);
    }

    /** A path as the scenario means it: relative to the scenario's folder (for a built-in one, where sciloop runs). */
    private static String fromScenario(String path, Options options) {
        Path base = options.location() instanceof org.sciloop.core.config.ScenarioLocation.File f
                ? f.path().toAbsolutePath().getParent() : Path.of("").toAbsolutePath();
        return base.resolve(path).normalize().toString();
    }

    /** Why a run could not be prepared: the file and the operating system's reason, or the message as it is. */
    static String why(Exception e) {
        return e instanceof java.nio.file.FileSystemException fs && fs.getFile() != null
                ? fs.getFile() + ": " + IoReason.of(fs) : e.getMessage();
    }

    /**
     * Refuses, at its line, a work folder in which the runs cannot be made: checked before a live campaign, since
     * found per experiment it failed every run of the budget.
     */
    void requireWorkRoot(Options options) {
        if (Files.exists(workRoot) && !Files.isDirectory(workRoot)) {
            throw options.error("workdir", workRoot + " is a file, not a folder");
        }
        try {
            Files.createDirectories(workRoot);
            Files.delete(Files.createTempFile(workRoot, ".sciloop-check", ""));
        } catch (IOException | SecurityException e) {
            throw options.error("workdir", "the runs' folders cannot be made in " + workRoot + ": " + (e instanceof
                    IOException io ? IoReason.of(io) : "permission denied"));
        }
    }

    /**
     * Refuses, at the command's line, what would fail every run: a program that cannot start ({@link
     * #requireProgram}), or the script an interpreter is given (as in {@code [sh, ./sim.sh]} or {@code [python3, -u,
     * ./sim.py]}; {@link Interpreters}) written ./x or ../x, which is the scenario folder's, and not there. Only an
     * interpreter's script is checked: another program's words may name what its runs write, or a folder ({@code
     * [java, -cp, ./classes]}).
     */
    void requireCommand(Options options) {
        requireProgram(0, options);
        Interpreters.fileRun(command).ifPresent(named -> {
            String word = options.strings("command").get(named.index());
            if (!(word.startsWith("./") || word.startsWith("../")) || word.contains("${")) {
                return;  // the run's own file, or one filled in per experiment
            }
            if (named.program()) {
                requireProgram(named.index(), options);
                return;
            }
            Path script = Path.of(command.get(named.index()));
            if (!Files.exists(script)) {
                throw options.error("command/" + named.index(), "'" + word + "' does not exist: a word written ./x or"
                        + " ../x is a file next to the scenario (" + script + (Files.isSymbolicLink(script)
                        ? ", a link to " + linkTarget(script) + ", which is not there" : "") + ")");
            }
        });
    }

    private static String linkTarget(Path link) {
        try {
            return Files.readSymbolicLink(link).toString();
        } catch (IOException e) {
            return "what cannot be read (" + IoReason.of(e) + ")";
        }
    }

    /**
     * Refuses, at the command's line, a program that is given by its path and is not an executable file, or by a
     * bare name no folder of the PATH holds. One filled in per experiment is left to its run.
     */
    private void requireProgram(int index, Options options) {
        String program = command.get(index);
        String at = "command/" + index;
        if (program.contains("${")) {
            return;
        }
        if (program.isBlank()) {
            throw options.error(at, "the program is empty; name the program to run");
        }
        if (!program.contains("/")) {
            String path = System.getenv().getOrDefault("PATH", "");
            boolean found = java.util.Arrays.stream(path.split(java.io.File.pathSeparator)).filter(d -> !d.isEmpty())
                    .map(d -> Path.of(d, program)).anyMatch(p -> Files.isRegularFile(p) && Files.isExecutable(p));
            if (!found) {
                throw options.error(at, "'" + program + "' is not a program in any folder of the PATH ("
                        + path + "); give its path");
            }
            return;
        }
        Path file = Path.of(program);
        if (!Files.exists(file)) {
            throw options.error(at, "'" + program + "' does not exist");
        }
        if (Files.isDirectory(file)) {
            throw options.error(at, "'" + program + "' is a folder, not a program");
        }
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            throw options.error(at, "'" + program + "' is not an executable file: make it one (chmod +x),"
                    + " or start it through its interpreter, as in [sh, " + program + "]");
        }
    }

    private static OutputReader output(Options output) {
        output.allowOnly("json", "csv", "stdout");
        if (output.keys().size() != 1) {
            throw output.errorHere("say where the results are: exactly one of 'json: FILE', 'csv: FILE' or"
                    + " 'stdout: {name: REGEX, ...}'");
        }
        if (output.has("json")) {
            return new OutputReader.JsonFile(output.string("json"));
        }
        if (output.has("csv")) {
            return new OutputReader.CsvFile(output.string("csv"));
        }
        Options stdout = output.child("stdout");
        Map<String, Pattern> patterns = new LinkedHashMap<>();
        for (String name : stdout.keys()) {
            try {
                Pattern p = Pattern.compile(stdout.string(name));
                if (p.matcher("").groupCount() < 1) {
                    throw stdout.error(name, "needs a group around the number, e.g. 'yield = ([0-9.eE+-]+)'");
                }
                patterns.put(name, p);
            } catch (PatternSyntaxException e) {
                throw stdout.error(name, "is not a regular expression: " + e.getDescription());
            }
        }
        if (patterns.isEmpty()) {
            throw output.error("stdout", "name at least one result and its regular expression");
        }
        return new OutputReader.StdoutPatterns(patterns);
    }

    /**
     * Makes the experiment's folder and writes its inputs. A folder left by an earlier attempt (a campaign
     * that crashed mid-run and was resumed) is set aside, not reused: its stale output must not pass for
     * this run's. If that attempt is still running (its campaign was killed, not paused), {@code stopEarlier}
     * stops it first and says so, or returns "": two copies of the run would compete for the machine, a queued
     * one could start in the new folder, and nothing would read the first one's result.
     */
    PreparedRun prepare(ToolCall call, String campaignId, Function<Path, String> stopEarlier) throws IOException {
        Path dir = workRoot.resolve(safe(campaignId)).resolve(safe(call.requestId()));
        String earlier = "";
        if (Files.exists(dir)) {
            earlier = stopEarlier.apply(dir);
            int attempt = 1;
            while (Files.exists(dir.resolveSibling(dir.getFileName() + ".attempt-" + attempt))) {
                attempt++;
            }
            Files.move(dir, dir.resolveSibling(dir.getFileName() + ".attempt-" + attempt));
        }
        Files.createDirectories(dir);
        Map<String, String> values = new LinkedHashMap<>();
        call.arguments().forEach((k, v) -> values.put(k, Placeholders.text(v)));
        values.put("request-id", call.requestId());
        values.put("workdir", dir.toString());
        values.put("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        values.put("classpath", CLASS_PATH);
        Placeholders placeholders = new Placeholders(values);
        for (InputTemplate input : inputs) {
            Files.writeString(dir.resolve(input.file()), placeholders.fill(input.template(), input.file()));
        }
        List<String> line = new ArrayList<>();
        for (String part : command) {
            line.add(placeholders.fill(part, "the command"));
        }
        return new PreparedRun(call, dir, line, earlier);
    }

    /**
     * The descriptor of a runner of this spec. Read-only: a simulation moves nothing, so a call interrupted by
     * a crash is simply run again. The engine waits for one run at most {@code longest} plus a margin, so that
     * the runner's own limit, which kills or cancels the run, is the one that acts.
     */
    ToolDescriptor descriptor(String name, String how, Duration longest) {
        var schema = JsonNodeFactory.instance.objectNode().put("type", "object");
        // The program as a person knows it: "${java}" is this Java's own, and a main class says what it runs.
        String program = command.get(0).equals("${java}") ? "java " + command.stream().skip(1)
                .filter(w -> w.matches("[a-z][\\w]*(\\.[\\w]+)+")).findFirst().orElse("")
                : command.get(0);
        return new ToolDescriptor(name, "runs " + program.strip() + " " + how, schema, schema.deepCopy(),
                Effect.READ_ONLY, longest.plusSeconds(30), deterministic);
    }

    /** The result of a run that ended with {@code exitCode}: its outputs, or why there are none. */
    ToolResult outcome(PreparedRun run, int exitCode) {
        String earlier = run.earlier().isEmpty() ? "" : "; " + run.earlier();
        if (exitCode != 0) {
            return new ToolResult.Failure("exited with code " + exitCode + stderrTail(run.workdir())
                    + " (files in " + run.workdir() + ")" + earlier, false);
        }
        try {
            Map<String, Object> outputs = new LinkedHashMap<>(output.read(run.workdir()));
            outputs.put("workdir", run.workdir().toString());
            if (!run.earlier().isEmpty()) {
                outputs.put("earlier-attempt", run.earlier());
            }
            return new ToolResult.Success(outputs);
        } catch (OutputReader.OutputException e) {
            return new ToolResult.Failure(e.getMessage() + stderrTail(run.workdir()) + " (files in " + run.workdir()
                    + ")" + earlier, false);
        }
    }

    /** The end of what the run wrote on stderr, which usually says why it failed. */
    static String stderrTail(Path workdir) {
        try {
            // Lenient decoding: a crashing code may write anything.
            String text = new String(Files.readAllBytes(workdir.resolve("stderr.txt")),
                    java.nio.charset.StandardCharsets.UTF_8).strip();
            if (text.isEmpty()) {
                return "";
            }
            return "; stderr: " + (text.length() > STDERR_TAIL ? "..." + text.substring(text.length() - STDERR_TAIL)
                    : text);
        } catch (IOException e) {
            return "";
        }
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }
}
