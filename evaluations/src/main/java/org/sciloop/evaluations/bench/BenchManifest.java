package org.sciloop.evaluations.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import org.sciloop.core.InputException;
import org.sciloop.core.model.Objective;

/**
 * {@code bench.json}: what a benchmark folder holds. The campaigns' own traces run without the scenario's
 * target (so every run spends its budget); the manifest keeps it, for experiments-to-target.
 */
public record BenchManifest(String scenario, String objective, Objective.Goal goal, Double target,
                            List<String> planners, long firstSeed, int seeds, Integer budget) {
    public static final String FILE = "bench.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    static BenchManifest of(PlannerBenchmark.Plan plan) {
        Objective o = plan.scenario().objective();
        return new BenchManifest(plan.scenario().name(), o.name(), o.goal(),
                o.target().isPresent() ? o.target().getAsDouble() : null, plan.planners(), plan.firstSeed(),
                plan.seeds(), plan.budget().orElse(plan.scenario().budget().experiments()));
    }

    /** The same benchmark shown for {@code planners} only. */
    public BenchManifest with(List<String> planners) {
        return new BenchManifest(scenario, objective, goal, target, planners, firstSeed, seeds, budget);
    }

    public Objective asObjective() {
        return new Objective(objective, goal, target == null ? OptionalDouble.empty() : OptionalDouble.of(target));
    }

    void write(Path folder) {
        try {
            JSON.writeValue(folder.resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + folder.resolve(FILE), e);
        }
    }

    public static BenchManifest read(Path folder) {
        Path file = folder.resolve(FILE);
        try {
            return JSON.readValue(Files.readAllBytes(file), BenchManifest.class);
        } catch (NoSuchFileException e) {
            throw new InputException(folder + " is not a benchmark folder: it has no " + FILE
                    + " (made by 'sciloop bench SCENARIO --out DIR')");
        } catch (IOException e) {
            throw new InputException(file + " is damaged: " + e.getMessage());
        }
    }

    /** Where the trace of one campaign of the benchmark is. */
    public static Path trace(Path folder, String planner, long seed) {
        // A configuration's label has colons (bo:initial=8), which some file systems refuse in a name.
        return folder.resolve("traces").resolve(planner.replace(':', '_') + "-" + seed + ".jsonl");
    }

    /** How many campaigns of the benchmark in {@code folder} began: each has its trace. */
    public static long tracesIn(Path folder) {
        try (var files = Files.list(folder.resolve("traces"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".jsonl")).count();
        } catch (IOException e) {
            return 0;
        }
    }
}
