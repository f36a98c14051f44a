package org.sciloop.memory.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.sciloop.core.IoReason;
import org.sciloop.core.ServiceUnavailableException;

/**
 * The traces an embedded store indexed, listed beside its file ({@value #FILE}, a line of JSON per campaign indexed
 * or removed): the store is an index that can be made again from the traces, and this says where they are when its
 * file no longer can (damaged, gone, or behind its last writes). Written by the process that holds the folder, each
 * line before the write it announces: a record the store holds is listed, and at worst a campaign is listed that a
 * write cut off never put in the store, which the trace it names vouches for all the same. A line only says where to
 * look: a trace must verify, and be the campaign listed, to count.
 */
final class TraceRegister {
    static final String FILE = "traces.jsonl";
    private static final ObjectMapper JSON = JsonMapper.builder().build();
    /** A line longer than this is no line of the register's (one is a few hundred bytes), and lists nothing. */
    private static final int LONGEST_LINE = 64 * 1024;

    /** A campaign as listed: its trace, and the line up to which it was indexed with that line's hash. */
    record Entry(String id, Path trace, long lines, String head) {
        static Entry of(IndexedCampaign campaign) {
            return new Entry(campaign.id(), campaign.trace(), campaign.lines(), campaign.head());
        }

        private ObjectNode json() {
            return JSON.createObjectNode().put("indexed", id).put("trace", trace.toString()).put("lines", lines)
                    .put("head", head);
        }
    }

    /**
     * What the register says: the campaigns listed as indexed and not removed since (in the order they were first
     * indexed), the campaigns whose last line says they were removed, and how many lines and bytes it took.
     */
    record Listing(Map<String, Entry> indexed, Set<String> removed, long lines, long bytes) {
        /** Whether the register is much longer than what it says (re-indexing, removals, or spoiled lines). */
        boolean longerThanNeeded() {
            int said = indexed.size() + removed.size();
            return lines > 2L * said + 64 || bytes > 64L * 1024 + 2L * 1024 * (said + 1);
        }
    }

    private final Path file;

    private TraceRegister(Path file) {
        this.file = file;
    }

    /** The register of the store in {@code folder}. */
    static TraceRegister in(Path folder) {
        return new TraceRegister(folder.resolve(FILE));
    }

    Path file() {
        return file;
    }

    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** Lists {@code campaign} as indexed from its trace, before the store takes it. */
    void indexed(IndexedCampaign campaign) {
        append(Entry.of(campaign).json());
    }

    /** Lists campaign {@code id} as removed, before the store takes its record out. */
    void removed(String id) {
        append(JSON.createObjectNode().put("removed", id));
    }

    /** The campaigns listed as indexed and not removed since, in the order they were first indexed. */
    Map<String, Entry> campaigns() {
        return listing().indexed();
    }

    /**
     * All the register says. A line that is not whole (the last one, when a process was killed as it wrote it), or
     * is spoiled (bytes that are not UTF-8, a path no file system takes, a line far too long), lists nothing; the rest
     * stands. Read a line at a time, so a register grown huge costs time, not memory.
     */
    Listing listing() {
        Map<String, Entry> indexed = new LinkedHashMap<>();
        Set<String> removed = new LinkedHashSet<>();
        if (!exists()) {
            return new Listing(indexed, removed, 0, 0);
        }
        long lines = 0;
        long bytes = 0;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 65_536)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean tooLong = false;
            for (int b = in.read(); ; b = in.read()) {
                if (b == '\n' || b < 0) {
                    if (!tooLong && line.size() > 0) {
                        take(line.toString(StandardCharsets.UTF_8), indexed, removed);
                    }
                    if (b < 0) {
                        break;
                    }
                    lines++;
                    line.reset();
                    tooLong = false;
                } else if (!tooLong) {
                    line.write(b);
                    tooLong = line.size() > LONGEST_LINE;
                }
                bytes++;
            }
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot read " + file + ", the list of the traces the store"
                    + " indexed: " + IoReason.of(e), e);
        }
        return new Listing(indexed, removed, lines, bytes);
    }

    private static void take(String text, Map<String, Entry> indexed, Set<String> removed) {
        JsonNode line;
        try {
            line = JSON.readTree(text);
        } catch (IOException e) {
            return;
        }
        if (line == null) {
            return;
        }
        if (line.hasNonNull("indexed") && line.hasNonNull("trace") && line.hasNonNull("head")) {
            String id = line.get("indexed").asText();
            Path trace;
            try {
                trace = Path.of(line.get("trace").asText());
            } catch (InvalidPathException e) {
                return;
            }
            indexed.put(id, new Entry(id, trace, line.path("lines").asLong(), line.get("head").asText()));
            removed.remove(id);
        } else if (line.hasNonNull("removed")) {
            String id = line.get("removed").asText();
            indexed.remove(id);
            removed.add(id);
        }
    }

    /**
     * Writes the register anew with {@code campaigns} (a store made again, or one indexed before there was a
     * register), and the removals it said of any others, which an older copy of the store's file would otherwise
     * bring back: in a file beside it renamed into place, so it is whole or as it was.
     */
    void rewrite(Collection<IndexedCampaign> campaigns) {
        Set<String> removed = new LinkedHashSet<>(listing().removed());
        campaigns.forEach(c -> removed.remove(c.id()));
        write(campaigns.stream().map(Entry::of).toList(), removed);
    }

    /** Writes the register anew with what {@code listing} (read from it) says, when it is much longer than that. */
    void compactIfLong(Listing listing) {
        if (listing.longerThanNeeded()) {
            write(listing.indexed().values(), listing.removed());
        }
    }

    private void write(Collection<Entry> entries, Collection<String> removed) {
        StringBuilder text = new StringBuilder();
        entries.forEach(e -> text.append(e.json()).append('\n'));
        removed.forEach(id -> text.append(JSON.createObjectNode().put("removed", id)).append('\n'));
        Path next = file.resolveSibling(FILE + ".next");
        try {
            if (Files.exists(file) && !Files.isWritable(file)) {
                throw new IOException("Permission denied");  // as appending to it would say: kept as it is
            }
            Files.writeString(next, text, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(next);
            } catch (IOException again) {
                // what is left beside it is written anew next time
            }
            throw failed(e);
        }
    }

    /**
     * What {@link #putRight} mended: each campaign put right in the store (said in words), and each the register was
     * missing or had spoiled (their ids).
     */
    record Mended(List<String> inStore, List<String> inRegister) {
    }

    /**
     * Puts {@code store} (the embedded store this register lies beside, which this process can write) right by the
     * register, as the register was written before each write it announces: H2 opens a file that lost its last
     * writes as the store it was before them, without a word (measured: a store cut to half its size opened with one
     * of its two campaigns gone, and a rebuild then made the store again without it). A campaign listed and not held
     * as listed is indexed again from its trace; one whose last line says it was removed is removed again. A line
     * that disagrees with the store's record in one field only (its id, its line or that line's hash) was spoiled,
     * and is written again from the record; so is a campaign held that the register does not name (a register
     * emptied or spoiled): only a removal said counts as one. A store from before there were registers gets one.
     */
    Mended putRight(CampaignStore store) {
        Map<String, Entry> held = new LinkedHashMap<>();
        Map<String, Entry> byHead = new HashMap<>();
        for (Entry h : store.held()) {
            held.put(h.id(), h);
            byHead.put(h.head(), h);
        }
        if (!exists()) {
            write(held.values(), List.of());
            return new Mended(List.of(), List.of());
        }
        Listing listing = listing();
        List<String> inStore = new ArrayList<>();
        List<String> inRegister = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (Entry listed : listing.indexed().values()) {
            Entry same = held.get(listed.id());
            Entry sameHead = byHead.get(listed.head());
            if (listed.equals(same)) {
                named.add(same.id());
            } else if (same != null && (same.lines() == listed.lines() || same.head().equals(listed.head()))
                    || same == null && sameHead != null) {
                Entry record = same != null ? same : sameHead;  // the line was spoiled in one field
                if (same == null) {
                    removed(listed.id());
                }
                append(record.json());
                named.add(record.id());
                inRegister.add(record.id());
            } else {
                TraceCheck check = same == null ? TraceCheck.ofListed(listed)
                        : TraceCheck.of(listed.id(), listed.trace(), listed.lines(), listed.head());
                if (check.current().isPresent()) {
                    IndexedCampaign campaign = check.current().get();
                    store.index(campaign, true);
                    named.add(campaign.id());
                    inStore.add("indexed again from its trace: " + campaign.id() + " (" + campaign.scenario() + ", "
                            + campaign.experiments() + (campaign.experiments() == 1 ? " experiment)"
                            : " experiments)"));
                } else if (same == null) {
                    removed(listed.id());
                    inStore.add("left out: " + listed.id() + ": its trace " + check.state() + "; 'sciloop memory"
                            + " add' puts it back from a trace that verifies");
                } else {
                    append(same.json());
                    named.add(same.id());
                    inStore.add("kept as indexed before: " + same.id() + " (" + same.lines() + " lines of its"
                            + " trace): its trace " + check.state());
                }
            }
        }
        for (Entry h : held.values()) {
            if (named.contains(h.id())) {
                continue;
            }
            if (listing.removed().contains(h.id())) {
                store.forget(h.id());
                inStore.add("removed again: " + h.id() + " (its removal had been lost)");
            } else {
                append(h.json());
                inRegister.add(h.id());
            }
        }
        compactIfLong(inStore.isEmpty() && inRegister.isEmpty() ? listing : listing());
        return new Mended(inStore, inRegister);
    }

    /**
     * How many of the campaigns listed {@code store} does not hold as listed (by id, line or hash), or holds though
     * removed: for a store this process can only read, which it cannot put right.
     */
    int notAsListed(CampaignStore store) {
        Map<String, Entry> held = new HashMap<>();
        Set<String> heads = new HashSet<>();
        for (Entry h : store.held()) {
            held.put(h.id(), h);
            heads.add(h.head());
        }
        Listing listing = listing();
        long missing = listing.indexed().values().stream().filter(e -> !heads.contains(e.head())
                && !(held.containsKey(e.id()) && held.get(e.id()).lines() == e.lines())).count();
        return (int) (missing + listing.removed().stream().filter(held::containsKey).count());
    }

    private void append(ObjectNode line) {
        synchronized (TraceRegister.class) {  // one line at a time, whichever store of this process writes it
            try {
                Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                        StandardOpenOption.APPEND, StandardOpenOption.WRITE);
            } catch (IOException e) {
                throw failed(e);
            }
        }
    }

    private ServiceUnavailableException failed(IOException e) {
        return new ServiceUnavailableException("cannot write " + file + ", the list of the traces the store indexed"
                + " (" + IoReason.of(e) + (Files.isDirectory(file) ? ": a folder of that name is in the way, move it"
                + " aside" : "") + ")", e);
    }
}
