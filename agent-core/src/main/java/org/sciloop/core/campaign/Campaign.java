package org.sciloop.core.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.InUseException;
import org.sciloop.core.config.Options;
import org.sciloop.core.planner.Planner;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.safety.SafetyPolicy;
import org.sciloop.core.scenario.Scenario;
import org.sciloop.core.space.ParameterConstraint;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.tool.Actuator;
import org.sciloop.core.tool.DeviceReservation;
import org.sciloop.core.tool.Effect;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.core.tool.Tool;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolFactory;

/**
 * A scenario made runnable: its tool, lookups and planner built from their plugins, its space settled
 * (written in the scenario or defined by the tool), its safety policy checked against that space. It owns
 * what it built, and, once reserved, its actuator's device, until it is closed.
 */
public final class Campaign implements AutoCloseable {
    private final Scenario scenario;
    private final long seed;
    private final ParameterSpace space;
    private final Tool tool;
    private final Planner planner;
    private final SafetyPolicy policy;
    private final Map<String, Tool> lookups;
    /** Held from {@link #reserve} until {@link #close}: the device is this campaign's alone meanwhile. */
    private DeviceReservation reservation;

    public Campaign(Scenario scenario, long seed, ParameterSpace space, Tool tool, Planner planner,
                    SafetyPolicy policy, Map<String, Tool> lookups) {
        // A tool that actuates must let the engine check it first; one that does not must not claim to.
        boolean actuates = tool.descriptor().effect() == Effect.ACTUATES;
        if (actuates != tool instanceof Actuator) {
            throw new IllegalArgumentException("tool '" + tool.descriptor().name() + "' (" + tool.getClass().getName()
                    + ") " + (actuates ? "says it actuates but is not an Actuator: the engine could not check its"
                    + " limits, interlocks or interrupted calls" : "is an Actuator but says it is read-only"));
        }
        this.scenario = scenario;
        this.seed = seed;
        this.space = space;
        this.tool = tool;
        this.planner = planner;
        this.policy = policy;
        this.lookups = Collections.unmodifiableMap(new LinkedHashMap<>(lookups));
    }

    /** A campaign whose planner consults nothing. */
    public Campaign(Scenario scenario, long seed, ParameterSpace space, Tool tool, Planner planner,
                    SafetyPolicy policy) {
        this(scenario, seed, space, tool, planner, policy, Map.of());
    }

    /**
     * Builds the campaign's tool, planner and lookups from their plugins and checks them against each other.
     * Whatever was built is closed again if a later step refuses the scenario: assembling either hands over
     * a campaign that owns everything, or leaves nothing open.
     */
    public static Campaign assemble(Scenario scenario, long seed, Registry<ToolFactory> tools,
                                    Registry<PlannerFactory> planners) {
        ToolFactory toolFactory = tools.find(scenario.tool()).orElseThrow(() -> scenario.root().child("experiment")
                .error("tool", "unknown tool '" + scenario.tool() + "'; known tools: " + String.join(", ", tools.names())));
        PlannerFactory plannerFactory = planners.find(scenario.planner()).orElseThrow(() -> scenario.root()
                .child("planner").error("name", "unknown planner '" + scenario.planner() + "'; known planners: "
                        + String.join(", ", planners.names())));
        List<AutoCloseable> built = new ArrayList<>();
        try {
            Tool tool = built(built, toolFactory.create(scenario.toolOptions()));
            if (tool instanceof org.sciloop.core.tool.LookupOnly) {
                throw scenario.root().child("experiment").error("tool", "'" + scenario.tool() + "' answers a"
                        + " planner's questions and measures nothing; declare it under lookups (lookups: {name: {tool: "
                        + scenario.tool() + "}}) and give the experiment a tool that runs experiments");
            }
            ParameterSpace space = scenario.space().or(tool::impliedSpace).orElseThrow(() -> scenario.root().errorHere(
                    "missing 'space': tool '" + scenario.tool() + "' does not define one, so the scenario must give"
                    + " each parameter's range or levels (docs/scenario-format.md)"));
            checkObjectiveIsAnOutput(scenario, tool);
            if (space.isFinite() && space.size() > ParameterSpace.MAX_ENUMERATED) {
                throw scenario.root().errorHere("the space has " + space.size() + " combinations, more than the "
                        + ParameterSpace.MAX_ENUMERATED + " a planner can go through; use fewer levels, or make a"
                        + " numeric factor continuous");
            }
            if (scenario.space().isPresent() && tool.impliedSpace().isPresent()) {
                // A scenario may narrow the space its tool defines, never change it: every call would fail.
                tool.impliedSpace().get().incompatibility(scenario.space().get()).ifPresent(problem -> {
                    throw scenario.root().child("space").error(problem.getKey(), problem.getValue());
                });
                // A pool narrowed is the pool's rows inside the narrower space, not every combination of it.
                space = tool.impliedSpace().get().narrowedTo(scenario.space().get());
                if (space.isPool() && space.poolCombinations().isEmpty()) {
                    throw scenario.root().error("space", "it leaves none of the "
                            + tool.impliedSpace().get().poolCombinations().size() + " combinations tool '"
                            + scenario.tool() + "' measured, so nothing could run; widen it");
                }
            }
            if (scenario.space().isPresent()) {
                // Checked here, not at the first call: an instrument would be half-written by then.
                tool.descriptor().misfit(space).ifPresent(misfit -> {
                    Options spaceOptions = scenario.root().child("space");
                    throw misfit.parameter().map(p -> spaceOptions.error(p, misfit.reason()))
                            .orElseGet(() -> scenario.root().error("space", misfit.reason()));
                });
            }
            checkOutcomeConstraints(scenario, tool, space);
            space = constrained(scenario, space);
            Planner planner = built(built, plannerFactory.create(scenario.plannerOptions()));
            SafetyPolicy policy = SafetyPolicy.fromScenario(scenario.safety(), space);
            if (tool instanceof Actuator actuator) {
                try {
                    policy = policy.with(actuator.limits());
                } catch (IllegalArgumentException e) {
                    throw scenario.root().child("experiment").errorHere("tool '" + scenario.tool() + "': "
                            + e.getMessage());
                }
                // The device's limits with the scenario's: together they may leave nothing (a tester's profile).
                policy.leavesNothing().ifPresent(why -> {
                    throw scenario.root().child("experiment").errorHere("tool '" + scenario.tool() + "': with its"
                            + " device's safety limits, " + why);
                });
            }
            Map<String, Tool> lookups = lookups(scenario, tools, built);
            return new Campaign(scenario, seed, space, tool, planner, policy, lookups);
        } catch (RuntimeException | Error e) {
            closeAll(built, e);
            throw e;
        }
    }

    private static <T extends AutoCloseable> T built(List<AutoCloseable> built, T thing) {
        built.add(thing);
        return thing;
    }

    public Scenario scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    /** The space of experiments: the scenario's, or the one its tool defines. */
    public ParameterSpace space() {
        return space;
    }

    public Tool tool() {
        return tool;
    }

    public Planner planner() {
        return planner;
    }

    /**
     * What decides the tool's answers besides the call, when the tool is deterministic
     * ({@link RecordedAnswers#fingerprint}); empty for any other tool, whose answers are never reused.
     */
    public Optional<String> toolFingerprint() {
        return tool.descriptor().deterministic()
                ? Optional.of(RecordedAnswers.fingerprint(scenario.document().path("experiment"),
                        scenario.root().dataFiles().fingerprints()))
                : Optional.empty();
    }

    /** The scenario's safety policy with the actuator's own limits added. */
    public SafetyPolicy policy() {
        return policy;
    }

    /** The read-only tools the planner may consult, by the name it calls them. */
    public Map<String, Tool> lookups() {
        return lookups;
    }

    /**
     * Checks, before a live run or resume writes anything, that the planner's services and the tools' devices
     * can be reached and fit what the scenario says of them ({@link Planner#connect}, {@link Tool#connect}),
     * and reserves the actuator's device ({@link #reserve}). Never called for a replay, a report or a dry
     * run: those need no device.
     */
    public void connect() {
        planner.connect();
        tool.connect();
        lookups.values().forEach(Tool::connect);
        reserve();
    }

    /**
     * The reservation of the actuator's device, taken now if this campaign does not hold it yet; empty for a
     * tool that does not actuate. Throws {@link InUseException} while another campaign holds it.
     */
    public synchronized Optional<DeviceReservation> reserve() {
        if (reservation == null && tool instanceof Actuator actuator) {
            reservation = DeviceReservation.take(actuator.device());
        }
        return Optional.ofNullable(reservation);
    }

    /** What each lookup does and takes, by the name the planner calls it. */
    public Map<String, ToolDescriptor> lookupDescriptors() {
        Map<String, ToolDescriptor> descriptors = new LinkedHashMap<>();
        lookups.forEach((name, tool) -> descriptors.put(name, tool.descriptor()));
        return descriptors;
    }

    /** Lets go of what the planner and tools hold (a connection, an in-process server, a process pool). */
    @Override
    public synchronized void close() {
        List<AutoCloseable> owned = new ArrayList<>(lookups.values());
        owned.add(planner);
        owned.add(tool);
        if (reservation != null) {
            owned.add(reservation);  // last: the device is free only once nothing of this campaign can reach it
        }
        closeAll(owned, null);
    }

    /** Closes each, even when one fails; the first failure is rethrown, or added to {@code primary}. */
    private static void closeAll(List<AutoCloseable> resources, Throwable primary) {
        RuntimeException first = null;
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                if (primary != null) {
                    primary.addSuppressed(e);
                } else if (first == null) {
                    first = e instanceof RuntimeException re ? re : new IllegalStateException("cannot close " + r, e);
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The scenario's lookups, each a read-only tool: a planner may consult, never act. */
    private static Map<String, Tool> lookups(Scenario scenario, Registry<ToolFactory> tools,
                                             List<AutoCloseable> built) {
        Map<String, Tool> lookups = new LinkedHashMap<>();
        scenario.lookups().forEach((name, lookup) -> {
            var where = scenario.root().child("lookups").child(name);
            ToolFactory factory = tools.find(lookup.tool()).orElseThrow(() -> where.error("tool", "unknown tool '"
                    + lookup.tool() + "'; known tools: " + String.join(", ", tools.names())));
            Tool tool = built(built, factory.create(lookup.options()));
            if (tool.descriptor().effect() != Effect.READ_ONLY || tool instanceof Actuator) {
                throw where.error("tool", "'" + lookup.tool() + "' acts on the world; a lookup must be read-only"
                        + " (a planner may consult tools, never actuate them)");
            }
            lookups.put(name, tool);
        });
        return lookups;
    }

    private static void checkObjectiveIsAnOutput(Scenario scenario, Tool tool) {
        JsonNode outputs = tool.descriptor().outputSchema().path("properties");
        List<Options> listed = scenario.root().items("objectives");
        for (int k = 0; k < scenario.objectives().size(); k++) {
            String name = scenario.objectives().get(k).name();
            if (outputs.isObject() && !outputs.has(name)) {
                Options where = listed.isEmpty() ? scenario.root().child("objective") : listed.get(k);
                throw where.error("name", "tool '" + scenario.tool() + "' has no output '" + name + "'; its outputs: "
                        + iterate(outputs));
            }
        }
    }

    /** Each outcome constraint bounds an output of the tool, not a parameter. */
    private static void checkOutcomeConstraints(Scenario scenario, Tool tool, ParameterSpace space) {
        JsonNode outputs = tool.descriptor().outputSchema().path("properties");
        Options constraints = scenario.root().child("constraints");
        for (int i = 0; i < scenario.outcomeConstraints().size(); i++) {
            String name = scenario.outcomeConstraints().get(i).outcome();
            if (space.parameter(name).isPresent()) {
                throw constraints.error("outcomes/" + i, "'" + name + "' is a parameter; a condition on parameters"
                        + " goes under constraints.parameters");
            }
            if (outputs.isObject() && !outputs.has(name)) {
                throw constraints.error("outcomes/" + i, "tool '" + scenario.tool() + "' has no output '" + name
                        + "'; its outputs: " + iterate(outputs));
            }
        }
    }

    /** How many points {@link #constrained} draws to find out whether the constraints leave any. */
    static final int FEASIBILITY_DRAWS = 20_000;

    /**
     * The space with the scenario's parameter constraints, each checked at its line; refused when together they
     * leave no point to run.
     */
    private static ParameterSpace constrained(Scenario scenario, ParameterSpace space) {
        List<ParameterConstraint> written = scenario.parameterConstraints();
        if (written.isEmpty()) {
            return space;
        }
        Options constraints = scenario.root().child("constraints");
        for (int i = 0; i < written.size(); i++) {
            int at = i;
            written.get(i).misfit(space).ifPresent(why -> {
                throw constraints.error("parameters/" + at, why);
            });
        }
        ParameterSpace constrained;
        try {
            constrained = space.constrainedBy(written);
        } catch (IllegalArgumentException e) {
            throw constraints.error("parameters", e.getMessage());
        }
        if (constrained.isFinite() ? constrained.candidates().isEmpty()
                : constrained.admissibleShare(FEASIBILITY_DRAWS, new java.util.Random(0)) == 0) {
            throw constraints.error("parameters", constrained.isFinite()
                    ? "no point of the space keeps them all (none of its " + space.size() + " combinations); loosen"
                    + " them or widen the space"
                    : "they leave too little of the space to draw from: none of " + FEASIBILITY_DRAWS + " points"
                    + " spread over it keeps them all (each equality solved for its last continuous parameter);"
                    + " narrow the parameters' ranges to where the constraints allow, or loosen them");
        }
        return constrained;
    }

    private static String iterate(JsonNode properties) {
        List<String> names = new ArrayList<>();
        properties.fieldNames().forEachRemaining(names::add);
        return String.join(", ", names);
    }
}
