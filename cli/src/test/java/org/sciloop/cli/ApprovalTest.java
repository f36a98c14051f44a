package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/** Experiments that wait for a person's approval ({@code approval:}), decided with {@code approve} and {@code deny}. */
class ApprovalTest {
    @BeforeAll
    static void people() {
        Cli.keysFor("operator-0", "operator-1", "operator-2", "olga");
    }

    @TempDir
    Path dir;

    private Path scenario(int budget, int batch) throws IOException {
        return Files.writeString(dir.resolve("approved.yaml"), """
                name: approved
                objective: {name: value, goal: minimize}
                experiment: {tool: benchmark-function, with: {function: branin}}
                planner: {name: random}
                approval: all
                budget: {experiments: %d, batch: %d}
                """.formatted(budget, batch));
    }

    @Test
    void a_hundred_pending_approvals_decided_in_random_order_run_each_exactly_once() throws IOException {
        Path run = dir.resolve("run");
        Cli started = Cli.run("run", scenario(100, 100).toString(), "--out", run.toString());
        assertThat(started.exit()).as(started.err()).isZero();
        assertThat(started.out()).contains("100 experiments wait for approval");
        assertThat(events(run, TraceEvent.ActionRequested.class)).as("nothing runs unapproved").isEmpty();

        // A crash while they wait loses none: cut the trace after the last request for approval.
        List<String> lines = Files.readAllLines(run.resolve("trace.jsonl"));
        int lastAsked = IntStream.range(0, lines.size()).filter(i -> lines.get(i).contains("\"ApprovalRequested\""))
                .max().orElseThrow();
        Files.write(run.resolve("trace.jsonl"), lines.subList(0, lastAsked + 1));
        Cli resumed = Cli.run("resume", run.toString());
        assertThat(resumed.exit()).as(resumed.err()).isZero();
        assertThat(resumed.out()).contains("100 experiments wait for approval");

        List<String> ids = IntStream.rangeClosed(1, 100).mapToObj(i -> "exp-" + i).collect(Collectors.toList());
        Collections.shuffle(ids, new Random(7));
        for (int i = 0; i < 100; i += 10) {
            List<String> args = new ArrayList<>(List.of("approve", run.toString()));
            args.addAll(ids.subList(i, i + 10));
            args.addAll(List.of("--as", "operator-" + (i / 10 % 3)));
            Cli approve = Cli.run(args.toArray(String[]::new));
            assertThat(approve.exit()).as(approve.err()).isZero();
            // Reading goes on while decisions are pending.
            assertThat(Cli.run("status", run.toString()).out()).contains(i < 90 ? "waiting for approval ("
                    + (90 - i) + ")" : "finished (BUDGET_EXHAUSTED)").doesNotContain(i < 90 ? "finished" : "approval");
            assertThat(Cli.run("verify", run.toString(), "--accept-paused").exit()).isZero();
        }
        Map<String, Long> requested = events(run, TraceEvent.ActionRequested.class).stream()
                .collect(Collectors.groupingBy(TraceEvent.ActionRequested::experimentId, Collectors.counting()));
        assertThat(requested).hasSize(100).allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
        assertThat(events(run, TraceEvent.ObservationRecorded.class)).hasSize(100);
        assertThat(events(run, TraceEvent.CampaignFinished.class)).singleElement()
                .satisfies(f -> assertThat(f.stopReason()).isEqualTo("BUDGET_EXHAUSTED"));
        Cli verify = Cli.run("verify", run.toString());
        assertThat(verify.exit()).isZero();
        assertThat(verify.out()).contains("people: 100 signatures", "operator-0: ", " approved");
    }

    @Test
    void a_denied_experiment_never_runs_and_the_decision_is_signed_with_its_reason() throws IOException {
        Path run = dir.resolve("run");
        assertThat(Cli.run("run", scenario(4, 2).toString(), "--out", run.toString()).exit()).isZero();
        Cli noReason = Cli.run("deny", run.toString(), "exp-1");
        assertThat(noReason.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(noReason.err()).contains("a denial says why");
        Cli unknown = Cli.run("approve", run.toString(), "exp-9");
        assertThat(unknown.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(unknown.err()).contains("exp-9 does not wait for approval; waiting: exp-1, exp-2");

        Cli deny = Cli.run("deny", run.toString(), "exp-1", "--reason", "too close to the boiling point", "--as", "olga");
        assertThat(deny.exit()).as(deny.err()).isZero();
        assertThat(deny.out()).contains("recording exp-1 as denied by olga", "each signed with olga's key (ed25519:",
                "1 experiment waits for approval", "exp-2");
        assertThat(Cli.run("approve", run.toString(), "--all", "--as", "olga").exit()).isZero();
        Cli twice = Cli.run("approve", run.toString(), "exp-1");
        assertThat(twice.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(twice.err()).contains("exp-1 was already denied by olga (", "); a decision stands");

        assertThat(events(run, TraceEvent.ActionRequested.class)).extracting(TraceEvent.ActionRequested::experimentId)
                .doesNotContain("exp-1").contains("exp-2");
        assertThat(events(run, TraceEvent.ActionDenied.class)).filteredOn(d -> d.experimentId().equals("exp-1"))
                .singleElement().satisfies(d -> {
                    assertThat(d.rule()).isEqualTo("approval");
                    assertThat(d.reason()).isEqualTo("denied by olga: too close to the boiling point");
                });
        List<TraceRecord> records = TraceReader.readIntact(run.resolve("trace.jsonl"));
        assertThat(records).filteredOn(r -> r.event() instanceof TraceEvent.ApprovalDecided)
                .allSatisfy(r -> assertThat(r.actor()).isEqualTo("person:olga"));
        assertThat(Cli.run("verify", run.toString(), "--accept-paused").out()).contains("olga: 1 approved, 1 denied");
        assertThat(Cli.run("replay", run.toString()).exit()).isZero();

        // Stopped with experiments still waiting: they are listed as never decided, with nothing to decide them by.
        assertThat(Cli.run("stop", run.toString(), "--as", "olga").exit()).isZero();
        String status = Cli.run("status", run.toString()).out();
        assertThat(status).contains("finished (STOPPED)", "never decided (the campaign has ended) (")
                .doesNotContain("waiting for approval", "sciloop approve");
    }

    @Test
    void an_unknown_approval_setting_is_refused_at_its_line() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), Files.readString(scenario(4, 2))
                .replace("approval: all", "approval: sometimes"));
        Cli run = Cli.run("run", bad.toString());
        assertThat(run.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(run.err()).contains("bad.yaml:5: approval:", "sometimes");
    }

    private static <E extends TraceEvent> List<E> events(Path run, Class<E> type) {
        return TraceReader.readIntact(run.resolve("trace.jsonl")).stream().map(TraceRecord::event)
                .filter(type::isInstance).map(type::cast).toList();
    }
}
