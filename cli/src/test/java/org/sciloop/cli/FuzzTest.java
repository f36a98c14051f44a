package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceVerification;

/**
 * The fuzz campaign over the four readers a user's files reach: scenarios, instrument profiles, data tables
 * (CSV) and traces. Each reader gets {@value #DEFAULT_INPUTS} generated inputs per build (more or fewer with
 * {@code -Dsciloop.fuzz.inputs=N}; another sequence with {@code -Dsciloop.fuzz.seed=N}); each input is either
 * accepted or refused as the command line promises (see {@link Fuzzer}). The counts are printed.
 */
class FuzzTest {
    static final int DEFAULT_INPUTS = 100_000;
    private static final int INPUTS = Integer.getInteger("sciloop.fuzz.inputs", DEFAULT_INPUTS);
    private static final long SEED = Long.getLong("sciloop.fuzz.seed", 20261203L);
    private static final Path FAILURES = Path.of("target", "fuzz");
    private static final Set<Integer> BAD_INPUT = Set.of(ExitCode.BAD_INPUT);

    private static Registry<ToolFactory> tools;
    private static Registry<PlannerFactory> planners;

    @TempDir
    Path dir;

    @BeforeAll
    static void plugins() {
        tools = Registry.tools();
        planners = Registry.planners();
    }

    private static void assemble(Path scenario) {
        try (Campaign campaign = Campaign.assemble(Scenario.read(new ScenarioLocation.File(scenario)), 1, tools,
                planners)) {
            assertThat(campaign.tool()).isNotNull();
        }
    }

    /**
     * A message that names one of {@code files} and a line in it ({@code file:12}, {@code file line 12}), or
     * says of one of them that it is empty: the one problem with no line to point at.
     */
    private static Predicate<String> namesLineOf(String... files) {
        StringBuilder names = new StringBuilder();
        for (String f : files) {
            names.append(names.length() == 0 ? "" : "|").append(Pattern.quote(f));
        }
        Pattern located = Pattern.compile("(" + names + ")((:| line )\\d+|: the file is empty)");
        return message -> located.matcher(message).find();
    }

    @Test
    void scenarios() throws Exception {
        List<String> seeds = new ArrayList<>();
        try (Stream<Path> builtIns = Files.list(Path.of("..", "scenarios"))) {
            for (Path p : builtIns.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                seeds.add(Files.readString(p));
            }
        }
        // Data the built-in scenarios name, beside the fuzzed file, so a mutated scenario can get as far as its tool.
        copyTree(Path.of("..", "scenarios", "instruments"), dir.resolve("instruments"));
        copyTree(Path.of("..", "scenarios", "data"), dir.resolve("data"));
        Files.writeString(dir.resolve("plates.csv"), "catalyst,temp,loading,yield\nPd,80,1,10.5\nPd,100,1,20\n"
                + "Ni,80,1,30\nNi,100,1,40\nPd,80,2,12\nPd,100,2,22\nNi,80,2,33\nNi,100,2,41\n");
        seeds.add("""
                name: small
                objective: {name: yield, goal: maximize, target: 35}
                experiment:
                  tool: table-emulator
                  with: {table: plates.csv, inputs: [catalyst, temp, loading], output: yield}
                planner: {name: random}
                budget: {experiments: 4, batch: 2}
                safety:
                  limits:
                    temp: {min: 80, max: 100}
                """);
        seeds.add("""
                name: knn
                objective: {name: yield}
                experiment: {tool: knn-emulator, with: {table: plates.csv, inputs: [temp, loading], output: yield}}
                space:
                  temp: {type: continuous, low: 80, high: 100}
                  loading: {type: continuous, low: 1, high: 2}
                planner: {name: bo, options: {initial: 3, initial-design: sobol}}
                budget: {experiments: 6}
                """);
        Path file = dir.resolve("fuzzed.yaml");
        Fuzzer fuzzer = new Fuzzer("scenario", seeds, words(seeds), SEED, FAILURES);
        fuzzer.run(INPUTS, file, FuzzTest::assemble, BAD_INPUT, namesLineOf("fuzzed.yaml", ".csv"), input -> true);
    }

    @Test
    void instrument_profiles() throws Exception {
        // The profile as a campaign reads it; the password is taken from a variable every machine has.
        String profile = Files.readString(Path.of("..", "scenarios", "instruments", "flow-reactor.yaml"))
                .replace("password-env: SCILOOP_OPCUA_PASSWORD", "password-env: PATH");
        String anonymous = profile.replaceAll("(?s)security:.*?interlocks:", "security: {policy: None, mode: None}\n"
                + "interlocks:");
        Files.writeString(dir.resolve("s.yaml"), """
                name: reactor
                objective: {name: yield}
                experiment: {tool: opcua-instrument, with: {profile: reactor.yaml, action: run}}
                space:
                  Base_SMILES: {type: categorical, levels: [a, b]}
                  Ligand_SMILES: {type: categorical, levels: [c, d]}
                  Solvent_SMILES: {type: categorical, levels: [e]}
                  Concentration: {type: continuous, low: 0.05, high: 0.153}
                  Temp_C: {type: discrete, values: [90, 105, 120]}
                budget: {experiments: 4}
                """);
        List<String> seeds = List.of(profile, anonymous);
        Fuzzer fuzzer = new Fuzzer("profile", seeds, words(seeds), SEED, FAILURES);
        fuzzer.run(INPUTS, dir.resolve("reactor.yaml"), profileFile -> assemble(dir.resolve("s.yaml")), BAD_INPUT,
                namesLineOf("reactor.yaml", "s.yaml"), input -> true);
    }

    @Test
    void data_tables() throws Exception {
        Files.writeString(dir.resolve("d.csv"), "name,weight,charge\nPd,106.4,0\nNi,58.7,1\n\"Ni, dry\",58.7,0\n");
        Files.writeString(dir.resolve("table.yaml"), """
                name: table
                objective: {name: yield}
                experiment:
                  tool: table-emulator
                  with:
                    table: t.csv
                    inputs: [catalyst, temp, loading]
                    output: yield
                    descriptors: {catalyst: {table: d.csv, key: name}}
                """);
        Files.writeString(dir.resolve("knn.yaml"), """
                name: knn
                objective: {name: yield}
                experiment: {tool: knn-emulator, with: {table: t.csv, inputs: [temp, loading], output: yield}}
                """);
        List<String> seeds = List.of(
                "catalyst,temp,loading,yield\nPd,80,1,10.5\nPd,100,1,20\nNi,80,1,30\nNi,100,1,40\n",
                "catalyst,temp,loading,yield\r\n\"Ni, dry\",80,1,30\r\nPd,90,1,11.5\r\n\"Ni, dry\",80,2,0\r\nPd,90,2,7\r\n",
                "\ufeffcatalyst,temp,loading,yield\nPd,80.5,1,1e1\nNi,80.5,1,-2.5\nPd,90,1,\"3\"\nNi,90,1,4\n\n");
        int[] n = {0};
        Fuzzer fuzzer = new Fuzzer("data-table", seeds, words(seeds), SEED, FAILURES);
        fuzzer.run(INPUTS, dir.resolve("t.csv"), table -> assemble(dir.resolve(n[0]++ % 2 == 0 ? "table.yaml"
                : "knn.yaml")), BAD_INPUT, namesLineOf("t.csv", "table.yaml", "knn.yaml"), input -> true);
    }

    @Test
    void traces() throws Exception {
        List<String> seeds = new ArrayList<>();
        // A built-in scenario and a file of one's own with a small table (categorical and numeric settings):
        // the recorded scenario is assembled again for every trace that holds, so its data is kept small.
        Files.writeString(dir.resolve("plates.csv"), "catalyst,temp,yield\nPd,80,10.5\nPd,100,20\nNi,80,30\n"
                + "Ni,100,40\n");
        Path plates = Files.writeString(dir.resolve("plates.yaml"), """
                name: plates
                objective: {name: yield}
                experiment: {tool: table-emulator, with: {table: plates.csv, inputs: [catalyst, temp], output: yield}}
                safety: {limits: {temp: {max: 90}}}
                """);
        for (String scenario : List.of("branin", plates.toString())) {
            Path run = dir.resolve("seed-" + seeds.size());
            Cli made = Cli.run("run", scenario, "--budget", "4", "--batch", "2", "--planner", "random", "--out",
                    run.toString());
            assertThat(made.exit()).as(made.err()).isZero();
            String whole = Files.readString(run.resolve(CampaignFiles.TRACE));
            seeds.add(whole);
            // Cut short at a few lines: unfinished campaigns, as a crash or a pause leaves them.
            List<String> lines = whole.lines().toList();
            for (int keep : new int[] {1, 3, lines.size() / 2, lines.size() - 1}) {
                seeds.add(String.join("\n", lines.subList(0, keep)) + "\n");
            }
        }
        Set<String> trustedKeys = signingKeys(seeds);
        Set<String> untouched = Set.copyOf(seeds);
        Path file = dir.resolve("trace.jsonl");
        Fuzzer fuzzer = new Fuzzer("trace", seeds, words(seeds), SEED, FAILURES);
        int[] n = {0};
        fuzzer.run(INPUTS, file, trace -> {
            if (n[0]++ % 2 == 1) {
                // Half are re-chained after the change, as a forger without the key would: the chain holds,
                // so the events themselves are decoded and must be judged on what they say.
                Files.write(trace, rechained(read(trace)).getBytes(StandardCharsets.UTF_8));
            }
            TraceVerification.Result verdict = TraceVerification.check(trace, trustedKeys);
            if (verdict.verified() && !untouched.contains(read(trace))) {
                throw new IllegalStateException("a changed trace verified: " + verdict);
            }
            // What resume, replay and report read: the intact records, the history, the recorded campaign.
            CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(trace));
            CampaignLauncher.recorded(history, trace).close();
        }, Set.of(ExitCode.FAILED, ExitCode.BAD_INPUT), message -> message.contains("trace.jsonl")
                || message.contains("campaign"), input -> true);
    }

    // ---- helpers ----

    private static String read(Path file) throws IOException {
        return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);  // as it is, valid or not
    }

    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{2,}");

    /** The seeds' own words (keys, names, types): mutations that stay in the format's vocabulary go deeper. */
    private static List<String> words(List<String> seeds) {
        Set<String> words = new java.util.TreeSet<>();
        for (String s : seeds) {
            Matcher m = WORD.matcher(s);
            while (m.find() && words.size() < 2000) {
                words.add(m.group());
            }
        }
        return List.copyOf(words);
    }

    private static final Pattern SIGNING_KEY = Pattern.compile("\"signingKey\":\"([^\"]+)\"");

    private static Set<String> signingKeys(List<String> traces) {
        Set<String> keys = new java.util.HashSet<>();
        for (String t : traces) {
            Matcher m = SIGNING_KEY.matcher(t);
            while (m.find()) {
                keys.add(m.group(1));
            }
        }
        return keys;
    }

    private static final Pattern HASH = Pattern.compile(",\"hash\":\"[0-9a-f]{64}\"}$");
    private static final Pattern PREV = Pattern.compile("\"prev\":\"[0-9a-f]*\"");

    /** The lines with their prev and hash fields made to fit again, as the writer computes them. */
    static String rechained(String trace) {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder out = new StringBuilder();
        String prev = "0".repeat(64);
        for (String line : trace.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            String body = HASH.matcher(line).replaceFirst("}");
            body = PREV.matcher(body).replaceFirst(Matcher.quoteReplacement("\"prev\":\"" + prev + "\""));
            String hash = HexFormat.of().formatHex(sha256.digest(body.getBytes(StandardCharsets.UTF_8)));
            out.append(body, 0, body.length() - 1).append(",\"hash\":\"").append(hash).append("\"}\n");
            prev = hash;
        }
        return out.toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target);
                }
            }
        }
    }
}
