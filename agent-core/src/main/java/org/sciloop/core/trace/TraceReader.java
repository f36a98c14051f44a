package org.sciloop.core.trace;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.sciloop.core.InputException;

/**
 * Reads a trace line by line and checks, for every line, that it is whole, that its content matches its
 * hash, that it names the hash of the line before, that its sequence number follows, and that it is a
 * known event of the same campaign, and that every checkpoint's signature matches the key declared
 * before it. The first line that fails stops the reading: nothing after a break in the chain can be
 * trusted. Whether the signing keys are to be trusted is the caller's decision ({@link TraceVerification}).
 */
public final class TraceReader {

    /** The first line that is not what it should be. Lines count from 1. */
    public record Problem(long line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    /**
     * The result of reading a whole trace.
     *
     * @param lines intact lines read before the first problem (all of them when intact)
     * @param last the last intact record, if any
     * @param finished whether the last intact line is a {@link TraceEvent.CampaignFinished}
     * @param intactBytes the length of the intact lines, newlines included
     * @param tornTail whether the only problem is a last line cut off mid-write (a crash while writing it)
     * @param signing the signed checkpoints among the intact lines
     */
    public record Report(Path file, long lines, Optional<Problem> problem, Optional<TraceRecord> last,
                         boolean finished, long intactBytes, boolean tornTail, Signing signing) {
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
    public record Signing(List<String> keys, int checkpoints, long lastCheckpoint, boolean sealed) {
    }

    private TraceReader() {
    }

    /** Checks a trace; a damaged trace is a report, not an exception. A missing file is the user's mistake. */
    public static Report verify(Path file) {
        return scan(file, r -> { });
    }

    /** Every record of an intact trace; a damaged one is refused with its first problem. */
    public static List<TraceRecord> readIntact(Path file) {
        List<TraceRecord> records = new ArrayList<>();
        Report report = scan(file, records::add);
        if (report.problem().isPresent()) {
            throw new InputException(file + " is damaged at " + report.problem().get()
                    + "; run 'sciloop verify " + file + "' for details");
        }
        if (records.isEmpty()) {
            throw new InputException(file + " is empty: it holds no campaign");
        }
        return records;
    }

    public static Report scan(Path file, Consumer<TraceRecord> sink) {
        try (InputStream in = Files.newInputStream(file)) {
            return new Scan(file, sink).run(in);
        } catch (NoSuchFileException e) {
            throw new InputException("no trace at " + file);
        } catch (IOException e) {
            throw new InputException("cannot read " + file + ": " + e.getMessage());
        }
    }

    /** One pass over the bytes; keeps the chain state between lines. */
    private static final class Scan {
        private final Path file;
        private final Consumer<TraceRecord> sink;
        private final MessageDigest digest = TraceCodec.sha256();
        private byte[] line = new byte[8192];
        private int length;
        private long number;
        private long intactBytes;
        private TraceRecord last;
        private TraceEvent lastEvent;
        private final List<String> keys = new ArrayList<>();
        private String key;
        private int checkpoints;
        private long lastCheckpoint;

        Scan(Path file, Consumer<TraceRecord> sink) {
            this.file = file;
            this.sink = sink;
        }

        Report run(InputStream in) throws IOException {
            byte[] chunk = new byte[1 << 16];
            for (int n; (n = in.read(chunk)) > 0; ) {
                int start = 0;
                for (int i = 0; i < n; i++) {
                    if (chunk[i] == '\n') {
                        add(chunk, start, i - start);
                        Optional<Problem> problem = checkLine();
                        if (problem.isPresent()) {
                            return report(problem, false);
                        }
                        length = 0;
                        start = i + 1;
                    }
                }
                add(chunk, start, n - start);
            }
            if (length > 0) {
                return report(Optional.of(new Problem(number + 1,
                        "the last line is cut off (no end of line): the trace was truncated mid-write")), true);
            }
            return report(Optional.empty(), false);
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
                return Optional.of(new Problem(at, length == 0 ? "the line is empty"
                        : "the content does not match its hash: the line was altered or damaged"));
            }
            TraceRecord record;
            try {
                record = TraceCodec.decode(line, length, hash);
            } catch (IOException | RuntimeException e) {
                return Optional.of(new Problem(at, "not a trace event: " + firstLine(e.getMessage())));
            }
            String expectedPrev = last == null ? TraceCodec.GENESIS : last.hash();
            if (!record.prev().equals(expectedPrev)) {
                return Optional.of(new Problem(at, at == 1
                        ? "the first line does not start a chain: lines before it were removed"
                        : "it does not follow line " + (at - 1) + " (the chain is broken: a line was"
                        + " deleted, inserted or moved)"));
            }
            if (record.seq() != at) {
                return Optional.of(new Problem(at, "sequence number " + record.seq() + " where " + at + " belongs"));
            }
            if (last != null && !record.campaign().equals(last.campaign())) {
                return Optional.of(new Problem(at, "belongs to campaign " + record.campaign() + ", not "
                        + last.campaign()));
            }
            if ((at == 1) != (record.event() instanceof TraceEvent.CampaignStarted)) {
                return Optional.of(new Problem(at, at == 1 ? "a trace starts with CampaignStarted"
                        : "a second CampaignStarted"));
            }
            Optional<Problem> signature = checkSigning(record);
            if (signature.isPresent()) {
                return signature;
            }
            number = at;
            intactBytes += length + 1;
            last = record;
            if (!(record.event() instanceof TraceEvent.Checkpoint)) {
                lastEvent = record.event();
            }
            sink.accept(record);
            return Optional.empty();
        }

        private Optional<Problem> checkSigning(TraceRecord record) {
            long at = record.seq();
            TraceEvent event = record.event();
            if (event instanceof TraceEvent.CampaignStarted started) {
                if (started.formatVersion() > TraceEvent.CampaignStarted.FORMAT_VERSION) {
                    return Optional.of(new Problem(at, "format version " + started.formatVersion()
                            + " is newer than this sciloop reads (up to "
                            + TraceEvent.CampaignStarted.FORMAT_VERSION + "); update sciloop"));
                }
                return declare(at, started.signingKey(), started.formatVersion() >= 2);
            }
            if (event instanceof TraceEvent.CampaignResumed resumed && resumed.signingKey() != null) {
                return declare(at, resumed.signingKey(), true);
            }
            if (event instanceof TraceEvent.Checkpoint checkpoint) {
                if (key == null) {
                    return Optional.of(new Problem(at, "a checkpoint, but no line before it declares a signing key"));
                }
                if (!TraceSigner.verify(key, record.campaign(), at, record.prev(), checkpoint.sealed(),
                        checkpoint.signature())) {
                    return Optional.of(new Problem(at, "the checkpoint's signature does not verify with the key "
                            + TraceSigner.fingerprint(key) + ": the lines before it were rewritten, or another key"
                            + " signed it"));
                }
                checkpoints++;
                lastCheckpoint = at;
            }
            return Optional.empty();
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
            boolean finished = lastEvent instanceof TraceEvent.CampaignFinished;
            boolean sealed = last != null && last.event() instanceof TraceEvent.Checkpoint c && c.sealed();
            return new Report(file, number, problem, Optional.ofNullable(last), finished, intactBytes, tornTail,
                    new Signing(List.copyOf(keys), checkpoints, lastCheckpoint, sealed));
        }

        private static String firstLine(String message) {
            return message == null ? "unreadable" : message.lines().findFirst().orElse("unreadable");
        }
    }
}
