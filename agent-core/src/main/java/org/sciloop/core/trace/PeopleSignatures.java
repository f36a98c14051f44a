package org.sciloop.core.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;

/**
 * The signatures people put on a trace ({@link TraceEvent.PersonSigned}), checked as {@code verify} reads it:
 * each must be its key's signature of the line it names as that line is now, and, given a list of people
 * ({@code --people}: lines of {@code NAME KEY}, as {@code sciloop key --user NAME} prints them), by a key
 * the list gives that person. A signature that fails says which line and why.
 */
public final class PeopleSignatures {
    private final Optional<Map<String, String>> people;
    /** The hash of every line read so far, by line: all a signature needs of the line it names. */
    private final Map<Long, String> hashes = new HashMap<>();
    private static final String PERSON = "person:";
    /** Lines written as a person's (a told result, a decision) that no signature of theirs covers yet. */
    private final Map<Long, String> unsigned = new HashMap<>();
    private final java.util.Set<Long> signed = new java.util.HashSet<>();
    private final Map<String, Map<String, Integer>> signedBy = new TreeMap<>();
    private final List<String> problems = new ArrayList<>();
    private int signatures;

    public PeopleSignatures(Optional<Map<String, String>> people) {
        this.people = people;
    }

    /** Reads a list of people: {@code NAME KEY} per line; blank lines and {@code #} comments are skipped. */
    public static Map<String, String> read(Path file) {
        List<String> text;
        try {
            text = Files.readAllLines(file);
        } catch (IOException e) {
            throw new InputException("--people " + file + ": cannot read: " + IoReason.of(e));
        }
        Map<String, String> people = new HashMap<>();
        for (int i = 0; i < text.size(); i++) {
            String line = text.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("\\s+");
            if (parts.length != 2 || !TraceSigner.isPublicKey(parts[1])) {
                throw new InputException(file + ":" + (i + 1) + ": expected 'NAME KEY' (as 'sciloop key --user NAME'"
                        + " prints it), got '" + line + "'");
            }
            if (people.put(parts[0], parts[1]) != null) {
                throw new InputException(file + ":" + (i + 1) + ": " + parts[0] + " is listed twice");
            }
        }
        return people;
    }

    /** Takes each line as the reader gives it; a signature refers back to a line read before it. */
    public void accept(TraceRecord record) {
        if (record.actor().startsWith(PERSON) && (record.event() instanceof TraceEvent.ObservationRecorded
                || record.event() instanceof TraceEvent.ApprovalDecided)) {
            unsigned.put(record.seq(), record.actor().substring(PERSON.length()));
        }
        if (record.event() instanceof TraceEvent.PersonSigned s) {
            signatures++;
            String hash = hashes.get(s.line());
            String where = "line " + record.seq() + ": " + s.person() + "'s signature (" + s.meaning() + ") of line "
                    + s.line();
            if (hash == null || !PersonalKey.verifies(s, record.campaign(), hash)) {
                problems.add(where + " does not match that line as it is now: it was forged, moved, or the line"
                        + " was changed");
            } else if (!s.person().equals(unsigned.get(s.line()))) {
                problems.add(where + (signed.contains(s.line()) ? " signs it a second time"
                        : " signs a line that is not theirs to sign") + ": copied from elsewhere");
            } else if (people.isPresent() && !s.publicKey().equals(people.get().get(s.person()))) {
                problems.add(where + " is by a key " + (people.get().containsKey(s.person())
                        ? "that is not " + s.person() + "'s on the list" : "of someone not on the list of people")
                        + " (" + TraceSigner.fingerprint(s.publicKey()) + ")");
                unsigned.remove(s.line());  // signed, by the wrong key: said once, not again as unsigned
                signed.add(s.line());
            } else {
                unsigned.remove(s.line());
                signed.add(s.line());
                signedBy.computeIfAbsent(s.person(), p -> new TreeMap<>()).merge(s.meaning(), 1, Integer::sum);
            }
        }
        hashes.put(record.seq(), record.hash());
    }

    /**
     * Once every line is read: a result or decision written as a person's must carry their signature; one
     * without (its signature cut out) is not theirs for all anyone can tell.
     */
    public void finish() {
        unsigned.forEach((line, person) -> problems.add("line " + line + ": written as " + person + "'s, but no"
                + " signature of theirs covers it (cut out, or never signed)"));
        unsigned.clear();
    }

    public int signatures() {
        return signatures;
    }

    public List<String> problems() {
        return problems;
    }

    /** "alice: 3 measured, 1 reported failed; bob: 1 measured". */
    public String summary() {
        List<String> parts = new ArrayList<>();
        signedBy.forEach((person, meanings) -> parts.add(person + ": " + String.join(", ", meanings.entrySet()
                .stream().map(e -> e.getValue() + " " + e.getKey()).toList())));
        return String.join("; ", parts);
    }

    public boolean checkedAgainstList() {
        return people.isPresent();
    }
}
