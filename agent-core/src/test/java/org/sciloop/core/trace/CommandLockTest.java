package org.sciloop.core.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sciloop.core.InUseException;
import org.sciloop.core.InputException;

/** One command at a time goes on with a campaign: the next one waits for it, and gives up saying why. */
class CommandLockTest {
    @TempDir
    Path dir;

    @Test
    void a_second_command_waits_for_the_first_and_goes_on_once_it_is_done() throws Exception {
        Path trace = dir.resolve("trace.jsonl");
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        List<String> said = java.util.Collections.synchronizedList(new ArrayList<>());
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> commands = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Thread command = new Thread(() -> {
                try {
                    start.await();
                    try (CommandLock lock = CommandLock.take(trace, Duration.ofSeconds(20), said::add)) {
                        mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                        Thread.sleep(1200);  // longer than a waiting command takes to say whom it waits for
                        inside.decrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            command.start();
            commands.add(command);
        }
        start.countDown();
        for (Thread t : commands) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertThat(mostInside).as("commands holding the lock at once").hasValue(1);
        assertThat(said).isNotEmpty().allMatch(s -> s.startsWith("waiting for ") && s.contains("going on with"));
    }

    @Test
    void a_command_still_going_on_after_the_wait_refuses_the_next_with_nothing_written() throws Exception {
        Path trace = Files.writeString(dir.resolve("trace.jsonl"), "line\n");
        try (CommandLock held = CommandLock.take(trace, Duration.ZERO, s -> { })) {
            // Another thread, as another process: a lock held by this one is not taken again.
            CompletableFuture<Throwable> refused = CompletableFuture.supplyAsync(() -> catchThrowable(
                    () -> CommandLock.take(trace, Duration.ofMillis(200), s -> { })));
            assertThat(refused.get(30, TimeUnit.SECONDS)).isInstanceOf(InUseException.class)
                    .hasMessageContaining("is going on with the campaign of " + trace)
                    .hasMessageContaining("nothing was written");
        }
        assertThat(Files.readString(trace)).isEqualTo("line\n");
        try (CommandLock again = CommandLock.take(trace, Duration.ZERO, s -> { })) {
            assertThat(CommandLock.fileFor(trace)).exists();
        }
    }

    @Test
    void a_folder_it_cannot_write_is_named_with_the_reason() {
        Path trace = dir.resolve("no-such-folder").resolve("trace.jsonl");
        assertThatThrownBy(() -> CommandLock.take(trace, Duration.ZERO, s -> { }))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cannot lock " + trace)
                .hasMessageContaining("no-such-folder");
    }
}
