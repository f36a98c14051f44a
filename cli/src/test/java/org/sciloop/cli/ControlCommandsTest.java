package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Observation;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/** {@code sciloop pause} and {@code sciloop stop} reach a campaign running in another process, on record with who asked. */
class ControlCommandsTest {
    @BeforeAll
    static void people() {
        Cli.keysFor("carol", "dave", "erin");
    }

    @TempDir
    Path dir;

    @Test
    void a_person_pauses_a_running_campaign_then_stops_it_and_each_is_on_record() throws Exception {
        Path scenario = SignalPauseTest.paced(dir, 400);
        Path run = dir.resolve("run");
        Process first = start("run", scenario.toString(), "--out", run.toString());
        SignalPauseTest.waitForLines(run.resolve("trace.jsonl"), 40, first);

        Cli pause = Cli.run("pause", run.toString(), "--as", "carol", "--reason", "checking the reagent");

        assertThat(pause.exit()).as(pause.err()).isZero();
        assertThat(pause.out()).contains("asked process " + first.pid() + " to pause", "paused; 'sciloop resume");
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(first.exitValue()).as("paused, not finished").isEqualTo(ExitCode.FAILED);
        assertThat(events(run, TraceEvent.CampaignPaused.class)).extracting(TraceEvent.CampaignPaused::reason)
                .containsExactly("paused by carol (sciloop pause): checking the reagent");
        assertThat(Cli.run("pause", run.toString()).out()).contains("is not running: it is already paused");
        assertThat(RunControl.requests(run)).isEmpty();

        Process second = start("resume", run.toString());
        int before = events(run, TraceEvent.ObservationRecorded.class).size();
        SignalPauseTest.waitForLines(run.resolve("trace.jsonl"), Files.readAllLines(run.resolve("trace.jsonl")).size() + 20,
                second);
        Cli stop = Cli.run("stop", run.toString(), "--as", "dave");

        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isZero();
        List<TraceEvent.CampaignFinished> finished = events(run, TraceEvent.CampaignFinished.class);
        assertThat(finished).singleElement().satisfies(f -> {
            assertThat(f.stopReason()).isEqualTo("STOPPED");
            assertThat(f.detail()).isEqualTo("stopped by dave (sciloop stop)");
        });
        List<Observation> observations = events(run, TraceEvent.ObservationRecorded.class).stream()
                .map(TraceEvent.ObservationRecorded::observation).toList();
        assertThat(observations.size()).isGreaterThan(before).isLessThan(400);
        assertThat(observations).extracting(Observation::experimentId).doesNotHaveDuplicates();
        assertThat(Cli.run("verify", run.toString()).exit()).isZero();
        Cli again = Cli.run("stop", run.toString());
        assertThat(again.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(again.err()).contains("already finished (STOPPED); there is nothing to stop");
    }

    /**
     * A stop and a pause asked at about the same moment (a tester: the stop was lost, the campaign paused, and the
     * stop said so with exit 0): the stop wins, whichever is taken first.
     */
    @Test
    void a_stop_asked_beside_a_pause_ends_the_campaign() throws Exception {
        Path scenario = SignalPauseTest.paced(dir, 400);
        // Both left before the process polls: neither replaces the other.
        Path first = dir.resolve("first");
        Process one = start("run", scenario.toString(), "--out", first.toString());
        SignalPauseTest.waitForLines(first.resolve("trace.jsonl"), 40, one);
        RunControl.request(first, RunControl.Verb.STOP, "dave", "");
        RunControl.request(first, RunControl.Verb.PAUSE, "carol", "");
        assertThat(one.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(events(first, TraceEvent.CampaignFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.detail()).isEqualTo("stopped by dave (sciloop stop)"));

        // The pause taken first: the campaign pauses, and the stop command ends it where it stands.
        Path second = dir.resolve("second");
        Process two = start("run", scenario.toString(), "--out", second.toString());
        SignalPauseTest.waitForLines(second.resolve("trace.jsonl"), 40, two);
        RunControl.request(second, RunControl.Verb.PAUSE, "carol", "");
        Cli stop = Cli.run("stop", second.toString(), "--as", "dave");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(two.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(events(second, TraceEvent.CampaignFinished.class)).as(stop.out()).singleElement()
                .satisfies(f -> assertThat(f.detail()).isEqualTo("stopped by dave (sciloop stop)"));
        assertThat(stop.out()).doesNotContain("'sciloop resume");
        for (Path run : List.of(first, second)) {
            assertThat(Cli.run("verify", run.toString()).exit()).isZero();
            assertThat(RunControl.requests(run)).isEmpty();
        }
    }

    @Test
    void a_paused_campaign_is_stopped_where_it_stands() {
        Path run = dir.resolve("by-hand");
        assertThat(Cli.run("run", "arylation", "--manual", "--budget", "9", "--batch", "3", "--out", run.toString())
                .exit()).isZero();
        Cli stop = Cli.run("stop", run.toString(), "--as", "erin", "--reason", "the reactor is needed elsewhere");
        assertThat(stop.exit()).as(stop.err()).isZero();
        assertThat(events(run, TraceEvent.CampaignFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.detail()).isEqualTo("stopped by erin (sciloop stop): the reactor is"
                        + " needed elsewhere"));
        assertThat(Cli.run("tell", run.toString(), "--id", "exp-1", "--value", "yield=3").err())
                .contains("already finished");
    }

    private Process start(String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-cp", System.getProperty("java.class.path"), SciloopCommand.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(args[0] + ".log").toFile()).start();
    }

    private static <E extends TraceEvent> List<E> events(Path run, Class<E> type) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(type::isInstance).map(type::cast).toList();
    }
}
