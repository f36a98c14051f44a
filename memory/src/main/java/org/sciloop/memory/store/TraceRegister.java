package org.sciloop.memory.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sciloop.core.IoReason;
import org.sciloop.core.ServiceUnavailableException;

/**
 * The traces an embedded store indexed, listed beside its file ({@value #FILE}, a line of JSON per campaign indexed
 * or removed): the store is an index that can be made again from the traces, and this says where they are when its
 * file no longer can (damaged, or gone). Written by the process that holds the folder, each line before the write it
 * announces: a record the store holds is always listed, and at worst a campaign is listed that a write cut off
 * never put in the store, which the trace it names vouches for all the same.
 */
final class TraceRegister {
    static final String FILE = "traces.jsonl";
    private static final ObjectMapper JSON = JsonMapper.builder().build();

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

    /**
     * The campaigns listed and not removed since, in the order they were first indexed. A line that is not whole
     * (the last one, when a process was killed as it wrote it) lists nothing.
     */
    Map<String, Entry> campaigns() {
        return campaigns(lines());
    }

    private static Map<String, Entry> campaigns(List<String> lines) {
        Map<String, Entry> listed = new LinkedHashMap<>();
        for (String text : lines) {
            JsonNode line;
            try {
                line = JSON.readTree(text);
            } catch (IOException e) {
                continue;
            }
            if (line == null) {
                continue;
            }
            if (line.hasNonNull("indexed") && line.hasNonNull("trace") && line.hasNonNull("head")) {
                String id = line.get("indexed").asText();
                Path trace;
                try {
                    trace = Path.of(line.get("trace").asText());
                } catch (java.nio.file.InvalidPathException e) {
                    continue;  // a line spoiled on disk: it lists nothing
                }
                listed.put(id, new Entry(id, trace, line.path("lines").asLong(), line.get("head").asText()));
            } else if (line.hasNonNull("removed")) {
                listed.remove(line.get("removed").asText());
            }
        }
        return listed;
    }

    /** The register's lines; bytes that are not UTF-8 (a damaged disk) spoil only the line they are in. */
    private List<String> lines() {
        if (!exists()) {
            return List.of();
        }
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot read " + file + ", the list of the traces the store"
                    + " indexed: " + IoReason.of(e), e);
        }
    }

    /**
     * Writes the register anew with {@code campaigns} alone (a store made again, or one indexed before there was a
     * register): in a file beside it renamed into place, so it is whole or as it was.
     */
    void rewrite(Collection<IndexedCampaign> campaigns) {
        write(campaigns.stream().map(Entry::of).toList());
    }

    /** Writes the register anew when re-indexing made it more than twice as long as the campaigns it lists. */
    void compactIfLong() {
        List<String> lines = lines();
        Map<String, Entry> listed = campaigns(lines);
        if (lines.size() > 2L * listed.size() + 64) {
            write(listed.values());
        }
    }

    private void write(Collection<Entry> entries) {
        StringBuilder text = new StringBuilder();
        entries.forEach(e -> text.append(e.json()).append('\n'));
        Path next = file.resolveSibling(FILE + ".next");
        try {
            Files.writeString(next, text, StandardCharsets.UTF_8);
            Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot write " + file + ", the list of the traces the store"
                    + " indexed: " + IoReason.of(e), e);
        }
    }

    private void append(ObjectNode line) {
        synchronized (TraceRegister.class) {  // one line at a time, whichever store of this process writes it
            appendLine(line);
        }
    }

    private void appendLine(ObjectNode line) {
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new ServiceUnavailableException("cannot write to " + file + ", the list of the traces the store"
                    + " indexed, so nothing was written to the store: " + IoReason.of(e), e);
        }
    }
}
