package org.sciloop.cli;

import java.util.concurrent.Callable;
import org.sciloop.core.campaign.Registry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "planners", description = "List the planners found on the class path.")
final class PlannersCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Registry.planners().all().forEach(p -> spec.commandLine().getOut().printf("%-10s %s%n", p.name(), p.summary()));
        return ExitCode.OK;
    }
}
