package org.sciloop.planners.bo;

/**
 * Limited-memory BFGS with a backtracking (Armijo) line search, for smooth unconstrained problems of a
 * few dozen variables: hyperparameters and acquisition maxima. Bounds are the caller's business
 * (a smooth reparametrisation). Deterministic: no randomness, no clock.
 */
final class Lbfgs {

    /** f and its gradient at x; the gradient is written into {@code gradient}. */
    interface Objective {
        double valueAndGradient(double[] x, double[] gradient);
    }

    record Result(double[] x, double value, int iterations) {
    }

    private static final int MEMORY = 7;

    private Lbfgs() {
    }

    static Result minimize(Objective f, double[] start, int maxIterations, double tolerance) {
        int n = start.length;
        double[] x = start.clone();
        double[] g = new double[n];
        double fx = f.valueAndGradient(x, g);
        if (!Double.isFinite(fx)) {
            return new Result(x, fx, 0);
        }
        double[][] s = new double[MEMORY][];
        double[][] y = new double[MEMORY][];
        double[] rho = new double[MEMORY];
        int stored = 0;
        int iteration = 0;
        double[] xNew = new double[n];
        double[] gNew = new double[n];
        for (; iteration < maxIterations; iteration++) {
            if (norm(g) < tolerance) {
                break;
            }
            double[] direction = twoLoop(g, s, y, rho, stored, iteration);
            double slope = dot(direction, g);
            if (slope >= 0) { // not a descent direction: fall back to steepest descent
                for (int i = 0; i < n; i++) {
                    direction[i] = -g[i];
                }
                slope = -dot(g, g);
                stored = 0;
            }
            double step = iteration == 0 && stored == 0 ? Math.min(1.0, 1.0 / Math.max(1e-12, norm(g))) : 1.0;
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int trial = 0; trial < 30; trial++) {
                for (int i = 0; i < n; i++) {
                    xNew[i] = x[i] + step * direction[i];
                }
                fNew = f.valueAndGradient(xNew, gNew);
                if (Double.isFinite(fNew) && fNew <= fx + 1e-4 * step * slope) {
                    accepted = true;
                    break;
                }
                step *= 0.5;
            }
            if (!accepted) {
                break;
            }
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int i = 0; i < n; i++) {
                sk[i] = xNew[i] - x[i];
                yk[i] = gNew[i] - g[i];
            }
            double sy = dot(sk, yk);
            if (sy > 1e-12) {
                int slot = stored < MEMORY ? stored++ : shift(s, y, rho);
                s[slot] = sk;
                y[slot] = yk;
                rho[slot] = 1.0 / sy;
            }
            double improvement = fx - fNew;
            System.arraycopy(xNew, 0, x, 0, n);
            System.arraycopy(gNew, 0, g, 0, n);
            fx = fNew;
            if (improvement < tolerance * Math.max(1.0, Math.abs(fx)) * 1e-3) {
                break;
            }
        }
        return new Result(x, fx, iteration);
    }

    /** Drops the oldest pair; returns the free last slot. */
    private static int shift(double[][] s, double[][] y, double[] rho) {
        for (int i = 1; i < MEMORY; i++) {
            s[i - 1] = s[i];
            y[i - 1] = y[i];
            rho[i - 1] = rho[i];
        }
        return MEMORY - 1;
    }

    private static double[] twoLoop(double[] g, double[][] s, double[][] y, double[] rho, int stored, int iteration) {
        double[] q = new double[g.length];
        for (int i = 0; i < g.length; i++) {
            q[i] = -g[i];
        }
        double[] alpha = new double[stored];
        for (int k = stored - 1; k >= 0; k--) {
            alpha[k] = rho[k] * dot(s[k], q);
            axpy(-alpha[k], y[k], q);
        }
        if (stored > 0) {
            double gamma = dot(s[stored - 1], y[stored - 1]) / dot(y[stored - 1], y[stored - 1]);
            for (int i = 0; i < q.length; i++) {
                q[i] *= gamma;
            }
        }
        for (int k = 0; k < stored; k++) {
            double beta = rho[k] * dot(y[k], q);
            axpy(alpha[k] - beta, s[k], q);
        }
        return q;
    }

    private static void axpy(double a, double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) {
            y[i] += a * x[i];
        }
    }

    static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    private static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }
}
