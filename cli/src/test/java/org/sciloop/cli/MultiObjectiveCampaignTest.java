package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Observation;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/** Campaigns with several objectives, end to end: yield against cost on the EDBO+ table, run, told and compared. */
class MultiObjectiveCampaignTest {
    @BeforeAll
    static void people() {
        Cli.keysFor("chemist");
    }

    @TempDir
    Path dir;

    @Test
    void bo_trades_yield_against_cost_and_the_summary_holds_the_front_and_its_hypervolume() throws IOException {
        Path run = dir.resolve("run");
        Cli cli = Cli.run("run", "arylation-cost", "--budget", "20", "--seed", "3", "--out", run.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("Pareto front:", "hypervolume", "from the reference point (yield 0, cost 0.5)",
                "yield ^", "cost v");

        List<Observation> seen = observations(run);
        assertThat(seen).hasSize(20);
        assertThat(new HashSet<>(seen.stream().map(Observation::settings).toList())).as("never the same reaction"
                + " twice").hasSize(20);
        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.path("referenceInferred").isArray()).isTrue();
        assertThat(summary.path("referenceInferred")).as("every reference given").isEmpty();
        // Recomputed here by brute force: a member is one no observation beats on both, and the hypervolume
        // is the area between the members' staircase and (0, 0.5).
        List<double[]> members = new ArrayList<>();
        summary.path("front").forEach(m -> members.add(new double[] {m.path("outcomes").path("yield").asDouble(),
                m.path("outcomes").path("cost").asDouble()}));
        assertThat(members).isNotEmpty();
        for (Observation o : seen) {
            double y = o.outcome("yield").getAsDouble();
            double c = o.outcome("cost").getAsDouble();
            boolean beaten = seen.stream().anyMatch(p -> p.outcome("yield").getAsDouble() >= y
                    && p.outcome("cost").getAsDouble() <= c && (p.outcome("yield").getAsDouble() > y
                    || p.outcome("cost").getAsDouble() < c));
            assertThat(members.stream().anyMatch(m -> m[0] == y && m[1] == c)).as(o.experimentId()).isEqualTo(!beaten);
        }
        assertThat(summary.path("hypervolume").asDouble()).isCloseTo(gridArea(members), within(0.05));

        List<String> rationales = TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ProposalMade.class::isInstance)
                .flatMap(e -> ((TraceEvent.ProposalMade) e).experiments().stream().map(p -> p.rationale())).toList();
        assertThat(rationales).anySatisfy(r -> assertThat(r).contains("predicted yield", "cost",
                "expected hypervolume improvement"));
        assertThat(TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ProposalMade.class::isInstance).map(e -> ((TraceEvent.ProposalMade) e).rationale()))
                .anySatisfy(r -> assertThat(r).contains("batches drawn jointly"));
        assertThat(Cli.run("verify", run.toString()).exit()).isZero();

        Cli report = Cli.run("report", run.toString(), "--out", dir.resolve("report").toString());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(Files.readString(dir.resolve("report").resolve("report.md"))).contains("## Pareto front",
                members.size() + " of 20 experiments are on the front", "yield (max)", "cost (min)");
        assertThat(dir.resolve("report").resolve("report-figures")).isDirectoryContaining("glob:**/front.png")
                .isDirectoryContaining("glob:**/hypervolume.png");
    }

    /** The area dominated above (0, 0.5), counted on a fine grid: independent of the code under test. */
    private static double gridArea(List<double[]> members) {
        int steps = 2000;
        double cell = (100.0 / steps) * (0.5 / steps);
        double area = 0;
        for (int i = 0; i < steps; i++) {
            double y = (i + 0.5) * 100.0 / steps;
            for (int j = 0; j < steps; j++) {
                double c = 0.5 - (j + 0.5) * 0.5 / steps;
                double yy = y;
                if (members.stream().anyMatch(m -> m[0] >= yy && m[1] <= c)) {
                    area += cell;
                }
            }
        }
        return area;
    }

    @Test
    void people_tell_every_objective_and_a_row_without_one_is_refused_at_its_cell() throws IOException {
        Path run = dir.resolve("hand");
        Cli started = Cli.run("run", "arylation-cost", "--manual", "--budget", "10", "--batch", "2", "--out",
                run.toString());
        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(started.out()).contains("fill in yield, cost");
        List<String> pending = Files.readAllLines(run.resolve(ManualResults.PENDING));
        assertThat(pending.get(0)).isEqualTo("id,base,ligand,solvent,concentration,temperature,yield,cost,failed,"
                + "campaign");

        Cli yieldOnly = Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=50", "--as", "chemist");
        assertThat(yieldOnly.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(yieldOnly.err()).contains("no cost for exp-1; give it, or the reason it failed with --failed");

        Cli both = Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=50", "--value", "cost=0.1",
                "--as", "chemist");
        assertThat(both.exit()).as(both.err()).isZero();
        assertThat(observations(run)).singleElement().satisfies(o -> {
            assertThat(o.outcome("yield").getAsDouble()).isEqualTo(50);
            assertThat(o.outcome("cost").getAsDouble()).isEqualTo(0.1);
        });
        assertThat(Cli.run("status", run.toString()).out()).contains("exp-1    by chemist      yield 50, cost 0.1",
                "Pareto front so far: 1 of 1 experiments (exp-1), hypervolume 20");
        assertThat(Cli.run("verify", run.toString(), "--accept-paused").out()).contains("paused for results run by"
                + " hand ('sciloop tell' records them and goes on)");
    }

    @Test
    void a_benchmark_scores_fronts_by_hypervolume_as_a_share_of_the_whole_tables() throws IOException {
        Cli bench = Cli.run("bench", "arylation-cost", "--planners", "random,sobol", "--seeds", "2", "--budget",
                "10", "--out", dir.resolve("bench").toString());
        assertThat(bench.exit()).as(bench.err()).isZero();
        // The report scores the same way: its means are the benchmark's, to the digits it shows.
        Cli report = Cli.run("report", dir.resolve("bench").toString(), "--out", dir.resolve("report").toString());
        assertThat(report.exit()).as(report.err()).isZero();
        String md = Files.readString(dir.resolve("report").resolve("report.md"));
        assertThat(md).contains("objectives: maximise yield, minimise cost, each campaign scored by the hypervolume %"
                + " of its Pareto front", "best possible 100.00");
        for (String line : Files.readAllLines(dir.resolve("bench").resolve("summary.csv")).subList(1, 3)) {
            String[] cells = line.split(",");
            assertThat(md).contains("| " + cells[0] + " | 2 | " + String.format(java.util.Locale.ROOT, "%.2f",
                    Double.parseDouble(cells[2])));
        }
        assertThat(bench.out()).as(bench.err()).contains("hypervolume of the true front (all of table-emulator's known responses):"
                + " 47.5397", "mean best hypervolume % so far", "paired by seed, gain in hypervolume %");
    }

    @Test
    void a_benchmark_without_a_reference_point_and_a_table_without_the_outcome_are_refused_at_their_lines()
            throws IOException {
        String scenario = arylationCost();
        Path noReference = Files.writeString(dir.resolve("no-reference.yaml"),
                scenario.replace("    reference: 0.5      #", "    #"));
        Cli bench = Cli.run("bench", noReference.toString(), "--planners", "random", "--seeds", "1", "--out",
                dir.resolve("b").toString());
        assertThat(bench.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bench.err()).contains("no-reference.yaml:14: objectives.1: a benchmark compares the hypervolumes"
                + " of Pareto fronts, measured from one reference point; give 'cost' a 'reference'");
        assertThat(dir.resolve("b")).doesNotExist();

        Path noCost = Files.writeString(dir.resolve("no-cost.yaml"), scenario.replace("outputs: [yield, cost]",
                "outputs: [yield]"));
        Cli run = Cli.run("run", noCost.toString(), "--out", dir.resolve("r").toString());
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("no-cost.yaml:14: objectives.1.name: tool 'table-emulator' has no output"
                + " 'cost'; its outputs: yield");

        Path ucb = Files.writeString(dir.resolve("ucb.yaml"), scenario.replace("  name: bo\n",
                "  name: bo\n  options: {acquisition: ucb}\n"));
        assertThat(Cli.run("run", ucb.toString(), "--dry-run").err()).contains("ucb.yaml:32: planner.options.acquisition:"
                + " applies to one objective; with several, bo picks by expected hypervolume improvement");
        Path single = Files.writeString(dir.resolve("single.yaml"), Files.readString(Path.of("../scenarios/arylation.yaml"))
                .replace("data/", Path.of("../scenarios/data").toAbsolutePath() + "/")
                .replace("  name: bo\n", "  name: bo\n  options: {pareto: parego}\n"));
        assertThat(Cli.run("run", single.toString(), "--dry-run").err()).contains("planner.options.pareto: applies to"
                + " several objectives (a Pareto front); this scenario has one");
        Path liar = Files.writeString(dir.resolve("liar.yaml"), scenario.replace("  name: bo\n",
                "  name: bo\n  options: {batch: constant-liar}\n"));
        assertThat(Cli.run("run", liar.toString(), "--dry-run").err()).contains("liar.yaml:32: planner.options.batch:"
                + " constant-liar applies to one objective without outcome constraints; here a batch is"
                + " kriging-believer or joint");
        Path joint = Files.writeString(dir.resolve("joint.yaml"), Files.readString(single).replace("pareto: parego",
                "batch: joint"));
        assertThat(Cli.run("run", joint.toString(), "--dry-run").err()).contains("planner.options.batch: joint applies"
                + " to several objectives (a Pareto front); with one a batch is kriging-believer or constant-liar");

        Path worse = Files.writeString(dir.resolve("worse.yaml"), scenario.replace("    reference: 0.5      #",
                "    target: 0.6\n    reference: 0.5      #"));
        assertThat(Cli.run("run", worse.toString(), "--dry-run").err()).contains("objectives.1.target: is 0.6, on the"
                + " worse side of the reference 0.5: a value there adds nothing to the front");
        Path beyond = Files.writeString(dir.resolve("beyond.yaml"), scenario.replace("objectives:",
                "constraints: {outcomes: [cost >= 0.5]}\nobjectives:"));
        assertThat(Cli.run("run", beyond.toString(), "--dry-run").err()).contains("constraints.outcomes.0: 'cost >= 0.5'"
                + " leaves cost only values on the worse side of its reference 0.5: no experiment that keeps it could"
                + " add to the front");
        Path twice = Files.writeString(dir.resolve("twice.yaml"), scenario.replace("outputs: [yield, cost]",
                "outputs: [yield, yield]"));
        assertThat(Cli.run("run", twice.toString(), "--dry-run").err()).contains("outputs.1: 'yield' is listed twice");
        Path both = Files.writeString(dir.resolve("both.yaml"), scenario.replace("outputs: [yield, cost]",
                "outputs: [yield, cost]\n    output: yield"));
        assertThat(Cli.run("run", both.toString(), "--dry-run").err()).contains("give either 'output' (one outcome"
                + " column) or 'outputs' (a list), not both");
    }

    /**
     * A bound on an objective is kept by that objective's model: one prediction of cost per experiment, and the
     * picks that count keep the bound (a tester saw cost predicted twice, differently, by two models of it).
     */
    @Test
    void a_bound_on_an_objective_is_kept_by_its_model() throws IOException {
        Path file = Files.writeString(dir.resolve("cheap.yaml"), arylationCost().replace("objectives:",
                "constraints: {outcomes: [cost <= 0.06]}\nobjectives:"));
        Path run = dir.resolve("cheap");
        Cli cli = Cli.run("run", file.toString(), "--budget", "20", "--seed", "2", "--out", run.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        List<TraceEvent.ProposalMade> modelled = TraceReader.readIntact(run.resolve("trace.jsonl")).stream()
                .map(TraceRecord::event).filter(TraceEvent.ProposalMade.class::isInstance)
                .map(TraceEvent.ProposalMade.class::cast).skip(1).toList();
        assertThat(modelled).hasSize(3).allSatisfy(p -> {
            assertThat(p.rationale()).startsWith("Gaussian process per objective (2) under cost <= 0.06 on");
            assertThat(List.copyOf(((Map<?, ?>) p.details().get("models")).keySet())).isEqualTo(List.of("yield", "cost"));
            assertThat(p.experiments()).allSatisfy(e -> {
                assertThat(e.rationale().split("cost ", -1)).as(e.rationale()).hasSize(3);  // predicted, and the bound
                assertThat(List.copyOf(((Map<?, ?>) e.details().get("mean")).keySet())).isEqualTo(List.of("yield", "cost"));
                assertThat((Double) e.details().get("feasibility")).isBetween(0.0, 1.0);
            });
        });
        List<Observation> picked = observations(run).subList(5, 20);
        assertThat(picked.stream().filter(o -> o.outcome("cost").getAsDouble() <= 0.06).count())
                .as("most picks keep the bound").isGreaterThanOrEqualTo(8);
    }

    /** With extremes, the turn runs on across batches: batches of one still give every objective its pick. */
    @Test
    void the_extremes_take_turns_across_batches_of_one() throws IOException {
        Path file = Files.writeString(dir.resolve("extremes.yaml"), arylationCost()
                .replace("  name: bo\n", "  name: bo\n  options: {pareto: ehvi-with-extremes}\n"));
        Path run = dir.resolve("extremes");
        Cli cli = Cli.run("run", file.toString(), "--batch", "1", "--budget", "11", "--out", run.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        List<String> rationales = TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ProposalMade.class::isInstance)
                .flatMap(e -> ((TraceEvent.ProposalMade) e).experiments().stream().map(p -> p.rationale()))
                .skip(5).map(r -> r.substring(0, r.indexOf(':'))).toList();
        assertThat(rationales).containsExactly("EI of cost alone (an end of the front)", "EHVI",
                "EI of yield alone (an end of the front)", "EI of cost alone (an end of the front)", "EHVI",
                "EI of yield alone (an end of the front)");
    }

    /** A reference given is kept where another objective's is missing and inferred; both say which. */
    @Test
    void only_the_missing_reference_is_inferred_and_every_account_names_it() throws IOException {
        Path file = Files.writeString(dir.resolve("half.yaml"), arylationCost()
                .replace("    reference: 0.5      #", "    #"));
        Path run = dir.resolve("half");
        Cli cli = Cli.run("run", file.toString(), "--budget", "10", "--out", run.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        assertThat(cli.out()).contains("inferred for cost: the scenario gives none");
        assertThat(new ObjectMapper().readTree(run.resolve("summary.json").toFile()).path("referenceInferred")
                .toString()).isEqualTo("[\"cost\"]");
        var modelled = TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ProposalMade.class::isInstance).map(e -> ((TraceEvent.ProposalMade) e).details())
                .filter(d -> d != null && d.containsKey("reference")).toList();
        assertThat(modelled).isNotEmpty().allSatisfy(d -> {
            assertThat(((Map<?, ?>) d.get("reference")).get("yield")).isEqualTo(0.0);
            assertThat(d.get("referenceInferred")).isEqualTo(List.of("cost"));
        });
    }

    /** The built-in scenario's text, its tables named by absolute paths so that a copy elsewhere still finds them. */
    private static String arylationCost() throws IOException {
        return Files.readString(Path.of("../scenarios/arylation-cost.yaml"))
                .replace("data/", Path.of("../scenarios/data").toAbsolutePath() + "/");
    }

    private static List<Observation> observations(Path run) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ObservationRecorded.class::isInstance)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).toList();
    }
}
