package org.sciloop.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.sciloop.core.config.ScenarioLocation;
import org.sciloop.core.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "scenarios", description = "List the built-in scenarios.")
final class ScenariosCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        for (String name : ScenarioCatalog.builtIns()) {
            Scenario s = Scenario.read(new ScenarioLocation.BuiltIn(name));
            String goals = String.join(" and ", s.objectives().stream().map(o -> o.goal().name().toLowerCase() + " "
                    + o.name()).toList());
            out.printf("%-18s %s; %s, planner %s, %d experiments%n", name, goals, s.tool(), s.planner(),
                    s.budget().experiments());
            for (String line : wrap(s.description().strip().replaceAll("\\s+", " "), 80)) {
                out.printf("%-18s %s%n", "", line);
            }
        }
        return ExitCode.OK;
    }

    private static java.util.List<String> wrap(String text, int width) {
        java.util.List<String> lines = new java.util.ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            if (line.length() > 0 && line.length() + 1 + word.length() > width) {
                lines.add(line.toString());
                line.setLength(0);
            }
            line.append(line.length() > 0 ? " " : "").append(word);
        }
        if (line.length() > 0) {
            lines.add(line.toString());
        }
        return lines;
    }
}
