package org.sciloop.core.campaign;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.scenario.Budget;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.trace.TraceEvent;

/** Settings a tool answered elsewhere count as run; settings a person chose to run differently do not. */
class StateFoldTest {
    private static final ParameterSpace SPACE = new ParameterSpace(List.of(new Parameter.Continuous("t", 0, 1, "")));

    @Test
    void the_tools_answer_elsewhere_marks_the_asked_settings_as_run() {
        CampaignState.Recorder recorder = CampaignState.open(new Objective("y", Objective.Goal.MAXIMIZE,
                OptionalDouble.empty()), SPACE, new Budget(10, 1, OptionalInt.empty()));
        StateFold fold = new StateFold(recorder);
        Observation atMeasuredPoint = observation("exp-1", 0.5, "knn-emulator");
        fold.on(new TraceEvent.ActionRequested("exp-1", "knn-emulator", Effect.READ_ONLY, t(0.45).values()), null);
        fold.on(new TraceEvent.ActionCompleted("exp-1", Map.of("y", 3.0), 0, t(0.5).values(), null), null);
        fold.on(new TraceEvent.ObservationRecorded(atMeasuredPoint), null);

        // A person asked for 0.8 who ran 0.7: the outcome line has no ranAt, the observation is at 0.7.
        fold.on(new TraceEvent.ActionRequested("exp-2", "manual", Effect.READ_ONLY, t(0.8).values()), null);
        fold.on(new TraceEvent.ActionCompleted("exp-2", Map.of("y", 2.0), 0), null);
        fold.on(new TraceEvent.ObservationRecorded(observation("exp-2", 0.7, "person:sam")), null);

        CampaignState state = recorder.state();
        assertThat(state.observations()).extracting(Observation::settings).containsExactly(t(0.5), t(0.7));
        assertThat(state.isMeasured(t(0.45))).as("asking 0.45 again gets the 0.5 point again").isTrue();
        assertThat(state.answeredElsewhere()).containsExactly(Map.entry(t(0.45), atMeasuredPoint));
        assertThat(state.isMeasured(t(0.8))).as("the person may run 0.8 next time").isFalse();
    }

    private static Observation observation(String id, double t, String by) {
        return new Observation(id, t(t), Map.of("y", 1.0), Observation.Status.OK, "", by);
    }

    private static Settings t(double value) {
        return new Settings(Map.of("t", value));
    }
}
