package org.sciloop.evaluations.bench;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.campaign.Seeds;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.planner.Proposal;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolFactory;
import org.sciloop.core.tool.ToolResult;

/**
 * How long one proposal takes for a planner given n observations: the observations are random
 * experiments answered by the scenario's own tool, the proposal is timed end to end (model fit included).
 */
public final class ProposalSpeed {

    public record Timing(String scenario, int observations, int batch, double medianSeconds, double minSeconds) {
    }

    private final Registry<ToolFactory> tools;
    private final Registry<PlannerFactory> planners;

    public ProposalSpeed(Registry<ToolFactory> tools, Registry<PlannerFactory> planners) {
        this.tools = tools;
        this.planners = planners;
    }

    public Timing time(ScenarioLocation location, String planner, int observations, int batch, int repetitions) {
        Scenario scenario = Scenario.read(location).withOverrides(java.util.Optional.of(planner),
                java.util.OptionalInt.of(observations + batch), java.util.OptionalInt.of(batch));
        double[] seconds = new double[repetitions];
        try (Campaign campaign = Campaign.assemble(scenario, 1, tools, planners)) {
            CampaignState.Recorder recorder = CampaignState.open(scenario.objectives(), scenario.outcomeConstraints(),
                    campaign.space(), scenario.budget());
            randomObservations(campaign, observations).forEach(recorder::record);
            CampaignState state = recorder.state();
            for (int r = 0; r < repetitions; r++) {
                long start = System.nanoTime();
                Proposal p = campaign.planner().propose(state, new PlanningContext(1, r, batch,
                        Seeds.random(1, "planner", r)));
                seconds[r] = (System.nanoTime() - start) / 1e9;
                if (p.experiments().size() != batch) {
                    throw new IllegalStateException("the planner proposed " + p.experiments().size() + " experiments");
                }
            }
        }
        Arrays.sort(seconds);
        return new Timing(scenario.name(), observations, batch, seconds[repetitions / 2], seconds[0]);
    }

    private static List<Observation> randomObservations(Campaign campaign, int n) {
        Random random = new Random(7);
        var space = campaign.space();
        List<Settings> candidates = space.isFinite() ? new ArrayList<>(space.candidates()) : List.of();
        if (space.isFinite()) {
            java.util.Collections.shuffle(candidates, random);
        }
        List<String> objectives = campaign.scenario().objectives().stream().map(o -> o.name()).toList();
        List<Observation> observations = new ArrayList<>();
        for (int i = 0; observations.size() < n; i++) {
            Settings settings;
            if (space.isFinite()) {
                settings = candidates.get(i);
            } else {
                double[] u = new double[space.dimensions()];
                for (int j = 0; j < u.length; j++) {
                    u[j] = random.nextDouble();
                }
                settings = space.fromUnit(u);
            }
            ToolResult result = campaign.tool().invoke(new ToolCall(campaign.tool().descriptor().name(), "e" + i,
                    settings.values()), new ToolContext("speed", Clock.systemUTC(), new Random(i)));
            if (result instanceof ToolResult.Success s
                    && objectives.stream().allMatch(o -> s.outputs().get(o) instanceof Number)) {
                java.util.Map<String, Double> outcomes = new java.util.HashMap<>();
                objectives.forEach(o -> outcomes.put(o, ((Number) s.outputs().get(o)).doubleValue()));
                observations.add(new Observation("e" + i, settings, outcomes, Observation.Status.OK, "", "speed"));
            }
        }
        return observations;
    }
}
