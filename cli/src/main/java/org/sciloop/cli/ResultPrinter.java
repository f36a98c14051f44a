package org.sciloop.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.sciloop.core.campaign.CampaignResult;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.model.Settings;

/** The short table printed when a campaign ends. */
final class ResultPrinter {
    private static final int TOP = 5;

    private ResultPrinter() {
    }

    static void print(PrintWriter out, CampaignResult result, String scenario, String planner, long seed,
                      Path runDir) {
        int denied = result.state().denied();
        Objective objective = result.state().objective();
        List<Observation> observations = result.state().observations();
        long failed = observations.stream().filter(o -> o.status() == Observation.Status.FAILED).count();
        out.printf("%nscenario     %s (planner %s, seed %d)%n", scenario, planner, seed);
        out.printf("stopped      %s: %s%n", result.stopReason(), result.detail());
        out.printf("experiments  %d run, %d failed, %d denied by the safety policy%n",
                observations.size(), failed, denied);
        List<org.sciloop.core.model.OutcomeConstraint> constraints = result.state().outcomeConstraints();
        if (!constraints.isEmpty()) {
            long feasible = observations.stream().filter(o -> o.status() == Observation.Status.OK
                    && result.state().feasible(o)).count();
            out.printf("feasible     %d of %d experiments keep %s%n", feasible, observations.size(),
                    String.join(" and ", constraints.stream().map(Object::toString).toList()));
        }
        if (result.state().objectives().size() > 1) {
            printFront(out, result.state().objectives(), result.state().front(), observations);
        } else {
            printBest(out, objective, observations.stream().filter(result.state()::feasible).toList());
        }
        out.printf("%ntrace        %s%nsummary      %s%n", runDir.resolve(CampaignFiles.TRACE),
                runDir.resolve(CampaignFiles.SUMMARY));
        out.flush();
    }

    /** The Pareto front, in order of the first objective, best first, and its hypervolume. */
    private static void printFront(PrintWriter out, List<Objective> objectives, ParetoFront front,
                                   List<Observation> observations) {
        if (front.members().isEmpty()) {
            return;
        }
        double[] reference = front.referenceOrInferred(observations);
        List<String> at = new java.util.ArrayList<>();
        for (int k = 0; k < objectives.size(); k++) {
            at.add(objectives.get(k).name() + " " + number(reference[k]));
        }
        out.printf("%nPareto front: %d of %d experiments, hypervolume %s from the reference point (%s%s)%n",
                front.members().size(), observations.size(), number(front.hypervolume(reference)), String.join(", ", at),
                ParetoFront.unreferenced(objectives).isEmpty() ? "" : "; inferred for "
                        + String.join(", ", ParetoFront.unreferenced(objectives)) + ": the scenario gives none");
        if (front.hypervolume(reference) == 0) {
            out.println("note: no experiment lies beyond the reference point on every objective, so the hypervolume"
                    + " is 0; check that each reference is on the worse side of the values (and each goal's"
                    + " direction)");
        }
        StringBuilder header = new StringBuilder(String.format("  %-9s", "id"));
        objectives.forEach(g -> header.append(String.format(" %12s", g.name() + (g.goal() == Objective.Goal.MAXIMIZE
                ? " ^" : " v"))));
        out.println(header + "  settings");
        Objective first = objectives.get(0);
        Comparator<Observation> order = Comparator.comparingDouble(o -> -first.maximised(
                o.outcome(first.name()).getAsDouble()));
        for (Observation o : front.members().stream().sorted(order).toList()) {
            StringBuilder row = new StringBuilder(String.format("  %-9s", o.experimentId()));
            objectives.forEach(g -> row.append(String.format(" %12s", number(o.outcome(g.name()).getAsDouble()))));
            out.println(row + "  " + settings(o.settings()));
        }
        List<Observation> outside = front.outside(reference);
        if (!outside.isEmpty() && outside.size() < front.members().size()) {
            out.printf("(%s: no better than the reference on some objective, so %s nothing to the hypervolume)%n",
                    String.join(", ", outside.stream().map(Observation::experimentId).toList()),
                    outside.size() == 1 ? "it adds" : "they add");
        }
    }

    private static void printBest(PrintWriter out, Objective objective, List<Observation> observations) {
        Comparator<Observation> best = Comparator.comparingDouble(o -> o.outcome(objective.name()).getAsDouble());
        if (objective.goal() == Objective.Goal.MAXIMIZE) {
            best = best.reversed();
        }
        List<Observation> top = observations.stream().filter(o -> o.outcome(objective.name()).isPresent())
                .sorted(best).limit(TOP).toList();
        if (!top.isEmpty()) {
            out.printf("%nbest %d by %s (%s):%n", top.size(), objective.name(), objective.goal().name().toLowerCase());
            out.printf("  %-9s %12s  %s%n", "id", objective.name(), "settings");
            for (Observation o : top) {
                out.printf("  %-9s %12s  %s%n", o.experimentId(), number(o.outcome(objective.name()).getAsDouble()),
                        settings(o.settings()));
            }
        }
    }

    /**
     * Settings with numbers shortened for reading; the trace and summary keep them exact. A level that holds the
     * separator, a quote or a line break is quoted, a break written as \n, so one row stays one line (a tester).
     */
    private static String settings(Settings settings) {
        StringBuilder text = new StringBuilder();
        settings.values().forEach((name, value) -> text.append(text.length() == 0 ? "" : ", ").append(name).append('=')
                .append(value instanceof Double d ? number(d) : level(String.valueOf(value))));
        return text.toString();
    }

    private static String level(String level) {
        if (!level.matches("(?s).*[,\"\\r\\n\\t=].*")) {
            return level;
        }
        return '"' + level.replace("\\", "\\\\").replace("\"", "\\\"").replace("\r", "\\r").replace("\n", "\\n")
                .replace("\t", "\\t") + '"';
    }

    static String number(double v) {
        return Math.abs(v) >= 1e5 || (v != 0 && Math.abs(v) < 1e-3) ? String.format(Locale.ROOT, "%.4g", v)
                : String.format(Locale.ROOT, "%.4f", v)
                .replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
