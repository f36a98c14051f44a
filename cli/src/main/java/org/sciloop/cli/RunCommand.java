package org.sciloop.cli;

import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Callable;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.Registry;
import org.sciloop.core.planner.PlannerFactory;
import org.sciloop.core.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "run", description = "Run a campaign: a built-in scenario by name, or a scenario YAML file.")
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "SCENARIO", description = "built-in name (see 'sciloop scenarios') or path to a YAML file")
    String scenario;

    @Option(names = "--planner", paramLabel = "NAME", description = "planner to use instead of the scenario's")
    String planner;

    @Option(names = "--model", paramLabel = "PROVIDER:MODEL", description = {
            "the language model of an llm or llm+bo planner, e.g. openai:gpt-4o, ollama:qwen2.5:14b,",
            "anthropic:claude-sonnet-4-5 (credentials from OPENAI_API_KEY / OPENAI_BASE_URL, OLLAMA_BASE_URL,",
            "ANTHROPIC_API_KEY)"})
    String model;

    @Option(names = "--seed", paramLabel = "N", description = "random seed (default: ${DEFAULT-VALUE})",
            defaultValue = "1")
    long seed;

    @Option(names = "--budget", paramLabel = "N", description = "experiments to run instead of the scenario's")
    Integer budget;

    @Option(names = "--batch", paramLabel = "N", description = "experiments per round instead of the scenario's")
    Integer batch;

    @Option(names = "--out", paramLabel = "DIR", description = "run folder (default: runs/<scenario>-<UTC time>)")
    Path out;

    @Option(names = "--dry-run", description = "propose and check the first batch, trace what each experiment would"
            + " send to the instrument, and send nothing")
    boolean dryRun;

    @Option(names = "--manual", description = {"people run the experiments: each batch is written to"
            + " RUN_DIR/pending.csv and the campaign pauses until 'sciloop tell' records the results"})
    boolean manual;

    @Option(names = "--approval", paramLabel = "WHICH", description = {"which experiments wait for a person's"
            + " approval, instead of the scenario's 'approval:': none, actuations, model or all"})
    String approval;

    @Option(names = "--as", paramLabel = "NAME", description = "who starts it, for the record (default: nobody named)")
    String person;

    @Override
    public Integer call() {
        Arguments.positive("--budget", budget);
        Arguments.positive("--batch", batch);
        if (out != null && out.toString().isBlank()) {
            throw new InputException("--out: an empty path; name the run folder, or leave --out out for"
                    + " runs/<scenario>-<UTC time>");
        }
        if (person != null) {
            UserConfig.knownPerson("--as", person);
        }
        Scenario loaded = scenario(scenario, planner, budget, batch, model, manual, approval);
        return new CampaignLauncher(spec.commandLine().getOut(), spec.commandLine().getErr()).start(loaded, seed, out,
                dryRun, person);
    }

    /**
     * The scenario as {@code run} would start it: read, with the overrides given (each null or false leaves
     * the scenario's own), checked. The lab service checks a submission with it too.
     */
    static Scenario scenario(String scenario, String planner, Integer budget, Integer batch, String model,
                             boolean manual, String approval) {
        Registry<PlannerFactory> planners = Registry.planners();
        if (planner != null && planners.find(planner).isEmpty()) {
            // The user's option, not the scenario file, is what names it.
            throw new InputException("--planner: unknown planner '" + planner + "'; known planners: "
                    + String.join(", ", planners.names()));
        }
        Scenario loaded = Scenario.read(ScenarioCatalog.locate(scenario)).withOverrides(Optional.ofNullable(planner),
                budget == null ? OptionalInt.empty() : OptionalInt.of(budget),
                batch == null ? OptionalInt.empty() : OptionalInt.of(batch));
        if (model != null) {
            String named = loaded.planner();
            if (planners.find(named).filter(f -> f.options().contains("model")).isEmpty()) {
                throw new InputException("--model: planner '" + named + "' takes no language model; the planners"
                        + " that do: " + String.join(", ", planners.all().stream()
                        .filter(f -> f.options().contains("model")).map(PlannerFactory::name).toList()));
            }
            loaded = loaded.edited(doc -> doc.withObjectProperty("planner").withObjectProperty("options")
                    .put("model", model));
        }
        if (manual) {
            loaded = loaded.runByHand();
        }
        if (approval != null) {
            java.util.Set<String> modes = java.util.Set.of("none", "actuations", "model", "all");
            if (!modes.contains(approval)) {
                throw new InputException("--approval " + approval + ": give none, actuations, model or all");
            }
            loaded = loaded.edited(doc -> doc.put("approval", approval));
        }
        return loaded;
    }
}
