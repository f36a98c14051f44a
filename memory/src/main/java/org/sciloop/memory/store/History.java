package org.sciloop.memory.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sciloop.core.InputException;
import org.sciloop.core.hypothesis.Claim;
import org.sciloop.core.hypothesis.Hypothesis;
import org.sciloop.core.model.Objective;
import org.sciloop.core.model.Observation;
import org.sciloop.core.model.PriorCampaign;
import org.sciloop.core.scenario.LearnFrom;
import org.sciloop.core.space.Parameter;
import org.sciloop.core.space.ParameterSpace;

/**
 * The earlier campaigns a new campaign learns from ({@link LearnFrom}), read from the store: each campaign named,
 * or of a scenario named, or (compatible) any whose observations fit the space, most recent first. Only what an
 * intact trace vouches for is used; only observations with every objective that fit the space
 * ({@link ParameterSpace#relatedPoint}) are brought in.
 */
public final class History {
    private History() {
    }

    /** The campaigns used, and those passed over with why. */
    public record Recalled(List<PriorCampaign> campaigns, List<String> passedOver) {
        public int observations() {
            return campaigns.stream().mapToInt(c -> c.observations().size()).sum();
        }
    }

    public static Recalled recall(CampaignStore store, LearnFrom from, ParameterSpace space, List<Objective> objectives) {
        Map<String, IndexedCampaign> chosen = new LinkedHashMap<>();
        for (String id : from.campaigns()) {
            IndexedCampaign c = store.campaign(id).orElseThrow(() -> new InputException(from.campaignsAt()
                    + ": no campaign '" + id + "' in " + store.description()
                    + "; 'sciloop memory list' shows those it has"));
            chosen.put(c.id(), c);
        }
        List<CampaignStore.Listed> listed = new ArrayList<>(store.campaigns(CampaignStore.Filter.all()));
        listed.sort(Comparator.comparing((CampaignStore.Listed l) -> l.campaign().started()).reversed());
        for (CampaignStore.Listed l : listed) {
            if (from.compatible() || from.scenarios().contains(l.campaign().scenario())) {
                chosen.putIfAbsent(l.campaign().id(), l.campaign());
            }
        }
        List<PriorCampaign> used = new ArrayList<>();
        List<String> passedOver = new ArrayList<>();
        int room = from.observations();
        for (IndexedCampaign c : chosen.values()) {
            if (room == 0) {
                passedOver.add(c.id() + ": beyond the " + from.observations() + " observations learn-from allows");
                continue;
            }
            TraceCheck check = TraceCheck.of(store.campaign(c.id()).orElseThrow());
            if (!check.verifies()) {
                store.traceState(c.id(), check.state());
                if (from.campaigns().stream().anyMatch(c.id()::startsWith)) {
                    throw new InputException(from.campaignsAt() + ": campaign " + c.id() + " was named, but its trace "
                            + check.state());
                }
                passedOver.add(c.id() + ": its trace " + check.state());
                continue;
            }
            List<Observation> fitting = new ArrayList<>();
            for (IndexedCampaign.StoredObservation stored : check.current().orElseThrow().observations()) {
                Observation o = stored.observation();
                if (fitting.size() < room && o.status() == Observation.Status.OK
                        && objectives.stream().allMatch(g -> o.outcome(g.name()).isPresent())
                        && space.relatedPoint(o.settings()).isPresent()) {
                    fitting.add(o);
                }
            }
            if (fitting.isEmpty()) {
                passedOver.add(c.id() + " (" + c.scenario() + "): no observation of it fits this space and objectives");
                continue;
            }
            room -= fitting.size();
            List<Hypothesis> claims = check.current().get().hypotheses().stream()
                    .filter(h -> fits(h.formal(), space, objectives)).toList();
            used.add(new PriorCampaign(c.id(), c.scenario(), check.current().get().head(), fitting, claims));
        }
        return new Recalled(used, passedOver);
    }

    /**
     * Whether a formal claim can be tested here: about an objective, on parameters this space varies (one it holds
     * fixed is the other task's identity), with its level among this space's and its region inside this range.
     */
    static boolean fits(Claim claim, ParameterSpace space, List<Objective> objectives) {
        if (claim == null || objectives.stream().noneMatch(o -> o.name().equals(claim.outcome()))
                || !claim.factors().stream().allMatch(space::varies)) {
            return false;
        }
        if (claim instanceof Claim.BestLevel b) {
            return space.parameter(b.factor()).orElseThrow().violation(b.level()).isEmpty();
        }
        if (claim instanceof Claim.OptimumRegion r) {
            Parameter p = space.parameter(r.factor()).orElseThrow();
            return p.violation(r.low()).isEmpty() && p.violation(r.high()).isEmpty();
        }
        return true;
    }
}
