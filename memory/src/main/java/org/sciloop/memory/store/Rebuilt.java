package org.sciloop.memory.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
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
 * @param setAside where the damaged file an embedded store was made again in place of was kept, if it was
 * @param seconds how long it took
 */
public record Rebuilt(int reindexed, List<Unverified> unverified, List<String> lost, boolean embeddingsKept,
                      Optional<Path> setAside, double seconds) {

    /** "in 6.6 s: 2 campaigns re-indexed from their traces, 0 kept but no longer verified", and what else is so. */
    public String summary() {
        return String.format(Locale.ROOT, "in %.1f s: %d campaign%s re-indexed from %s trace%s, %d kept"
                + " but no longer verified%s%s", seconds, reindexed, reindexed == 1 ? "" : "s",
                reindexed == 1 ? "its" : "their", reindexed == 1 ? "" : "s", unverified.size(),
                embeddingsKept ? "" : "; any embeddings recall had computed were not kept: it computes them again"
                        + " as questions need them",
                setAside.map(p -> "; the damaged file is kept as " + p).orElse(""));
    }

    /** A campaign's record whose trace no longer vouches for it, and why. */
    public record Unverified(IndexedCampaign record, String state) {
    }

    /** Makes {@code store} again from its traces, as {@link CampaignStore#rebuild()} says. */
    static Rebuilt make(CampaignStore store) {
        long started = System.nanoTime();
        Optional<Path> folder = store.folder();
        List<IndexedCampaign> verified = new ArrayList<>();
        List<Unverified> unverified = new ArrayList<>();
        List<String> lost = new ArrayList<>();
        List<Listed> records = store.campaigns(Filter.all());
        for (Listed l : records) {
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
        if (folder.isPresent()) {
            // Campaigns the list has and the store does not: writes its file lost. Opening a store catches up with
            // those, so they are found here only in a store that a killed process left.
            Set<String> ids = new HashSet<>();
            records.forEach(l -> ids.add(l.campaign().id()));
            for (TraceRegister.Entry e : TraceRegister.in(folder.get()).campaigns().values()) {
                if (!ids.contains(e.id())) {
                    TraceCheck check = TraceCheck.ofListed(e);
                    if (check.current().isEmpty()) {
                        lost.add(e.id() + ": its trace " + check.state() + ", and the store held no record of it");
                    } else if (ids.add(check.current().get().id())) {  // two lines may name one campaign
                        verified.add(check.current().get());
                    }
                }
            }
        }
        if (folder.isEmpty()) {
            index(store, verified, unverified);
            return new Rebuilt(verified.size(), unverified, lost, true, Optional.empty(), since(started));
        }
        boolean[] embeddingsKept = {true};
        Path rebuilt = madeBeside(folder.get(), verified.size() + unverified.size(), fresh -> {
            index(fresh, verified, unverified);
            try {
                store.passages().copyEmbeddingsTo(fresh.passages());
            } catch (ServiceUnavailableException e) {
                embeddingsKept[0] = false;  // a cache: recall computes what is missing when a question needs it
            }
        });
        store.replaceBy(rebuilt);
        deleteFolder(rebuilt);
        List<IndexedCampaign> held = new ArrayList<>(verified);
        unverified.forEach(u -> held.add(u.record()));
        TraceRegister.in(folder.get()).rewrite(held);
        return new Rebuilt(verified.size(), unverified, lost, embeddingsKept[0], Optional.empty(), since(started));
    }

    /**
     * Makes the embedded store in {@code folder}, which this process holds by {@code hold}, again from the traces its
     * {@link TraceRegister} lists, since its file is damaged and cannot say what it held (it is kept aside, never
     * deleted). A listed campaign whose trace no longer vouches for it is left out, and said: the record that
     * would have kept it, marked, was in the file.
     */
    static Rebuilt fromDamaged(Path folder, StoreHold hold) {
        long started = System.nanoTime();
        hold.writing();  // one cut off leaves the same to do to the next process
        TraceRegister register = TraceRegister.in(folder);
        Map<String, IndexedCampaign> verified = new LinkedHashMap<>();  // by id: two lines may name one campaign
        List<String> lost = new ArrayList<>();
        for (TraceRegister.Entry e : register.campaigns().values()) {
            TraceCheck check = TraceCheck.ofListed(e);
            if (check.current().isPresent()) {
                verified.put(check.current().get().id(), check.current().get());
            } else {
                lost.add(e.id() + ": its trace " + check.state() + ", and the store's damaged file cannot say more"
                        + " of it; 'sciloop memory add' puts it back from a trace that verifies");
            }
        }
        Path rebuilt = madeBeside(folder, verified.size(),
                fresh -> verified.values().forEach(c -> fresh.index(c, true)));
        Path aside = EmbeddedFolder.setAside(folder);
        EmbeddedFolder.replace(folder, rebuilt);
        deleteFolder(rebuilt);
        register.rewrite(verified.values());
        // The damaged file's embeddings, if it had any, are not read.
        return new Rebuilt(verified.size(), List.of(), lost, false, Optional.of(aside), since(started));
    }

    /**
     * A store made afresh by {@code fill} in {@code rebuilding/} beside the one in {@code folder}, and found to hold
     * its {@code campaigns} once closed: a write H2 could not make (a tester's nearly full disk) had put a damaged or
     * empty file in the place of a good one. Made or not, nothing is left beside the store but the new file.
     */
    private static Path madeBeside(Path folder, int campaigns, Consumer<CampaignStore> fill) {
        Path rebuilt = folder.resolve("rebuilding");
        deleteFolder(rebuilt);  // what a rebuild that was stopped left
        try {
            try (CampaignStore fresh = CampaignStore.open(rebuilt.toString())) {
                fill.accept(fresh);
            }
            long held = EmbeddedFolder.campaignsIn(rebuilt);
            if (held != campaigns) {
                throw new ServiceUnavailableException("written, it holds " + held + " of the " + campaigns
                        + " campaigns", null);
            }
            return rebuilt;
        } catch (RuntimeException e) {
            try {
                deleteFolder(rebuilt);
            } catch (RuntimeException again) {
                e.addSuppressed(again);
            }
            throw new ServiceUnavailableException("the store could not be made again in a new file beside it ("
                    + e.getMessage() + "; " + EmbeddedFolder.room(folder) + "), so it is left as it was", e);
        }
    }

    private static double since(long nanos) {
        return (System.nanoTime() - nanos) / 1e9;
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
