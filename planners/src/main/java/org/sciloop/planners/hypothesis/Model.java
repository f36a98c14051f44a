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

    /** Columns whose pivots fall below this share of the largest are taken as not estimable. */
    private static final double RANK_TOLERANCE = 1e-8;

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

    /** Least squares by QR; empty when the data cannot estimate every coefficient and leave residual freedom. */
    Optional<Fit> fit(List<double[]> points, double[] y) {
        int n = y.length;
        int p = width();
        if (n <= p) {
            return Optional.empty();
        }
        double[][] x = new double[n][];
        for (int i = 0; i < n; i++) {
            x[i] = row(points.get(i));
        }
        RealMatrix design = new Array2DRowRealMatrix(x, false);
        QRDecomposition qr = new QRDecomposition(design);
        RealMatrix r = qr.getR().getSubMatrix(0, p - 1, 0, p - 1);
        double largest = 0;
        double smallest = Double.POSITIVE_INFINITY;
        for (int i = 0; i < p; i++) {
            largest = Math.max(largest, Math.abs(r.getEntry(i, i)));
            smallest = Math.min(smallest, Math.abs(r.getEntry(i, i)));
        }
        if (!(smallest > RANK_TOLERANCE * largest)) {
            return Optional.empty();
        }
        double[] beta = qr.getSolver().solve(new ArrayRealVector(y, false)).toArray();
        RealMatrix rInverse = MatrixUtils.inverse(r);
        RealMatrix unscaled = rInverse.multiply(rInverse.transpose());
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double e = y[i];
            for (int j = 0; j < p; j++) {
                e -= x[i][j] * beta[j];
            }
            rss += e * e;
        }
        return Optional.of(new Fit(this, beta, unscaled, rss, n));
    }
}
