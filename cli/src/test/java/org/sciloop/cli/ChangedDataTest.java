package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/**
 * The trace's header fingerprints the data files a campaign reads; a resume or replay after the data
 * changed is refused, naming the file, unless the person accepts it, and an accepted change is recorded.
 */
class ChangedDataTest {
    @TempDir
    Path dir;
    Path table;
    Path run;

    @BeforeEach
    void runACampaignAndInterruptIt() throws IOException {
        StringBuilder csv = new StringBuilder("x,y\n");
        for (int i = 0; i < 20; i++) {
            csv.append(i).append(',').append(i * (20 - i)).append('\n');
        }
        table = Files.writeString(dir.resolve("measurements.csv"), csv);
        Path scenario = Files.writeString(dir.resolve("table.yaml"), """
                name: table
                objective: {name: y, goal: maximize}
                experiment:
                  tool: table-emulator
                  with: {table: measurements.csv, inputs: [x], output: y}
                planner: {name: random}
                budget: {experiments: 10, batch: 2}
                """);
        run = dir.resolve("run");
        assertThat(Cli.run("run", scenario.toString(), "--out", run.toString()).exit()).isZero();
        // Interrupted: the last lines (the end, the seal) never written.
        Path trace = run.resolve("trace.jsonl");
        List<String> lines = Files.readAllLines(trace);
        Files.write(trace, lines.subList(0, lines.size() - 6));
    }

    @Test
    void the_header_records_the_sha256_of_each_data_file() throws Exception {
        var started = (TraceEvent.CampaignStarted) TraceReader.readIntact(run.resolve("trace.jsonl")).get(0).event();
        assertThat(started.dataFiles()).containsEntry("measurements.csv", sha256(table));
    }

    @Test
    void a_resume_or_replay_on_changed_data_is_refused_unless_accepted_and_an_accepted_change_is_traced()
            throws Exception {
        Files.writeString(table, Files.readString(table).replace("10,100", "10,1000"));

        Cli resume = Cli.run("resume", run.toString());
        assertThat(resume.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(resume.err()).contains("the data this campaign read has changed since",
                "measurements.csv: changed (SHA-256 ", "--accept-changed-data");
        Cli replay = Cli.run("replay", run.toString());
        assertThat(replay.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(replay.err()).contains("measurements.csv: changed");

        Cli accepted = Cli.run("resume", run.toString(), "--accept-changed-data");
        assertThat(accepted.exit()).as(accepted.err()).isZero();
        TraceEvent.CampaignResumed resumed = TraceReader.readIntact(run.resolve("trace.jsonl")).stream()
                .map(TraceRecord::event).filter(TraceEvent.CampaignResumed.class::isInstance)
                .map(TraceEvent.CampaignResumed.class::cast).findFirst().orElseThrow();
        assertThat(resumed.dataFiles()).containsEntry("measurements.csv", sha256(table));
        assertThat(Cli.run("replay", run.toString()).err()).doesNotContain("changed since");
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }
}
