package org.sciloop.planners.hypothesis;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sciloop.planners.hypothesis.Factors.Factor;

/**
 * Chooses a response-surface model by the Bayesian information criterion, stepwise: from the main-effects
 * model it takes the single move (add or drop one main effect, quadratic term or two-factor interaction)
 * that lowers BIC most, until no move does. Models stay hierarchical: a square or interaction only alongside
 * its main effects. BIC rather than AIC because its heavier penalty states fewer spurious effects, and a
 * stated effect is a claim. Until the data carry every main effect with a few degrees of freedom to spare
 * there is no model: a claim read off fewer runs would rest on the order the factors were tried in.
 */
final class ModelSelection {
    /** Residual degrees of freedom a model must leave, so its tests have some power. */
    static final int MIN_RESIDUAL_DF = 3;

    private final Factors factors;

    ModelSelection(Factors factors) {
        this.factors = factors;
    }

    Optional<Fit> select(List<double[]> points, double[] y) {
        Model start = Model.mainEffects(factors.all());
        Optional<Fit> current = fits(start, y.length) ? start.fit(points, y) : Optional.empty();
        if (current.isEmpty()) {
            return Optional.empty();
        }
        Fit best = current.get();
        // Each move changes the model; a model cannot come back (BIC only falls), so this ends.
        while (true) {
            Fit next = null;
            for (Model m : neighbours(best.model())) {
                if (!fits(m, y.length)) {
                    continue;
                }
                Optional<Fit> f = m.fit(points, y);
                if (f.isPresent() && f.get().bic() < (next == null ? best.bic() : next.bic()) - 1e-9) {
                    next = f.get();
                }
            }
            if (next == null) {
                return Optional.of(best);
            }
            best = next;
        }
    }

    private static boolean fits(Model m, int n) {
        return n - m.width() >= MIN_RESIDUAL_DF;
    }

    /** Every hierarchical model one term away. */
    List<Model> neighbours(Model model) {
        List<Model> out = new ArrayList<>();
        for (Term t : candidates()) {
            if (model.has(t)) {
                Model smaller = model.without(t);
                if (hierarchical(smaller)) {
                    out.add(smaller);
                }
            } else {
                Model larger = model.with(t);
                if (hierarchical(larger)) {
                    out.add(larger);
                }
            }
        }
        return out;
    }

    /** Every term the factors allow. */
    List<Term> candidates() {
        List<Term> out = new ArrayList<>();
        List<Factor> all = factors.all();
        for (Factor f : all) {
            out.add(new Term.Main(f));
            if (f.curvable()) {
                out.add(new Term.Square(f));
            }
        }
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                out.add(new Term.Product(all.get(i), all.get(j)));
            }
        }
        return out;
    }

    static boolean hierarchical(Model model) {
        for (Term t : model.terms()) {
            if (!(t instanceof Term.Main)) {
                for (Factor f : t.factors()) {
                    if (!model.has(new Term.Main(f))) {
                        return false;
                    }
                }
            }
        }
        return true;
    }

    /** The model extended by {@code term} and whatever main effects it needs to stay hierarchical. */
    static Model completed(Model model, Term term) {
        Model out = model;
        for (Factor f : term.factors()) {
            out = out.with(new Term.Main(f));
        }
        return out.with(term);
    }
}
