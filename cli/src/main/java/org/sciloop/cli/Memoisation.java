package org.sciloop.cli;

import java.io.PrintWriter;
import java.util.Optional;
import org.sciloop.core.campaign.Campaign;
import org.sciloop.core.tool.RecordedAnswers;
import org.sciloop.memory.store.CampaignStore;
import org.sciloop.memory.store.VerifiedAnswers;

/**
 * A live run's answers on record in the campaign store, for a deterministic tool whose scenario allows it
 * (memoisation); none for any other. A store that cannot be read costs the reuse, never the run.
 */
final class Memoisation {
    /** No answers: every experiment goes to the tool. */
    static final Memoisation NONE = new Memoisation(null);
    private final VerifiedAnswers answers;

    private Memoisation(VerifiedAnswers answers) {
        this.answers = answers;
    }

    /**
     * For {@code campaign}'s live run: the answers on record, read
     * at once, so that the campaign holds no connection to the store while it runs.
     */
    static Memoisation of(Campaign campaign, PrintWriter err) {
        Optional<String> fingerprint = campaign.toolFingerprint();
        if (!campaign.scenario().memoised() || fingerprint.isEmpty()) {
            return NONE;
        }
        try (CampaignStore store = CampaignStore.open(null)) {
            return new Memoisation(VerifiedAnswers.load(store, fingerprint.get()));
        } catch (RuntimeException e) {
            if (SignalPause.signalled()) {
                return NONE;  // the store was cut off by the JVM ending, not damaged: nothing runs anyway
            }
            err.printf("sciloop: every experiment is run, none answered from earlier campaigns: the campaign store"
                    + " cannot be read (%s)%n", e.getMessage());
            err.flush();
            return NONE;
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
}
