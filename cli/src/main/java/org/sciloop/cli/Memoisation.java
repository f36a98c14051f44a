package org.sciloop.cli;

import java.io.PrintWriter;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.VerifiedAnswers;

/**
 * A live run's access to the answers on record in the campaign store, for a deterministic tool whose scenario
 * allows it (memoisation); nothing for any other. A store that cannot be opened costs the reuse, never the run.
 */
final class Memoisation implements AutoCloseable {
    private final CampaignStore store;
    private final VerifiedAnswers answers;

    private Memoisation(CampaignStore store) {
        this.store = store;
        this.answers = store == null ? null : new VerifiedAnswers(store);
    }

    /** For {@code campaign}'s live run (never a dry run, whose tool is not called). */
    static Memoisation of(Campaign campaign, PrintWriter err) {
        if (!campaign.scenario().memoised() || campaign.toolFingerprint().isEmpty()) {
            return new Memoisation(null);
        }
        try {
            return new Memoisation(CampaignStore.open(null));
        } catch (RuntimeException e) {
            err.printf("sciloop: every experiment is run, none answered from earlier campaigns: the campaign store"
                    + " cannot be opened (%s)%n", e.getMessage());
            err.flush();
            return new Memoisation(null);
        }
    }

    RecordedAnswers answers() {
        return answers == null ? RecordedAnswers.NONE : answers;
    }

    /** Says how many experiments were answered from the record, when any were. */
    void report(PrintWriter out) {
        if (answers != null && answers.reused() > 0) {
            out.printf("memoised     %d experiment%s answered from earlier campaigns' records (the tool is"
                    + " deterministic; each answer's trace line links to where it was measured)%n", answers.reused(),
                    answers.reused() == 1 ? "" : "s");
        }
    }

    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }
}
