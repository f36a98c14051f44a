package org.sciloop.core.trace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.tool.Effect;

/** Reading a line in place gives exactly what the JSON parser gives, and leaves to it what it cannot read. */
class WriterLayoutTest {
    @TempDir
    Path dir;

    @Test
    void every_line_reads_the_same_in_place_as_through_the_parser_and_unusual_ones_go_to_the_parser() throws Exception {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("T", 105.0);
        plain.put("count", 3);
        plain.put("big", 12_345_678_901L);
        plain.put("tiny", 1.0E-12);
        plain.put("negative", -0.5);
        plain.put("ligand", "XPhos — 2'");
        plain.put("flag", true);
        // A null is never a setting or a result (such a line is damage), but a planner's details may hold one.
        Map<String, Object> withNull = new LinkedHashMap<>();
        withNull.put("none", null);
        withNull.put("n", 2);
        Map<String, Object> nested = Map.of("inner", Map.of("a", 1));
        Map<String, Object> escaped = Map.of("solvent", "say \"wet\"\\n");
        List<TraceEvent> events = List.of(
                new TraceEvent.ActionRequested("exp-1", "reactor-run", Effect.ACTUATES, plain),
                new TraceEvent.ActionRequested("exp-2", "reactor-run", Effect.READ_ONLY, Map.of()),
                new TraceEvent.ActionRequested("exp-3", "reactor-run", Effect.READ_ONLY, nested),
                new TraceEvent.ActionRequested("exp-4", "reactor-run", Effect.READ_ONLY, escaped),
                new TraceEvent.ActionCompleted("exp-1", Map.of("yield", 81.25, "note", "ok"), 1234),
                new TraceEvent.ActionCompleted("exp-2", Map.of(), 0),
                new TraceEvent.ObservationRecorded(new Observation("exp-1", new Settings(Map.of("T", 105.0,
                        "ligand", "XPhos")), Map.of("yield", 81.25, "purity", 99.0), Observation.Status.OK, "", "t")),
                new TraceEvent.ObservationRecorded(new Observation("exp-2", new Settings(Map.of("T", 90)), Map.of(),
                        Observation.Status.FAILED, "the device said \"no\"", "t")),
                new TraceEvent.ObservationRecorded(new Observation("exp-3", new Settings(Map.of("T", 90)), Map.of(),
                        Observation.Status.FAILED, "no answer within 10 ms", "t")),
                new TraceEvent.ProposalMade(0, List.of(new TraceEvent.PlannedExperiment("exp-1", new Settings(
                        Map.of("T", 105.0, "ligand", "XPhos")), "space-filling", List.of(), Map.of())), "first",
                        Map.of(), null),
                new TraceEvent.ProposalMade(1, List.of(new TraceEvent.PlannedExperiment("exp-2", new Settings(
                        Map.of("T", 90.0)), null, List.of("H1", "H2"), Map.of("mean", 3.5, "n", 2))), "second",
                        Map.of("fitted", true), null),
                new TraceEvent.ProposalMade(2, List.of(), "", Map.of(), "nothing left to try"),
                new TraceEvent.ProposalMade(4, List.of(), "details", withNull, null),
                new TraceEvent.ProposalMade(3, List.of(), "model", Map.of("lengthscales", Map.of("T", 0.5)), null),
                new TraceEvent.CampaignPaused("a reason"));
        Path trace = dir.resolve("t.jsonl");
        try (TraceWriter w = TraceWriter.create(trace, "c-1", Clock.fixed(Instant.parse("2026-12-02T10:00:00.123456Z"),
                ZoneOffset.UTC), Durability.NONE, TraceSigner.ephemeral())) {
            w.append("engine", new TraceEvent.CampaignStarted(TraceEvent.CampaignStarted.FORMAT_VERSION, "s",
                    "builtin:s", JsonNodeFactory.instance.objectNode(), 1, "p", "t", 1, 1, w.signingKey()));
            events.forEach(e -> w.append("engine", e));
        }

        int inPlace = 0;
        for (String text : Files.readAllLines(trace)) {
            byte[] line = text.getBytes(StandardCharsets.UTF_8);
            TraceCodec.Envelope envelope = TraceCodec.envelope(line, line.length);
            TraceEvent parsed = TraceCodec.event(line.clone(), line.length, withoutLayout(envelope));
            TraceEvent read = envelope.typeAt() > 0
                    ? WriterLayout.event(line.clone(), envelope.typeAt(), line.length, envelope.type()) : null;
            if (read != null) {
                assertThat(read).as(text).isEqualTo(parsed);
                inPlace++;
            }
        }
        assertThat(inPlace).as("the plain request, completions, observations and flat proposals (one with a null)")
                .isEqualTo(10);
        List<TraceEvent> back = new ArrayList<>();
        TraceReader.readIntact(trace).forEach(r -> back.add(r.event()));
        assertThat(back.subList(1, 1 + events.size())).isEqualTo(events);
    }

    @Test
    void numbers_json_does_not_allow_are_left_to_the_parser() {
        String head = "{\"seq\":4,\"time\":\"2026-12-02T10:00:00Z\",\"campaign\":\"c\",\"actor\":\"tool:t\","
                + "\"type\":\"ActionCompleted\",\"experimentId\":\"exp-1\",\"outputs\":{\"y\":";
        String tail = "},\"micros\":5,\"prev\":\"" + "0".repeat(64) + "\",\"hash\":\"" + "0".repeat(64) + "\"}";
        for (String number : List.of("1.", "-.5", "007", "+1", "1e", "0x10")) {
            byte[] line = (head + number + tail).getBytes(StandardCharsets.UTF_8);
            TraceCodec.Envelope envelope = WriterLayout.envelope(line, line.length);
            assertThat(envelope).isNotNull();
            assertThat(WriterLayout.event(line, envelope.typeAt(), line.length, envelope.type())).as(number).isNull();
        }
        byte[] plain = (head + "-0.5e-3" + tail).getBytes(StandardCharsets.UTF_8);
        TraceCodec.Envelope envelope = WriterLayout.envelope(plain, plain.length);
        assertThat(WriterLayout.event(plain, envelope.typeAt(), plain.length, envelope.type()))
                .isEqualTo(new TraceEvent.ActionCompleted("exp-1", Map.of("y", -0.5e-3), 5));
        byte[] zeros = (head.replace("\"seq\":4", "\"seq\":04") + "1" + tail).getBytes(StandardCharsets.UTF_8);
        assertThat(WriterLayout.envelope(zeros, zeros.length)).as("a sequence number with a leading zero").isNull();
    }

    @Test
    void the_writers_times_read_as_the_general_parser_reads_them() {
        for (String time : List.of("2026-12-02T10:00:00Z", "2026-12-02T10:00:00.120Z", "2026-12-02T10:00:00.123456Z",
                "2026-12-02T10:00:00.123456789Z", "1999-02-28T23:59:59.999Z", "2026-13-02T10:00:00Z",
                "2026-12-02T10:00:00+01:00")) {
            Instant expected;
            try {
                expected = Instant.parse(time);
            } catch (RuntimeException e) {
                continue;  // the general parser refuses it; so does the reader (tested by the damaged-trace cases)
            }
            assertThat(TraceCodec.instant(time)).as(time).isEqualTo(expected);
        }
    }

    private static TraceCodec.Envelope withoutLayout(TraceCodec.Envelope e) {
        return new TraceCodec.Envelope(e.seq(), e.time(), e.campaign(), e.actor(), e.type(), e.prev(),
                e.formatVersion(), e.signingKey(), e.sealed(), e.signature(), -1);
    }
}
