package org.sciloop.core.trace;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import org.sciloop.core.tool.Effect;

/**
 * Appends events to a trace file, each line chained to the one before by its hash.
 *
 * <p>A line is written with one {@code write} call, so a process killed between lines leaves whole lines.
 * Before an actuating call the line is forced to the disk (see {@link Durability}), so that after a
 * power cut the trace still says the instrument may have been touched.
 */
public final class TraceWriter implements Closeable {
    private final FileChannel channel;
    private final String campaign;
    private final Clock clock;
    private final Durability durability;
    private long seq;
    private String prev;

    private TraceWriter(FileChannel channel, String campaign, Clock clock, Durability durability, long seq,
                        String prev) {
        this.channel = channel;
        this.campaign = campaign;
        this.clock = clock;
        this.durability = durability;
        this.seq = seq;
        this.prev = prev;
    }

    /** A new trace; fails if the file exists, so a trace is never overwritten. */
    public static TraceWriter create(Path file, String campaign, Clock clock, Durability durability) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return new TraceWriter(ch, campaign, clock, durability, 0, TraceCodec.GENESIS);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the trace " + file, e);
        }
    }

    /** Continues an intact trace after its last line. */
    public static TraceWriter continueAfter(Path file, TraceRecord last, Clock clock, Durability durability) {
        try {
            FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            return new TraceWriter(ch, last.campaign(), clock, durability, last.seq(), last.hash());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the trace " + file, e);
        }
    }

    public String campaign() {
        return campaign;
    }

    public synchronized TraceRecord append(String actor, TraceEvent event) {
        long next = seq + 1;
        var time = clock.instant();
        TraceCodec.Encoded encoded = TraceCodec.encode(next, time, campaign, actor, event, prev);
        try {
            ByteBuffer buffer = ByteBuffer.wrap(encoded.line());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            if (mustForce(event)) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to the trace", e);
        }
        TraceRecord record = new TraceRecord(next, time, campaign, actor, event, prev, encoded.hash());
        seq = next;
        prev = encoded.hash();
        return record;
    }

    private boolean mustForce(TraceEvent event) {
        return switch (durability) {
            case NONE -> false;
            case EVERY_LINE -> true;
            case ACTUATIONS -> event instanceof TraceEvent.ActionRequested r && r.effect() == Effect.ACTUATES;
        };
    }

    @Override
    public synchronized void close() {
        try {
            if (durability != Durability.NONE) {
                channel.force(false);
            }
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the trace", e);
        }
    }
}
