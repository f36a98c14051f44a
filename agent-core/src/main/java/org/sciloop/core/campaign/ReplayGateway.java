package org.sciloop.core.campaign;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.sciloop.core.model.ModelExchange;
import org.sciloop.core.planner.CampaignState;
import org.sciloop.core.planner.PlannerGateway;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.core.trace.TraceEvent;

/**
 * The gateway of one replayed round: answers lookups and model requests from the round's record (no tool
 * or provider is called), and returns from pauses at once. The first request the record does not hold is
 * noted as the round's divergence, then thrown into the planner as a {@link ReplayDivergence} to stop it;
 * the replay reads the note, so the planner cannot hide it.
 */
final class ReplayGateway implements PlannerGateway {
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
    private static final int SHOWN = 160;

    private final Campaign campaign;
    private final CampaignState.Recorder state;
    private final Deque<TraceEvent.LookupMade> lookups;
    private final Deque<ModelExchange> exchanges;
    private int modelRequests;
    private CampaignReplay.Divergence divergence;
    private final int round;
    private final long seq;

    ReplayGateway(Campaign campaign, CampaignState.Recorder state, List<TraceEvent.LookupMade> lookups,
                  List<ModelExchange> exchanges, int round, long seq) {
        this.campaign = campaign;
        this.state = state;
        this.lookups = new ArrayDeque<>(lookups);
        this.exchanges = new ArrayDeque<>(exchanges);
        this.round = round;
        this.seq = seq;
    }

    @Override
    public Map<String, ToolDescriptor> lookups() {
        return campaign.lookupDescriptors();
    }

    @Override
    public ToolResult lookup(String tool, Map<String, Object> arguments) {
        String asked = "lookup " + tool + " " + canonical(arguments);
        TraceEvent.LookupMade recorded = lookups.poll();
        if (recorded == null) {
            throw diverged("no further lookup in this round", asked);
        }
        String was = "lookup " + recorded.tool() + " " + canonical(recorded.arguments());
        if (!was.equals(asked)) {
            throw diverged(was, asked);
        }
        return recorded.failure() == null ? new ToolResult.Success(recorded.outputs())
                : new ToolResult.Failure(recorded.failure(), false);
    }

    @Override
    public ModelExchange askModel(JsonNode request, Supplier<ModelExchange> call) {
        modelRequests++;
        ModelExchange recorded = exchanges.poll();
        if (recorded == null) {
            throw diverged("no further model request in this round",
                    "model request " + modelRequests + ": " + clip(request.toString()));
        }
        if (!recorded.request().equals(request)) {
            String where = firstDifference(recorded.request(), request, "");
            String was = at(recorded.request(), where);
            String now = at(request, where);
            int from = Math.max(0, firstDifferentChar(was, now) - 40);
            throw diverged("model request " + modelRequests + " at " + where + ": " + excerpt(was, from),
                    "model request " + modelRequests + " at " + where + ": " + excerpt(now, from));
        }
        state.record(recorded);
        return recorded;
    }

    @Override
    public Optional<String> modelBudgetSpent() {
        return state.state().budget().modelBudgetSpent(state.state().modelUsage());
    }

    @Override
    public void pause(Duration pause) {
    }

    /** The first request the record did not hold, if any. */
    Optional<CampaignReplay.Divergence> noted() {
        return Optional.ofNullable(divergence);
    }

    /** Once the round is over: the first request the record did not hold, or records the planner did not ask for. */
    Optional<CampaignReplay.Divergence> divergence() {
        if (divergence == null && !exchanges.isEmpty()) {
            diverged(exchanges.size() + " more model request(s) in this round", "no further model request");
        } else if (divergence == null && !lookups.isEmpty()) {
            diverged(lookups.size() + " more lookup(s) in this round", "no further lookup");
        }
        return Optional.ofNullable(divergence);
    }

    private ReplayDivergence diverged(String recorded, String replayed) {
        if (divergence == null) {
            divergence = new CampaignReplay.Divergence(round, seq, recorded, replayed);
        }
        return new ReplayDivergence("the replay diverged from the record: recorded " + divergence.recorded()
                + "; replayed " + divergence.replayed());
    }

    /** The JSON path of the first place where the two trees differ ("" when one is missing altogether). */
    private static String firstDifference(JsonNode a, JsonNode b, String path) {
        if (a.isContainerNode() && b.isContainerNode() && a.getNodeType() == b.getNodeType()) {
            if (a.isArray()) {
                for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                    if (!a.path(i).equals(b.path(i))) {
                        return firstDifference(a.path(i), b.path(i), path + "[" + i + "]");
                    }
                }
            } else {
                for (Iterator<String> names = a.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!a.path(name).equals(b.path(name))) {
                        return firstDifference(a.path(name), b.path(name), path + "." + name);
                    }
                }
                for (Iterator<String> names = b.fieldNames(); names.hasNext(); ) {
                    String name = names.next();
                    if (!a.has(name)) {
                        return path + "." + name;
                    }
                }
            }
        }
        return path.isEmpty() ? "the request" : path.substring(path.startsWith(".") ? 1 : 0);
    }

    /** What a request holds at a path from {@link #firstDifference}. */
    private static String at(JsonNode request, String path) {
        JsonNode node = request;
        if (!path.equals("the request")) {
            for (String step : path.replace("[", ".[").split("\\.")) {
                if (step.isEmpty()) {
                    continue;
                }
                node = step.startsWith("[") ? node.path(Integer.parseInt(step.substring(1, step.length() - 1)))
                        : node.path(step);
            }
        }
        return node.isMissingNode() ? "(none)" : node.isTextual() ? node.asText() : node.toString();
    }

    private static int firstDifferentChar(String a, String b) {
        int i = 0;
        while (i < Math.min(a.length(), b.length()) && a.charAt(i) == b.charAt(i)) {
            i++;
        }
        return i;
    }

    /** The text from where two versions part (a little before), clipped. */
    private static String excerpt(String text, int from) {
        return from >= text.length() ? clip(text) : (from > 0 ? "..." : "") + clip(text.substring(from));
    }

    private static String clip(String text) {
        return text.length() <= SHOWN ? text : text.substring(0, SHOWN) + "...";
    }

    /** JSON with keys in order, so arguments read back from a trace compare equal to the planner's. */
    private static String canonical(Map<String, Object> arguments) {
        try {
            return JSON.writeValueAsString(arguments);
        } catch (IOException e) {
            return String.valueOf(arguments);
        }
    }
}
