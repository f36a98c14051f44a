package org.sciloop.planners.hypothesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.ArrayRealVector;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.QRDecomposition;
import org.apache.commons.math3.linear.RealMatrix;
import org.sciloop.planners.hypothesis.Factors.Factor;

/** A linear response-surface model: an intercept and a set of terms, kept in {@link Term#ORDER}. */
record Model(List<Term> terms) {

    /** The ridge per observation (columns are coded to about unit scale, so this is negligible where data are). */
    private static final double RIDGE = 1e-6;

    Model {
        terms = terms.stream().distinct().sorted(Term.ORDER).toList();
    }

    static Model mainEffects(List<Factor> factors) {
        return new Model(factors.stream().<Term>map(Term.Main::new).toList());
    }

    int width() {
        return 1 + terms.stream().mapToInt(Term::width).sum();
    }

    boolean has(Term term) {
        return terms.contains(term);
    }

    Model with(Term term) {
        List<Term> out = new ArrayList<>(terms);
        out.add(term);
        return new Model(out);
    }

    Model without(Term term) {
        return new Model(terms.stream().filter(t -> !t.equals(term)).toList());
    }

    Model withoutFactor(Factor f) {
        return new Model(terms.stream().filter(t -> !t.involves(f)).toList());
    }

    /** The first column of {@code term} in a design row (column 0 is the intercept). */
    int offset(Term term) {
        int offset = 1;
        for (Term t : terms) {
            if (t.equals(term)) {
                return offset;
            }
            offset += t.width();
        }
        throw new IllegalArgumentException(term.label() + " is not in " + formula());
    }

    double[] row(double[] point) {
        double[] row = new double[width()];
        row[0] = 1;
        int offset = 1;
        for (Term t : terms) {
            t.fill(point, row, offset);
            offset += t.width();
        }
        return row;
    }

    String formula() {
        return terms.isEmpty() ? "1" : terms.stream().map(Term::label).collect(Collectors.joining(" + "));
    }

    /**
     * Least squares by QR, with a whisper of ridge: a direction the data cannot estimate (a level never yet
     * run) gets a coefficient of 0 and a variance so large that no test can lean on it, while estimable
     * directions are untouched to many digits. Empty when the data leave too few residual degrees of freedom.
     */
    Optional<Fit> fit(List<double[]> points, double[] y) {
        int n = y.length;
        int p = width();
        if (n <= p) {
            return Optional.empty();
        }
        double ridge = Math.sqrt(RIDGE * n);
        double[][] x = new double[n + p - 1][];
        double[] target = new double[n + p - 1];
        for (int i = 0; i < n; i++) {
            x[i] = row(points.get(i));
            target[i] = y[i];
        }
        for (int j = 1; j < p; j++) {
            x[n + j - 1] = new double[p];
            x[n + j - 1][j] = ridge;
        }
        QRDecomposition qr = new QRDecomposition(new Array2DRowRealMatrix(x, false));
        double[] beta = qr.getSolver().solve(new ArrayRealVector(target, false)).toArray();
        RealMatrix rInverse = MatrixUtils.inverse(qr.getR().getSubMatrix(0, p - 1, 0, p - 1));
        RealMatrix unscaled = rInverse.multiply(rInverse.transpose());
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i];
            for (int j = 0; j < p; j++) {
                e -= x[i][j] * beta[j];
            }
            rss += e * e;
        }
        double mean = java.util.Arrays.stream(y).average().orElse(0);
        double variance = java.util.Arrays.stream(y).map(v -> (v - mean) * (v - mean)).sum() / n;
        return Optional.of(new Fit(this, beta, unscaled, rss, n, variance));
    }
}
