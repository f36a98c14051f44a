package org.sciloop.evaluations.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.Settings;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceReader;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVerification;

class RunReportTest {
    private final List<TraceRecord> trace = new ArrayList<>();

    private void line(String actor, TraceEvent event) {
        trace.add(new TraceRecord(trace.size() + 1, Instant.parse("2026-01-01T00:00:00Z").plusSeconds(trace.size()),
                "c-9", actor, event, "p", "h"));
    }

    @Test
    void the_report_states_the_stop_reason_hypotheses_experiments_and_an_unsealed_trace() {
        line("engine", new TraceEvent.CampaignStarted(2, "toy", "file:/tmp/toy.yaml",
                JsonNodeFactory.instance.objectNode(), 7, "hypothesis", "sim", 3, 3, "key"));
        Settings hot = new Settings(Map.of("T", 120.0, "solvent", "DMAc"));
        Settings cold = new Settings(Map.of("T", 80.0, "solvent", "<water>"));
        line("planner:hypothesis", new TraceEvent.ProposalMade(0, List.of(
                new TraceEvent.PlannedExperiment("exp-1", hot, "tests H1 at the hot end", List.of("H1"), Map.of()),
                new TraceEvent.PlannedExperiment("exp-2", cold, "tests H1 at the cold end", List.of("H1"), Map.of())),
                "discriminate", Map.of(), null));
        Hypothesis h1 = new Hypothesis("H1", 2, "yield rises with T", "dy/dT > 0", "y(120) > y(80)",
                Hypothesis.Status.SUPPORTED, List.of("exp-1", "exp-2"), 0.93, "planner:hypothesis");
        line("planner:hypothesis", new TraceEvent.HypothesisUpdated(h1));
        line("engine", new TraceEvent.ObservationRecorded(new Observation("exp-1", hot, Map.of("yield", 91.0),
                Observation.Status.OK, "", "sim")));
        line("engine", new TraceEvent.ObservationRecorded(new Observation("exp-2", cold, Map.of(),
                Observation.Status.FAILED, "pump stalled", "sim")));
        line("engine", new TraceEvent.CampaignFinished("PLANNER_STOPPED", "nothing left to test", 2, null));
        var unsealed = new TraceVerification.Result(new TraceReader.Report(Path.of("t"), trace.size(),
                Optional.empty(), true, false, 0, false,
                new TraceReader.Signing(List.of(), 0, 0, false)), TraceVerification.Verdict.UNSIGNED, List.of(),
                List.of());
        ParameterSpace space = new ParameterSpace(List.of(new Parameter.Continuous("T", 60, 140, "°C"),
                new Parameter.Categorical("solvent", List.of("DMAc", "<water>"))));

        Document doc = RunReport.build(new RunReport.Input(CampaignHistory.of(trace), unsealed,
                List.of(new Objective("yield", Objective.Goal.MAXIMIZE, OptionalDouble.of(95))), List.of(), space,
                OptionalDouble.empty()));
        String md = MarkdownRenderer.render(doc, "f");
        String html = HtmlRenderer.render(doc);

        assertThat(md).contains("Stopped: PLANNER_STOPPED (nothing left to test) after 2 experiments",
                "Best yield 91.00 (exp-1", "unsigned (trace format 1)",
                "| H1 | 2 | yield rises with T | SUPPORTED | 0.930 | - | exp-1, exp-2 | planner:hypothesis |",
                "| 1 | exp-1 | 120.00 | DMAc | 91.00 | ok | sim | tests H1 at the hot end |",
                "| 2 | exp-2 | 80.00 | <water> | - | failed: pump stalled | sim | tests H1 at the cold end |",
                "| failed experiments | 1 |", "| experiments to target (95.00) | not reached |",
                "| simple regret at the end | - (optimum unknown) |");
        assertThat(html).contains("&lt;water&gt;").doesNotContain("<water>");
        assertThat(doc.blocks()).filteredOn(b -> b instanceof Document.Figure).hasSize(3);
    }

    /** With every experiment failed, the report says so, not that none kept the outcome constraints. */
    @Test
    void a_campaign_whose_every_experiment_failed_has_no_front_because_nothing_succeeded() {
        line("engine", new TraceEvent.CampaignStarted(2, "pair", "file:/tmp/pair.yaml",
                JsonNodeFactory.instance.objectNode(), 7, "bo", "manual", 2, 2, "key"));
        Settings a = new Settings(Map.of("T", 100.0));
        line("person:alice", new TraceEvent.ObservationRecorded(new Observation("exp-1", a, Map.of(),
                Observation.Status.FAILED, "pump stalled", "person:alice")));
        var verified = new TraceVerification.Result(new TraceReader.Report(Path.of("t"), trace.size(),
                Optional.empty(), true, false, 0, false,
                new TraceReader.Signing(List.of(), 0, 0, false)), TraceVerification.Verdict.UNSIGNED, List.of(),
                List.of());
        List<Objective> objectives = List.of(new Objective("yield", Objective.Goal.MAXIMIZE, OptionalDouble.empty()),
                new Objective("cost", Objective.Goal.MINIMIZE, OptionalDouble.empty()));

        String md = MarkdownRenderer.render(RunReport.build(new RunReport.Input(CampaignHistory.of(trace), verified,
                objectives, List.of(OutcomeConstraint.parse("impurity <= 0.5")), new ParameterSpace(List.of(
                new Parameter.Continuous("T", 60, 140, "°C"))), OptionalDouble.empty())), "f");

        assertThat(md).contains("No experiment succeeded, so there is no front yet.")
                .doesNotContain("kept the outcome constraints");
    }
}
