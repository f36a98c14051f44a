package org.sciloop.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.sciloop.core.InputException;
import org.sciloop.core.campaign.PeopleInput;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "tell", description = {
        "Record the results of experiments run by hand, then hand out the planner's next batch.",
        "From a file shaped like pending.csv (id, settings, outcomes, failed), or one result with --id."})
final class TellCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "the run folder of a campaign run by hand")
    Path runDir;

    @Parameters(index = "1", arity = "0..1", paramLabel = "RESULTS", description = {
            "a CSV of results: an 'id' column (empty for a historical experiment), any settings that differ"
                    + " from those proposed, the outcomes, and 'failed' with a reason for one that failed"})
    Path results;

    @Option(names = "--id", paramLabel = "EXP", description = "one experiment's id, instead of a file")
    String id;

    @Option(names = "--value", paramLabel = "NAME=VALUE", description = "an outcome or a setting as run (with --id;"
            + " repeatable)")
    List<String> values = List.of();

    @Option(names = "--failed", paramLabel = "REASON", description = "the experiment failed, for this reason (with --id)")
    String failed;

    @Option(names = "--repeats", description = "accept historical rows identical to experiments already on record"
            + " (by default refused: most often a file told twice)")
    boolean repeats;

    @Option(names = "--as", paramLabel = "NAME", description = "who ran and measured it (default: the login name,"
            + " ${sys:user.name})")
    String person = System.getProperty("user.name");

    @Override
    public Integer call() {
        if ((results == null) == (id == null)) {
            throw new InputException("give a results file or --id (with --value or --failed), one of the two");
        }
        if (id == null && (!values.isEmpty() || failed != null)) {
            throw new InputException("--value and --failed go with --id, not with a results file");
        }
        UserConfig.knownPerson("--as", person);
        Map<String, String> given = new LinkedHashMap<>();
        for (String v : values) {
            String[] nv = v.split("=", 2);
            if (nv.length != 2 || nv[0].isBlank()) {
                throw new InputException("--value " + v + ": write NAME=VALUE, e.g. --value yield=81.2");
            }
            if (given.put(nv[0].strip(), nv[1].strip()) != null) {
                throw new InputException("--value " + nv[0] + " is given twice");
            }
        }
        if (failed != null && failed.isBlank()) {
            throw new InputException("--failed: say why it failed, for whoever reads the record");
        }
        if (id != null && given.isEmpty() && failed == null) {
            throw new InputException("--id " + id + ": give its outcome with --value NAME=VALUE, or --failed REASON");
        }
        return new CampaignLauncher(spec.commandLine().getOut(), spec.commandLine().getErr()).resume(runDir, false,
                (history, campaign) -> {
                    if (!campaign.scenario().manual()) {
                        throw new InputException(runDir + ": its experiments are run by tool '"
                                + campaign.scenario().tool() + "', not by hand; results are told only to a"
                                + " campaign started with tool 'manual' or 'sciloop run --manual'");
                    }
                    return PeopleInput.told(UserConfig.personalKey(person), results != null
                            ? ManualResults.read(results, history, campaign, person, repeats)
                            : ManualResults.one(id, given, failed, history, campaign, person, repeats));
                }, "it takes no more results. Start a new campaign and bring these in as historical experiments"
                        + " (rows with an empty id and an empty campaign cell).");
    }
}
