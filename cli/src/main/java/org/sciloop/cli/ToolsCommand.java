package org.sciloop.cli;

import java.util.concurrent.Callable;
import org.sciloop.core.campaign.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "tools", description = "List the tools found on the class path.")
final class ToolsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Registry.tools().all().forEach(t -> spec.commandLine().getOut().printf("%-20s %s%n", t.name(), t.summary()));
        return ExitCode.OK;
    }
}
