package org.sciloop.planners.llm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for a language model that reads the briefing as a model would (the parameters, the batch, the
 * observations) and answers with a valid design: in a finite space the first candidates not yet run, in
 * order; in a continuous one points drawn from the request's own text. The same request gets the same
 * answer, as from a model at temperature 0. As the guide of {@code llm+bo} it sets no constraint.
 */
final class DesigningModel {
    private static final Pattern CONTINUOUS = Pattern.compile("^- (\\S+): continuous from (\\S+) to (\\S+)",
            Pattern.MULTILINE);
    private static final Pattern ONE_OF = Pattern.compile("^- (\\S+): one of \\[(.*)]", Pattern.MULTILINE);
    private static final Pattern BATCH = Pattern.compile("propose up to (\\d+) now");
    private static final Pattern OBSERVED = Pattern.compile("^- exp-\\d+ \\{(.*)} ->", Pattern.MULTILINE);

    private DesigningModel() {
    }

    static ScriptedModelServer.Call[] answer(JsonNode request) {
        String situation = request.path("messages").path(1).path("content").asText();
        boolean guiding = request.path("tools").toString().contains(AgentTools.GUIDE);
        if (guiding) {
            return new ScriptedModelServer.Call[] {new ScriptedModelServer.Call(AgentTools.GUIDE,
                    "{\"constraints\":[],\"rationale\":\"no constraint: let the optimiser range\"}")};
        }
        Map<String, Object[]> parameters = new LinkedHashMap<>();  // name -> {low, high} or the levels
        for (Matcher m = CONTINUOUS.matcher(situation); m.find(); ) {
            parameters.put(m.group(1), new Object[] {Double.parseDouble(m.group(2)), Double.parseDouble(m.group(3))});
        }
        boolean finite = parameters.isEmpty();
        for (Matcher m = ONE_OF.matcher(situation); m.find(); ) {
            parameters.put(m.group(1), m.group(2).split(", "));
        }
        Matcher batch = BATCH.matcher(situation);
        int wanted = batch.find() ? Integer.parseInt(batch.group(1)) : 1;
        Set<String> observed = new HashSet<>();
        for (Matcher m = OBSERVED.matcher(situation); m.find(); ) {
            observed.add(m.group(1));
        }
        List<Map<String, Object>> picks = finite ? unobserved(parameters, observed, wanted)
                : drawn(parameters, wanted, new Random(request.path("messages").toString().hashCode()));
        ObjectNode arguments = ScriptedModelServer.JSON.createObjectNode();
        ArrayNode experiments = arguments.putArray("experiments");
        for (Map<String, Object> pick : picks) {
            ObjectNode e = experiments.addObject();
            e.set("settings", ScriptedModelServer.JSON.valueToTree(pick));
            e.put("rationale", "next in the design");
        }
        arguments.put("rationale", "a design");
        return new ScriptedModelServer.Call[] {new ScriptedModelServer.Call(AgentTools.PROPOSE, arguments.toString())};
    }

    private static List<Map<String, Object>> unobserved(Map<String, Object[]> parameters, Set<String> observed,
                                                        int wanted) {
        List<Map<String, Object>> all = new ArrayList<>();
        all.add(new LinkedHashMap<>());
        for (Map.Entry<String, Object[]> p : parameters.entrySet()) {
            List<Map<String, Object>> next = new ArrayList<>();
            for (Map<String, Object> partial : all) {
                for (Object level : p.getValue()) {
                    Map<String, Object> more = new LinkedHashMap<>(partial);
                    more.put(p.getKey(), value((String) level));
                    next.add(more);
                }
            }
            all = next;
        }
        return all.stream().filter(s -> !observed.contains(shown(s))).limit(wanted).toList();
    }

    private static List<Map<String, Object>> drawn(Map<String, Object[]> parameters, int wanted, Random random) {
        List<Map<String, Object>> picks = new ArrayList<>();
        for (int i = 0; i < wanted; i++) {
            Map<String, Object> s = new LinkedHashMap<>();
            parameters.forEach((name, range) -> s.put(name, range[0] instanceof Double low
                    ? low + random.nextDouble() * ((Double) range[1] - low)
                    : value((String) range[random.nextInt(range.length)])));
            picks.add(s);
        }
        return picks;
    }

    /** A level as the briefing shows it: a number when it reads as one. */
    private static Object value(String level) {
        try {
            return Double.parseDouble(level);
        } catch (NumberFormatException e) {
            return level;
        }
    }

    /** Settings as the briefing prints them ({@code {a=p, b=1.0}}, inner part). */
    private static String shown(Map<String, Object> settings) {
        List<String> parts = new ArrayList<>();
        settings.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(", ", parts);
    }
}
