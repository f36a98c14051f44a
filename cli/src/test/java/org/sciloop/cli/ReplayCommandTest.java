package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;
import org.sciloop.evaluations.report.Figures;

class ReplayCommandTest {
    @TempDir
    Path dir;

    @Test
    void a_bo_campaign_replays_identically_from_its_trace() {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "buchwald-hartwig", "--budget", "15", "--seed", "3", "--out", run.toString()).exit())
                .isZero();
        Cli replay = Cli.run("replay", run.toString());
        assertThat(replay.exit()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).startsWith("identical: ").contains("proposals of planner bo");
        assertThat(replay.err()).isEmpty();
    }

    @Test
    void a_trace_cut_before_its_end_replays_what_it_holds_and_says_so() throws IOException {
        Path run = dir.resolve("run");
        Cli.campaignCutAfter(run, 10, 12);

        Cli replay = Cli.run("replay", run.toString());

        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.err()).contains("records no end of its campaign (paused, interrupted, or cut off);"
                + " replaying the 12 lines it holds");
    }

    @Test
    void an_altered_observation_makes_the_next_model_based_decision_diverge() throws IOException {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "arylation", "--budget", "15", "--seed", "3", "--out", run.toString()).exit()).isZero();
        Path forged = dir.resolve("forged.jsonl");
        rewriteWithAlteredFirstObservation(run.resolve("trace.jsonl"), forged);
        Cli verify = Cli.run("verify", forged.toString());
        assertThat(verify.out()).as("the forger recomputed the chain and signed it").contains("hash chain unbroken");
        assertThat(verify.exit()).as("but not with this machine's key").isEqualTo(ExitCode.FAILED);
        assertThat(verify.err()).contains("untrusted: signed by ed25519:");

        Cli replay = Cli.run("replay", forged.toString());

        assertThat(replay.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(replay.out()).contains("diverged at round 1", "recorded: experiment", "replayed: experiment");
    }

    @Test
    void a_damaged_trace_is_refused() throws IOException {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "4", "--out", run.toString()).exit()).isZero();
        List<String> lines = Files.readAllLines(run.resolve("trace.jsonl"));
        lines.remove(2);
        Files.write(run.resolve("trace.jsonl"), lines);
        Cli replay = Cli.run("replay", run.toString());
        assertThat(replay.exit()).as("as verify says of it").isEqualTo(ExitCode.FAILED);
        assertThat(replay.err()).contains("is damaged at line 3");
        Cli resume = Cli.run("resume", run.toString());
        assertThat(resume.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(resume.err()).contains("is damaged at line 3").doesNotContain("Exception");
    }

    @Test
    void a_counterfactual_runs_another_planner_from_the_same_first_experiments_and_compares() {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "arylation", "--budget", "25", "--seed", "2", "--out", run.toString()).exit()).isZero();
        Path cf = dir.resolve("cf");
        Cli replay = Cli.run("replay", run.toString(), "--planner", "random", "--out", cf.toString());

        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("planner random instead of bo", "from the same 5 experiment(s)",
                "recorded (bo)", "counterfactual (random)", "best yield after 10", "experiments to target");
        List<TraceRecord> recorded = TraceReader.readIntact(run.resolve("trace.jsonl"));
        List<TraceRecord> counterfactual = TraceReader.readIntact(cf.resolve("trace.jsonl"));
        assertThat(((TraceEvent.CampaignStarted) counterfactual.get(0).event()).planner()).isEqualTo("random");
        List<Observation> carried = counterfactual.stream()
                .filter(r -> r.actor().equals("replay:" + recorded.get(0).campaign()))
                .map(r -> ((TraceEvent.ObservationRecorded) r.event()).observation()).toList();
        assertThat(carried).isEqualTo(recorded.stream().map(TraceRecord::event)
                .filter(e -> e instanceof TraceEvent.ObservationRecorded)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).limit(5).toList());
        long ids = counterfactual.stream().map(TraceRecord::event).filter(e -> e instanceof TraceEvent.ObservationRecorded)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation().experimentId()).distinct().count();
        assertThat(ids).as("new experiment ids never repeat a carried-over one").isEqualTo(25);
        assertThat(Cli.run("verify", cf.toString()).exit()).isZero();
        assertThat(Cli.run("replay", cf.toString()).out()).startsWith("identical");
    }

    /**
     * A random campaign replayed with bo: bo's random start draws from the same seed as the recorded planner, yet
     * proposes none of the experiments it shares (a tester: its second experiment was the first again).
     */
    @Test
    void a_counterfactual_never_runs_a_shared_experiment_again() {
        Path run = dir.resolve("random");
        assertThat(Cli.run("run", "branin", "--planner", "random", "--budget", "6", "--out", run.toString()).exit())
                .isZero();
        Path cf = dir.resolve("cf-bo");
        assertThat(Cli.run("replay", run.toString(), "--planner", "bo", "--out", cf.toString()).exit()).isZero();
        List<Object> settings = TraceReader.readIntact(cf.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(e -> e instanceof TraceEvent.ObservationRecorded)
                .map(e -> (Object) ((TraceEvent.ObservationRecorded) e).observation().settings()).toList();
        assertThat(settings).hasSize(6).doesNotHaveDuplicates();
    }

    /**
     * Several objectives under an outcome constraint: each campaign is scored by its feasible front's hypervolume (a
     * tester saw the first objective's best compared, taken from an experiment that broke the constraint).
     */
    @Test
    void a_counterfactual_with_several_objectives_compares_the_fronts() throws IOException {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "c2dtlz2", "--budget", "16", "--seed", "3", "--out", run.toString()).exit()).isZero();
        Cli replay = Cli.run("replay", run.toString(), "--planner", "bo:pareto=parego", "--out",
                dir.resolve("cf").toString());

        assertThat(replay.exit()).as(replay.err()).isZero();
        assertThat(replay.out()).contains("planner bo:pareto=parego instead of bo", "counterfactual (bo:pareto=parego)",
                        "from the reference point (f1 1.10, f2 1.10)", "best hypervolume after 7")
                .doesNotContain("best f1");
        Scenario c2dtlz2 = Scenario.read(ScenarioCatalog.locate("c2dtlz2"));
        List<Observation> observed = TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(e -> e instanceof TraceEvent.ObservationRecorded)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).toList();
        double recorded = ParetoFront.of(c2dtlz2.objectives(), c2dtlz2.outcomeConstraints(), observed)
                .hypervolume(new double[] {1.1, 1.1});
        assertThat(recorded).isPositive();
        assertThat(replay.out()).containsPattern("best hypervolume +" + java.util.regex.Pattern.quote(
                Figures.number(recorded)) + " ");
        String[] started = Files.readAllLines(dir.resolve("cf").resolve("trace.jsonl")).get(0).split("\"pareto\"");
        assertThat(started).as("the configuration's option is in the counterfactual's scenario").hasSize(2);
        assertThat(started[1]).startsWith(":\"parego\"");
        Cli malformed = Cli.run("replay", run.toString(), "--planner", "bo:pareto");
        assertThat(malformed.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(malformed.err()).contains("--planner: 'bo:pareto': after the planner's name each option is :KEY=VALUE");
    }

    @Test
    void counterfactual_arguments_are_checked_before_anything_runs() {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "6", "--out", run.toString()).exit()).isZero();
        Cli unknown = Cli.run("replay", run.toString(), "--planner", "oracle");
        assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("oracle", "sobol");
        Cli tooMany = Cli.run("replay", run.toString(), "--planner", "random", "--initial", "7");
        assertThat(tooMany.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(tooMany.err()).contains("--initial must be between 0 and the 6 experiments");
        Cli alone = Cli.run("replay", run.toString(), "--initial", "2");
        assertThat(alone.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(alone.err()).contains("--initial and --out go with --planner");
        assertThat(run.resolve("counterfactual-random")).doesNotExist();
    }

    /**
     * What a forger with write access but without the signing key can do: change a value, re-chain, and
     * sign with a key of their own. The chain and signatures then hold; only a pinned key or replay tells.
     */
    static void rewriteWithAlteredFirstObservation(Path from, Path to) {
        rewriteWithAlteredFirstObservation(from, to, TraceSigner.ephemeral());
    }

    /** The same, signed by {@code signer}: with this machine's key, only the people's signatures tell. */
    static void rewriteWithAlteredFirstObservation(Path from, Path to, TraceSigner signer) {
        List<TraceRecord> records = TraceReader.readIntact(from);
        boolean altered = false;
        try (TraceWriter writer = TraceWriter.create(to, records.get(0).campaign(), Clock.systemUTC(), Durability.NONE,
                signer)) {
            for (TraceRecord r : records) {
                TraceEvent event = r.event();
                if (event instanceof TraceEvent.Checkpoint) {
                    continue;  // the writer signs its own
                }
                if (event instanceof TraceEvent.CampaignStarted s) {
                    event = new TraceEvent.CampaignStarted(s.formatVersion(), s.scenario(), s.source(), s.document(),
                            s.seed(), s.planner(), s.tool(), s.budget(), s.batch(), writer.signingKey(), s.dataFiles());
                }
                if (!altered && event instanceof TraceEvent.ObservationRecorded o) {
                    Observation was = o.observation();
                    Map<String, Double> outcomes = new HashMap<>(was.outcomes());
                    outcomes.put("yield", was.outcomes().get("yield") > 50 ? 0.0 : 100.0);
                    event = new TraceEvent.ObservationRecorded(new Observation(was.experimentId(), was.settings(),
                            outcomes, was.status(), was.detail(), was.tool()));
                    altered = true;
                }
                writer.append(r.actor(), event);
            }
        }
    }
}
