package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Observation;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/** Constraints end to end: on parameters (kept by every planner), on outcomes (the front counts only feasible). */
class ConstrainedCampaignTest {
    private static final Map<String, Double> BOILING_POINT = Map.of("toluene", 110.6, "dioxane", 101.1, "DMF", 153.0);

    @BeforeAll
    static void people() {
        Cli.keysFor("chemist");
    }

    @TempDir
    Path dir;

    @Test
    void every_planner_keeps_the_boiling_point_the_heat_budget_and_the_forbidden_pair() throws IOException {
        for (String planner : List.of("bo", "random", "sobol", "lhs", "hypothesis")) {
            Path run = dir.resolve(planner);
            Cli cli = Cli.run("run", "reaction-constrained", "--planner", planner, "--budget", "15", "--seed", "5",
                    "--out", run.toString());
            assertThat(cli.exit()).as(cli.err()).isZero();
            List<TraceEvent.PlannedExperiment> proposed = TraceReader.readIntact(run.resolve("trace.jsonl")).stream()
                    .map(TraceRecord::event).filter(TraceEvent.ProposalMade.class::isInstance)
                    .flatMap(e -> ((TraceEvent.ProposalMade) e).experiments().stream()).toList();
            assertThat(proposed).as(planner).hasSizeGreaterThanOrEqualTo(15).allSatisfy(p -> {
                Map<String, Object> s = p.settings().values();
                double t = ((Number) s.get("temperature")).doubleValue();
                double loading = ((Number) s.get("loading")).doubleValue();
                assertThat(t).as(planner + " " + s).isLessThanOrEqualTo(BOILING_POINT.get((String) s.get("solvent")) - 5
                        + 1e-9);
                assertThat(t + 10 * loading).as(planner + " " + s).isLessThanOrEqualTo(140 + 1e-9);
                assertThat(s.get("ligand").equals("dppf") && s.get("solvent").equals("DMF")).as(planner + " " + s)
                        .isFalse();
            });
        }
    }

    @Test
    void only_feasible_experiments_make_the_front_and_the_run_says_how_many_kept_the_bound() throws IOException {
        Path run = dir.resolve("c2");
        Cli cli = Cli.run("run", "c2dtlz2", "--budget", "20", "--seed", "2", "--out", run.toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        List<Observation> seen = TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ObservationRecorded.class::isInstance)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).toList();
        long feasible = seen.stream().filter(o -> o.outcome("slack").getAsDouble() >= 0).count();
        assertThat(feasible).as("the random start finds some of each").isBetween(1L, 19L);
        assertThat(cli.out()).contains("feasible     " + feasible + " of 20 experiments keep slack >= 0");

        JsonNode summary = new ObjectMapper().readTree(run.resolve("summary.json").toFile());
        assertThat(summary.path("feasibleExperiments").asLong()).isEqualTo(feasible);
        assertThat(summary.path("outcomeConstraints").get(0).asText()).isEqualTo("slack >= 0");
        assertThat(summary.path("front")).isNotEmpty().allSatisfy(m ->
                assertThat(m.path("outcomes").path("slack").asDouble()).isGreaterThanOrEqualTo(0));
        // A member is a feasible observation no other feasible one beats on both: recounted here.
        for (Observation o : seen) {
            boolean member = o.outcome("slack").getAsDouble() >= 0 && seen.stream().noneMatch(p ->
                    p.outcome("slack").getAsDouble() >= 0 && dominates(p, o));
            boolean listed = false;
            for (JsonNode m : summary.path("front")) {
                listed |= m.path("experiment").asText().equals(o.experimentId());
            }
            assertThat(listed).as(o.experimentId()).isEqualTo(member);
        }
        List<String> rationales = TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ProposalMade.class::isInstance)
                .flatMap(e -> ((TraceEvent.ProposalMade) e).experiments().stream().map(p -> p.rationale())).toList();
        assertThat(rationales).anySatisfy(r -> assertThat(r).contains("EHVI: predicted f1", "probability of"
                + " keeping slack >= 0"));
        Cli report = Cli.run("report", run.toString(), "--out", dir.resolve("report").toString());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(Files.readString(dir.resolve("report").resolve("report.md"))).contains("## Pareto front",
                summary.path("front").size() + " of 20 experiments are on the front");
    }

    private static boolean dominates(Observation a, Observation b) {
        double a1 = a.outcome("f1").getAsDouble();
        double a2 = a.outcome("f2").getAsDouble();
        double b1 = b.outcome("f1").getAsDouble();
        double b2 = b.outcome("f2").getAsDouble();
        return a1 <= b1 && a2 <= b2 && (a1 < b1 || a2 < b2);
    }

    @Test
    void a_constraint_that_does_not_fit_is_refused_at_its_line_before_anything_runs() throws IOException {
        String scenario = Files.readString(Path.of("../scenarios/reaction-constrained.yaml"));
        assertRefused(scenario.replace("temperature + 10 * loading", "temperature + 10 * load"),
                "reaction-constrained.yaml:15: constraints.parameters.1: no parameter 'load'; the space's parameters:"
                        + " temperature, loading, ligand, solvent");
        assertRefused(scenario.replace("DMF: 153}", "NMP: 202}"), "reaction-constrained.yaml:14:",
                "table 'boiling_point' gives no value for solvent level DMF");
        assertRefused(scenario.replace("{ligand: dppf, solvent: DMF}", "{ligand: BINAP, solvent: DMF}"),
                "reaction-constrained.yaml:16:", "'BINAP' is not a level of ligand (its levels: XPhos, SPhos, PPh3,"
                        + " dppf)");
        assertRefused(scenario.replace("  tables:", "  outcomes: [purity >= 90]\n  tables:"),
                "constraints.outcomes.0: tool 'reaction-simulator' has no output 'purity'; its outputs: yield");
        assertRefused(scenario.replace("- temperature + 10 * loading <= 140", "- temperature + 10 * loading <= 60"),
                "constraints.parameters: they leave too little of the space to draw from: none of 20000 points spread"
                        + " over it keeps them all");
        assertRefused(scenario.replace("  tables:", "  outcomes: [yield >= 50, yield < 20]\n  tables:"),
                "constraints.outcomes.1: no value of yield keeps both 'yield >= 50' (outcomes.0) and 'yield < 20'");
        assertRefused(scenario.replace("  tables:", "  outcomes: [yield >= 50, 50 <= yield]\n  tables:"),
                "constraints.outcomes.1: '50 <= yield' is listed twice (outcomes.0)");
        assertRefused(scenario.replace("  tables:", "  outcomes: [yield > 50, yield < 50]\n  tables:"),
                "constraints.outcomes.1: with 'yield > 50' (outcomes.0) it holds yield at 50.0 exactly: an outcome"
                        + " cannot be held equal to a value");
        assertRefused(scenario.replace("  tables:", "  outcomes: [yield <= 40]\n  tables:").replace("goal: maximize",
                        "goal: maximize\n  target: 60"),
                "constraints.outcomes.0: 'yield <= 40' leaves yield no value that reaches its target 60.0");
        assertRefused(scenario.replace("  tables:", "  outcomes: [temperature <= 100]\n  tables:"),
                "'temperature' is a parameter; a condition on parameters goes under constraints.parameters");
        assertRefused(scenario.replace("  tables:", "  outcomes: [yield >= 10]\n  tables:")
                .replace("  name: bo\n", "  name: bo\n  options: {kappa: 2}\n"), "planner.options.kappa: does not"
                + " apply with outcome constraints: bo picks by expected improvement times the probability of keeping"
                + " them (constrained EI)");
        assertRefused(scenario.replace("  tables:", "  outcomes: [yield >= 10]\n  tables:")
                .replace("  name: bo\n", "  name: bo\n  options: {batch: joint}\n"), "planner.options.batch: joint"
                + " applies to several objectives (a Pareto front); with one a batch is kriging-believer");
    }

    /**
     * One objective under an outcome constraint, either way round: once the models have seen the disk, the picks
     * keep to the side the constraint asks for (a bound taken the wrong way round would send them to the other).
     */
    @Test
    void one_objective_searches_the_side_of_the_bound_it_is_given() throws IOException {
        for (String bound : List.of("slack >= 0", "slack <= 0")) {
            Path scenario = dir.resolve("disk.yaml");
            Files.writeString(scenario, """
                    name: disk
                    objective: {name: branin, goal: minimize}
                    constraints: {outcomes: [BOUND]}
                    experiment: {tool: benchmark-function, with: {function: constrained-branin-currin}}
                    planner: {name: bo, options: {initial: 8, initial-design: sobol}}
                    budget: {experiments: 24, batch: 2}
                    """.replace("BOUND", bound));
            Path run = dir.resolve(bound.contains(">") ? "inside" : "outside");
            Cli cli = Cli.run("run", scenario.toString(), "--seed", "4", "--out", run.toString());
            assertThat(cli.exit()).as(cli.err()).isZero();
            List<TraceEvent.PlannedExperiment> modelled = TraceReader.readIntact(run.resolve("trace.jsonl")).stream()
                    .map(TraceRecord::event).filter(TraceEvent.ProposalMade.class::isInstance)
                    .flatMap(e -> ((TraceEvent.ProposalMade) e).experiments().stream())
                    .filter(e -> e.rationale().startsWith("constrained EI")).toList();
            assertThat(modelled).hasSize(16).allSatisfy(e -> assertThat(e.details()).containsKeys("logConstrainedEI",
                    "feasibility"));
            long kept = observations(run).stream().skip(8).filter(o -> bound.contains(">")
                    ? o.outcome("slack").getAsDouble() >= 0 : o.outcome("slack").getAsDouble() <= 0).count();
            assertThat(kept).as(bound).isGreaterThanOrEqualTo(12);
        }
    }

    /**
     * An experiment that breaks an outcome constraint reaches no target and starts no count of patience: there is
     * nothing to improve on before the first that keeps them (a tester's run stopped at its first experiment, which
     * broke the constraint, and another ran out of patience in its space-filling start with nothing feasible).
     */
    @Test
    void targets_and_patience_count_only_experiments_that_keep_the_constraints() throws IOException {
        String c2dtlz2 = Files.readString(Path.of("../scenarios/c2dtlz2.yaml"));
        List<Observation> run = bySobol("targets", c2dtlz2.replace("reference: 1.1", "reference: 1.1\n    target: 1.09"));
        java.util.function.Predicate<Observation> onTarget = o -> o.outcome("f1").getAsDouble() <= 1.09
                && o.outcome("f2").getAsDouble() <= 1.09;
        Observation first = run.stream().filter(onTarget).findFirst().orElseThrow();
        assertThat(first.outcome("slack").getAsDouble()).as("the seed's first on target breaks the constraint")
                .isNegative();
        Observation feasible = run.stream().filter(onTarget.and(o -> o.outcome("slack").getAsDouble() >= 0))
                .findFirst().orElseThrow();
        TraceEvent.CampaignFinished finished = finished(dir.resolve("targets"));
        assertThat(finished.stopReason()).isEqualTo("TARGET_REACHED");
        assertThat(finished.detail()).endsWith(" in " + feasible.experimentId());
        assertThat(run.get(run.size() - 1)).isEqualTo(feasible);
        int firstFeasible = firstFeasible(run);

        List<Observation> observed = bySobol("patience", c2dtlz2.replace("batch: 2", "batch: 2\n  patience: 3"));
        assertThat(firstFeasible(observed)).isEqualTo(firstFeasible).isGreaterThanOrEqualTo(3);
        assertThat(observed.size()).isGreaterThanOrEqualTo(firstFeasible + 1 + 3);
    }

    /** {@code yaml} run by Sobol points from seed 1 (its first feasible experiment is its sixth) into {@code name}. */
    private List<Observation> bySobol(String name, String yaml) throws IOException {
        Path scenario = Files.writeString(dir.resolve(name + ".yaml"), yaml);
        Cli cli = Cli.run("run", scenario.toString(), "--planner", "sobol", "--seed", "1", "--budget", "30", "--out",
                dir.resolve(name).toString());
        assertThat(cli.exit()).as(cli.err()).isZero();
        return observations(dir.resolve(name));
    }

    private static int firstFeasible(List<Observation> observations) {
        for (int i = 0; i < observations.size(); i++) {
            if (observations.get(i).outcome("slack").getAsDouble() >= 0) {
                return i;
            }
        }
        return -1;
    }

    private static TraceEvent.CampaignFinished finished(Path run) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.CampaignFinished.class::isInstance).map(TraceEvent.CampaignFinished.class::cast)
                .findFirst().orElseThrow();
    }

    private static List<Observation> observations(Path run) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(TraceEvent.ObservationRecorded.class::isInstance)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).toList();
    }

    private void assertRefused(String yaml, String... fragments) throws IOException {
        Path file = dir.resolve("reaction-constrained.yaml");
        Files.writeString(file, yaml);
        Path out = dir.resolve("refused");
        Cli cli = Cli.run("run", file.toString(), "--out", out.toString());
        assertThat(cli.exit()).as(cli.out() + cli.err()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(cli.err()).contains(fragments).doesNotContain("\tat ", "Exception");
        assertThat(out.resolve("trace.jsonl")).doesNotExist();
    }

    @Test
    void people_tell_the_constrained_outcome_too() throws IOException {
        Path scenario = dir.resolve("by-hand.yaml");
        Files.writeString(scenario, """
                name: by-hand
                objective: {name: yield}
                constraints:
                  outcomes: [impurity <= 0.5]
                  parameters: [temp + 10 * time <= 150, temp + time <= 125]
                space:
                  temp: {type: continuous, low: 20, high: 120}
                  time: {type: continuous, low: 1, high: 10}
                experiment: {tool: manual, with: {outputs: [yield, impurity, colour]}}
                planner: {name: bo}
                budget: {experiments: 6, batch: 2}
                """);
        Path run = dir.resolve("hand");
        Cli started = Cli.run("run", scenario.toString(), "--out", run.toString());
        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(started.out()).contains("fill in yield, impurity (and colour where measured) for each");
        Cli waiting = Cli.run("report", run.toString(), "--out", dir.resolve("waiting").toString());
        assertThat(waiting.exit()).isZero();
        assertThat(waiting.err()).as("waiting for results is no alarm").contains("1 of 1 traces is sealed while"
                + " paused, intact up to the pause").doesNotContain("did not verify");
        assertThat(Files.readAllLines(run.resolve(ManualResults.PENDING)).get(0))
                .isEqualTo("id,temp,time,yield,impurity,colour,failed,campaign");
        Cli yieldOnly = Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=50", "--as", "chemist");
        assertThat(yieldOnly.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(yieldOnly.err()).contains("no impurity for exp-1, which the constraint impurity <= 0.5 bounds (a"
                + " result without it could not be judged feasible)");
        assertThat(Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=80", "--value",
                "impurity=0.9", "--as", "chemist").exit()).isZero();
        // Run at other settings than proposed, beyond both limits: recorded as run, and marked with each.
        assertThat(Cli.run("tell", run.toString(), "--id", "exp-2", "--value", "temp=120", "--value", "time=10",
                "--value", "yield=60", "--value", "impurity=0.2", "--as", "chemist").exit()).isZero();
        String status = Cli.run("status", run.toString()).out();
        assertThat(status).as("80 breaks the bound").contains("best yield so far: 60 in exp-2",
                "yield 80, impurity 0.9 (INFEASIBLE: breaks impurity <= 0.5)",
                "feasible: 1 of 2 experiments keep impurity <= 0.5",
                "breaks the constraints temp + 10 * time <= 150 and temp + time <= 125");
        Cli report = Cli.run("report", run.toString(), "--out", dir.resolve("hand-report").toString());
        assertThat(report.exit()).as(report.err()).isZero();
        assertThat(Files.readString(dir.resolve("hand-report").resolve("report.md"))).contains(
                "An experiment counts only if it keeps impurity <= 0.5: 1 of 2 did.", "infeasible: breaks impurity"
                        + " <= 0.5", "Best yield 60");
    }
}
