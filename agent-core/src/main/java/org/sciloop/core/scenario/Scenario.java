package org.sciloop.core.scenario;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.sciloop.core.IoReason;
import org.sciloop.core.PlainNumber;
import org.sciloop.core.config.Options;
import org.sciloop.core.config.ScenarioException;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.config.YamlDocument;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterConstraint;
import org.sciloop.core.space.ParameterSpace;

/**
 * A campaign as a person describes it in YAML (see {@code docs/scenario-format.md}): what to optimise,
 * over which space, with which tool and planner, on what budget, within which safety limits.
 *
 * @param space the space written in the file; empty when the tool defines it (a table of measurements)
 * @param lookups read-only tools the planner may consult while it plans (by the name it calls them),
 *     each with its tool name and options; never the experiment tool
 * @param objectives what to optimise: one ({@code objective:}) or several ({@code objectives:}), never none
 * @param parameterConstraints which points the optimiser should look among ({@code constraints.parameters}), in
 *     the file's order; checked against the space when the campaign is assembled
 * @param outcomeConstraints the bounds an outcome must keep for an experiment to count
 *     ({@code constraints.outcomes})
 * @param root the whole file, for plugins' options and for the record in the trace
 */
public record Scenario(String name, String description, List<Objective> objectives,
                       List<ParameterConstraint> parameterConstraints, List<OutcomeConstraint> outcomeConstraints,
                       Optional<ParameterSpace> space,
                       String tool, Options toolOptions, String planner, Options plannerOptions,
                       Budget budget, Options safety, Map<String, Lookup> lookups, Options root) {

    /**
     * The first objective: the one a campaign with a single objective optimises; with several, the one whose
     * best value progress and the result's first column show (the front is the result).
     */
    public Objective objective() {
        return objectives.get(0);
    }

    /** True when the campaign trades several objectives off against each other (a Pareto front). */
    public boolean multiObjective() {
        return objectives.size() > 1;
    }

    /** A read-only tool the planner may consult: which plugin, with which options. */
    public record Lookup(String tool, Options options) {
    }

    private static final String[] TOP_LEVEL =
            {"name", "description", "objective", "objectives", "constraints", "space", "experiment", "planner",
                    "budget", "safety", "lookups", "approval", "memory"};

    /**
     * The most a scenario file may hold. Measured: the YAML parser took 14 s on 4 MB and did not finish 50 MB in
     * ten minutes; a scenario's data belongs in the table files it names.
     */
    static final int MAX_BYTES = 1 << 20;

    public static Scenario read(ScenarioLocation location) {
        try (InputStream in = location.openScenario()) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new ScenarioException(location.displayName() + ": larger than " + MAX_BYTES + " bytes, the most"
                        + " a scenario may hold; its data belongs in the table files it names");
            }
            return parse(new String(bytes, StandardCharsets.UTF_8), location);
        } catch (java.nio.file.NoSuchFileException e) {
            if (location instanceof ScenarioLocation.BuiltIn b) {
                throw new ScenarioException("no built-in scenario '" + b.name() + "' (and no file of that name)");
            }
            throw new ScenarioException(location.displayName() + ": cannot read: " + IoReason.of(e));
        } catch (IOException e) {
            throw new ScenarioException(location.displayName() + ": cannot read: " + IoReason.of(e));
        }
    }

    public static Scenario parse(String yaml, ScenarioLocation location) {
        return parse(YamlDocument.parse(yaml, location.displayName()), location, false);
    }

    /**
     * A scenario as recorded in a trace (no line numbers, same meaning). What only refuses a campaign that could
     * achieve nothing (a target beyond reach, bounds no value keeps) is not asked again of one already run: its
     * record stays readable, reportable and replayable.
     */
    public static Scenario fromRecorded(JsonNode document, ScenarioLocation location) {
        return parse(YamlDocument.of(document, location.displayName()), location, true);
    }

    /** The same scenario with another planner, budget or batch, as asked on the command line. */
    public Scenario withOverrides(Optional<String> newPlanner, OptionalInt experiments, OptionalInt batch) {
        return edited(copy -> {
            // Another planner's options would not fit the new one, so they go.
            newPlanner.filter(p -> !p.equals(planner)).ifPresent(p -> copy.putObject("planner").put("name", p));
            experiments.ifPresent(n -> copy.withObjectProperty("budget").put("experiments", n));
            batch.ifPresent(n -> copy.withObjectProperty("budget").put("batch", n));
        });
    }

    /** The scenario with its document changed by {@code edit} (on a copy), read again with the same lines. */
    public Scenario edited(java.util.function.Consumer<ObjectNode> edit) {
        return edited(edit, Map.of());
    }

    /**
     * As {@link #edited(java.util.function.Consumer)}, blaming the nodes at {@code origins}' JSON pointers on
     * what set them (a command-line option), not on the file.
     */
    public Scenario edited(java.util.function.Consumer<ObjectNode> edit, Map<String, String> origins) {
        ObjectNode copy = root.json().deepCopy();
        edit.accept(copy);
        return parse(root.document().withRoot(copy).withOrigins(origins), root.location(), false);
    }

    /**
     * Whether people run the experiments (tool {@code manual}, or {@code experiment.manual: true} with any
     * tool): the engine hands each batch out and pauses until results are told ({@code sciloop tell}).
     */
    public boolean manual() {
        return tool.equals(MANUAL_TOOL) || root.child("experiment").bool("manual", false);
    }

    /** Which experiments wait for a person's approval before they run. */
    public enum Approval {
        /** None (the default): the safety policy and interlocks decide alone. */
        NONE,
        /** Every experiment of a tool that acts on the world (an instrument). */
        ACTUATIONS,
        /** Every experiment a language-model planner proposed. */
        MODEL,
        /** Every experiment. */
        ALL
    }

    /** The scenario's {@code approval:} ({@code none}, {@code actuations}, {@code model} or {@code all}). */
    public Approval approval() {
        return root.choice("approval", Approval.NONE);
    }

    /**
     * Whether the campaign goes into the campaign store when it ends or pauses ({@code memory: {index: false}}
     * keeps it out; its trace is the record either way).
     */
    public boolean remembered() {
        return root.child("memory").bool("index", true);
    }

    /**
     * Whether a deterministic tool's calls may be answered from the campaign store when an earlier campaign made
     * the very same call on the same configuration ({@code memory: {memoise: false}} always calls the tool).
     */
    public boolean memoised() {
        return root.child("memory").bool("memoise", true);
    }

    /** Which earlier campaigns this one learns from ({@code memory: {learn-from: ...}}), if any. */
    public Optional<LearnFrom> learnFrom() {
        Options memory = root.child("memory");
        return memory.has("learn-from") ? Optional.of(LearnFrom.read(memory.child("learn-from"))) : Optional.empty();
    }

    /** The tool of experiments that only people run: it defines no space and answers nothing itself. */
    public static final String MANUAL_TOOL = "manual";

    /** The same scenario with its experiments run by people ({@code --manual}). */
    public Scenario runByHand() {
        return edited(copy -> copy.withObjectProperty("experiment").put("manual", true));
    }

    /** The file's content as a JSON tree, for the trace. */
    public JsonNode document() {
        return root.json();
    }

    private static Scenario parse(YamlDocument document, ScenarioLocation location, boolean recorded) {
        Options root = Options.root(document, location,
                "a scenario is a mapping of keys (name, objective, experiment, ...)");
        root.allowOnly(TOP_LEVEL);
        String name = root.string("name");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]*")) {
            throw root.error("name", "use letters, digits, '.', '_' and '-' only (it names run folders), got '"
                    + name + "'");
        }

        List<Objective> objectives = objectives(root, recorded);
        Options constraints = root.child("constraints");
        constraints.allowOnly("parameters", "outcomes", "tables");

        Options experiment = root.child("experiment");
        experiment.allowOnly("tool", "with", "manual");
        experiment.bool("manual", false);

        Options planner = root.child("planner");
        planner.allowOnly("name", "options");

        Options budget = root.child("budget");
        budget.allowOnly("experiments", "batch", "patience", "model-tokens", "model-cost");
        Budget b = new Budget(budget.positiveInt("experiments", 50), budget.positiveInt("batch", 1),
                budget.has("patience") ? OptionalInt.of(budget.positiveInt("patience", 1)) : OptionalInt.empty(),
                budget.has("model-tokens") ? OptionalLong.of(budget.positiveInt("model-tokens", 1))
                        : OptionalLong.empty(),
                positive(budget, "model-cost"));

        root.choice("approval", Approval.NONE);  // refused at its line now, not when the first batch is planned
        Options memory = root.child("memory");
        memory.allowOnly("index", "memoise", "learn-from");
        memory.bool("index", true);
        memory.bool("memoise", true);
        if (memory.has("learn-from")) {
            LearnFrom.read(memory.child("learn-from"));
        }
        Options safety = root.child("safety");
        safety.allowOnly("limits");

        Scenario scenario = new Scenario(name, root.string("description", ""),
                objectives, parameterConstraints(constraints), outcomeConstraints(constraints, objectives, recorded),
                root.has("space") ? Optional.of(space(root.child("space"))) : Optional.empty(),
                experiment.string("tool"), experiment.child("with"),
                planner.string("name", "random"), planner.child("options"),
                b, safety, lookups(root.child("lookups")), root);
        if (!recorded) {
            scenario.checkRanges(constraints);
        }
        return scenario;
    }

    /**
     * An objective's reference and a bound on an outcome must lie within the outcome's range: beyond it no value
     * could ever improve on the reference, or keep the bound (a hypervolume of 0, or no experiment counting).
     */
    private void checkRanges(Options constraints) {
        List<Options> listed = root.has("objectives") ? root.items("objectives") : List.of(root.child("objective"));
        for (Options o : listed) {
            Optional<double[]> range = range(o.string("name", ""));
            OptionalDouble reference = o.optionalNumber("reference");
            if (range.isPresent() && reference.isPresent() && (reference.getAsDouble() < range.get()[0]
                    || reference.getAsDouble() > range.get()[1])) {
                throw o.error("reference", "is " + reference.getAsDouble() + ", outside the objective's range ["
                        + range.get()[0] + ", " + range.get()[1] + "]: no value could improve on it");
            }
        }
        for (int i = 0; i < outcomeConstraints.size(); i++) {
            OutcomeConstraint c = outcomeConstraints.get(i);
            Optional<double[]> range = range(c.outcome());
            if (range.isPresent() && (c.bound() == OutcomeConstraint.Bound.AT_LEAST ? c.limit() > range.get()[1]
                    : c.limit() < range.get()[0])) {
                throw constraints.error("outcomes/" + i, "'" + c + "' keeps no value of " + c.outcome() + "'s range ["
                        + range.get()[0] + ", " + range.get()[1] + "]: no experiment could count");
            }
        }
    }

    /** {@code objective:} (one) or {@code objectives:} (a list of one or more), each checked at its line. */
    private static List<Objective> objectives(Options root, boolean recorded) {
        if (root.has("objective") && root.has("objectives")) {
            throw root.error("objectives", "give either 'objective' (one) or 'objectives' (a list), not both");
        }
        if (!root.has("objectives")) {
            return List.of(objective(root.child("objective"), false, recorded));
        }
        List<Options> listed = root.items("objectives");
        if (listed.isEmpty()) {
            throw root.error("objectives", "is an empty list; name at least one objective");
        }
        List<Objective> objectives = new ArrayList<>();
        for (Options o : listed) {
            Objective objective = objective(o, listed.size() > 1, recorded);
            if (objectives.stream().anyMatch(earlier -> earlier.name().equals(objective.name()))) {
                throw o.error("name", "'" + objective.name() + "' is already an objective; name each outcome once");
            }
            objectives.add(objective);
        }
        return List.copyOf(objectives);
    }

    private static Objective objective(Options objective, boolean several, boolean recorded) {
        objective.allowOnly("name", "goal", "target", "reference", "range");
        if (objective.string("name").isBlank()) {
            throw objective.error("name", "names the outcome to optimise; it cannot be empty");
        }
        String goal = objective.string("goal", "maximize");
        Objective.Goal g = switch (goal) {
            case "maximize", "maximise", "max" -> Objective.Goal.MAXIMIZE;
            case "minimize", "minimise", "min" -> Objective.Goal.MINIMIZE;
            default -> throw objective.error("goal", "must be 'maximize' or 'minimize', got '" + goal + "'");
        };
        OptionalDouble reference = objective.optionalNumber("reference");
        if (reference.isPresent() && !several) {
            throw objective.error("reference", "is the corner a Pareto front's hypervolume is measured from; with"
                    + " one objective there is no front (a reference goes with two or more objectives, listed under"
                    + " 'objectives')");
        }
        OptionalDouble target = objective.optionalNumber("target");
        if (!recorded && target.isPresent() && reference.isPresent() && (g == Objective.Goal.MAXIMIZE
                ? target.getAsDouble() <= reference.getAsDouble() : target.getAsDouble() >= reference.getAsDouble())) {
            throw objective.error("target", "is " + target.getAsDouble() + ", on the worse side of the reference "
                    + reference.getAsDouble() + ": a value there adds nothing to the front; a target lies beyond the"
                    + " reference, on the side the goal (" + goal + ") seeks");
        }
        if (objective.has("range")) {
            double[] range = range(objective);
            if (target.isPresent() && (target.getAsDouble() < range[0] || target.getAsDouble() > range[1])) {
                throw objective.error("target", "is " + target.getAsDouble() + ", outside the objective's range ["
                        + range[0] + ", " + range[1] + "]: no value can reach it");
            }
        }
        return new Objective(objective.string("name"), g, target, reference);
    }

    /** An objective's {@code range: [low, high]}, checked. */
    private static double[] range(Options objective) {
        List<Double> range = objective.numbers("range");
        if (range.stream().anyMatch(v -> !Double.isFinite(v))) {
            throw objective.error("range", "holds a number beyond what a number can hold; give finite bounds");
        }
        if (range.size() != 2 || !(range.get(0) < range.get(1))) {
            throw objective.error("range", "gives the lowest and the highest value the outcome can take, as [low,"
                    + " high] with low < high (a yield in %: [0, 100]); got " + range);
        }
        return new double[] {range.get(0), range.get(1)};
    }

    /**
     * The values an objective can take, where the scenario gives them ({@code range: [0, 100]} for a yield in %):
     * a value told by a person outside them is a typo, refused before it is on record for good.
     */
    public Optional<double[]> range(String outcome) {
        List<Options> listed = root.has("objectives") ? root.items("objectives") : List.of(root.child("objective"));
        return listed.stream().filter(o -> o.string("name", "").equals(outcome) && o.has("range")).findFirst()
                .map(Scenario::range);
    }

    /**
     * Why {@code value} cannot be {@code outcome}'s, where the scenario gives the outcome's range: "130 is outside
     * yield's range [0, 100] (the scenario's objective 'range')".
     */
    public Optional<String> outsideRange(String outcome, double value) {
        return range(outcome).filter(r -> value < r[0] || value > r[1]).map(r -> PlainNumber.of(value)
                + " is outside " + outcome + "'s range [" + PlainNumber.of(r[0]) + ", " + PlainNumber.of(r[1])
                + "] (the scenario's objective 'range')");
    }

    /** {@code constraints.parameters}: linear conditions (text) and {@code forbid:} mappings, each at its line. */
    private static List<ParameterConstraint> parameterConstraints(Options constraints) {
        Map<String, Map<String, Double>> tables = tables(constraints.child("tables"));
        List<ParameterConstraint> read = new ArrayList<>();
        JsonNode items = listed(constraints, "parameters");
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = "parameters/" + i;
            if (item.isTextual()) {
                try {
                    read.add(ParameterConstraint.parse(item.asText(), tables));
                } catch (IllegalArgumentException e) {
                    throw constraints.error(at, e.getMessage());
                }
            } else if (item.isObject()) {
                read.add(forbidden(constraints, at, item));
            } else {
                throw constraints.error(at, "write a condition ('x + y <= 1') or a mapping 'forbid: {parameter:"
                        + " level, ...}'");
            }
        }
        for (String table : tables.keySet()) {
            boolean used = read.stream().anyMatch(c -> c instanceof ParameterConstraint.Linear l
                    && l.tabled().stream().anyMatch(t -> t.table().equals(table)));
            if (!used) {
                throw constraints.child("tables").error(table, "no condition under constraints.parameters uses it;"
                        + " is a condition's name for it misspelt?");
            }
        }
        return List.copyOf(read);
    }

    private static ParameterConstraint forbidden(Options constraints, String at, JsonNode item) {
        java.util.Iterator<String> keys = item.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!key.equals("forbid")) {
                throw constraints.error(at + "/" + key, "unknown key '" + key + "'; a mapping here holds only"
                        + " 'forbid: {parameter: level or [levels], ...}'");
            }
        }
        if (!item.has("forbid") || !item.get("forbid").isObject() || item.get("forbid").isEmpty()) {
            throw constraints.error(at, "a mapping here is 'forbid: {parameter: level or [levels], ...}': levels"
                    + " never run together");
        }
        Map<String, List<String>> levels = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : item.get("forbid").properties()) {
            JsonNode v = e.getValue();
            List<String> listed = new ArrayList<>();
            for (JsonNode level : v.isArray() ? v : List.of(v)) {
                if (!level.isValueNode() || level.isNull()) {
                    throw constraints.error(at + "/forbid/" + e.getKey(), "give a level or a list of levels");
                }
                listed.add(level.isNumber() ? ParameterConstraint.Forbidden.level(level.asDouble()) : level.asText());
            }
            if (listed.isEmpty()) {
                throw constraints.error(at + "/forbid/" + e.getKey(), "is an empty list; name at least one level");
            }
            levels.put(e.getKey(), List.copyOf(listed));
        }
        return new ParameterConstraint.Forbidden("never " + String.join(" with ", levels.entrySet().stream()
                .map(e -> e.getKey() + " " + (e.getValue().size() == 1 ? e.getValue().get(0)
                        : "in " + e.getValue())).toList()), levels);
    }

    /** {@code constraints.tables}: each a mapping of levels to numbers, for conditions such as bp(solvent). */
    private static Map<String, Map<String, Double>> tables(Options tables) {
        Map<String, Map<String, Double>> read = new LinkedHashMap<>();
        for (String name : tables.keys()) {
            if (!name.matches("[A-Za-z_][A-Za-z0-9_.]*")) {
                throw tables.error(name, "a table's name is what a condition calls it by: letters, digits, '_' and"
                        + " '.', starting with a letter, got '" + name + "'");
            }
            Options table = tables.child(name);
            Map<String, Double> values = new LinkedHashMap<>();
            for (String level : table.keys()) {
                double v = table.number(level);
                if (!Double.isFinite(v)) {
                    throw table.error(level, "must be a finite number");
                }
                values.put(level, v);
            }
            if (values.isEmpty()) {
                throw tables.error(name, "is empty; give a number for each level");
            }
            read.put(name, Map.copyOf(values));
        }
        return read;
    }

    private static List<OutcomeConstraint> outcomeConstraints(Options constraints, List<Objective> objectives,
                                                              boolean recorded) {
        List<OutcomeConstraint> read = new ArrayList<>();
        JsonNode items = listed(constraints, "outcomes");
        for (int i = 0; i < items.size(); i++) {
            if (!items.get(i).isTextual()) {
                throw constraints.error("outcomes/" + i, "write a bound such as 'impurity <= 0.5'");
            }
            OutcomeConstraint c;
            try {
                c = OutcomeConstraint.parse(items.get(i).asText());
            } catch (IllegalArgumentException e) {
                throw constraints.error("outcomes/" + i, e.getMessage());
            }
            // Refused here, not found out after a whole budget spent on a campaign where nothing can count.
            for (int j = 0; j < read.size() && !recorded; j++) {
                OutcomeConstraint earlier = read.get(j);
                if (earlier.equals(c)) {
                    throw constraints.error("outcomes/" + i, "'" + items.get(i).asText() + "' is listed twice"
                            + " (outcomes." + j + ")");
                }
                if (earlier.outcome().equals(c.outcome()) && earlier.bound() != c.bound()
                        && (c.bound() == OutcomeConstraint.Bound.AT_LEAST ? c.limit() >= earlier.limit()
                        : c.limit() <= earlier.limit())) {
                    throw constraints.error("outcomes/" + i, c.limit() == earlier.limit()
                            ? "with '" + items.get(j).asText() + "' (outcomes." + j + ") it holds " + c.outcome()
                            + " at " + c.limit() + " exactly: an outcome cannot be held equal to a value; bound it on"
                            + " one side" : "no value of " + c.outcome() + " keeps both '" + items.get(j).asText()
                            + "' (outcomes." + j + ") and '" + items.get(i).asText() + "'");
                }
            }
            for (Objective g : objectives) {
                if (!recorded && g.name().equals(c.outcome())) {
                    fitsObjective(constraints, "outcomes/" + i, items.get(i).asText(), c, g);
                }
            }
            read.add(c);
        }
        return List.copyOf(read);
    }

    /**
     * A bound on an objective must leave it a value that reaches its target and one on the better side of its
     * reference (else no feasible experiment could stop the campaign, or add to the front).
     */
    private static void fitsObjective(Options constraints, String at, String text, OutcomeConstraint c, Objective g) {
        boolean atMost = c.bound() == OutcomeConstraint.Bound.AT_MOST;
        boolean maximised = g.goal() == Objective.Goal.MAXIMIZE;
        if (g.target().isPresent() && (maximised ? atMost && c.limit() < g.target().getAsDouble()
                : !atMost && c.limit() > g.target().getAsDouble())) {
            throw constraints.error(at, "'" + text + "' leaves " + g.name() + " no value that reaches its target "
                    + g.target().getAsDouble());
        }
        if (g.reference().isPresent() && (maximised ? atMost && c.limit() <= g.reference().getAsDouble()
                : !atMost && c.limit() >= g.reference().getAsDouble())) {
            throw constraints.error(at, "'" + text + "' leaves " + g.name() + " only values on the worse side of its"
                    + " reference " + g.reference().getAsDouble() + ": no experiment that keeps it could add to the"
                    + " front");
        }
    }

    private static JsonNode listed(Options options, String key) {
        JsonNode items = options.json().path(key);
        if (items.isMissingNode() || items.isNull()) {
            return com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.arrayNode();
        }
        if (!items.isArray()) {
            throw options.error(key, "must be a list");
        }
        return items;
    }

    private static OptionalDouble positive(Options options, String key) {
        OptionalDouble value = options.optionalNumber(key);
        if (value.isPresent() && !(value.getAsDouble() > 0)) {
            throw options.error(key, "must be a positive number, got " + value.getAsDouble());
        }
        return value;
    }

    private static Map<String, Lookup> lookups(Options lookups) {
        Map<String, Lookup> declared = new LinkedHashMap<>();
        for (String name : lookups.keys()) {
            if (!name.matches("[a-z][a-z0-9_]{0,39}")) {
                throw lookups.error(name, "a lookup's name is what the planner calls it by: lower-case letters,"
                        + " digits and '_', starting with a letter, got '" + name + "'");
            }
            Options lookup = lookups.child(name);
            lookup.allowOnly("tool", "with");
            declared.put(name, new Lookup(lookup.string("tool"), lookup.child("with")));
        }
        return declared;
    }

    private static ParameterSpace space(Options space) {
        List<Parameter> parameters = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : space.json().properties()) {  // in the file's order
            String name = entry.getKey();
            Options p = space.child(name);
            String type = p.string("type");
            try {
                parameters.add(switch (type) {
                    case "continuous" -> {
                        p.allowOnly("type", "low", "high", "unit");
                        yield new Parameter.Continuous(name, p.number("low"), p.number("high"), p.string("unit", ""));
                    }
                    case "discrete" -> {
                        p.allowOnly("type", "values", "unit");
                        yield new Parameter.Discrete(name, p.numbers("values"), p.string("unit", ""));
                    }
                    case "categorical" -> {
                        p.allowOnly("type", "levels");
                        yield new Parameter.Categorical(name, p.strings("levels"));
                    }
                    default -> throw p.error("type",
                            "must be 'continuous', 'discrete' or 'categorical', got '" + type + "'");
                });
            } catch (IllegalArgumentException e) {
                throw p.errorHere(e.getMessage());
            }
        }
        if (parameters.isEmpty()) {
            throw space.errorHere("needs at least one parameter");
        }
        return new ParameterSpace(parameters);
    }
}
