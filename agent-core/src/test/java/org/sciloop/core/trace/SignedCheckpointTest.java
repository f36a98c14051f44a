package org.sciloop.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.trace.TraceVerification.Verdict;
import org.sciloop.core.tool.Effect;

class SignedCheckpointTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    final TraceSigner signer = TraceSigner.ephemeral();

    /** A trace of {@code events} lines before its seal: a header, then requests and outcomes. */
    private Path trace(String name, int events, Clock clock) {
        Path file = dir.resolve(name);
        try (TraceWriter w = TraceWriter.create(file, "c-1", clock, Durability.NONE, signer)) {
            w.append("engine", header(w.signingKey()));
            for (int i = 1; i < events; i++) {
                w.append(i % 2 == 1 ? "engine" : "tool:t", i % 2 == 1
                        ? new TraceEvent.ActionRequested("exp-" + i, "t", Effect.READ_ONLY, Map.of("x", i * 0.25))
                        : new TraceEvent.ActionCompleted("exp-" + (i - 1), Map.of("y", i * 1.5), 12));
            }
        }
        return file;
    }

    private static TraceEvent.CampaignStarted header(String key) {
        return new TraceEvent.CampaignStarted(TraceEvent.CampaignStarted.FORMAT_VERSION, "s", "builtin:s",
                JsonNodeFactory.instance.objectNode().put("name", "s"), 1, "random", "t", 10, 1, key);
    }

    private Verdict verdict(Path file) {
        return TraceVerification.check(file, List.of(signer.publicKey())).verdict();
    }

    @Test
    void a_checkpoint_every_thousand_lines_and_a_seal_at_the_end() {
        Path file = trace("t.jsonl", 2500, CLOCK);
        List<TraceRecord> records = TraceReader.readIntact(file);
        List<Long> checkpoints = records.stream().filter(r -> r.event() instanceof TraceEvent.Checkpoint)
                .map(TraceRecord::seq).toList();
        assertThat(checkpoints).containsExactly(1001L, 2002L, 2503L);
        assertThat(((TraceEvent.Checkpoint) records.get(records.size() - 1).event()).sealed()).isTrue();
        assertThat(verdict(file)).isEqualTo(Verdict.VERIFIED);
    }

    /**
     * A signal's pause ends a trace another thread writes: its line and the seal while the writer is open, nothing once
     * the writer has closed it (never a line after the seal).
     */
    @Test
    void a_trace_is_ended_by_another_thread_only_while_its_writer_is_open() {
        Path file = dir.resolve("paused.jsonl");
        TraceEvent.CampaignPaused pause = new TraceEvent.CampaignPaused("stopped by a signal");
        try (TraceWriter w = TraceWriter.create(file, "c-1", CLOCK, Durability.NONE, signer)) {
            w.append("engine", header(w.signingKey()));
            assertThat(w.appendAndCloseUnlessClosed("user", pause)).isTrue();
            assertThat(w.appendAndCloseUnlessClosed("user", pause)).isFalse();
        }  // and its owner closes it again on its way out, which writes nothing
        List<TraceRecord> records = TraceReader.readIntact(file);
        assertThat(records).hasSize(3);
        assertThat(records.get(1).event()).isEqualTo(pause);
        assertThat(((TraceEvent.Checkpoint) records.get(2).event()).sealed()).isTrue();
        assertThat(verdict(file)).isEqualTo(Verdict.PAUSED);

        Path closed = trace("closed.jsonl", 3, CLOCK);
        long before = TraceReader.readIntact(closed).size();
        try (TraceWriter w = TraceWriter.continueAfter(closed, TraceReader.readIntact(closed).get((int) before - 1),
                TraceEvent.CampaignStarted.FORMAT_VERSION, CLOCK, Durability.NONE, signer)) {
            w.close();
            assertThat(w.appendAndCloseUnlessClosed("user", pause)).isFalse();
        }
        assertThat(TraceReader.readIntact(closed)).hasSize((int) before);
    }

    @Test
    void a_slow_campaign_gets_a_checkpoint_once_a_minute() {
        Clock ticking = new Clock() {
            Instant now = Instant.parse("2026-01-01T00:00:00Z");

            @Override
            public Instant instant() {
                now = now.plus(Duration.ofSeconds(7));
                return now;
            }

            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }
        };
        List<TraceRecord> records = TraceReader.readIntact(trace("slow.jsonl", 40, ticking));
        long checkpoints = records.stream().filter(r -> r.event() instanceof TraceEvent.Checkpoint).count();
        assertThat(checkpoints).as("40 lines 7 s apart: a checkpoint about every 9 lines, then the seal")
                .isBetween(4L, 6L);
    }

    @Test
    void lines_cut_off_after_a_checkpoint_are_reported_as_unsealed_not_as_intact() throws IOException {
        Path file = trace("t.jsonl", 1500, CLOCK);
        List<String> lines = Files.readAllLines(file);
        Files.write(file, lines.subList(0, 1001));  // ends exactly at the first checkpoint
        TraceVerification.Result cut = TraceVerification.check(file, List.of(signer.publicKey()));
        assertThat(cut.report().intact()).isTrue();
        assertThat(cut.verdict()).isEqualTo(Verdict.UNSEALED);
        assertThat(cut.report().signing().lastCheckpoint()).isEqualTo(1001);
    }

    @Test
    void a_value_changed_and_rechained_fails_at_the_next_checkpoint() throws IOException {
        Path file = trace("t.jsonl", 1500, CLOCK);
        Path forged = dir.resolve("forged.jsonl");
        List<TraceRecord> records = TraceReader.readIntact(file);
        // The forger re-chains every line with the writer's own code but cannot re-sign the checkpoints.
        List<String> out = new ArrayList<>();
        String prev = TraceCodec.GENESIS;
        for (TraceRecord r : records) {
            TraceEvent event = r.event();
            if (r.seq() == 501) {
                TraceEvent.ActionCompleted c = (TraceEvent.ActionCompleted) event;
                event = new TraceEvent.ActionCompleted(c.experimentId(), Map.of("y", 99.0), c.micros());
            }
            TraceCodec.Encoded line = TraceCodec.encode(r.seq(), r.time(), r.campaign(), r.actor(), event, prev);
            out.add(new String(line.line(), StandardCharsets.UTF_8).strip());
            prev = line.hash();
        }
        Files.write(forged, out);
        TraceVerification.Result result = TraceVerification.check(forged, List.of(signer.publicKey()));
        assertThat(result.verdict()).isEqualTo(Verdict.DAMAGED);
        assertThat(result.report().problem().orElseThrow().line()).isEqualTo(1001);
        assertThat(result.report().problem().orElseThrow().message()).contains("signature does not verify");
    }

    @Test
    void a_trace_re_signed_with_another_key_is_untrusted_against_the_pinned_one() {
        TraceSigner forger = TraceSigner.ephemeral();
        Path file = dir.resolve("other.jsonl");
        try (TraceWriter w = TraceWriter.create(file, "c-1", CLOCK, Durability.NONE, forger)) {
            w.append("engine", header(w.signingKey()));
        }
        TraceVerification.Result result = TraceVerification.check(file, List.of(signer.publicKey()));
        assertThat(result.verdict()).isEqualTo(Verdict.UNTRUSTED);
        assertThat(result.untrustedKeys()).containsExactly(forger.publicKey());
        assertThat(TraceVerification.check(file, List.of(forger.publicKey())).verdict()).isEqualTo(Verdict.VERIFIED);
    }

    @Test
    void a_checkpoint_signed_by_a_key_other_than_the_declared_one_is_damage() {
        TraceSigner other = TraceSigner.ephemeral();
        Path file = dir.resolve("mixed.jsonl");
        try (TraceWriter w = TraceWriter.create(file, "c-1", CLOCK, Durability.NONE, other)) {
            w.append("engine", header(signer.publicKey()));  // declares one key, signs with another
        }
        TraceReader.Report report = TraceReader.verify(file);
        assertThat(report.problem().orElseThrow().line()).isEqualTo(2);
    }

    @Test
    void a_newer_format_is_refused_with_a_reason() {
        Path file = dir.resolve("future.jsonl");
        try (TraceWriter w = TraceWriter.create(file, "c-1", CLOCK, Durability.NONE, signer)) {
            w.append("engine", new TraceEvent.CampaignStarted(99, "s", "builtin:s",
                    JsonNodeFactory.instance.objectNode(), 1, "random", "t", 10, 1, w.signingKey()));
        }
        assertThat(TraceReader.verify(file).problem().orElseThrow().message()).contains("format version 99");
    }

    @Test
    void the_signing_key_is_made_once_and_kept_private() throws IOException {
        Path home = dir.resolve("config");
        TraceSigner first = TraceSigner.inDirectory(home);
        assertThat(TraceSigner.inDirectory(home).publicKey()).isEqualTo(first.publicKey());
        assertThat(TraceSigner.publicKeyIn(home)).contains(first.publicKey());
        assertThat(Files.getPosixFilePermissions(home.resolve("trace-signing.key")))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void a_public_key_file_that_does_not_match_the_private_key_is_refused() throws IOException {
        Path home = dir.resolve("config");
        TraceSigner.inDirectory(home);
        Files.writeString(home.resolve("trace-signing.pub"), TraceSigner.ephemeral().publicKey());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> TraceSigner.inDirectory(home))
                .isInstanceOf(org.sciloop.core.InputException.class).hasMessageContaining("does not match");
    }

    /** The bar: in a 10,000-event trace, every byte change, deleted line, swapped pair or cut is caught. */
    @Test
    void every_random_mutation_of_a_ten_thousand_event_trace_is_detected() throws IOException {
        Path file = trace("big.jsonl", 10_000, CLOCK);
        byte[] original = Files.readAllBytes(file);
        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSizeGreaterThan(10_000);
        assertThat(verdict(file)).isEqualTo(Verdict.VERIFIED);
        Random random = new Random(2026);
        Path mutant = dir.resolve("mutant.jsonl");
        for (int trial = 0; trial < 400; trial++) {
            String what;
            switch (trial % 4) {
                case 0 -> {
                    byte[] bytes = original.clone();
                    int at = random.nextInt(bytes.length);
                    byte was = bytes[at];
                    do {
                        bytes[at] = (byte) random.nextInt(256);
                    } while (bytes[at] == was);
                    Files.write(mutant, bytes);
                    what = "byte " + at + " changed";
                }
                case 1 -> {
                    List<String> copy = new ArrayList<>(lines);
                    int i = random.nextInt(copy.size());
                    copy.remove(i);
                    Files.write(mutant, copy);
                    what = "line " + (i + 1) + " deleted";
                }
                case 2 -> {
                    List<String> copy = new ArrayList<>(lines);
                    int i = random.nextInt(copy.size() - 1);
                    copy.set(i, lines.get(i + 1));
                    copy.set(i + 1, lines.get(i));
                    Files.write(mutant, copy);
                    what = "lines " + (i + 1) + " and " + (i + 2) + " swapped";
                }
                default -> {
                    int length = random.nextInt(original.length);
                    // half the cuts at a line boundary, the hard case for a hash chain alone
                    if (random.nextBoolean()) {
                        while (length > 0 && original[length - 1] != '\n') {
                            length--;
                        }
                    }
                    Files.write(mutant, Arrays.copyOf(original, length));
                    what = "cut to " + length + " bytes";
                }
            }
            assertThat(verdict(mutant)).as(what).isNotEqualTo(Verdict.VERIFIED);
        }
    }

    /** The seal's own line, altered and given a correct hash again (the forger has the writer's code, not its key). */
    private Path withSealLine(Path file, String name, java.util.function.UnaryOperator<String> change) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String seal = lines.get(lines.size() - 1);
        String content = change.apply(seal.substring(0, seal.indexOf(",\"hash\":")) + "}");
        String hash = java.util.HexFormat.of().formatHex(TraceCodec.sha256().digest(
                content.getBytes(StandardCharsets.UTF_8)));
        lines.set(lines.size() - 1, content.substring(0, content.length() - 1) + ",\"hash\":\"" + hash + "\"}");
        Path changed = dir.resolve(name);
        Files.write(changed, lines);
        return changed;
    }

    @Test
    void the_seal_vouches_for_its_own_line_its_time_its_actor_and_its_fields() throws IOException {
        Path file = trace("t.jsonl", 20, CLOCK);
        assertThat(verdict(file)).isEqualTo(Verdict.VERIFIED);
        Map<String, java.util.function.UnaryOperator<String>> forgeries = Map.of(
                "time", l -> l.replace("2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z"),
                "actor", l -> l.replace("\"actor\":\"engine\"", "\"actor\":\"user\""),
                "added field", l -> l.replace("\"sealed\":true", "\"sealed\":true,\"note\":\"all fine\""));
        forgeries.forEach((what, change) -> {
            try {
                Path forged = withSealLine(file, what + ".jsonl", change);
                assertThat(Files.readString(forged)).as(what).isNotEqualTo(Files.readString(file));
                TraceVerification.Result result = TraceVerification.check(forged, List.of(signer.publicKey()));
                assertThat(result.verdict()).as(what).isEqualTo(Verdict.DAMAGED);
                assertThat(result.report().problem().orElseThrow().message()).as(what)
                        .contains("signature does not verify");
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
    }

    @Test
    void a_trace_sealed_while_paused_says_so_and_is_not_called_complete() throws IOException {
        Path file = dir.resolve("paused.jsonl");
        try (TraceWriter w = TraceWriter.create(file, "c-1", CLOCK, Durability.NONE, signer)) {
            w.append("engine", header(w.signingKey()));
            w.append("engine", new TraceEvent.CampaignPaused("the instrument cannot be reached"));
        }
        List<String> firstPart = Files.readAllLines(file);
        List<TraceRecord> records = TraceReader.readIntact(file);
        try (TraceWriter w = TraceWriter.continueAfter(file, records.get(records.size() - 1),
                TraceEvent.CampaignStarted.FORMAT_VERSION, CLOCK, Durability.NONE, signer)) {
            w.append("engine", new TraceEvent.CampaignResumed(records.size(), List.of(), List.of(), null,
                    w.signingKey(), Map.of(), 0));
            w.append("engine", new TraceEvent.CampaignFinished("BUDGET_EXHAUSTED", "10 of 10", 10, null));
        }
        assertThat(verdict(file)).isEqualTo(Verdict.VERIFIED);

        Files.write(file, firstPart);  // the resumed part cut off, back to the seal written at the pause
        TraceVerification.Result cut = TraceVerification.check(file, List.of(signer.publicKey()));
        assertThat(cut.verdict()).isEqualTo(Verdict.PAUSED);
        assertThat(cut.verified()).isFalse();
        assertThat(cut.report().paused()).isTrue();
    }

    @Test
    void traces_of_format_2_are_still_read_and_verified() throws Exception {
        Path old = Path.of(getClass().getResource("format-2.jsonl").toURI());
        List<TraceRecord> records = TraceReader.readIntact(old);
        TraceEvent.CampaignStarted started = (TraceEvent.CampaignStarted) records.get(0).event();
        assertThat(started.formatVersion()).isEqualTo(2);
        assertThat(TraceVerification.check(old, List.of(started.signingKey())).verdict()).isEqualTo(Verdict.VERIFIED);
    }
}
