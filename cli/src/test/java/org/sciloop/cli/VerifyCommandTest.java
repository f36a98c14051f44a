package org.sciloop.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.trace.Durability;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceSigner;
import org.sciloop.core.trace.TraceWriter;

class VerifyCommandTest {
    @TempDir
    Path dir;
    Path run;

    @BeforeEach
    void runACampaign() {
        run = dir.resolve("run");
        assertThat(Cli.run("run", "branin", "--budget", "8", "--out", run.toString()).exit()).isZero();
    }

    /**
     * A result or a setting without a value (a JSON null, hashes made to fit again) is a damaged line, said at its
     * line, not an internal error (the fuzzer: an ActionCompleted with {"value":null}).
     */
    @Test
    void a_result_or_setting_without_a_value_is_a_damaged_line() throws IOException {
        Path trace = run.resolve("trace.jsonl");
        String intact = Files.readString(trace);
        // A map's order on record varies from run to run: the name is looked for anywhere in it.
        for (String[] edit : new String[][] {
                {"(\"type\":\"ActionCompleted\".*?\"outputs\":\\{[^}]*?\"value\":)[^,}]+",
                        "'outputs' has no value for 'value'"},
                {"(\"type\":\"ActionRequested\".*?\"arguments\":\\{[^}]*?\"x1\":)[^,}]+",
                        "'arguments' has no value for 'x1'"}}) {
            String damaged = intact.replaceFirst(edit[0], "$1null");
            assertThat(damaged).as("the edit found its place").isNotEqualTo(intact);
            Files.writeString(trace, FuzzTest.rechained(damaged));
            Cli resume = Cli.run("resume", run.toString());
            assertThat(resume.exit()).as(resume.err()).isEqualTo(ExitCode.FAILED);
            assertThat(resume.err()).contains("is damaged at line", edit[1]).doesNotContain("internal error");
        }
    }

    @Test
    void the_trace_declares_the_key_that_sciloop_key_prints() {
        Cli key = Cli.run("key");
        assertThat(key.exit()).isZero();
        String printed = key.out().strip();
        var header = (TraceEvent.CampaignStarted) TraceReader.readIntact(run.resolve("trace.jsonl")).get(0).event();
        assertThat(header.signingKey()).isEqualTo(printed);
        assertThat(header.formatVersion()).isEqualTo(TraceEvent.CampaignStarted.FORMAT_VERSION);
        assertThat(key.err()).contains(TraceSigner.fingerprint(printed));
    }

    @Test
    void a_pinned_key_is_accepted_inline_or_from_a_file_and_another_is_not() throws IOException {
        String own = Cli.run("key").out().strip();
        assertThat(Cli.run("verify", run.toString(), "--public-key", own).out()).contains("(pinned)", "verified");
        Path keyFile = dir.resolve("lab.pub");
        Files.writeString(keyFile, own + "\n");
        assertThat(Cli.run("verify", run.toString(), "--public-key", keyFile.toString()).exit()).isZero();

        String stranger = TraceSigner.ephemeral().publicKey();
        Cli other = Cli.run("verify", run.toString(), "--public-key", stranger);
        assertThat(other.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(other.err()).contains("untrusted", "is not the key pinned (" + TraceSigner.fingerprint(stranger) + ")");
    }

    @Test
    void a_key_that_is_neither_a_key_nor_a_file_is_bad_input() {
        Cli bad = Cli.run("verify", run.toString(), "--public-key", "not-a-key");
        assertThat(bad.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(bad.err()).contains("--public-key not-a-key is not an Ed25519 public key", "as a file: no such file");
        Cli folder = Cli.run("verify", run.toString(), "--public-key", dir.toString());
        assertThat(folder.exit()).isEqualTo(ExitCode.BAD_INPUT);
        assertThat(folder.err()).contains("as a file: is a directory");
        Cli empty = Cli.run("verify", run.toString(), "--public-key", run.resolve("summary.json").toString());
        assertThat(empty.err()).contains("as a file: holds no Ed25519 public key");
    }

    @Test
    void a_trace_sealed_while_paused_is_not_called_complete_unless_accepted() throws IOException {
        Path paused = dir.resolve("paused.jsonl");
        try (TraceWriter w = TraceWriter.create(paused, "c-1", Clock.systemUTC(), Durability.NONE, UserConfig.signer())) {
            w.append("engine", new TraceEvent.CampaignStarted(TraceEvent.CampaignStarted.FORMAT_VERSION, "s",
                    "builtin:branin", JsonNodeFactory.instance.objectNode(), 1, "random", "t", 10, 1, w.signingKey()));
            w.append("engine", new TraceEvent.CampaignPaused("the instrument cannot be reached"));
        }

        Cli verify = Cli.run("verify", paused.toString());
        assertThat(verify.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(verify.out()).contains("campaign: paused");
        assertThat(verify.err()).contains("sealed while paused: signed at line 3", "--accept-paused");

        Cli accepted = Cli.run("verify", paused.toString(), "--accept-paused");
        assertThat(accepted.exit()).isZero();
        assertThat(accepted.out()).contains("sealed while paused", "(accepted: --accept-paused)");
    }

    @Test
    void an_empty_file_is_not_a_trace() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.jsonl"));
        Cli verify = Cli.run("verify", empty.toString());
        assertThat(verify.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(verify.err()).contains("line 1", "the file is empty");
        assertThat(verify.out()).doesNotContain("unbroken");
        assertThat(Cli.run("replay", empty.toString()).err()).contains("the file is empty");
    }

    @Test
    void lines_cut_off_the_end_are_reported_as_not_sealed() throws IOException {
        Path trace = run.resolve("trace.jsonl");
        List<String> lines = Files.readAllLines(trace);
        Files.write(trace, lines.subList(0, lines.size() - 3));
        Cli verify = Cli.run("verify", trace.toString());
        assertThat(verify.exit()).isEqualTo(ExitCode.FAILED);
        assertThat(verify.out()).contains("hash chain unbroken");
        assertThat(verify.err()).contains("not sealed: no line is covered by a signed checkpoint",
                "cut off after line " + (lines.size() - 3));
    }
}
