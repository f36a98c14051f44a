package org.sciloop.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;

/**
 * A deterministic tool's call that an earlier campaign already made is answered from the record, linked to it;
 * any other tool is always called, and a record that cannot be read costs only the reuse.
 */
class MemoisationTest {
    @TempDir
    Path dir;

    /** Two fixed points per batch: x = 2 (on record, answered 42) and x = 3 (never run before). */
    private static TestCampaigns.ScriptedPlanner twoPoints() {
        return new TestCampaigns.ScriptedPlanner((state, ctx) -> Proposal.batch(List.of(
                Experiment.of(new Settings(Map.of("x", 2.0, "c", "a")), "on record"),
                Experiment.of(new Settings(Map.of("x", 3.0, "c", "a")), "new")), "two points"));
    }

    /** Answers x = 2 (given as the whole number 2: numbers are compared as numbers) and counts what it is asked. */
    private static final class Record implements RecordedAnswers {
        final List<String> fingerprints = new ArrayList<>();

        @Override
        public Optional<RecordedAnswer> recall(String toolFingerprint, Map<String, Object> arguments) {
            fingerprints.add(toolFingerprint);
            String onRecord = RecordedAnswers.key(toolFingerprint, Map.of("x", 2, "c", "a"));
            return RecordedAnswers.key(toolFingerprint, arguments).equals(onRecord)
                    ? Optional.of(new RecordedAnswer("earlier", 8, "ab".repeat(32), Map.of("y", 42.0), null))
                    : Optional.empty();
        }
    }

    @Test
    void a_call_on_record_is_answered_from_it_with_a_link_and_the_tool_gets_only_the_new_one() {
        var tool = new TestCampaigns.ScriptedTool();
        tool.deterministic = true;
        Record record = new Record();
        List<TraceRecord> trace;
        try (Campaign c = TestCampaigns.campaign(TestCampaigns.scenario(2, 2, "", ""), 1, tool, twoPoints())) {
            TestCampaigns.run(c, dir.resolve("t.jsonl"), record);
            assertThat(record.fingerprints).containsOnly(c.toolFingerprint().orElseThrow());
            trace = TraceReader.readIntact(dir.resolve("t.jsonl"));
            assertThat(((TraceEvent.CampaignStarted) trace.get(0).event()).toolFingerprint())
                    .isEqualTo(c.toolFingerprint().orElseThrow());
        }
        assertThat(tool.calls).extracting(s -> s.number("x")).containsExactly(3.0);
        TraceRecord answered = trace.stream().filter(r -> r.event() instanceof TraceEvent.ActionCompleted a
                && a.experimentId().equals("exp-1")).findFirst().orElseThrow();
        assertThat(answered.actor()).isEqualTo("engine");
        assertThat(((TraceEvent.ActionCompleted) answered.event()).answeredFrom())
                .isEqualTo(new TraceEvent.AnsweredFrom("earlier", 8, "ab".repeat(32)));
        assertThat(trace.stream().map(TraceRecord::event).filter(e -> e instanceof TraceEvent.ObservationRecorded)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation()).map(Observation::outcomes))
                .containsExactly(Map.of("y", 42.0), Map.of("y", 3.0));
        // The request is on record either way: the trace says what was asked before it says who answered.
        assertThat(trace.stream().filter(r -> r.event() instanceof TraceEvent.ActionRequested)).hasSize(2);
    }

    @Test
    void a_batch_tool_gets_only_the_calls_not_on_record_and_the_outcomes_keep_the_batch_order() {
        var tool = new TestCampaigns.ScriptedBatchTool();
        tool.deterministic = true;
        try (Campaign c = TestCampaigns.campaign(TestCampaigns.scenario(2, 2, "", ""), 1, tool, twoPoints())) {
            TestCampaigns.run(c, dir.resolve("t.jsonl"), new Record());
        }
        assertThat(tool.batches).containsExactly(1);
        assertThat(TraceReader.readIntact(dir.resolve("t.jsonl")).stream().map(TraceRecord::event)
                .filter(e -> e instanceof TraceEvent.ObservationRecorded)
                .map(e -> ((TraceEvent.ObservationRecorded) e).observation().experimentId()))
                .containsExactly("exp-1", "exp-2");
    }

    @Test
    void a_tool_that_is_not_deterministic_is_always_called_and_the_record_never_asked() {
        var tool = new TestCampaigns.ScriptedTool();
        Record record = new Record();
        try (Campaign c = TestCampaigns.campaign(TestCampaigns.scenario(2, 2, "", ""), 1, tool, twoPoints())) {
            assertThat(c.toolFingerprint()).isEmpty();
            TestCampaigns.run(c, dir.resolve("t.jsonl"), record);
        }
        assertThat(tool.calls).hasSize(2);
        assertThat(record.fingerprints).isEmpty();
        assertThat(((TraceEvent.CampaignStarted) TraceReader.readIntact(dir.resolve("t.jsonl")).get(0).event())
                .toolFingerprint()).isNull();
    }

    @Test
    void a_record_that_cannot_be_read_costs_the_reuse_never_the_experiment() {
        var tool = new TestCampaigns.ScriptedTool();
        tool.deterministic = true;
        RecordedAnswers broken = (fingerprint, arguments) -> {
            throw new IllegalStateException("the store is down");
        };
        CampaignResult result;
        try (Campaign c = TestCampaigns.campaign(TestCampaigns.scenario(2, 2, "", ""), 1, tool, twoPoints())) {
            result = TestCampaigns.run(c, dir.resolve("t.jsonl"), broken);
        }
        assertThat(tool.calls).hasSize(2);
        assertThat(result.state().observations()).allMatch(o -> o.status() == Observation.Status.OK);
    }

    @Test
    void an_instrument_is_never_deterministic() {
        assertThatThrownBy(() -> new ToolDescriptor("reactor", "a device", JsonNodeFactory.instance.objectNode(),
                JsonNodeFactory.instance.objectNode(), Effect.ACTUATES, Duration.ofSeconds(1), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("never deterministic");
    }

    @Test
    void the_fingerprint_follows_the_configuration_not_the_order_it_was_written_in() throws Exception {
        ObjectMapper json = new ObjectMapper();
        String a = RecordedAnswers.fingerprint(json.readTree("{\"tool\":\"t\",\"with\":{\"p\":1,\"q\":[1,2]}}"),
                Map.of("table", "aa"));
        assertThat(RecordedAnswers.fingerprint(json.readTree("{\"with\":{\"q\":[1,2],\"p\":1},\"tool\":\"t\"}"),
                Map.of("table", "aa"))).isEqualTo(a);
        assertThat(RecordedAnswers.fingerprint(json.readTree("{\"tool\":\"t\",\"with\":{\"p\":2,\"q\":[1,2]}}"),
                Map.of("table", "aa"))).isNotEqualTo(a);
        assertThat(RecordedAnswers.fingerprint(json.readTree("{\"tool\":\"t\",\"with\":{\"p\":1,\"q\":[1,2]}}"),
                Map.of("table", "bb"))).as("the same options on changed data").isNotEqualTo(a);
        assertThat(RecordedAnswers.key(a, Map.of("x", 105, "c", "a")))
                .isEqualTo(RecordedAnswers.key(a, Map.of("c", "a", "x", 105.0)))
                .isNotEqualTo(RecordedAnswers.key(a, Map.of("c", "a", "x", 105.5)));
    }
}
