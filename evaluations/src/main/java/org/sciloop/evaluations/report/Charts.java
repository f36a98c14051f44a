package org.sciloop.evaluations.report;

import java.awt.Color;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.internal.chartpart.IChart;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.OutcomeConstraint;
import org.sciloop.core.space.Parameter;
import org.sciloop.evaluations.metrics.RunMetrics;
import org.sciloop.evaluations.metrics.Spread;

/** The report's plots, drawn with XChart into PNG bytes (headless: no display needed). */
final class Charts {
    private static final int WIDTH = 820;
    private static final int HEIGHT = 420;

    static {
        System.setProperty("java.awt.headless", "true");
    }

    private Charts() {
    }

    /** Each experiment's value, the best so far, and the optimum and target when known. */
    static byte[] convergence(RunMetrics m, String title) {
        XYChart chart = xy(title, "experiment", m.objective().name());
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < m.values().length; i++) {
            if (!Double.isNaN(m.values()[i])) {
                x.add(i + 1.0);
                y.add(m.values()[i]);
            }
        }
        if (!x.isEmpty()) {
            Points shown = Points.thinned(x, y);
            chart.addSeries("each experiment", shown.x(), shown.y())
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerColor(new Color(120, 140, 170));
        }
        // The best so far is a step curve: its corners draw it exactly, however long the campaign.
        List<Double> bx = new ArrayList<>();
        List<Double> by = new ArrayList<>();
        double[] best = m.bestSoFar();
        for (int i = 0; i < best.length; i++) {
            boolean corner = i == best.length - 1 || best[i] != best[i + 1] || i > 0 && best[i] != best[i - 1];
            if (!Double.isNaN(best[i]) && (corner || bx.isEmpty())) {
                bx.add(i + 1.0);
                by.add(best[i]);
            }
        }
        if (!bx.isEmpty()) {
            chart.addSeries("best so far", bx, by).setMarker(SeriesMarkers.NONE).setLineColor(new Color(200, 60, 40));
        }
        horizontal(chart, "best possible", m.optimum(), m.experiments(), new Color(40, 150, 80));
        horizontal(chart, "target", m.objective().target(), m.experiments(), new Color(150, 150, 150));
        return png(chart);
    }

    /**
     * The first two objectives: every experiment, the front's members joined as the staircase of what they
     * dominate (towards the reference point), and the reference point.
     */
    static byte[] front(List<Objective> objectives, List<OutcomeConstraint> constraints,
                        List<Observation> observations, List<Observation> members, double[] reference) {
        Objective a = objectives.get(0);
        Objective b = objectives.get(1);
        XYChart chart = xy("Pareto front", a.name() + (a.goal() == Objective.Goal.MAXIMIZE ? " (max)" : " (min)"),
                b.name() + (b.goal() == Objective.Goal.MAXIMIZE ? " (max)" : " (min)"));
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        List<Double> xOut = new ArrayList<>();
        List<Double> yOut = new ArrayList<>();
        for (Observation o : observations) {
            if (o.outcome(a.name()).isPresent() && o.outcome(b.name()).isPresent()) {
                boolean feasible = OutcomeConstraint.allMetBy(constraints, o);
                (feasible ? x : xOut).add(o.outcome(a.name()).getAsDouble());
                (feasible ? y : yOut).add(o.outcome(b.name()).getAsDouble());
            }
        }
        // The staircase, in order of the first objective from its best: between two members the second
        // objective holds the earlier member's value, the corner of what they dominate together.
        List<Observation> sorted = new ArrayList<>(members);
        sorted.sort(java.util.Comparator.comparingDouble(o -> -a.maximised(o.outcome(a.name()).getAsDouble())));
        List<Double> sx = new ArrayList<>();
        List<Double> sy = new ArrayList<>();
        if (!sorted.isEmpty()) {
            sx.add(sorted.get(0).outcome(a.name()).getAsDouble());
            sy.add(reference[1]);
        }
        for (int i = 0; i < sorted.size(); i++) {
            double va = sorted.get(i).outcome(a.name()).getAsDouble();
            double vb = sorted.get(i).outcome(b.name()).getAsDouble();
            sx.add(va);
            sy.add(vb);
            double next = i + 1 < sorted.size() ? sorted.get(i + 1).outcome(a.name()).getAsDouble() : reference[0];
            sx.add(next);
            sy.add(vb);
        }
        // With more objectives the members seen from two of them make no staircase: points only.
        if (!sx.isEmpty() && objectives.size() == 2) {
            // What the front dominates: the staircase closed at the reference point, shaded.
            List<Double> px = new ArrayList<>(sx);
            List<Double> py = new ArrayList<>(sy);
            px.add(reference[0]);
            py.add(reference[1]);
            XYSeries dominated = chart.addSeries("dominated", px, py);
            dominated.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.PolygonArea);
            dominated.setMarker(SeriesMarkers.NONE);
            dominated.setFillColor(new Color(200, 60, 40, 40));
            dominated.setLineColor(new Color(200, 60, 40, 0));
            chart.addSeries("front", sx, sy).setMarker(SeriesMarkers.NONE).setLineColor(new Color(200, 60, 40));
        }
        if (!x.isEmpty()) {
            chart.addSeries("each experiment", x, y).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter)
                    .setMarkerColor(new Color(150, 160, 180));
        }
        if (!xOut.isEmpty()) {
            chart.addSeries("breaks an outcome constraint", xOut, yOut)
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarker(SeriesMarkers.CROSS)
                    .setMarkerColor(new Color(120, 120, 120));
        }
        if (!sorted.isEmpty()) {
            chart.addSeries("on the front", sorted.stream().map(o -> o.outcome(a.name()).getAsDouble()).toList(),
                    sorted.stream().map(o -> o.outcome(b.name()).getAsDouble()).toList())
                    .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerColor(new Color(200, 60, 40));
        }
        chart.addSeries("reference point", List.of(reference[0]), List.of(reference[1]))
                .setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter).setMarkerColor(Color.BLACK);
        return png(chart);
    }

    /** Most members drawn in a parallel-coordinates view: beyond it the lines are a blur. */
    static final int PARALLEL_MOST = 200;

    /**
     * The front on three or more objectives: one line per member across the objectives, each objective scaled
     * from the worst value on the front (0) to the best (1), so up is better on every axis.
     */
    static byte[] parallel(List<Objective> objectives, List<Observation> members) {
        XYChart chart = xy("Pareto front, every objective", "objective", "scaled: worst on the front 0, best 1");
        chart.getStyler().setLegendVisible(false);
        chart.setCustomXAxisTickLabelsFormatter(x -> {
            int k = (int) Math.round(x) - 1;
            return Math.abs(x - (k + 1)) < 1e-9 && k >= 0 && k < objectives.size() ? objectives.get(k).name() : "";
        });
        int m = objectives.size();
        double[] low = new double[m];
        double[] high = new double[m];
        for (int k = 0; k < m; k++) {
            Objective g = objectives.get(k);
            low[k] = members.stream().mapToDouble(o -> g.maximised(o.outcome(g.name()).getAsDouble())).min()
                    .orElse(0);
            high[k] = members.stream().mapToDouble(o -> g.maximised(o.outcome(g.name()).getAsDouble())).max()
                    .orElse(1);
        }
        double[] axes = IntStream.rangeClosed(1, m).asDoubleStream().toArray();
        for (Observation o : members.stream().limit(PARALLEL_MOST).toList()) {
            double[] scaled = new double[m];
            for (int k = 0; k < m; k++) {
                Objective g = objectives.get(k);
                double v = g.maximised(o.outcome(g.name()).getAsDouble());
                scaled[k] = high[k] > low[k] ? (v - low[k]) / (high[k] - low[k]) : 0.5;
            }
            XYSeries line = chart.addSeries(o.experimentId(), axes, scaled);
            line.setMarker(SeriesMarkers.CIRCLE);
            line.setLineStyle(org.knowm.xchart.style.lines.SeriesLines.SOLID);
            line.setLineColor(new Color(200, 60, 40, 110));
            line.setMarkerColor(new Color(200, 60, 40));
        }
        return png(chart);
    }

    /** The front's hypervolume after each experiment. */
    static byte[] hypervolume(double[] volumes) {
        XYChart chart = xy("Hypervolume", "experiment", "hypervolume");
        if (volumes.length > 0) {
            chart.addSeries("hypervolume so far", IntStream.rangeClosed(1, volumes.length).asDoubleStream().toArray(),
                    volumes).setMarker(SeriesMarkers.NONE).setLineColor(new Color(200, 60, 40));
        }
        return png(chart);
    }

    /** Per planner, the mean best so far across seeds with one standard deviation either side. */
    static byte[] spread(Map<String, Spread> byPlanner, Objective objective, String title) {
        XYChart chart = xy(title, "experiment", "best " + objective.name() + " so far");
        chart.getStyler().setErrorBarsColorSeriesColor(true);
        byPlanner.forEach((planner, s) -> {
            double[] x = IntStream.rangeClosed(1, s.mean().length).asDoubleStream().toArray();
            chart.addSeries(planner, x, s.mean(), s.sd()).setMarker(SeriesMarkers.NONE);
        });
        int longest = byPlanner.values().stream().mapToInt(s -> s.mean().length).max().orElse(1);
        horizontal(chart, "target", objective.target(), longest, new Color(150, 150, 150));
        return png(chart);
    }

    /**
     * How the outcome varies with one parameter: a scatter against its value, or for a categorical one,
     * the best and the mean outcome per level that was tried.
     */
    static byte[] parameterView(Parameter parameter, List<Observation> observations, Objective objective) {
        String title = objective.name() + " against " + parameter.name();
        if (parameter instanceof Parameter.Categorical) {
            Map<String, List<Double>> byLevel = new LinkedHashMap<>();
            for (Observation o : observations) {
                OptionalDouble v = o.outcome(objective.name());
                if (v.isPresent()) {
                    byLevel.computeIfAbsent(String.valueOf(o.settings().get(parameter.name())), k -> new ArrayList<>())
                            .add(v.getAsDouble());
                }
            }
            CategoryChart chart = new CategoryChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                    .xAxisTitle(parameter.name()).yAxisTitle(objective.name()).build();
            style(chart.getStyler());
            chart.getStyler().setXAxisLabelRotation(byLevel.size() > 4 ? 30 : 0);
            if (byLevel.isEmpty()) {
                chart.addSeries("no successful experiment", List.of("-"), List.of(0));
                return png(chart);
            }
            List<String> levels = byLevel.keySet().stream().map(Charts::shortLabel).toList();
            boolean maximise = objective.goal() == Objective.Goal.MAXIMIZE;
            chart.addSeries("best", levels, byLevel.values().stream().map(l -> (Number) (maximise
                    ? l.stream().mapToDouble(Double::doubleValue).max().orElseThrow()
                    : l.stream().mapToDouble(Double::doubleValue).min().orElseThrow())).toList());
            chart.addSeries("mean", levels, byLevel.values().stream()
                    .map(l -> (Number) l.stream().mapToDouble(Double::doubleValue).average().orElseThrow()).toList());
            return png(chart);
        }
        XYChart chart = xy(title, parameter.name(), objective.name());
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (Observation o : observations) {
            OptionalDouble v = o.outcome(objective.name());
            if (v.isPresent()) {
                x.add(o.settings().number(parameter.name()));
                y.add(v.getAsDouble());
            }
        }
        if (x.isEmpty()) {
            x.add(0.0);
            y.add(0.0);
        }
        Points shown = Points.thinned(x, y);
        chart.addSeries("experiments", shown.x(), shown.y()).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        return png(chart);
    }

    /**
     * The points of a scatter, at most one per cell of a grid finer than its markers: the picture is the
     * same, and a campaign of 30,000 experiments draws in a fraction of a second instead of several (XChart
     * lays out an axis tick per distinct value of an equally spaced axis before it thins them).
     */
    record Points(List<Double> x, List<Double> y) {
        private static final int CELLS_ACROSS = WIDTH / 3;
        private static final int CELLS_DOWN = HEIGHT / 3;
        private static final int KEPT_WHOLE = 2_000;

        static Points thinned(List<Double> x, List<Double> y) {
            if (x.size() <= KEPT_WHOLE) {
                return new Points(x, y);
            }
            double[] xr = range(x);
            double[] yr = range(y);
            Set<Long> cells = new HashSet<>();
            List<Double> tx = new ArrayList<>();
            List<Double> ty = new ArrayList<>();
            for (int i = 0; i < x.size(); i++) {
                long cx = cell(x.get(i), xr, CELLS_ACROSS);
                long cy = cell(y.get(i), yr, CELLS_DOWN);
                if (cells.add(cx * (CELLS_DOWN + 1) + cy)) {
                    tx.add(x.get(i));
                    ty.add(y.get(i));
                }
            }
            return new Points(tx, ty);
        }

        private static double[] range(List<Double> values) {
            double lo = Double.POSITIVE_INFINITY;
            double hi = Double.NEGATIVE_INFINITY;
            for (double v : values) {
                lo = Math.min(lo, v);
                hi = Math.max(hi, v);
            }
            return new double[] {lo, hi};
        }

        private static long cell(double v, double[] range, int cells) {
            return range[1] > range[0] ? Math.round((v - range[0]) / (range[1] - range[0]) * cells) : 0;
        }
    }

    /** Levels such as SMILES strings can be long; the table of experiments has them in full. */
    static String shortLabel(String level) {
        return level.length() <= 22 ? level : level.substring(0, 20) + "…";
    }

    private static XYChart xy(String title, String xTitle, String yTitle) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(xTitle)
                .yAxisTitle(yTitle).build();
        style(chart.getStyler());
        chart.getStyler().setMarkerSize(6);
        return chart;
    }

    private static void style(Styler styler) {
        styler.setChartBackgroundColor(Color.WHITE);
        styler.setLegendPosition(Styler.LegendPosition.OutsideS);
        styler.setLegendLayout(Styler.LegendLayout.Horizontal);
    }

    private static void horizontal(XYChart chart, String name, OptionalDouble level, int length, Color color) {
        if (level.isPresent() && length > 0) {
            chart.addSeries(name, new double[] {1, Math.max(length, 2)},
                    new double[] {level.getAsDouble(), level.getAsDouble()}).setMarker(SeriesMarkers.NONE)
                    .setLineColor(color);
        }
    }

    private static byte[] png(IChart chart) {
        try {
            return BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot draw a chart", e);
        }
    }
}
