package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.OptionalInt;
import org.sciloop.core.InputException;
import org.sciloop.core.Registry;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.evaluations.bench.BenchmarkReport;
import org.sciloop.evaluations.bench.PlannerBenchmark;

/** {@code sciloop bench SCENARIO ...}: checks the arguments, runs the benchmark, writes and prints the report. */
final class PlannerComparison {
    private final PrintWriter out;

    PlannerComparison(PrintWriter out) {
        this.out = out;
    }

    int run(String scenarioName, List<String> planners, long firstSeed, int seeds, Integer budget, Integer batch,
            Integer initial, Integer threads, Path folder) {
        Arguments.positive("--seeds", seeds);
        Arguments.positive("--budget", budget);
        Arguments.positive("--batch", batch);
        Arguments.positive("--threads", threads);
        if (initial != null && initial < 0) {
            throw new InputException("--initial must be 0 or more, got " + initial);
        }
        Scenario scenario = Scenario.read(ScenarioCatalog.locate(scenarioName));
        planners.forEach(Registry.planners()::get); // an unknown planner fails before anything is created
        Path dir = folder != null ? folder : Path.of("bench", scenario.name() + "-"
                + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now()));
        int workers = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        int total = planners.size() * seeds;
        out.printf("bench %s: planners %s, seeds %d..%d, budget %s, batch %s%s, %d at once -> %s%n", scenario.name(),
                String.join(",", planners), firstSeed, firstSeed + seeds - 1, budget != null ? budget : scenario.budget().experiments(),
                batch != null ? batch : scenario.budget().batch(), initial != null ? ", initial " + initial : "",
                workers, dir);
        out.flush();
        int[] finished = {0};
        List<PlannerBenchmark.Run> runs = new PlannerBenchmark(Registry.tools(), Registry.planners(), UserConfig.signer()).run(
                new PlannerBenchmark.Plan(scenario, planners, firstSeed, seeds, optional(budget), optional(batch), optional(initial),
                        dir, workers),
                run -> {
                    finished[0]++;
                    if (System.console() != null) {
                        out.printf("\r%d/%d campaigns done", finished[0], total);
                        out.flush();
                    }
                });
        var lines = BenchmarkReport.summarise(runs, scenario.objective());
        BenchmarkReport.writeResults(dir.resolve("results.csv"), scenario.name(), runs, scenario.objective().goal());
        BenchmarkReport.writeSummary(dir.resolve("summary.csv"), lines, scenario.objective());
        BenchmarkReport.print(out, lines, scenario.objective());
        out.printf("results  %s%nsummary  %s%n", dir.resolve("results.csv"), dir.resolve("summary.csv"));
        return ExitCode.OK;
    }

    private static OptionalInt optional(Integer value) {
        return value == null ? OptionalInt.empty() : OptionalInt.of(value);
    }

}
