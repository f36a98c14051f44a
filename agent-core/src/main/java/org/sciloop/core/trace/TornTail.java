package org.sciloop.core.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * A last line cut off mid-write, as a crash or power cut can leave. Setting it aside is safe: the writer
 * puts each line down with one call and, before an actuation, forces it to the disk before the call
 * starts, so a line that never became whole was never acted upon. Its bytes are kept next to the trace,
 * never thrown away.
 */
public final class TornTail {
    /** Far more than the writer's longest line (a header with a 1 MB scenario in it). */
    private static final long MAX_TORN_LINE_BYTES = 16L << 20;

    private TornTail() {
    }

    /**
     * Moves a torn last line to {@code <trace>.torn-<line>} and cuts the trace back to its intact lines.
     * Empty (and nothing touched) when the trace has no torn tail.
     */
    public static Optional<Path> setAside(Path trace) {
        TraceReader.Report report = TraceReader.verify(trace);
        // No intact first line is no trace at all: left as it is, for the reader to refuse as damaged.
        if (!report.tornTail() || report.lines() == 0) {
            return Optional.empty();
        }
        Path aside = trace.resolveSibling(trace.getFileName() + ".torn-" + (report.lines() + 1));
        try (FileChannel channel = FileChannel.open(trace, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() - report.intactBytes() > MAX_TORN_LINE_BYTES) {
                return Optional.empty();  // far more than a line: damage, not a write cut short
            }
            ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(channel.size() - report.intactBytes()));
            channel.read(tail, report.intactBytes());
            Files.write(aside, tail.array(), StandardOpenOption.CREATE_NEW);
            channel.truncate(report.intactBytes());
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the torn last line of " + trace, e);
        }
        return Optional.of(aside);
    }
}
