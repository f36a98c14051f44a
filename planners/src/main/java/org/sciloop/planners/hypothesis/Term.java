package org.sciloop.planners.hypothesis;

import java.util.Comparator;
import org.sciloop.planners.hypothesis.Factors.Factor;

/**
 * One term of a response-surface model and the design-matrix columns it contributes. Categorical factors
 * are effect-coded (k levels give k - 1 columns; the last level is -1 in all of them), so that setting
 * a factor's columns to zero averages over its levels: a main effect is then the effect averaged over the
 * other factors, whatever interactions the model holds.
 */
sealed interface Term permits Term.Main, Term.Square, Term.Product {

    /** Terms in a fixed order (main effects, squares, products; by factor), so models print and fit alike. */
    Comparator<Term> ORDER = Comparator.comparingInt(Term::rank).thenComparingInt(t -> t.factors()[0].index())
            .thenComparingInt(t -> t.factors().length > 1 ? t.factors()[1].index() : -1);

    Factor[] factors();

    int width();

    /** Writes this term's columns for a coded point into {@code row} from {@code offset}. */
    void fill(double[] point, double[] row, int offset);

    String label();

    int rank();

    default boolean involves(Factor f) {
        for (Factor g : factors()) {
            if (g.equals(f)) {
                return true;
            }
        }
        return false;
    }

    /** The main-effect columns of a factor at a coded point. */
    static void mainColumns(Factor f, double value, double[] row, int offset) {
        if (f.numeric()) {
            row[offset] = value;
            return;
        }
        int level = (int) value;
        int k = f.levels();
        for (int j = 0; j < k - 1; j++) {
            row[offset + j] = level == k - 1 ? -1 : (level == j ? 1 : 0);
        }
    }

    static int mainWidth(Factor f) {
        return f.numeric() ? 1 : f.levels() - 1;
    }

    record Main(Factor factor) implements Term {
        public Factor[] factors() {
            return new Factor[] {factor};
        }

        public int width() {
            return mainWidth(factor);
        }

        public void fill(double[] point, double[] row, int offset) {
            mainColumns(factor, point[factor.index()], row, offset);
        }

        public String label() {
            return factor.name();
        }

        public int rank() {
            return 0;
        }
    }

    /** Curvature of a numeric factor: z^2 - 1/3, centred for a factor spread evenly over [-1, 1]. */
    record Square(Factor factor) implements Term {
        public Factor[] factors() {
            return new Factor[] {factor};
        }

        public int width() {
            return 1;
        }

        public void fill(double[] point, double[] row, int offset) {
            double z = point[factor.index()];
            row[offset] = z * z - 1.0 / 3;
        }

        public String label() {
            return factor.name() + "^2";
        }

        public int rank() {
            return 1;
        }
    }

    /** A two-factor interaction: every product of the two factors' main-effect columns. */
    record Product(Factor a, Factor b) implements Term {
        public Factor[] factors() {
            return new Factor[] {a, b};
        }

        public int width() {
            return mainWidth(a) * mainWidth(b);
        }

        public void fill(double[] point, double[] row, int offset) {
            double[] ca = new double[mainWidth(a)];
            double[] cb = new double[mainWidth(b)];
            mainColumns(a, point[a.index()], ca, 0);
            mainColumns(b, point[b.index()], cb, 0);
            for (int i = 0; i < ca.length; i++) {
                for (int j = 0; j < cb.length; j++) {
                    row[offset + i * cb.length + j] = ca[i] * cb[j];
                }
            }
        }

        public String label() {
            return a.name() + ":" + b.name();
        }

        public int rank() {
            return 2;
        }
    }
}
