package org.sciloop.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.sciloop.core.campaign.CampaignHistory;
import org.sciloop.core.model.Observation;
import org.sciloop.core.trace.TraceEvent.PlannedExperiment;
import org.sciloop.core.trace.TraceReader;

/** Campaigns as the API shows them: the queue's record, and what their trace says (read from the trace). */
final class CampaignViews {
    private static final ObjectMapper JSON = JsonMapper.builder().build();

    private CampaignViews() {
    }

    /** A campaign as the API shows it ({@code position} in the queue, or 0); {@code full} adds its observations. */
    static ObjectNode of(QueuedCampaign c, int position, boolean full) {
        ObjectNode v = JSON.createObjectNode().put("id", c.id()).put("scenario", c.scenario())
                .put("state", c.state().name().toLowerCase()).put("detail", c.detail())
                .put("submittedBy", c.submittedBy()).put("submitted", c.submitted());
        if (position > 0) {
            v.put("position", position);
        }
        if (c.device() != null) {
            v.put("device", c.device());
        }
        damage(c).ifPresent(why -> v.put("traceDamaged", why));
        history(c).ifPresent(h -> {
            v.put("campaign", h.campaignId()).put("budget", h.started().budget())
                    .put("experiments", h.observations().size());
            ArrayNode pending = v.putArray("pending");
            if (h.finished().isEmpty() && c.state() != QueuedCampaign.State.RUNNING) {
                h.inFlight().forEach(e -> experiment(pending.addObject(), e));
            }
            // An ended campaign's are no longer to decide: approve and deny refuse them.
            ArrayNode waiting = v.putArray("awaitingApproval");
            ArrayNode undecided = h.finished().isPresent() ? v.putArray("neverDecided") : waiting;
            h.awaitingApproval().forEach(e -> experiment(undecided.addObject(), e));
            h.finished().ifPresent(f -> {
                v.put("stopReason", f.stopReason());
                if (f.best() != null) {
                    v.set("best", observation(f.best()));
                }
            });
            if (full) {
                ArrayNode observations = v.putArray("observations");
                h.observations().forEach(o -> observations.add(observation(o)));
            }
        });
        return v;
    }

    private static void experiment(ObjectNode node, PlannedExperiment e) {
        node.put("id", e.id()).set("settings", JSON.valueToTree(e.settings().values()));
    }

    private static ObjectNode observation(Observation o) {
        ObjectNode n = JSON.createObjectNode().put("id", o.experimentId()).put("status", o.status().name().toLowerCase());
        n.set("settings", JSON.valueToTree(o.settings().values()));
        n.set("outcomes", JSON.valueToTree(o.outcomes()));
        n.put("by", o.tool()).put("detail", o.detail());
        return n;
    }

    /**
     * What a campaign's trace says, read again only when the file changed: a finished campaign's trace never
     * does, so a list of many is not many parses. The most recently used 512 are kept.
     */
    static Optional<CampaignHistory> history(QueuedCampaign c) {
        try {
            if (!Files.exists(c.trace()) || Files.size(c.trace()) == 0) {
                return Optional.empty();
            }
            String version = Files.size(c.trace()) + "@" + Files.getLastModifiedTime(c.trace()).toMillis();
            synchronized (READ) {
                Read cached = READ.get(c.trace());
                if (cached != null && cached.version().equals(version)) {
                    return Optional.of(cached.history());
                }
            }
            CampaignHistory history = CampaignHistory.of(TraceReader.readIntact(c.trace()));
            synchronized (READ) {
                READ.put(c.trace(), new Read(version, history));
            }
            return Optional.of(history);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Why a campaign's trace, which has lines, cannot be read (a line altered, cut or out of order), if so: it
     * is said rather than the campaign shown as if it had none.
     */
    static Optional<String> damage(QueuedCampaign c) {
        try {
            if (!Files.exists(c.trace()) || Files.size(c.trace()) == 0 || history(c).isPresent()) {
                return Optional.empty();
            }
            CampaignHistory.of(TraceReader.readIntact(c.trace()));
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.of("its trace cannot be read (" + (e.getMessage() == null ? e.toString()
                    : e.getMessage().replace(c.runDir().toAbsolutePath() + java.io.File.separator, ""))
                    + "); verify says what was changed");
        }
    }

    private record Read(String version, CampaignHistory history) {
    }

    private static final Map<Path, Read> READ = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Path, Read> eldest) {
            return size() > 512;
        }
    };

}
