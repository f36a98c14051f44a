package org.sciloop.memory.store;

import java.util.ArrayList;
import java.util.List;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis.Status;
import org.sciloop.memory.store.CampaignStore.StoredHypothesis;

/**
 * Where campaigns disagree: the same formal claim supported in one and refuted in another, or two supported claims
 * that cannot both be true (a campaign's own contradictions are its knowledge graph's).
 */
public final class Contradictions {
    private Contradictions() {
    }

    /** Two hypotheses of different campaigns that disagree, and how. */
    public record Contradiction(StoredHypothesis earlier, StoredHypothesis later, String why) {
    }

    /** Every disagreeing pair among {@code hypotheses} (in the order given: earlier campaigns first). */
    public static List<Contradiction> among(List<StoredHypothesis> hypotheses) {
        List<StoredHypothesis> settled = hypotheses.stream().filter(h -> h.hypothesis().formal() != null
                && h.hypothesis().status().settled()).toList();
        List<Contradiction> found = new ArrayList<>();
        for (int i = 0; i < settled.size(); i++) {
            for (int j = i + 1; j < settled.size(); j++) {
                StoredHypothesis a = settled.get(i);
                StoredHypothesis b = settled.get(j);
                if (a.campaign().equals(b.campaign())) {
                    continue;
                }
                Claim ca = a.hypothesis().formal();
                Claim cb = b.hypothesis().formal();
                Status sa = a.hypothesis().status();
                Status sb = b.hypothesis().status();
                if (ca.equals(cb) && sa != sb) {
                    found.add(new Contradiction(a, b, "'" + ca.describe() + "' is " + word(sa) + " in one campaign and "
                            + word(sb) + " in the other"));
                } else if (sa == Status.SUPPORTED && sb == Status.SUPPORTED && ca.contradicts(cb)) {
                    found.add(new Contradiction(a, b, "both are supported, but '" + ca.describe() + "' and '"
                            + cb.describe() + "' cannot both hold"));
                }
            }
        }
        return found;
    }

    private static String word(Status status) {
        return status == Status.SUPPORTED ? "supported" : "refuted";
    }
}
