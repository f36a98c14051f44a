package org.sciloop.tools.kinetics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sciloop.core.IoReason;

/**
 * The kinetics model as an external simulation code, the way a runner meets one: it reads its conditions
 * from a JSON file and writes its results to another, and it says what went wrong on stderr with a non-zero
 * exit code.
 * <pre>
 *   java -cp CLASSPATH org.sciloop.tools.kinetics.KineticsSimulation input.json output.json
 *   input:  {"temperature_c": 105, "residence_time_min": 30, "equivalents_b": 1.4, "catalyst_mol_pct": 5}
 *   output: {"yield_pct": 76.3, "conversion_pct": ..., "selectivity_pct": ..., ...}
 * </pre>
 * Exit codes: 0 done, 2 bad input (usage, unreadable or malformed file, conditions the model does not cover),
 * 3 the output could not be written.
 */
public final class KineticsSimulation {
    private static final ObjectMapper JSON = new ObjectMapper();

    private KineticsSimulation() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 2) {
            err.println("usage: KineticsSimulation INPUT.json OUTPUT.json");
            return 2;
        }
        KineticsModel.Conditions conditions;
        try {
            JsonNode input = JSON.readTree(Path.of(args[0]).toFile());
            conditions = new KineticsModel.Conditions(number(input, "temperature_c"),
                    number(input, "residence_time_min"), number(input, "equivalents_b"),
                    number(input, "catalyst_mol_pct"));
        } catch (IOException e) {
            err.println("cannot read " + args[0] + ": " + IoReason.of(e));
            return 2;
        } catch (IllegalArgumentException e) {
            err.println(args[0] + ": " + e.getMessage());
            return 2;
        }
        KineticsModel.Outcome outcome = new KineticsModel().run(conditions);
        Map<String, Double> results = new LinkedHashMap<>();
        results.put("yield_pct", outcome.yieldPct());
        results.put("conversion_pct", outcome.conversionPct());
        results.put("selectivity_pct", outcome.selectivityPct());
        results.put("over_reacted_pct", outcome.overReactedPct());
        results.put("decomposed_pct", outcome.decomposedPct());
        ObjectNode output = JSON.createObjectNode();
        results.forEach(output::put);
        try {
            Files.writeString(Path.of(args[1]), JSON.writerWithDefaultPrettyPrinter().writeValueAsString(output));
        } catch (IOException e) {
            err.println("cannot write " + args[1] + ": " + IoReason.of(e));
            return 3;
        }
        out.printf("yield %.2f %% (conversion %.2f %%, selectivity %.2f %%)%n", outcome.yieldPct(),
                outcome.conversionPct(), outcome.selectivityPct());
        return 0;
    }

    private static double number(JsonNode input, String name) {
        JsonNode value = input.get(name);
        if (value == null || !value.isNumber()) {
            throw new IllegalArgumentException("'" + name + "' must be a number, got "
                    + (value == null ? "nothing" : value.toString()));
        }
        return value.asDouble();
    }
}
