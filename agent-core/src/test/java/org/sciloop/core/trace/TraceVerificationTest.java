package org.sciloop.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.InputException;
import org.sciloop.core.tool.Effect;

class TraceVerificationTest {
    @TempDir
    Path dir;
    Path trace;
    List<String> lines;
    final TraceSigner signer = TraceSigner.ephemeral();

    @BeforeEach
    void writeTrace() throws IOException {
        trace = dir.resolve("trace.jsonl");
        Clock clock = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);
        try (TraceWriter w = TraceWriter.create(trace, "c-1", clock, Durability.ACTUATIONS, signer)) {
            w.append("engine", new TraceEvent.CampaignStarted(TraceEvent.CampaignStarted.FORMAT_VERSION, "s", "builtin:s",
                    JsonNodeFactory.instance.objectNode().put("name", "s"), 1, "random", "t", 10, 1, w.signingKey()));
            for (int i = 1; i <= 20; i++) {
                w.append("engine", new TraceEvent.ActionRequested("exp-" + i, "t", Effect.ACTUATES,
                        Map.of("x", i * 0.5, "solvent", "DMAc \"dry\" ünïcode")));
                w.append("tool:t", new TraceEvent.ActionCompleted("exp-" + i, Map.of("y", i * 1.5), 12));
            }
        }
        lines = Files.readAllLines(trace, StandardCharsets.UTF_8);
    }

    @Test
    void an_untouched_trace_is_intact_and_reads_back_as_written() {
        TraceReader.Report report = TraceReader.verify(trace);
        assertThat(report.intact()).isTrue();
        assertThat(report.lines()).isEqualTo(42);
        assertThat(report.signing().sealed()).isTrue();
        assertThat(TraceVerification.check(trace, List.of(signer.publicKey())).verdict())
                .isEqualTo(TraceVerification.Verdict.VERIFIED);
        List<TraceRecord> records = TraceReader.readIntact(trace);
        assertThat(((TraceEvent.ActionRequested) records.get(1).event()).arguments())
                .containsEntry("solvent", "DMAc \"dry\" ünïcode").containsEntry("x", 0.5);
    }

    @Test
    void a_flipped_byte_is_found_on_its_line() throws IOException {
        byte[] bytes = Files.readAllBytes(trace);
        int offset = offsetOfLine(bytes, 7) + 60;
        bytes[offset] ^= 0x01;
        Files.write(trace, bytes);
        assertProblem(7, "does not match its hash");
    }

    @Test
    void windows_line_endings_or_a_byte_order_mark_from_an_editor_are_named() throws IOException {
        Files.writeString(trace, String.join("\r\n", lines) + "\r\n");
        assertProblem(1, "does not match its hash: the line was altered or damaged (it ends in a carriage return:"
                + " the file was saved with Windows line endings, CRLF; the original, with LF endings, verifies)");
        Files.writeString(trace, "\uFEFF" + String.join("\n", lines) + "\n");
        assertProblem(1, "(it starts with a byte-order mark: an editor saved the file; the original verifies)");
    }

    @Test
    void a_deleted_line_breaks_the_chain_at_the_next_one() throws IOException {
        lines.remove(9);
        Files.write(trace, lines);
        assertProblem(10, "does not follow line 9");
    }

    @Test
    void swapped_lines_break_the_chain() throws IOException {
        String five = lines.get(4);
        lines.set(4, lines.get(5));
        lines.set(5, five);
        Files.write(trace, lines);
        assertProblem(5, "does not follow line 4");
    }

    @Test
    void a_truncated_last_line_is_reported_as_cut_off() throws IOException {
        byte[] bytes = Files.readAllBytes(trace);
        Files.write(trace, Arrays.copyOf(bytes, bytes.length - 30));
        assertProblem(42, "cut off");
    }

    @Test
    void a_removed_first_line_is_reported() throws IOException {
        Files.write(trace, lines.subList(1, lines.size()));
        assertProblem(1, "lines before it were removed");
    }

    @Test
    void every_random_single_byte_change_deletion_or_swap_is_detected() throws IOException {
        byte[] original = Files.readAllBytes(trace);
        Random random = new Random(42);
        for (int trial = 0; trial < 500; trial++) {
            byte[] mutated = original.clone();
            int at = random.nextInt(mutated.length);
            byte replacement;
            do {
                replacement = (byte) random.nextInt(256);
            } while (replacement == mutated[at]);
            mutated[at] = replacement;
            Files.write(trace, mutated);
            assertThat(TraceReader.verify(trace).intact()).as("byte %d changed", at).isFalse();
        }
        for (int trial = 0; trial < 40; trial++) {
            List<String> copy = new ArrayList<>(lines);
            int i = random.nextInt(copy.size() - 1);
            if (trial % 2 == 0) {
                copy.remove(i);
            } else {
                copy.set(i, lines.get(i + 1));
                copy.set(i + 1, lines.get(i));
            }
            Files.write(trace, copy);
            assertThat(TraceReader.verify(trace).intact()).as("trial %d at line %d", trial, i + 1).isFalse();
        }
    }

    @Test
    void appending_after_a_verified_tail_continues_the_chain() {
        List<TraceRecord> records = TraceReader.readIntact(trace);
        TraceRecord last = records.get(records.size() - 1);
        try (TraceWriter w = TraceWriter.continueAfter(trace, last, TraceEvent.CampaignStarted.FORMAT_VERSION, Clock.systemUTC(), Durability.NONE, signer)) {
            w.append("engine", new TraceEvent.CampaignPaused("test"));
        }
        TraceReader.Report report = TraceReader.verify(trace);
        assertThat(report.lines()).as("paused line and a new seal").isEqualTo(44);
        assertThat(report.intact()).isTrue();
        assertThat(report.signing().sealed()).isTrue();
    }

    @Test
    void a_line_that_cannot_be_written_says_why_and_what_was_kept() {
        Path full = Path.of("/dev/full");  // every write fails with "No space left on device"
        Assumptions.assumeTrue(Files.isWritable(full), "no /dev/full here");
        List<TraceRecord> records = TraceReader.readIntact(trace);
        TraceWriter w = TraceWriter.continueAfter(full, records.get(records.size() - 1), TraceEvent.CampaignStarted.FORMAT_VERSION, Clock.systemUTC(),
                Durability.NONE, signer);
        assertThatThrownBy(() -> w.append("engine", new TraceEvent.CampaignPaused("test")))
                .isInstanceOf(TraceWriteException.class)
                .hasMessageContaining("No space left on device")
                .hasMessageContaining("its first 42 lines are on disk and intact");
    }

    @Test
    void a_line_whose_time_is_not_a_time_is_refused_by_every_reader_that_decodes() throws Exception {
        List<String> lines = Files.readAllLines(trace);
        String second = lines.get(1).replaceFirst("\"time\":\"[^\"]*\"", "\"time\":\"2026-13-02T10:00:00Z\"");
        String body = second.substring(0, second.indexOf(",\"hash\":\"")) + "}";
        String hash = HexFormat.of().formatHex(TraceCodec.sha256().digest(body.getBytes(StandardCharsets.UTF_8)));
        lines.set(1, body.substring(0, body.length() - 1) + ",\"hash\":\"" + hash + "\"}");
        Files.write(trace, lines);

        // verify vouches for the chain and the signatures; the readers that decode refuse the line.
        assertThat(TraceReader.verify(trace).problem().orElseThrow().line()).as("the next line's chain").isEqualTo(3);
        assertThatThrownBy(() -> TraceReader.readIntact(trace)).isInstanceOf(InputException.class)
                .hasMessageContaining("damaged at line 2: not a trace event");
    }

    private void assertProblem(long line, String message) {
        TraceReader.Report report = TraceReader.verify(trace);
        assertThat(report.intact()).isFalse();
        assertThat(report.problem().orElseThrow().line()).isEqualTo(line);
        assertThat(report.problem().orElseThrow().message()).contains(message);
        assertThat(report.lines()).isEqualTo(line - 1);
    }

    private static int offsetOfLine(byte[] bytes, int line) {
        int seen = 1;
        for (int i = 0; i < bytes.length; i++) {
            if (seen == line) {
                return i;
            }
            if (bytes[i] == '\n') {
                seen++;
            }
        }
        throw new IllegalArgumentException("no line " + line);
    }
}
