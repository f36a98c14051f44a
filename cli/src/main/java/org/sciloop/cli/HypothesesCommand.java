package org.sciloop.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.hypothesis.Assessment;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.trace.DamagedTraceException;
import org.sciloop.core.trace.TraceRecord;
import org.sciloop.core.trace.TraceVerification;
import org.sciloop.memory.graph.KnowledgeGraph.Node;
import org.sciloop.memory.graph.KnowledgeGraph.Relation;
import org.sciloop.memory.graph.KnowledgeGraph;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "hypotheses", description = {
        "List a run's hypotheses and export its knowledge graph.",
        "The latest version of each hypothesis with status, confidence, the test behind it and its evidence; the",
        "graph (hypotheses, factors, experiments, observations) is rebuilt from the trace."})
final class HypothesesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "RUN_DIR", description = "a run folder (or its trace.jsonl)")
    Path run;

    @Option(names = "--graphml", paramLabel = "FILE", description = "write the knowledge graph as GraphML")
    Path graphml;

    @Option(names = "--dot", paramLabel = "FILE", description = "write the knowledge graph as Graphviz DOT")
    Path dot;

    @Override
    public Integer call() {
        Path trace = CampaignLauncher.traceOf(run);
        if (!Files.isRegularFile(trace)) {
            throw new InputException("no trace at " + trace + " (give a folder made by 'sciloop run', or its "
                    + CampaignFiles.TRACE + ")");
        }
        List<TraceRecord> records = new ArrayList<>();
        TraceVerification.Result verification = TraceVerification.check(trace, UserConfig.ownPublicKey().stream().toList(),
                records::add);
        if (records.isEmpty()) {
            throw new DamagedTraceException(trace + " has no intact first line ("
                    + verification.report().problem().map(Object::toString).orElse("empty") + ")");
        }
        KnowledgeGraph graph = KnowledgeGraph.of(records);
        PrintWriter out = spec.commandLine().getOut();
        Arguments.writableFile("--graphml", graphml);
        Arguments.writableFile("--dot", dot);
        list(graph, out);
        export(graphml, graph::writeGraphML, out);
        export(dot, graph::writeDot, out);
        if (!verification.verified()) {
            spec.commandLine().getErr().printf("warning: %s did not verify; only the lines before the problem are"
                    + " shown (run 'sciloop verify %s' for details)%n", trace, run);
        }
        return ExitCode.OK;
    }

    private static void list(KnowledgeGraph graph, PrintWriter out) {
        List<Hypothesis> all = graph.hypotheses();
        if (all.isEmpty()) {
            out.println("no hypotheses recorded (the planner states none; try planner 'hypothesis', bo's"
                    + " 'test-fraction', or 'llm')");
            return;
        }
        Map<Hypothesis.Status, Integer> counts = new TreeMap<>();
        all.forEach(h -> counts.merge(h.status(), 1, Integer::sum));
        out.printf("%d hypotheses: %s%n%n", all.size(), counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey().name().toLowerCase(Locale.ROOT)).toList()
                .toString().replaceAll("[\\[\\]]", ""));
        for (Hypothesis h : all) {
            out.printf("%-5s %-12s %5.3f  %s%n", h.id(), h.status(), h.confidence(), h.statement());
            Assessment a = h.assessment();
            if (a != null) {
                out.printf("      estimate %s%s, p = %s, q = %s (%d observations)%n", number(a.estimate()),
                        a.low() == null ? "" : " [" + number(a.low()) + ", " + number(a.high()) + "]",
                        number(a.pValue()), number(a.qValue()), a.observations());
                out.printf("      test: %s%n      model: %s%n", a.test(), a.model());
            }
            List<Node> tests = graph.into(h.id(), Relation.TESTS);
            out.printf("      tested by %s; evidence: %d observations; version %d by %s%n",
                    tests.isEmpty() ? "no designed experiment" : ids(tests), h.evidence().size(), h.version(), h.author());
            List<String> contradicts = graph.contradictions(h.id());
            if (!contradicts.isEmpty()) {
                out.printf("      contradicts %s%n", String.join(", ", contradicts));
            }
        }
        List<Hypothesis> untested = graph.untested();
        if (!untested.isEmpty()) {
            out.printf("%nopen with no designed test yet: %s%n", String.join(", ", untested.stream().map(Hypothesis::id).toList()));
        }
    }

    private static String ids(List<Node> nodes) {
        List<String> ids = nodes.stream().map(Node::id).toList();
        return ids.size() <= 6 ? String.join(", ", ids)
                : String.join(", ", ids.subList(0, 5)) + " and " + (ids.size() - 5) + " more";
    }

    private static String number(double v) {
        return Math.abs(v) >= 1e-3 || v == 0 ? String.format(Locale.ROOT, "%.4g", v) : String.format(Locale.ROOT, "%.2e", v);
    }

    /** Writes a graph to {@code file} (none: nothing) and says so. */
    static void export(Path file, Consumer<Writer> write, PrintWriter out) {
        if (file == null) {
            return;
        }
        try (Writer w = Files.newBufferedWriter(file)) {
            write.accept(w);
        } catch (IOException e) {
            throw new InputException("cannot write " + file + ": " + IoReason.of(e));
        }
        out.printf("graph   %s%n", file);
    }
}
