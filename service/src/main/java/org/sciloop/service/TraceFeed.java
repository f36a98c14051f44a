package org.sciloop.service;

import io.javalin.http.sse.SseClient;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Campaign traces as live streams of Server-Sent Events: one {@code trace} event per trace line, its id the
 * line's number, so a client that reconnects with {@code Last-Event-ID} gets exactly the lines it missed. The
 * trace file is the source (whoever writes it, in whatever process); it is polled every 20 ms. When the campaign
 * stops being worked on and every line is out, an {@code end} event says where it stands.
 */
final class TraceFeed implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TraceFeed.class);
    private static final long POLL_MS = 20;
    private static final long HEARTBEAT_MS = 15_000;

    private final List<Follower> followers = new CopyOnWriteArrayList<>();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "sciloop-trace-feed");
        t.setDaemon(true);
        return t;
    });

    TraceFeed() {
        poller.scheduleWithFixedDelay(this::poll, POLL_MS, POLL_MS, TimeUnit.MILLISECONDS);
    }

    /**
     * Streams {@code trace} to {@code client} from the line after {@code after}; {@code settled} says, once no
     * line is new, whether the campaign has stopped moving (and how it stands), or null while it may go on.
     */
    void follow(SseClient client, Path trace, long after, Supplier<String> settled) {
        client.keepAlive();
        Follower f = new Follower(client, trace, after, settled);
        client.onClose(() -> followers.remove(f));
        followers.add(f);
    }

    private void poll() {
        for (Follower f : followers) {
            try {
                f.feed();
            } catch (RuntimeException | IOException e) {
                LOG.debug("a trace stream ended: {}", e.toString());
                followers.remove(f);
                f.client.close();
            }
        }
    }

    private static final class Follower {
        final SseClient client;
        final Path trace;
        final long after;
        final Supplier<String> settled;
        final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        long offset;
        long line;
        long lastSent = System.currentTimeMillis();
        long lastSettledCheck;

        Follower(SseClient client, Path trace, long after, Supplier<String> settled) {
            this.client = client;
            this.trace = trace;
            this.after = after;
            this.settled = settled;
        }

        void feed() throws IOException {
            if (client.terminated()) {
                throw new IOException("the client went away");
            }
            boolean sent = false;
            if (Files.exists(trace) && Files.size(trace) > offset) {
                try (FileChannel channel = FileChannel.open(trace, StandardOpenOption.READ)) {
                    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(channel.size() - offset, 1 << 20));
                    int n = channel.read(buffer, offset);
                    offset += Math.max(n, 0);
                    byte[] bytes = buffer.array();
                    for (int i = 0; i < Math.max(n, 0); i++) {
                        if (bytes[i] != '\n') {
                            partial.write(bytes[i]);
                            continue;
                        }
                        line++;
                        if (line > after) {
                            client.sendEvent("trace", partial.toString(StandardCharsets.UTF_8), String.valueOf(line));
                            sent = true;
                        }
                        partial.reset();
                    }
                }
            }
            long now = System.currentTimeMillis();
            if (sent) {
                lastSent = now;
                return;
            }
            if (now - lastSettledCheck > 250) {
                lastSettledCheck = now;
                String state = settled.get();
                if (state != null) {
                    client.sendEvent("end", state, String.valueOf(line));
                    throw new IOException("the campaign stands still: " + state);
                }
            }
            if (now - lastSent > HEARTBEAT_MS) {
                client.sendComment("still here");
                lastSent = now;
            }
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        followers.forEach(f -> f.client.close());
        followers.clear();
    }
}
