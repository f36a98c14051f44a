package org.sciloop.core.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The end of a trace that an interrupted process left unfinished, moved next to the trace (never thrown away)
 * so that the campaign goes on from its last whole state.
 *
 * <p>A last line cut off mid-write, as a crash or power cut can leave, is safe to set aside: the writer puts
 * each line down with one call and, before an actuation, forces it to the disk before the call starts, so a
 * line that never became whole was never acted upon. The lines of a unit of work that must be on record whole
 * or not at all (the results of one {@code tell}) are set aside from their first line on when the unit did not
 * finish; they record what people said, not what was done, so nothing acted on them either.
 */
public final class TraceTail {
    /** Far more than the writer's longest line (a header with a 1 MB scenario in it). */
    private static final long MAX_TORN_LINE_BYTES = 16L << 20;

    private TraceTail() {
    }

    /**
     * Moves a torn last line to {@code <trace>.torn-<line>} and cuts the trace back to its intact lines.
     * Empty (and nothing touched) when the trace has no torn tail.
     */
    public static Optional<Path> setAsideTorn(Path trace) {
        TraceReader.Report report = TraceReader.verify(trace);
        // No intact first line is no trace at all: left as it is, for the reader to refuse as damaged.
        if (!report.tornTail() || report.lines() == 0) {
            return Optional.empty();
        }
        try (FileChannel channel = FileChannel.open(trace, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            if (channel.size() - report.intactBytes() > MAX_TORN_LINE_BYTES) {
                return Optional.empty();  // far more than a line: damage, not a write cut short
            }
            return Optional.of(moveAside(channel, trace, report.intactBytes(), "torn-" + (report.lines() + 1)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside the torn last line of " + trace, e);
        }
    }

    /**
     * Moves every line from {@code line} (1-based) to the end, a torn last line included, to
     * {@code <trace>.<name>} and cuts the trace back to the line before it.
     */
    public static Path setAsideFrom(Path trace, long line, String name) {
        if (line < 2) {
            throw new IllegalArgumentException("a trace keeps at least its first line");
        }
        try (FileChannel channel = FileChannel.open(trace, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            return moveAside(channel, trace, startOf(channel, line), name);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot set aside lines " + line + "- of " + trace, e);
        }
    }

    /** The byte offset at which 1-based {@code line} starts. */
    private static long startOf(FileChannel channel, long line) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(1 << 16);
        long newlines = 0;
        long position = 0;
        while (channel.read(buffer, position) > 0) {
            buffer.flip();
            while (buffer.hasRemaining()) {
                position++;
                if (buffer.get() == '\n' && ++newlines == line - 1) {
                    return position;
                }
            }
            buffer.clear();
        }
        throw new IOException("the trace has fewer than " + line + " lines");
    }

    /** Copies the bytes from {@code from} on to a new file, forced to the disk, before the trace is cut. */
    private static Path moveAside(FileChannel channel, Path trace, long from, String name) throws IOException {
        ByteBuffer tail = ByteBuffer.allocate(Math.toIntExact(channel.size() - from));
        while (tail.hasRemaining() && channel.read(tail, from + tail.position()) > 0) {
            // read until the tail is whole
        }
        tail.flip();
        Path aside = trace.resolveSibling(trace.getFileName() + "." + name);
        for (int n = 2; Files.exists(aside, LinkOption.NOFOLLOW_LINKS); n++) {
            aside = trace.resolveSibling(trace.getFileName() + "." + name + "-" + n);  // the same line cut twice
        }
        try (FileChannel out = FileChannel.open(aside, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (tail.hasRemaining()) {
                out.write(tail);
            }
            out.force(true);
        }
        channel.truncate(from);
        channel.force(true);
        return aside;
    }
}
