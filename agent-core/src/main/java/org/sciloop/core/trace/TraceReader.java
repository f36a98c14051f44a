package org.sciloop.core.trace;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import org.sciloop.core.InputException;
import org.sciloop.core.IoReason;

/**
 * Reads a trace line by line and checks, for every line, that it is whole, that its content matches its
 * hash, that it names the hash of the line before, that its sequence number follows, and that it is a
 * known event of the same campaign, and that every checkpoint's signature matches the key declared
 * before it. The first line that fails stops the reading: nothing after a break in the chain can be
 * trusted. Whether the signing keys are to be trusted is the caller's decision ({@link TraceVerification}).
 */
public final class TraceReader {
    private static final String STARTED = "CampaignStarted";
    private static final String RESUMED = "CampaignResumed";
    private static final String CHECKPOINT = "Checkpoint";
    private static final String PAUSED = "CampaignPaused";
    private static final String FINISHED = "CampaignFinished";

    /** The first line that is not what it should be. Lines count from 1. */
    public record Problem(long line, String message, boolean signature) {
        public Problem(long line, String message) {
            this(line, message, false);
        }

        /**
         * Whether the lines before it can be relied on: not when a checkpoint's signature fails, since it
         * vouches for them all (one of them may have been rewritten with the chain recomputed).
         */
        public boolean earlierLinesIntact() {
            return !signature;
        }

        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    /**
     * The result of reading a whole trace.
     *
     * @param lines intact lines read before the first problem (all of them when intact)
     * @param finished whether the last intact line is a {@link TraceEvent.CampaignFinished}
     * @param paused whether the last intact event is a {@link TraceEvent.CampaignPaused}: sealed there, the
     *     trace vouches for the campaign up to its pause, not for whether it went on after
     * @param intactBytes the length of the intact lines, newlines included
     * @param tornTail whether the only problem is a last line cut off mid-write (a crash while writing it)
     * @param signing the signed checkpoints among the intact lines
     */
    public record Report(Path file, long lines, Optional<Problem> problem, boolean finished, boolean paused,
                         long intactBytes, boolean tornTail, Signing signing) {
        public boolean intact() {
            return problem.isEmpty();
        }
    }

    /**
     * @param keys the signing keys the trace declares, in order (one per machine that wrote it)
     * @param checkpoints how many checkpoints verified
     * @param lastCheckpoint the line of the last one, 0 if none
     * @param sealed whether the last intact line is a sealed checkpoint: nothing after it was cut off
     */
    public record Signing(List<String> keys, int checkpoints, long lastCheckpoint, boolean sealed,
                          List<Adopted> adopted) {
        public Signing(List<String> keys, int checkpoints, long lastCheckpoint, boolean sealed) {
            this(keys, checkpoints, lastCheckpoint, sealed, List.of());
        }

        /**
         * Lines {@code from}-{@code to} were written before an interruption and never signed by the process
         * that wrote them (it stopped before its next checkpoint); the resume at line {@code resumedAt} went on
         * from them as it found them, and its signatures cover them from then on.
         */
        public record Adopted(long from, long to, long resumedAt) {
        }
    }

    private TraceReader() {
    }

    /**
     * Checks a trace; a damaged trace is a report, not an exception. A missing file is the user's mistake.
     * Reads each line's chain fields only, never decoding an event: at the speed of the disk.
     */
    public static Report verify(Path file) {
        return read(file, false).report();
    }

    /** Every record of an intact trace; a damaged one is refused with its first problem. */
    public static List<TraceRecord> readIntact(Path file) {
        List<TraceRecord> records = new ArrayList<>();
        Report report = scan(file, records::add);
        if (report.problem().isPresent()) {
            throw new DamagedTraceException(file + " is damaged at " + report.problem().get()
                    + "; run 'sciloop verify " + file + "' for details");
        }
        return records;
    }

    /**
     * Checks a trace as {@link #verify} does and decodes its events, then hands every intact line, in order,
     * to {@code sink}: only lines known to hold, since they are handed on once every check is done.
     */
    public static Report scan(Path file, Consumer<TraceRecord> sink) {
        Read read = read(file, true);
        read.records().forEach(sink);
        return read.report();
    }

    /** A report, and the intact lines decoded (none when the scan did not decode). */
    private record Read(Report report, List<TraceRecord> records) {
    }

    private static Read read(Path file, boolean decode) {
        if (Files.exists(file) && !Files.isRegularFile(file)) {
            // A device or a pipe would be read forever, or wait for a writer.
            throw new InputException(file + " is not a regular file" + (Files.isDirectory(file) ? " but a folder"
                    : " (a device or a pipe)") + "; a trace is a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return new Scan(file, decode, true).run(in);
        } catch (NoSuchFileException e) {
            throw new InputException("no trace at " + file);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + IoReason.of(e));
        }
    }

    /** One pass over the bytes; keeps the chain state between lines. */
    private static final class Scan {
        private static final Set<String> EVENT_TYPES = eventTypes();
        private final Path file;
        private final List<TraceRecord> records;
        private final Map<String, String> actors = new HashMap<>();
        private final MessageDigest digest = TraceCodec.sha256();
        private byte[] line = new byte[8192];
        private int length;
        private long number;
        private long intactBytes;
        private TraceCodec.Envelope last;
        private String lastHash;
        private String lastEventType;
        private final List<String> keys = new ArrayList<>();
        private final List<Signing.Adopted> adopted = new ArrayList<>();
        private String key;
        /** The format the header states; it decides what a checkpoint's signature covers. */
        private int formatVersion;
        private int checkpoints;
        private long lastCheckpoint;

        /** Checkpoint signatures being checked beside the scan, with the line each signs. */
        private final List<Future<Boolean>> signatures = new ArrayList<>();

        private final boolean signaturesBeside;
        private ExecutorService checker;

        /**
         * @param decode whether to decode each intact line's event (else the chain alone is checked)
         * @param signaturesBeside check checkpoint signatures on another thread while the scan goes on (the
         *     costliest step left: measured 0.2 to 0.5 s for a 100,000-line trace); the scan's result is
         *     final only once they all hold
         */
        Scan(Path file, boolean decode, boolean signaturesBeside) {
            this.file = file;
            this.records = decode ? new ArrayList<>() : null;
            this.signaturesBeside = signaturesBeside;
        }

        /** The type names the trace format knows, as {@link TraceEvent}'s JSON subtypes declare them. */
        private static Set<String> eventTypes() {
            Set<String> names = new HashSet<>();
            for (JsonSubTypes.Type type : TraceEvent.class.getAnnotation(JsonSubTypes.class).value()) {
                names.add(type.name());
            }
            return Set.copyOf(names);
        }

        Read run(InputStream in) throws IOException {
            if (!signaturesBeside) {
                return new Read(scan(in), records == null ? List.of() : records);
            }
            ExecutorService checker = Executors.newSingleThreadExecutor(r -> {
                Thread thread = new Thread(r, "sciloop-trace-signatures");
                thread.setDaemon(true);
                return thread;
            });
            try {
                checker.submit(() -> { });  // start the thread before the first checkpoint needs it
                this.checker = checker;
                Report report = scan(in);
                boolean holds = true;
                for (Future<Boolean> signature : signatures) {
                    holds &= signature.get();
                }
                if (!holds) {
                    // Rare (a forgery or damage): read again, checking each signature in its place, so the
                    // report names the first bad checkpoint and counts only the lines before it.
                    try (InputStream again = Files.newInputStream(file)) {
                        return new Scan(file, records != null, false).run(again);
                    }
                }
                return new Read(report, records == null ? List.of() : records);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while checking signatures", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("checking a signature failed", e.getCause());
            } finally {
                checker.shutdownNow();
            }
        }

        private Report scan(InputStream in) throws IOException {
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                int start = 0;
                for (int end; (end = newline(chunk, start, n)) >= 0; start = end + 1) {
                    add(chunk, start, end - start);
                    Optional<Problem> problem = checkLine();
                    if (problem.isPresent()) {
                        return report(problem, false);
                    }
                    length = 0;
                }
                add(chunk, start, n - start);
            }
            if (length > 0) {
                return report(Optional.of(new Problem(number + 1,
                        "the last line is cut off (no end of line): the trace was truncated mid-write")), true);
            }
            if (number == 0) {
                return report(Optional.of(new Problem(1, "the file is empty: a trace starts with a CampaignStarted"
                        + " line")), false);
            }
            return report(Optional.empty(), false);
        }

        /**
         * The next newline in {@code chunk[from, to)}, or -1. A method of its own, called per line, so the JIT
         * compiles it at once: the same loop inlined in the scan ran ten times slower for its first
         * 100,000 lines (measured: 0.72 s against 0.08 s for 48 MB).
         */
        private static int newline(byte[] chunk, int from, int to) {
            for (int i = from; i < to; i++) {
                if (chunk[i] == '\n') {
                    return i;
                }
            }
            return -1;
        }

        /** Why a line does not match its hash, naming the accidents an editor or a copy commonly makes. */
        private String mismatch() {
            if (length == 0) {
                return "the line is empty";
            }
            String said = "the content does not match its hash: the line was altered or damaged";
            if (length >= 3 && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF) {
                return said + " (it starts with a byte-order mark: an editor saved the file; the original verifies)";
            }
            if (line[length - 1] == '\r') {
                return said + " (it ends in a carriage return: the file was saved with Windows line endings, CRLF;"
                        + " the original, with LF endings, verifies)";
            }
            return said;
        }

        private void add(byte[] chunk, int from, int count) {
            if (length + count > line.length) {
                line = Arrays.copyOf(line, Math.max(line.length * 2, length + count));
            }
            System.arraycopy(chunk, from, line, length, count);
            length += count;
        }

        private Optional<Problem> checkLine() {
            long at = number + 1;
            String hash = TraceCodec.checkHash(line, length, digest);
            if (hash == null) {
                return Optional.of(new Problem(at, mismatch()));
            }
            TraceCodec.Envelope envelope;
            TraceEvent event = null;
            Instant time = null;
            try {
                envelope = TraceCodec.envelope(line, length);
                if (!EVENT_TYPES.contains(envelope.type())) {
                    throw new IOException("unknown event type '" + envelope.type() + "'");
                }
                if (records != null) {  // decoding: the time and the event must read, or the line is damaged
                    time = TraceCodec.instant(envelope.time());
                    event = TraceCodec.event(line, length, envelope);
                }
            } catch (IOException | RuntimeException e) {
                return Optional.of(new Problem(at, "not a trace event: " + firstLine(e.getMessage())));
            }
            String expectedPrev = last == null ? TraceCodec.GENESIS : lastHash;
            if (!envelope.prev().equals(expectedPrev)) {
                return Optional.of(new Problem(at, at == 1
                        ? "the first line does not start a chain: lines before it were removed"
                        : "it does not follow line " + (at - 1) + " (the chain is broken: a line was"
                        + " deleted, inserted or moved)"));
            }
            if (envelope.seq() != at) {
                return Optional.of(new Problem(at, "sequence number " + envelope.seq() + " where " + at + " belongs"));
            }
            if (last != null && !envelope.campaign().equals(last.campaign())) {
                return Optional.of(new Problem(at, "belongs to campaign " + envelope.campaign() + ", not "
                        + last.campaign()));
            }
            if ((at == 1) != envelope.type().equals(STARTED)) {
                return Optional.of(new Problem(at, at == 1 ? "a trace starts with CampaignStarted"
                        : "a second CampaignStarted"));
            }
            Optional<Problem> signature = checkSigning(at, envelope);
            if (signature.isPresent()) {
                return signature;
            }
            number = at;
            intactBytes += length + 1;
            last = envelope;
            lastHash = hash;
            if (!envelope.type().equals(CHECKPOINT)) {
                lastEventType = envelope.type();
            }
            if (records != null) {
                // One instance for values that repeat on every line (a large trace's records are kept whole).
                TraceRecord previous = records.isEmpty() ? null : records.get(records.size() - 1);
                String campaign = previous == null ? envelope.campaign() : previous.campaign();
                String prev = previous == null ? envelope.prev() : previous.hash();
                String actor = actors.computeIfAbsent(envelope.actor(), a -> a);
                records.add(new TraceRecord(envelope.seq(), time, campaign, actor, event, prev, hash));
            }
            return Optional.empty();
        }

        private Optional<Problem> checkSigning(long at, TraceCodec.Envelope envelope) {
            if (envelope.type().equals(STARTED)) {
                if (envelope.formatVersion() > TraceEvent.CampaignStarted.FORMAT_VERSION) {
                    return Optional.of(new Problem(at, "format version " + envelope.formatVersion()
                            + " is newer than this sciloop reads (up to "
                            + TraceEvent.CampaignStarted.FORMAT_VERSION + "); update sciloop"));
                }
                formatVersion = envelope.formatVersion();
                return declare(at, envelope.signingKey(), envelope.formatVersion() >= 2);
            }
            if (envelope.type().equals(RESUMED) && key != null && at - 1 > lastCheckpoint) {
                adopted.add(new Signing.Adopted(lastCheckpoint + 1, at - 1, at));
            }
            if (envelope.type().equals(RESUMED) && envelope.signingKey() != null) {
                return declare(at, envelope.signingKey(), true);
            }
            if (envelope.type().equals(CHECKPOINT)) {
                if (key == null) {
                    return Optional.of(new Problem(at, "a checkpoint, but no line before it declares a signing key"));
                }
                byte[] message = envelope.signature() == null ? null : formatVersion >= 3
                        ? signedLine(envelope.signature())
                        : TraceSigner.message(envelope.campaign(), at, envelope.prev(), envelope.sealed());
                if (message == null) {
                    return Optional.of(badSignature(at));
                }
                if (checker != null) {
                    String signer = key;
                    signatures.add(checker.submit(() -> TraceSigner.verify(signer, message, envelope.signature())));
                } else if (!TraceSigner.verify(key, message, envelope.signature())) {
                    return Optional.of(badSignature(at));
                }
                checkpoints++;
                lastCheckpoint = at;
            }
            return Optional.empty();
        }

        /** What a format-3 checkpoint signs: this line itself (a copy: the line buffer is reused). */
        private byte[] signedLine(String signature) {
            byte[] content = TraceCodec.signedContent(line, length, signature);
            return content == null ? null : TraceSigner.message(content);
        }

        private Problem badSignature(long at) {
            return new Problem(at, "the checkpoint's signature does not verify with the key "
                    + TraceSigner.fingerprint(key) + ": the lines before it were rewritten, or another key signed it",
                    true);
        }

        private Optional<Problem> declare(long at, String publicKey, boolean required) {
            if (publicKey == null) {
                return required ? Optional.of(new Problem(at, "the header declares no signing key")) : Optional.empty();
            }
            if (!TraceSigner.isPublicKey(publicKey)) {
                return Optional.of(new Problem(at, "the signing key is not an Ed25519 public key"));
            }
            key = publicKey;
            if (!keys.contains(publicKey)) {
                keys.add(publicKey);
            }
            return Optional.empty();
        }

        private Report report(Optional<Problem> problem, boolean tornTail) {
            boolean finished = FINISHED.equals(lastEventType);
            boolean sealed = last != null && last.type().equals(CHECKPOINT) && last.sealed();
            return new Report(file, number, problem, finished, PAUSED.equals(lastEventType), intactBytes, tornTail,
                    new Signing(List.copyOf(keys), checkpoints, lastCheckpoint, sealed, List.copyOf(adopted)));
        }

        private static String firstLine(String message) {
            return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        }
    }
}
