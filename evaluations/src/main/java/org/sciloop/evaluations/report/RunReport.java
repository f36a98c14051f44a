package org.sciloop.evaluations.report;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.model.ParetoFront;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;
import org.sciloop.core.trace.TraceEvent;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVerification;
import org.sciloop.evaluations.metrics.RunMetrics;

/** The report of one campaign, from its trace. */
public final class RunReport {
    /** Rows of the experiment table beyond which the table is cut (the trace has them all). */
    static final int MAX_ROWS = 500;

    /**
     * @param records the trace's intact lines
     * @param verification what verifying the trace found
     * @param objectives, space the campaign's, as recorded (one objective, or several traded off)
     * @param outcomeConstraints the bounds an experiment's outcomes must keep for it to count
     * @param optimum the best value the tool can give for the first objective, when known
     */
    public record Input(CampaignHistory history, TraceVerification.Result verification, List<Objective> objectives,
                        List<OutcomeConstraint> outcomeConstraints, ParameterSpace space, OptionalDouble optimum) {

        /** The first objective: the only one, or the one the convergence plot follows. */
        public Objective objective() {
            return objectives.get(0);
        }

        public List<TraceRecord> records() {
            return history.records();
        }

        /** The latest version of each hypothesis in the trace. */
        public List<Hypothesis> hypotheses() {
            return history.hypotheses();
        }
    }

    private RunReport() {
    }

    public static Document build(Input in) {
        var started = in.history().started();
        RunMetrics m = RunMetrics.of(in.records(), in.objective(), in.outcomeConstraints(), in.optimum());
        List<Observation> observations = in.history().observations();
        Document doc = new Document("Campaign report: " + started.scenario() + " with " + started.planner()
                + ", seed " + started.seed());

        doc.paragraph(summary(in, started, m, observations));
        doc.heading("Trace integrity").paragraph(Figures.integrity(in.verification()));

        doc.heading("Metrics").table(List.of("metric", "value"), metrics(m, in.objectives().size() > 1), null);
        doc.figure(new Document.Figure("convergence.png", "Convergence: each experiment's " + in.objective().name()
                + " and the best so far", Charts.convergence(m, "Convergence")));

        if (in.objectives().size() > 1) {
            front(doc, in, observations);
        }

        doc.heading("Outcome against each parameter");
        for (Parameter p : in.space().parameters()) {
            doc.figure(new Document.Figure("parameter-" + safe(p.name()) + ".png", in.objective().name() + " against "
                    + p.name() + (p instanceof Parameter.Categorical ? " (best and mean per level tried)" : ""),
                    Charts.parameterView(p, observations, in.objective())));
        }

        doc.heading("Hypotheses");
        if (in.hypotheses().isEmpty()) {
            doc.paragraph("No hypotheses recorded: planner " + started.planner() + " states none.");
        } else {
            doc.table(List.of("id", "version", "statement", "status", "confidence", "test", "evidence", "author"),
                    in.hypotheses().stream().map(h -> List.of(h.id(), String.valueOf(h.version()), h.statement(),
                            h.status().name(), Figures.number(h.confidence()), test(h.assessment()),
                            evidence(h.evidence()), String.valueOf(h.author()))).toList(),
                    "The test behind each status: the effect, its 95 % interval where it has one, the p-value and"
                            + " the q-value after false-discovery control across every hypothesis tested with it.");
        }

        doc.heading("Experiments");
        experiments(doc, in, observations);
        return doc;
    }

    /**
     * Several objectives: the Pareto front (a table, and for the first two objectives a scatter of every
     * experiment with the front's staircase) and the hypervolume after each experiment.
     */
    private static void front(Document doc, Input in, List<Observation> observations) {
        List<Objective> objectives = in.objectives();
        ParetoFront front = ParetoFront.of(objectives, in.outcomeConstraints(), observations);
        double[] reference = front.referenceOrInferred(observations);
        List<String> inferred = ParetoFront.unreferenced(objectives);
        doc.heading("Pareto front");
        List<String> at = new ArrayList<>();
        for (int k = 0; k < objectives.size(); k++) {
            at.add(objectives.get(k).name() + " " + Figures.number(reference[k]));
        }
        doc.paragraph(front.members().size() + " of " + observations.size() + " experiments are on the front:"
                + " no other experiment is better on every objective at once. Its hypervolume, from the reference"
                + " point (" + String.join(", ", at) + (inferred.isEmpty() ? "" : "; inferred from the experiments for "
                + String.join(", ", inferred) + ", as the scenario gives none") + "), is "
                + Figures.number(front.hypervolume(reference)) + "." + (front.members().isEmpty()
                ? " No experiment " + (in.outcomeConstraints().isEmpty()
                || observations.stream().noneMatch(o -> o.status() == Observation.Status.OK) ? "succeeded"
                : "kept the outcome constraints ("
                + String.join(", ", in.outcomeConstraints().stream().map(Object::toString).toList()) + ")")
                + ", so there is no front yet."
                : front.hypervolume(reference) == 0
                ? " No experiment lies beyond the reference point on every objective: is each reference on the worse"
                + " side of the values?" : front.outside(reference).isEmpty() ? ""
                : " Of its members, " + String.join(", ", front.outside(reference).stream()
                .map(Observation::experimentId).toList()) + " lie no better than the reference on some objective,"
                + " so they add nothing to it."));
        List<String> headers = new ArrayList<>(List.of("id"));
        objectives.forEach(o -> headers.add(o.name() + (o.goal() == Objective.Goal.MAXIMIZE ? " (max)" : " (min)")));
        headers.add("settings");
        Objective first = objectives.get(0);
        doc.table(headers, front.members().stream().sorted(java.util.Comparator.comparingDouble(o -> -first.maximised(
                o.outcome(first.name()).getAsDouble()))).map(o -> {
            List<String> row = new ArrayList<>(List.of(o.experimentId()));
            objectives.forEach(g -> row.add(Figures.number(o.outcome(g.name()).getAsDouble())));
            row.add(o.settings().values().toString());
            return row;
        }).toList(), null);
        doc.figure(new Document.Figure("front.png", objectives.get(1).name() + " against " + objectives.get(0).name()
                + ": every experiment, the front and the reference point"
                + (objectives.size() > 2 ? " (the front on all " + objectives.size() + " objectives, seen from two)"
                : ""), Charts.front(objectives, in.outcomeConstraints(), observations, front.members(), reference)));
        if (objectives.size() > 2 && !front.members().isEmpty()) {
            doc.figure(new Document.Figure("front-parallel.png", "The front on every objective: a line per member"
                    + (front.members().size() > Charts.PARALLEL_MOST ? " (the first " + Charts.PARALLEL_MOST + ")"
                    : "") + ", each objective scaled from the front's worst (0) to its best (1)",
                    Charts.parallel(objectives, front.members())));
        }
        doc.figure(new Document.Figure("hypervolume.png", "The front's hypervolume after each experiment",
                Charts.hypervolume(ParetoFront.hypervolumeSoFar(objectives, in.outcomeConstraints(), observations,
                        reference))));
    }

    private static String test(org.sciloop.core.hypothesis.Assessment a) {
        if (a == null) {
            return "-";
        }
        return Figures.number(a.estimate()) + (a.low() == null ? "" : " [" + Figures.number(a.low()) + ", "
                + Figures.number(a.high()) + "]") + ", p " + Figures.number(a.pValue()) + ", q "
                + Figures.number(a.qValue()) + " (" + a.test() + ")";
    }

    private static String evidence(List<String> ids) {
        return ids.size() <= 5 ? String.join(", ", ids)
                : ids.get(0) + " ... " + ids.get(ids.size() - 1) + " (" + ids.size() + " observations)";
    }

    private static String summary(Input in, TraceEvent.CampaignStarted started, RunMetrics m,
                                  List<Observation> observations) {
        String goals = String.join(", ", in.objectives().stream().map(g -> (g.goal() == Objective.Goal.MAXIMIZE
                ? "maximise " : "minimise ") + g.name()).toList());
        StringBuilder s = new StringBuilder("Scenario ").append(started.scenario()).append(" (").append(started.source())
                .append("), tool ").append(started.tool()).append(", planner ").append(started.planner())
                .append(", seed ").append(started.seed()).append(", budget ").append(started.budget())
                .append(" in batches of ").append(started.batch()).append("; ").append(goals)
                .append(in.objectives().size() > 1 ? " (a Pareto front, below)" : "").append(". Campaign ").append(in.records().get(0).campaign())
                .append(", started ").append(in.records().get(0).time()).append(". ");
        if (!in.outcomeConstraints().isEmpty()) {
            s.append("An experiment counts only if it keeps ").append(String.join(" and ", in.outcomeConstraints()
                    .stream().map(Object::toString).toList())).append(": ").append(observations.stream()
                    .filter(o -> o.status() == Observation.Status.OK && feasible(in, o)).count()).append(" of ")
                    .append(observations.size()).append(" did. ");
        }
        Optional<TraceEvent.CampaignFinished> finished = in.history().finished();
        if (finished.isPresent()) {
            TraceEvent.CampaignFinished f = finished.get();
            s.append("Stopped: ").append(f.stopReason()).append(" (").append(f.detail()).append(") after ")
                    .append(f.experiments()).append(" experiments. ");
        } else if (in.history().pause().isPresent()) {
            s.append("The campaign is paused (").append(in.history().pause().get().reason()).append(") after ")
                    .append(observations.size()).append(" experiments. ");
        } else {
            s.append("The campaign did not finish (interrupted or still running) after ").append(observations.size())
                    .append(" experiments. ");
        }
        List<Observation> feasible = observations.stream()
                .filter(o -> feasible(in, o)).toList();
        best(feasible, in.objective()).filter(b -> in.objectives().size() == 1).ifPresent(b -> s.append("Best ")
                .append(in.objective().name())
                .append(' ').append(Figures.number(b.outcome(in.objective().name()).getAsDouble())).append(" (")
                .append(b.experimentId()).append(": ").append(b.settings()).append(").")) ;
        return s.toString();
    }

    private static java.util.Optional<Observation> best(List<Observation> observations, Objective objective) {
        Observation best = null;
        for (Observation o : observations) {
            OptionalDouble v = o.outcome(objective.name());
            if (v.isPresent() && (best == null
                    || objective.isBetter(v.getAsDouble(), best.outcome(objective.name()).getAsDouble()))) {
                best = o;
            }
        }
        return java.util.Optional.ofNullable(best);
    }

    /** With several objectives, the first's best, regret and target say nothing of the front: left out. */
    private static List<List<String>> metrics(RunMetrics m, boolean severalObjectives) {
        List<List<String>> rows = new ArrayList<>();
        rows.add(List.of("experiments run", String.valueOf(m.experiments())));
        rows.add(List.of("failed experiments", String.valueOf(m.failed())));
        rows.add(List.of("experiments denied by the safety policy", String.valueOf(m.denied())));
        if (!severalObjectives) {
            rows.add(List.of("best " + m.objective().name(), Figures.number(m.best())));
            rows.add(List.of("best possible (known to the tool)", Figures.number(m.optimum())));
            rows.add(List.of("simple regret at the end", m.regret().map(r -> r.length == 0 ? "-"
                    : Figures.number(r[r.length - 1])).orElse("- (optimum unknown)")));
            OptionalDouble target = m.objective().target();
            rows.add(target.isPresent()
                    ? List.of("experiments to target (" + Figures.number(target) + ")",
                    Figures.toTarget(m.experimentsToTarget()))
                    : List.of("experiments to target", "- (no target)"));
            rows.add(List.of("area under the best-so-far curve, per experiment", Figures.number(m.meanBestSoFar())));
        }
        rows.add(List.of("tool time per experiment (median / max)", Figures.seconds(RunMetrics.median(m.toolSeconds()))
                + " / " + Figures.seconds(max(m.toolSeconds()))));
        rows.add(List.of("planning time per round (median / max)", Figures.seconds(RunMetrics.median(m.planningSeconds()))
                + " / " + Figures.seconds(max(m.planningSeconds()))));
        rows.add(List.of("language-model tokens", m.llmTokens().isPresent() ? String.valueOf(m.llmTokens().getAsInt())
                : "none recorded"));
        return rows;
    }

    private static double max(double[] values) {
        return java.util.Arrays.stream(values).max().orElse(Double.NaN);
    }

    private static void experiments(Document doc, Input in, List<Observation> observations) {
        List<String> headers = new ArrayList<>(List.of("#", "id"));
        in.space().parameters().forEach(p -> headers.add(p.name()));
        in.objectives().forEach(g -> headers.add(g.name()));
        List<String> bounded = in.outcomeConstraints().stream().map(OutcomeConstraint::outcome).distinct()
                .filter(n -> in.objectives().stream().noneMatch(g -> g.name().equals(n))).toList();
        headers.addAll(bounded);
        headers.addAll(List.of("status", "recorded by", "rationale"));
        List<List<String>> rows = new ArrayList<>();
        for (int i = 0; i < Math.min(observations.size(), MAX_ROWS); i++) {
            Observation o = observations.get(i);
            List<String> row = new ArrayList<>(List.of(String.valueOf(i + 1), o.experimentId()));
            in.space().parameters().forEach(p -> {
                Object v = o.settings().get(p.name());
                row.add(v instanceof Number n ? Figures.number(n.doubleValue()) : String.valueOf(v));
            });
            in.objectives().forEach(g -> row.add(Figures.number(o.outcome(g.name()))));
            bounded.forEach(n -> row.add(Figures.number(o.outcome(n))));
            row.add(o.status() != Observation.Status.OK ? "failed: " + o.detail() : feasible(in, o) ? "ok"
                    : "infeasible: breaks " + String.join(" and ", OutcomeConstraint.brokenBy(in.outcomeConstraints(), o)
                    .stream().map(Object::toString).toList()));
            row.add(recordedBy(o));
            row.add(in.history().planned(o.experimentId()).map(e -> e.rationale() == null ? "" : e.rationale())
                    .orElse(""));
            rows.add(row);
        }
        doc.table(headers, rows, observations.size() > MAX_ROWS
                ? "first " + MAX_ROWS + " of " + observations.size() + " experiments; the trace holds them all" : null);
    }

    private static boolean feasible(Input in, Observation o) {
        return OutcomeConstraint.allMetBy(in.outcomeConstraints(), o);
    }

    /** Who the result is from: a person who told it (and how it relates to the proposal), or the tool. */
    private static String recordedBy(Observation o) {
        String by = o.tool() == null ? "" : o.tool();
        if (!by.startsWith("person:")) {
            return by;
        }
        String how = o.detail().startsWith("run by hand as proposed") || o.status() != Observation.Status.OK ? ""
                : " (" + o.detail() + ")";
        return by.substring("person:".length()) + how;
    }

    private static String safe(String name) {
        return name.replaceAll("[^A-Za-z0-9_-]", "_");
    }
}
