package org.sciloop.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "resume", description = {
        "Continue an interrupted campaign from its trace: no experiment repeated, none lost.",
        "Calls that were in flight are settled with the tool first; an actuation is never re-issued blindly."})
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "the run folder (or its trace.jsonl)")
    Path runDir;

    @Option(names = "--accept-changed-data", description = {
            "Go on although a data file the campaign reads (a table, a profile) changed since it last read it;"
                    + " the new fingerprints are recorded in the trace."})
    boolean acceptChangedData;

    @Option(names = "--as", paramLabel = "NAME", description = "who resumes it, for the record (default: nobody named)")
    String person;

    @Override
    public Integer call() {
        if (person != null) {
            UserConfig.knownPerson("--as", person);
        }
        return new CampaignLauncher(spec.commandLine().getOut(), spec.commandLine().getErr()).resume(runDir,
                acceptChangedData, person);
    }
}
