package org.sciloop.core.config;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The files a scenario's options opened (tables, instrument profiles, inputs), each with the SHA-256 of the
 * bytes read, by the name the scenario gives it. The trace's header records them, so that a resume or a
 * replay can tell when the data under a campaign changed.
 */
public final class DataFiles {
    private final Map<String, String> fingerprints = new LinkedHashMap<>();

    synchronized void read(String name, byte[] sha256) {
        fingerprints.put(name, HexFormat.of().formatHex(sha256));
    }

    /** Name to SHA-256 (lower-case hex), in the order the files were first read. */
    public synchronized Map<String, String> fingerprints() {
        return Map.copyOf(new LinkedHashMap<>(fingerprints));
    }

    /**
     * How the files read now differ from those a trace recorded, one line per file, or empty when they do not:
     * changed content, and files read now but not then or then but not now.
     */
    public static List<String> changes(Map<String, String> recorded, Map<String, String> now) {
        List<String> changes = new ArrayList<>();
        Set<String> names = new TreeSet<>(recorded.keySet());
        names.addAll(now.keySet());
        for (String name : names) {
            String then = recorded.get(name);
            String current = now.get(name);
            if (then == null) {
                changes.add(name + ": read now, not when the campaign began");
            } else if (current == null) {
                changes.add(name + ": read when the campaign began, not now");
            } else if (!then.equals(current)) {
                changes.add(name + ": changed (SHA-256 " + then.substring(0, 12) + "… then, " + current.substring(0, 12)
                        + "… now)");
            }
        }
        return changes;
    }
}
