package org.sciloop.memory.recall;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.InputException;
import org.sciloop.core.ServiceUnavailableException;
import org.sciloop.core.tool.LookupOnly;
import org.sciloop.core.tool.ToolCall;
import org.sciloop.core.tool.ToolContext;
import org.sciloop.core.tool.ToolDescriptor;
import org.sciloop.core.tool.ToolResult;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.Condition;
import org.sciloop.memory.store.IndexedCampaign;
import org.sciloop.memory.store.Passages;

/**
 * Answers a planner's questions from the campaign store: {@code where} conditions select observations (the query
 * of {@code sciloop memory search}), a {@code question} ranks passages by meaning (all-MiniLM-L6-v2 embeddings).
 * The store is opened for each call and closed after it, so a campaign holds no connection between calls.
 */
final class RecallTool implements LookupOnly {
    private final ToolDescriptor descriptor;
    private final String store;

    RecallTool(ToolDescriptor descriptor, String store) {
        this.descriptor = descriptor;
        this.store = store;
    }

    @Override
    public ToolDescriptor descriptor() {
        return descriptor;
    }

    @Override
    public ToolResult invoke(ToolCall call, ToolContext context) {
        Optional<String> undeclared = descriptor.undeclared(call.arguments());
        if (undeclared.isPresent()) {
            return new ToolResult.Failure(undeclared.get(), false);
        }
        Question asked;
        try {
            asked = Question.of(call.arguments());
        } catch (InputException e) {
            return new ToolResult.Failure(e.getMessage(), false);
        }
        // Recall only reads: a folder with no store is a mistake to report, not a store to make.
        try (CampaignStore opened = CampaignStore.openExisting(store)) {
            Map<String, Object> outputs = new LinkedHashMap<>();
            if (asked.question() != null) {
                List<Map<String, Object>> passages = new ArrayList<>();
                for (Passages.Found r : Recall.passages(opened, asked.question(),
                        asked.kinds(), asked.filter(), asked.limit())) {
                    Map<String, Object> p = new LinkedHashMap<>();
                    p.put("campaign", r.campaign());
                    p.put("scenario", r.scenario());
                    p.put("kind", r.passage().kind());
                    p.put("subject", r.passage().subject());
                    if (r.passage().kind().equals("hypothesis")) {
                        opened.hypothesisStatus(r.campaign(), r.passage().subject())
                                .ifPresent(status -> p.put("status", status));
                    }
                    p.put("text", r.passage().text());
                    p.put("similarity", Math.round(r.similarity() * 1e4) / 1e4);
                    p.put("line", r.passage().line());
                    passages.add(p);
                }
                outputs.put("passages", passages);
            }
            if (!asked.where().isEmpty()) {
                List<String> unknown = asked.where().stream().map(Condition::name).distinct()
                        .filter(n -> !opened.knows(n)).toList();
                if (!unknown.isEmpty()) {
                    return new ToolResult.Failure("'where': no earlier observation has a setting or an outcome called "
                            + String.join(" or ", unknown.stream().map(n -> "'" + n + "'").toList())
                            + " (names are matched exactly, case included)", false);
                }
                List<Map<String, Object>> observations = new ArrayList<>();
                for (CampaignStore.Found f : opened.search(asked.where(), asked.filter(), asked.limit())) {
                    Map<String, Object> o = new LinkedHashMap<>();
                    o.put("campaign", f.stored().campaign());
                    o.put("scenario", f.scenario());
                    o.put("experiment", f.stored().observation().experimentId());
                    o.put("settings", f.stored().observation().settings().values());
                    o.put("outcomes", f.stored().observation().outcomes());
                    o.put("status", f.stored().observation().status().name());
                    o.put("line", f.stored().line());
                    observations.add(o);
                }
                outputs.put("observations", observations);
            }
            return new ToolResult.Success(outputs);
        } catch (InputException e) {
            return new ToolResult.Failure(e.getMessage(), false);
        } catch (ServiceUnavailableException e) {
            return new ToolResult.Failure(e.getMessage(), true);
        }
    }

    /** A call's arguments, checked: what a planner got wrong comes back as a failure it can read and correct. */
    record Question(String question, List<String> kinds, List<Condition> where, CampaignStore.Filter filter,
                    int limit) {

        static Question of(Map<String, Object> arguments) {
            String question = arguments.get("question") instanceof String q && !q.isBlank() ? q.strip() : null;
            if (arguments.containsKey("question") && question == null) {
                throw new InputException("'question' must be some words, got " + arguments.get("question"));
            }
            if (question != null) {
                try {
                    Recall.check(question);
                } catch (InputException e) {
                    throw new InputException("'question': " + e.getMessage());
                }
            }
            List<String> kinds = strings(arguments, "kinds");
            for (String kind : kinds) {
                if (!IndexedCampaign.Passage.KINDS.contains(kind)) {
                    throw new InputException("'kinds': no passages of kind '" + kind + "'; the kinds are "
                            + String.join(", ", IndexedCampaign.Passage.KINDS));
                }
            }
            List<Condition> where = strings(arguments, "where").stream().map(Condition::parse).toList();
            if (question == null && where.isEmpty()) {
                throw new InputException("give a 'question' (found by meaning among hypotheses, rationales and"
                        + " notes) or 'where' conditions on observations ('ligand = XPhos'), or both");
            }
            CampaignStore.Filter filter = CampaignStore.Filter.all();
            if (arguments.get("scenario") instanceof String scenario && !scenario.isBlank()) {
                filter = filter.scenario(scenario);
            } else if (arguments.containsKey("scenario")) {
                throw new InputException("'scenario' must be a scenario's name, got " + arguments.get("scenario"));
            }
            int limit = Recall.DEFAULT_LIMIT;
            if (arguments.containsKey("limit")) {
                if (!(arguments.get("limit") instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())
                        || n.intValue() < 1 || n.intValue() > Recall.MOST) {
                    throw new InputException("'limit' must be a whole number from 1 to " + Recall.MOST + ", got "
                            + arguments.get("limit"));
                }
                limit = n.intValue();
            }
            return new Question(question, kinds.isEmpty() ? IndexedCampaign.Passage.KINDS : kinds, where, filter,
                    limit);
        }

        /** A list of texts, or one text as a list of one. */
        private static List<String> strings(Map<String, Object> arguments, String name) {
            Object value = arguments.get(name);
            if (value == null) {
                return List.of();
            }
            if (value instanceof String one) {
                return List.of(one);
            }
            if (value instanceof List<?> list && list.stream().allMatch(String.class::isInstance)) {
                return list.stream().map(String.class::cast).toList();
            }
            throw new InputException("'" + name + "' must be a list of texts, got " + value);
        }
    }
}
