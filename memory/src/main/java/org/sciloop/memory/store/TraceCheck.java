package org.sciloop.memory.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.sciloop.core.InputException;

/**
 * Whether the trace a campaign was indexed from still vouches for what the store holds of it: the store is an
 * index, and says so when its record no longer verifies.
 *
 * @param state {@link CampaignStore#VERIFIES} or why not, in words
 * @param current the campaign as its trace says now, when the trace is intact and still the same campaign
 */
public record TraceCheck(String state, Optional<IndexedCampaign> current) {

    public boolean verifies() {
        return state.equals(CampaignStore.VERIFIES);
    }

    /** Whether the trace holds more than was indexed (a resume went on): it verifies, and re-indexing catches up. */
    public boolean grown(IndexedCampaign indexed) {
        return current.map(c -> c.lines() > indexed.lines()).orElse(false);
    }

    /**
     * Whether the trace a {@link TraceRegister} line names is to be indexed where no record of its campaign is kept
     * (the store's file damaged, gone, or behind its writes): the trace is the record, and the line only says where
     * to look, so a trace that verifies counts when it is the campaign listed, by its id or by the hash of the line
     * listed (either of which a spoiled line may have lost).
     */
    static TraceCheck ofListed(TraceRegister.Entry listed) {
        TraceCheck strict = of(listed.id(), listed.trace(), listed.lines(), listed.head());
        if (strict.verifies() || !Files.exists(listed.trace())) {
            return strict;
        }
        try {
            IndexedCampaign now = TraceIndexer.read(listed.trace());
            return now.id().equals(listed.id()) ? new TraceCheck(CampaignStore.VERIFIES, Optional.of(now)) : strict;
        } catch (InputException e) {
            return strict;
        }
    }

    public static TraceCheck of(IndexedCampaign indexed) {
        return of(indexed.id(), indexed.trace(), indexed.lines(), indexed.head());
    }

    /** As {@link #of(IndexedCampaign)}, for campaign {@code id} indexed from {@code trace} up to line {@code lines}. */
    static TraceCheck of(String id, Path trace, long lines, String head) {
        if (!Files.exists(trace)) {
            return new TraceCheck("missing: no trace at " + trace, Optional.empty());
        }
        TraceIndexer.Reading now;
        try {
            now = TraceIndexer.read(trace, lines);
        } catch (InputException e) {
            return new TraceCheck("no longer verifies: " + e.getMessage(), Optional.empty());
        }
        // The hash of a line of the chain vouches for every line before it, the campaign's id among them: a trace
        // whose line matches is the campaign that was indexed, whatever became of the id it was listed under.
        boolean sameLine = now.hashAtLine().map(head::equals).orElse(false);
        if (!sameLine && !now.campaign().id().equals(id)) {
            return new TraceCheck("replaced: " + trace + " now holds campaign " + now.campaign().id(),
                    Optional.empty());
        }
        if (now.hashAtLine().isEmpty()) {
            return new TraceCheck("cut short: the trace has " + now.campaign().lines() + " lines, "
                    + lines + " were indexed", Optional.empty());
        }
        if (!now.hashAtLine().get().equals(head)) {
            return new TraceCheck("rewritten: line " + lines + " is not the line that was indexed",
                    Optional.empty());
        }
        return new TraceCheck(CampaignStore.VERIFIES, Optional.of(now.campaign()));
    }
}
