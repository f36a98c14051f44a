package org.sciloop.planners.llm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.langchain4j.agent.tool.ToolExecutionRequest;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.ToolExecutionResultMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.model.chat.request.ChatRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Experiment;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.Settings;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.planner.PlanningContext;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterConstraint;
import org.sciloop.core.tool.ToolResult;

/**
 * One round's conversation with the model: brief it, then answer its tool calls until it ends the round
 * with a valid proposal (or guidance), within bounds: at most {@code max-tool-rounds} model calls and
 * {@code max-invalid-calls} calls it must correct, and never past the campaign's model budget. Every call
 * goes through {@link ModelCaller} (on record) and every lookup through the engine's gateway.
 */
final class AgentSession {
    private static final int LONGEST_LOOKUP_ANSWER = 8_000;

    /** What a round came to: experiments or guidance, hypotheses stated or revised, or why it stopped. */
    record Turn(List<Experiment> experiments, Optional<Guidance> guidance, List<Hypothesis> hypotheses,
                String rationale, Optional<String> stop, Map<String, Object> details) {
    }

    private final LanguageModelOptions options;
    private final String scenario;
    private final String description;
    private final boolean guided;
    private final ModelSource models;

    AgentSession(LanguageModelOptions options, String scenario, String description, boolean guided, ModelSource models) {
        this.options = options;
        this.scenario = scenario;
        this.description = description;
        this.guided = guided;
        this.models = models;
    }

    /** Connects to the provider before a live campaign, or fails naming the environment variable to set. */
    void connect() {
        models.connect();
    }

    Turn run(CampaignState state, PlanningContext context) {
        PlannerGateway gateway = context.gateway();
        Round round = new Round(state, context);
        if (state.space().isFinite() && state.unmeasuredCandidates().isEmpty()) {
            return round.stop("every candidate of the space has been run");  // nothing a model could add
        }
        AgentTools tools = new AgentTools(state.space(), context.batchSize(), gateway.lookups(), guided);
        ModelCaller caller = new ModelCaller(models, options.model().id(), gateway, options);
        List<ChatMessage> messages = new ArrayList<>(List.of(
                SystemMessage.from(Briefing.system(guided, context.batchSize())),
                UserMessage.from(Briefing.situation(state, scenario, description, context.batchSize(),
                        options.maxObservations()))));
        for (int call = 1; call <= options.maxToolRounds(); call++) {
            Optional<String> spent = gateway.modelBudgetSpent();
            if (spent.isPresent()) {
                return round.stop("model budget spent: " + spent.get());
            }
            AiMessage answer = caller.chat(ChatRequest.builder().messages(messages)
                    .toolSpecifications(tools.specifications()).build()).aiMessage();
            round.modelCalls++;
            messages.add(answer);
            if (!answer.hasToolExecutionRequests()) {
                if (round.invalid("answered in prose instead of calling a tool")) {
                    return round.stop(round.tooManyInvalid());
                }
                messages.add(UserMessage.from("Please answer with tool calls only; end the round with "
                        + (guided ? AgentTools.GUIDE : AgentTools.PROPOSE) + "."));
                continue;
            }
            for (ToolExecutionRequest request : answer.toolExecutionRequests()) {
                messages.add(ToolExecutionResultMessage.from(request, round.handle(tools.check(request))));
            }
            if (round.invalidCalls > options.maxInvalidCalls()) {
                return round.stop(round.tooManyInvalid());
            }
            if (round.done) {
                return round.turn();
            }
        }
        return round.stop("no valid " + (guided ? AgentTools.GUIDE : AgentTools.PROPOSE) + " within "
                + options.maxToolRounds() + " model calls (max-tool-rounds)"
                + (round.lastError == null ? "" : "; last error: " + round.lastError));
    }

    /** The mutable bookkeeping of one conversation. */
    private final class Round {
        private final CampaignState state;
        private final PlanningContext context;
        private final Map<String, Hypothesis> hypotheses = new LinkedHashMap<>();
        private final List<String> calls = new ArrayList<>();
        private List<Experiment> experiments = List.of();
        private Optional<Guidance> guidance = Optional.empty();
        private String rationale = "";
        private boolean done;
        private int modelCalls;
        private int invalidCalls;
        private int lookups;
        private String lastError;

        Round(CampaignState state, PlanningContext context) {
            this.state = state;
            this.context = context;
        }

        boolean invalid(String error) {
            invalidCalls++;
            lastError = error;
            return invalidCalls > options.maxInvalidCalls();
        }

        String tooManyInvalid() {
            return "the model made " + invalidCalls + " invalid tool calls in one round (max-invalid-calls "
                    + options.maxInvalidCalls() + "); last error: " + lastError;
        }

        /** Acts on one checked call and says what happened, in words for the model. */
        String handle(AgentTools.Checked checked) {
            if (checked instanceof AgentTools.Invalid invalid) {
                invalid(invalid.error());
                calls.add("invalid");
                return "error: " + invalid.error();
            }
            AgentTools.Valid call = (AgentTools.Valid) checked;
            calls.add(call.name());
            if (done) {
                return "ignored: the round already ended with its proposal";
            }
            try {
                return switch (call.kind()) {
                    case PROPOSE -> propose(call.arguments());
                    case GUIDE -> guide(call.arguments());
                    case HYPOTHESIS -> hypothesis(call.arguments());
                    case UPDATE -> update(call.arguments());
                    case LOOKUP -> lookup(call.name(), call.arguments());
                };
            } catch (Rejected e) {
                invalid(e.getMessage());
                return "error: " + e.getMessage();
            }
        }

        private String propose(JsonNode arguments) {
            List<Experiment> batch = new ArrayList<>();
            Set<Settings> seen = new HashSet<>();
            boolean finite = state.space().isFinite();
            int i = 0;
            for (JsonNode e : arguments.get("experiments")) {
                i++;
                Settings s = settings(e.get("settings"));
                if (!seen.add(s)) {
                    throw new Rejected("experiment " + i + " repeats an earlier one of this batch: " + s);
                }
                List<ParameterConstraint> broken = state.space().violation(s).isEmpty()
                        ? state.space().brokenConstraints(s) : List.of();
                if (!broken.isEmpty()) {
                    throw new Rejected("experiment " + i + " breaks " + ParameterConstraint.texts(broken) + ": " + s
                            + "; propose settings that keep every constraint");
                }
                if (finite && state.isMeasured(s)) {
                    throw new Rejected("experiment " + i + " was measured already: " + s
                            + "; propose settings not yet measured");
                }
                List<String> tests = new ArrayList<>();
                for (JsonNode t : e.path("tests")) {
                    tests.add(knownHypothesis(t.asText()).id());
                }
                batch.add(new Experiment(s, e.get("rationale").asText(), tests, Map.of()));
            }
            experiments = batch;
            rationale = arguments.get("rationale").asText();
            done = true;
            return "accepted " + batch.size() + " experiments; the engine will check and run them";
        }

        private String guide(JsonNode arguments) {
            List<Guidance.Constraint> constraints = new ArrayList<>();
            for (JsonNode c : arguments.get("constraints")) {
                String name = c.get("parameter").asText();
                Parameter parameter = state.space().parameter(name).orElseThrow();
                List<Object> keep = values(parameter, c.path("keep"));
                List<Object> exclude = values(parameter, c.path("exclude"));
                double low = c.has("low") ? c.get("low").asDouble() : Double.NaN;
                double high = c.has("high") ? c.get("high").asDouble() : Double.NaN;
                if (low > high) {
                    throw new Rejected(name + ": low " + low + " is above high " + high);
                }
                constraints.add(new Guidance.Constraint(name, keep, exclude, low, high, c.get("reason").asText()));
            }
            guidance = Optional.of(new Guidance(constraints, arguments.get("rationale").asText()));
            rationale = guidance.get().rationale();
            done = true;
            return "guidance accepted: " + constraints.size() + " constraints; the optimiser chooses inside them";
        }

        private List<Object> values(Parameter parameter, JsonNode list) {
            List<Object> values = new ArrayList<>();
            for (JsonNode v : list) {
                Object value = v.isNumber() ? (Object) v.asDouble() : v.asText();
                if (!(parameter instanceof Parameter.Continuous) && parameter.violation(value).isPresent()) {
                    throw new Rejected(parameter.violation(value).get());
                }
                values.add(value);
            }
            return values;
        }

        private String hypothesis(JsonNode a) {
            Claim formal = null;
            if (a.has("formal")) {
                try {
                    formal = FormalClaims.read(a.get("formal"), state.objective().name(), state.space());
                } catch (IllegalArgumentException e) {
                    throw new Rejected("formal: " + e.getMessage());
                }
            }
            String id = nextHypothesisId();
            Hypothesis h = new Hypothesis(id, 1, a.get("statement").asText(), a.get("claim").asText(),
                    a.get("prediction").asText(), Hypothesis.Status.PROPOSED, List.of(),
                    a.path("confidence").asDouble(0.5), options.model().id(), formal, null);
            hypotheses.put(id, h);
            return "recorded as " + id + (formal == null ? "" : ": " + formal.describe());
        }

        private String update(JsonNode a) {
            Hypothesis old = knownHypothesis(a.get("id").asText());
            List<String> evidence = new ArrayList<>(old.evidence());
            for (JsonNode e : a.path("evidence")) {
                String id = e.asText();
                if (state.observations().stream().map(Observation::experimentId).noneMatch(id::equals)) {
                    throw new Rejected("no observation '" + id + "' to cite as evidence");
                }
                if (!evidence.contains(id)) {
                    evidence.add(id);
                }
            }
            Hypothesis.Status status = Hypothesis.Status.valueOf(a.get("status").asText().toUpperCase(Locale.ROOT));
            // The model's own judgement, not a test: the formal claim stays, no assessment is attached.
            Hypothesis h = new Hypothesis(old.id(), old.version() + 1, old.statement(), old.claim(), old.prediction(),
                    status, evidence, a.path("confidence").asDouble(old.confidence()), options.model().id(),
                    old.formal(), null);
            hypotheses.put(h.id(), h);
            return old.id() + " is now " + status.name().toLowerCase(Locale.ROOT) + " (version " + h.version() + ")";
        }

        private String lookup(String name, JsonNode arguments) {
            lookups++;
            @SuppressWarnings("unchecked")
            Map<String, Object> args = ExchangeJson.JSON.convertValue(arguments, Map.class);
            ToolResult result = context.gateway().lookup(name, args);
            if (result instanceof ToolResult.Failure f) {
                return "lookup failed: " + f.reason();
            }
            try {
                String json = ExchangeJson.JSON.writeValueAsString(((ToolResult.Success) result).outputs());
                return json.length() <= LONGEST_LOOKUP_ANSWER ? json
                        : json.substring(0, LONGEST_LOOKUP_ANSWER) + "... (cut at " + LONGEST_LOOKUP_ANSWER + " chars)";
            } catch (JsonProcessingException e) {
                return "lookup failed: its answer is not JSON: " + e.getOriginalMessage();
            }
        }

        private Settings settings(JsonNode node) {
            Map<String, Object> values = new LinkedHashMap<>();
            for (Parameter p : state.space().parameters()) {
                JsonNode v = node.get(p.name());
                values.put(p.name(), v.isNumber() ? (Object) v.asDouble() : v.asText());
            }
            return Settings.of(values);
        }

        private Hypothesis knownHypothesis(String id) {
            Hypothesis h = hypotheses.get(id);
            if (h != null) {
                return h;
            }
            return state.hypotheses().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow(() ->
                    new Rejected("no hypothesis '" + id + "'; known: " + knownIds()));
        }

        /** The hypotheses known so far: the campaign's, then those stated this round. */
        private Set<String> ids() {
            Set<String> ids = new java.util.LinkedHashSet<>();
            state.hypotheses().forEach(h -> ids.add(h.id()));
            ids.addAll(hypotheses.keySet());
            return ids;
        }

        private String knownIds() {
            return ids().isEmpty() ? "none (state one with " + AgentTools.HYPOTHESIS + ")" : String.join(", ", ids());
        }

        private String nextHypothesisId() {
            int highest = ids().stream().filter(id -> id.matches("H\\d+"))
                    .mapToInt(id -> Integer.parseInt(id.substring(1))).max().orElse(0);
            return "H" + (highest + 1);
        }

        Turn turn() {
            return new Turn(experiments, guidance, List.copyOf(hypotheses.values()), rationale, Optional.empty(),
                    details());
        }

        Turn stop(String why) {
            return new Turn(List.of(), Optional.empty(), List.copyOf(hypotheses.values()), why, Optional.of(why),
                    details());
        }

        private Map<String, Object> details() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("model", options.model().id());
            d.put("modelCalls", modelCalls);
            d.put("toolCalls", List.copyOf(calls));
            d.put("invalidCalls", invalidCalls);
            d.put("lookups", lookups);
            return d;
        }
    }

    /** A valid-looking call that the campaign cannot take (a measured experiment, an unknown hypothesis). */
    private static final class Rejected extends RuntimeException {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }
}
