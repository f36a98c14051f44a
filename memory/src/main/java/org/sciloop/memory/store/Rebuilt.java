package org.sciloop.memory.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;
import org.sciloop.core.ServiceUnavailableException;
import org.sciloop.memory.store.CampaignStore.Filter;
import org.sciloop.memory.store.CampaignStore.Listed;

/**
 * What came of making a store again from the traces it indexed ({@link CampaignStore#rebuild()}).
 *
 * @param reindexed how many campaigns were indexed afresh from their traces
 * @param unverified the records kept whose traces no longer vouch for them
 * @param lost the campaigns whose traces no longer vouch for them and whose records could not be read either (a
 *     store left locked or damaged there), each with why: they are not in the store made again
 * @param embeddingsKept whether the embeddings that recall had computed were kept (else recall computes them again)
 */
public record Rebuilt(int reindexed, List<Unverified> unverified, List<String> lost, boolean embeddingsKept) {

    /** A campaign's record whose trace no longer vouches for it, and why. */
    public record Unverified(IndexedCampaign record, String state) {
    }

    /** Makes {@code store} again from its traces, as {@link CampaignStore#rebuild()} says. */
    static Rebuilt make(CampaignStore store) {
        store.checkWritable("rebuild the index");
        Optional<Path> folder = store.folder();
        List<IndexedCampaign> verified = new ArrayList<>();
        List<Unverified> unverified = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        for (Listed l : store.campaigns(Filter.all())) {
            TraceCheck check = TraceCheck.of(l.campaign());
            if (check.current().isPresent()) {
                verified.add(check.current().get());
            } else if (folder.isEmpty()) {
                unverified.add(new Unverified(l.campaign(), check.state()));  // a server's store keeps it in place
            } else {
                try {
                    unverified.add(new Unverified(store.campaign(l.campaign().id()).orElseThrow(), check.state()));
                } catch (ServiceUnavailableException e) {
                    lost.add(l.campaign().id() + " (" + l.campaign().scenario() + "): its trace " + check.state()
                            + ", and its record cannot be read: " + e.getMessage());
                }
            }
        }
        if (folder.isEmpty()) {
            index(store, verified, unverified);
            return new Rebuilt(verified.size(), unverified, lost, true);
        }
        Path rebuilt = folder.get().resolve("rebuilding");
        deleteFolder(rebuilt);  // what a rebuild that was stopped left
        boolean embeddingsKept = true;
        try (CampaignStore fresh = CampaignStore.open(rebuilt.toString())) {
            index(fresh, verified, unverified);
            try {
                store.passages().copyEmbeddingsTo(fresh.passages());
            } catch (ServiceUnavailableException e) {
                embeddingsKept = false;  // a cache: recall computes what is missing when a question needs it
            }
        }
        store.replaceBy(rebuilt);
        deleteFolder(rebuilt);
        return new Rebuilt(verified.size(), unverified, lost, embeddingsKept);
    }

    private static void index(CampaignStore s, List<IndexedCampaign> verified, List<Unverified> unverified) {
        verified.forEach(c -> s.index(c, true));
        for (Unverified u : unverified) {
            if (s.listed(u.record().id()).isEmpty()) {
                s.index(u.record(), true);
            }
            s.traceState(u.record().id(), u.state());
        }
    }

    private static void deleteFolder(Path folder) {
        if (!Files.exists(folder)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(folder)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new InputException("cannot remove " + folder + ": " + IoReason.of(e));
        }
    }
}
